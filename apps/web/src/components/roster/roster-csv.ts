import Papa from 'papaparse';
import { delegationSchema, ROSTER_MAX_DELEGATIONS, TEXT_LIMITS, type DelegationDefinition } from '@rostrum/core';

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
  return header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ');
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

function problemOf(row: number, error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }> }): RowProblem {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  if (issue?.code === 'too_big') return { row, code: 'tooLong' };
  if (path === 'name.en') return { row, code: 'blankEn' };
  if (path === 'name.ru') return { row, code: 'blankRu' };
  return { row, code: 'badId' };
}

export function parseRosterCsv(text: string): RosterCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|'] });
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

/** The invitation links as a CSV for a mail merge: one row per link. */
export function linksCsv(links: ReadonlyArray<{ label: string; role: string; seat: string | null; delegationId: string | null; url: string }>): string {
  return Papa.unparse({
    fields: ['label', 'role', 'seat', 'delegation_id', 'url'],
    data: links.map((l) => [l.label, l.role, l.seat ?? '', l.delegationId ?? '', l.url]),
  });
}
