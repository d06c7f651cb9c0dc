import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { ROSTER_MAX_DELEGATIONS } from '@rostrum/core';
import { idFromName, linksCsv, parseRosterCsv } from './roster-csv.js';

describe('reading a delegation list from CSV', () => {
  it('reads id, English and Russian names by header, in any column order', () => {
    const out = parseRosterCsv('name_ru,id,name_en\nТаможня Мальты,mt,Malta Customs\n"Таможня: Узбекистан, ГТК",uz,"Uzbekistan, State Customs Committee"\n');
    expect(out).toEqual({
      ok: true,
      problems: [],
      delegations: [
        { id: 'mt', name: { en: 'Malta Customs', ru: 'Таможня Мальты' } },
        { id: 'uz', name: { en: 'Uzbekistan, State Customs Committee', ru: 'Таможня: Узбекистан, ГТК' } },
      ],
    });
  });

  it('takes a spreadsheet export as it comes: a byte order mark, semicolons, CRLF, Russian headers, blank lines', () => {
    const out = parseRosterCsv('\uFEFFКод;English;Русский\r\naz;Azerbaijan;Азербайджан\r\n\r\n;Bosnia and Herzegovina;Босния и Герцеговина\r\n');
    expect(out.ok && out.delegations.map((d) => d.id)).toEqual(['az', 'bosnia-and-herzegovina']);
    expect(out.ok && out.problems).toEqual([]);
  });

  it('makes ids from English names: ASCII, lower case, dashes', () => {
    expect(idFromName('Türkiye — Ticaret Bakanlığı')).toBe('turkiye-ticaret-bakanligi');
    expect(idFromName('  North Macedonia  ')).toBe('north-macedonia');
    expect(idFromName('Główny Urząd Celny / Færøerne')).toBe('glowny-urzad-celny-faeroerne');
    expect(idFromName('Таможня')).toBe('');
    expect(idFromName('x'.repeat(100))).toHaveLength(64);
  });

  it('reports each bad row by its spreadsheet row number, and keeps the good ones', () => {
    const out = parseRosterCsv(
      ['id,name_en,name_ru', 'mt,Malta,Мальта', 'kz,,Казахстан', 'ge,Georgia,', 'mt,Malta again,Мальта снова', 'bad id,Bad,Плохой', ',Таможня,Таможня', `long,${'L'.repeat(200)},Д`].join('\n'),
    );
    if (!out.ok) throw new Error(out.error);
    expect(out.delegations.map((d) => d.id)).toEqual(['mt']);
    expect(out.problems).toEqual([
      { row: 3, code: 'blankEn' },
      { row: 4, code: 'blankRu' },
      { row: 5, code: 'duplicateId' },
      { row: 6, code: 'badId' },
      // No id and an English name with no Latin letter: no id can be made.
      { row: 7, code: 'badId' },
      { row: 8, code: 'tooLong' },
    ]);
  });

  it('refuses a file without the name columns, an empty file and a list longer than a roster', () => {
    expect(parseRosterCsv('id,name\nmt,Malta')).toEqual({ ok: false, error: 'missingColumns', missing: ['ru'] });
    expect(parseRosterCsv('')).toEqual({ ok: false, error: 'empty' });
    expect(parseRosterCsv('id,name_en,name_ru\n')).toEqual({ ok: false, error: 'empty' });
    const rows = Array.from({ length: ROSTER_MAX_DELEGATIONS + 1 }, (_, i) => `d${i},D${i},Д${i}`);
    expect(parseRosterCsv(['id,name_en,name_ru', ...rows].join('\n'))).toEqual({ ok: false, error: 'tooMany' });
  });

  it('writes the links for a mail merge, quoting what needs it, and reads back the same', () => {
    const csv = linksCsv([{ label: 'Malta, Customs', role: 'delegate', seat: 'head', delegationId: 'mt', url: 'https://r.example/m/x#t=a.b' }]);
    expect(Papa.parse(csv).data).toEqual([
      ['label', 'role', 'seat', 'delegation_id', 'url'],
      ['Malta, Customs', 'delegate', 'head', 'mt', 'https://r.example/m/x#t=a.b'],
    ]);
  });
});
