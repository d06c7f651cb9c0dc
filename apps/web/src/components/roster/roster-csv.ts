import Papa from 'papaparse';
import {
  csvRecord,
  delegationSchema,
  ROSTER_MAX_DELEGATIONS,
  TEXT_LIMITS,
  type DelegationDefinition,
} from '@rostrum/core';

/**
 * Reading a delegation list exported from a spreadsheet: a header row, then one delegation per
 * row. Columns are found by name (in either language), the separator (comma, semicolon, tab) is
 * detected, a UTF-8 byte order mark is ignored. Nothing is sent while a row has a problem: the
 * desk shows each one with its row number, translated.
 */

/** Which column a header names. The id is optional: it is then made from the English name. */
type Column = 'id' | 'en' | 'ru';
const HEADERS: Record<Column, readonly string[]> = {
  id: ['id', 'code', 'iso', 'код', 'идентификатор'],
  en: ['name_en', 'name en', 'name (en)', 'en', 'english', 'name', 'английский', 'название (en)'],
  ru: ['name_ru', 'name ru', 'name (ru)', 'ru', 'russian', 'русский', 'название', 'название (ru)'],
};

export type RowProblemCode = 'blankEn' | 'blankRu' | 'tooLong' | 'badId' | 'duplicateId';
export type RowProblem = { row: number; code: RowProblemCode };

export type RosterCsv =
  | { ok: true; delegations: DelegationDefinition[]; problems: RowProblem[] }
  | { ok: false; error: 'empty' | 'missingColumns' | 'tooMany'; missing?: Column[] };

function normalise(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

function columnOf(header: string): Column | null {
  const h = normalise(header);
  for (const column of ['id', 'en', 'ru'] as const) if (HEADERS[column].includes(h)) return column;
  return null;
}

/** Latin letters of European names that have no decomposition into a base letter and an accent. */
const LATIN_LETTERS: Record<string, string> = { ı: 'i', ł: 'l', đ: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe' };

/** "Bosnia and Herzegovina Customs" → "bosnia-and-herzegovina-customs": ids are ASCII letters, digits and dashes. */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ıłđøßæœ]/g, (c) => LATIN_LETTERS[c] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, TEXT_LIMITS.id)
    .replace(/-+$/, '');
}

function problemOf(
  row: number,
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }> },
): RowProblem {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  if (issue?.code === 'too_big') return { row, code: 'tooLong' };
  if (path === 'name.en') return { row, code: 'blankEn' };
  if (path === 'name.ru') return { row, code: 'blankRu' };
  return { row, code: 'badId' };
}

export function parseRosterCsv(text: string): RosterCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) return { ok: false, error: 'empty' };
  const index: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const column = columnOf(h);
    if (column && index[column] === undefined) index[column] = i;
  });
  const missing = (['en', 'ru'] as const).filter((c) => index[c] === undefined);
  if (missing.length > 0) return { ok: false, error: 'missingColumns', missing };
  if (rows.length > ROSTER_MAX_DELEGATIONS) return { ok: false, error: 'tooMany' };

  const cell = (row: string[], column: Column) => {
    const i = index[column];
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
  const delegations: DelegationDefinition[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const rowNumber = i + 2;
    const en = cell(row, 'en');
    const id = cell(row, 'id') || idFromName(en);
    const candidate = delegationSchema.safeParse({ id, name: { en, ru: cell(row, 'ru') } });
    if (!candidate.success) return void problems.push(problemOf(rowNumber, candidate.error));
    if (seen.has(candidate.data.id)) return void problems.push({ row: rowNumber, code: 'duplicateId' });
    seen.add(candidate.data.id);
    delegations.push(candidate.data);
  });
  return { ok: true, delegations, problems };
}

/**
 * A CSV file's text: UTF-8 when it is valid UTF-8, else Windows-1251, which is what Excel's plain
 * "CSV" saves on a Russian Windows (read as UTF-8, every Russian name would become "���").
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/** A new delegation whose name is already on the roster under another id: most likely the same administration. */
export type LikelyDuplicate = { id: string; existingId: string };

export function likelyDuplicates(
  roster: {
    delegationOrder: readonly string[];
    delegations: Readonly<Record<string, { name: { en: string; ru: string } }>>;
  },
  candidates: ReadonlyArray<{ id: string; name: { en: string; ru: string } }>,
  added: readonly string[],
): LikelyDuplicate[] {
  const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const byName = new Map<string, string>();
  for (const id of roster.delegationOrder) {
    const d = roster.delegations[id];
    if (d) for (const name of [d.name.en, d.name.ru]) byName.set(key(name), id);
  }
  const out: LikelyDuplicate[] = [];
  for (const c of candidates) {
    if (!added.includes(c.id)) continue;
    const existingId = byName.get(key(c.name.en)) ?? byName.get(key(c.name.ru));
    if (existingId !== undefined) out.push({ id: c.id, existingId });
  }
  return out;
}

export type LinkRow = {
  nameEn: string;
  nameRu: string;
  role: string;
  seat: string | null;
  delegationId: string | null;
  url: string;
};

/**
 * The invitation links as a CSV for a mail merge: one row per link, names in both languages. A
 * byte order mark makes Excel read it as UTF-8. Every cell goes through the core's CSV writer
 * (`csvRecord`, csv.ts): a delegation's name comes from people, and a formula in this file could
 * send the row's own link to another site, also when a Russian or French Excel opens it with `;`.
 */
export function linksCsv(links: readonly LinkRow[]): string {
  const header = csvRecord(['name_en', 'name_ru', 'role', 'seat', 'delegation_id', 'url']);
  const rows = links.map((l) => csvRecord([l.nameEn, l.nameRu, l.role, l.seat ?? '', l.delegationId ?? '', l.url]));
  return `\uFEFF${[header, ...rows].join('\r\n')}`;
}
