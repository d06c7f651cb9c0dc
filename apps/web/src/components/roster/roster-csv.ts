import Papa from 'papaparse';
import {
  csvRecord,
  delegationSchema,
  LANGUAGES,
  ROSTER_MAX_DELEGATIONS,
  TEXT_LIMITS,
  textIn,
  type DelegationDefinition,
  type Lang,
  type MeetingText,
} from '@rostrum/core';

/**
 * Reading a delegation list exported from a spreadsheet: a header row, then one delegation per
 * row. Columns are found by name (`name_<lang>` for each language of the meeting, or the
 * language's name in English or in itself), the separator (comma, semicolon, tab) is detected, a
 * UTF-8 byte order mark is ignored. The name in the meeting's original language is required; the
 * others may be blank (the secretariat can translate them later). Nothing is sent while a row has
 * a problem: the desk shows each one with its row number, translated.
 */

/** Which column a header names. The id is optional: it is then made from a name. */
type Column = 'id' | Lang;
const ID_HEADERS: readonly string[] = ['id', 'code', 'iso', 'код', 'идентификатор', 'identifiant', 'código'];
const NAME_HEADERS: Record<Lang, readonly string[]> = {
  en: ['name_en', 'name en', 'name (en)', 'en', 'english', 'английский', 'название (en)'],
  fr: ['name_fr', 'name fr', 'name (fr)', 'fr', 'french', 'français', 'francais', 'nom (fr)'],
  es: ['name_es', 'name es', 'name (es)', 'es', 'spanish', 'español', 'espanol', 'nombre (es)'],
  ru: ['name_ru', 'name ru', 'name (ru)', 'ru', 'russian', 'русский', 'название (ru)'],
  ar: ['name_ar', 'name ar', 'name (ar)', 'ar', 'arabic', 'العربية', 'الاسم (ar)'],
};
/**
 * A header naming no language ("name", "название"): the original's. Lists made for the meetings
 * held in English and Russian had "name" for English and "название" for Russian; they still read
 * so for such a meeting.
 */
const PLAIN_NAME_HEADERS: readonly string[] = ['name', 'nom', 'nombre', 'название', 'الاسم'];
const LEGACY_PLAIN: Readonly<Record<string, Lang>> = { name: 'en', название: 'ru' };

export type RowProblemCode = 'blankOriginal' | 'tooLong' | 'badId' | 'duplicateId';
export type RowProblem = { row: number; code: RowProblemCode };

export type RosterCsv =
  | {
      ok: true;
      delegations: DelegationDefinition[];
      problems: RowProblem[];
      /** Name columns in a language the meeting does not have: not read. */
      ignored: Lang[];
    }
  | { ok: false; error: 'empty' | 'missingColumns' | 'tooMany'; missing?: Lang[] };

function normalise(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

function columnOf(header: string, languages: readonly Lang[]): Column | null {
  const h = normalise(header);
  if (ID_HEADERS.includes(h)) return 'id';
  for (const lang of LANGUAGES) if (NAME_HEADERS[lang].includes(h)) return lang;
  if (!PLAIN_NAME_HEADERS.includes(h)) return null;
  const legacy = LEGACY_PLAIN[h];
  if (legacy !== undefined && languages.includes(legacy)) return legacy;
  return languages[0] ?? 'en';
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

/** An id made from the first of the names, in the meeting's order, that gives one (an Arabic name gives none). */
export function idFromNames(name: MeetingText, languages: readonly Lang[]): string {
  for (const lang of languages) {
    const id = idFromName(name[lang] ?? '');
    if (id !== '') return id;
  }
  return '';
}

function problemOf(
  row: number,
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }> },
): RowProblem {
  return { row, code: error.issues[0]?.code === 'too_big' ? 'tooLong' : 'badId' };
}

/** Reads a delegation list for a meeting held in `languages` (the original first). */
export function parseRosterCsv(text: string, languages: readonly Lang[]): RosterCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) return { ok: false, error: 'empty' };
  const index: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const column = columnOf(h, languages);
    if (column && index[column] === undefined) index[column] = i;
  });
  const original = languages[0] ?? 'en';
  if (index[original] === undefined) return { ok: false, error: 'missingColumns', missing: [original] };
  if (rows.length > ROSTER_MAX_DELEGATIONS) return { ok: false, error: 'tooMany' };
  const ignored = LANGUAGES.filter((l) => index[l] !== undefined && !languages.includes(l));

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
    const name: MeetingText = {};
    for (const lang of languages) {
      const value = cell(row, lang);
      if (value !== '') name[lang] = value;
    }
    if (name[original] === undefined) return void problems.push({ row: rowNumber, code: 'blankOriginal' });
    const id = cell(row, 'id') || idFromNames(name, languages);
    const candidate = delegationSchema.safeParse({ id, name });
    if (!candidate.success) return void problems.push(problemOf(rowNumber, candidate.error));
    if (seen.has(candidate.data.id)) return void problems.push({ row: rowNumber, code: 'duplicateId' });
    seen.add(candidate.data.id);
    delegations.push(candidate.data);
  });
  return { ok: true, delegations, problems, ignored };
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
    delegations: Readonly<Record<string, { name: MeetingText }>>;
  },
  candidates: ReadonlyArray<{ id: string; name: MeetingText }>,
  added: readonly string[],
): LikelyDuplicate[] {
  const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const names = (text: MeetingText) => LANGUAGES.flatMap((l) => (text[l] ? [key(text[l])] : []));
  const byName = new Map<string, string>();
  for (const id of roster.delegationOrder) {
    const d = roster.delegations[id];
    if (d) for (const name of names(d.name)) byName.set(name, id);
  }
  const out: LikelyDuplicate[] = [];
  for (const c of candidates) {
    if (!added.includes(c.id)) continue;
    const existingId = names(c.name)
      .map((name) => byName.get(name))
      .find((id) => id !== undefined);
    if (existingId !== undefined) out.push({ id: c.id, existingId });
  }
  return out;
}

export type LinkRow = {
  /** The delegation's or presenter's name as the roster has it now. */
  name: MeetingText;
  role: string;
  seat: string | null;
  delegationId: string | null;
  url: string;
};

/**
 * The invitation links as a CSV for a mail merge: one row per link, a name column per language
 * of the meeting (`name_<lang>`; a name not translated yet is given in the original, so that no
 * letter goes out with a blank name). A byte order mark makes Excel read it as UTF-8. Every cell
 * goes through the core's CSV writer (`csvRecord`, csv.ts): a delegation's name comes from
 * people, and a formula in this file could send the row's own link to another site, also when a
 * Russian or French Excel opens it with `;`.
 */
export function linksCsv(links: readonly LinkRow[], languages: readonly Lang[]): string {
  const header = csvRecord([...languages.map((l) => `name_${l}`), 'role', 'seat', 'delegation_id', 'url']);
  const rows = links.map((l) =>
    csvRecord([
      ...languages.map((lang) => textIn(l.name, lang, languages)),
      l.role,
      l.seat ?? '',
      l.delegationId ?? '',
      l.url,
    ]),
  );
  return `\uFEFF${[header, ...rows].join('\r\n')}`;
}
