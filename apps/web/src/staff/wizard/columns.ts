import Papa from 'papaparse';
import { LANGUAGES, ROSTER_MAX_DELEGATIONS, TEXT_LIMITS, type Lang } from '@rostrum/core';
import type { TextDraft } from '../../components/text-fields.js';
import type { DraftDelegation } from './draft.js';
import { uniqueIdOf } from './ids.js';

/**
 * A delegation list pasted or read from a spreadsheet, with whatever column names it has: the
 * person says which column is the id (or none: made from the names) and which the name in each
 * language of the meeting. The separator (comma, semicolon, tab) is detected, as for the desk's
 * roster import (`roster-csv.ts`).
 */
export type Table = { headers: string[]; rows: string[][] };
/** Column indexes; `null` for none. */
export type ColumnMapping = { id: number | null; names: Partial<Record<Lang, number | null>> };

export function parseTable(text: string): Table | null {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) return null;
  return { headers: header.map((h) => h.trim()), rows };
}

const ID_WORDS = ['id', 'code', 'iso', 'код', 'identifiant', 'código', 'codigo'];
const LANG_WORDS: Record<Lang, readonly string[]> = {
  en: ['en', 'name', 'english', 'anglais', 'inglés', 'английский'],
  fr: ['fr', 'nom', 'french', 'français', 'francais', 'французский'],
  es: ['es', 'nombre', 'spanish', 'español', 'espanol', 'espagnol', 'испанский'],
  ru: ['ru', 'название', 'russian', 'russe', 'ruso', 'русский'],
  ar: ['ar', 'الاسم', 'arabic', 'arabe', 'árabe', 'арабский', 'العربية'],
};

/** A first guess the person can change: a header that names a language (in a word of it) is that language's name. */
export function guessMapping(headers: readonly string[], languages: readonly Lang[]): ColumnMapping {
  const words = headers.map((h) =>
    h
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== ''),
  );
  const id = words.findIndex((w) => w.length === 1 && ID_WORDS.includes(w[0] ?? ''));
  const names: Partial<Record<Lang, number | null>> = {};
  for (const lang of languages) {
    const i = words.findIndex((w, index) => index !== id && w.some((word) => LANG_WORDS[lang].includes(word)));
    names[lang] = i === -1 ? null : i;
  }
  const original = languages[0];
  // No column names the original: the first one that is not the id is the likeliest.
  if (original && names[original] === null) {
    const first = headers.findIndex((_, i) => i !== id && !Object.values(names).includes(i));
    names[original] = first === -1 ? null : first;
  }
  return { id: id === -1 ? null : id, names };
}

export type ImportRowProblem = { row: number; code: 'blankOriginal' | 'tooLong' | 'badId' };
/** A row that is a delegation already listed (same id, or same name in a language): not added again. */
export type ImportDuplicate = { row: number; existing: DraftDelegation };
export type MappedImport = {
  delegations: DraftDelegation[];
  problems: ImportRowProblem[];
  duplicates: ImportDuplicate[];
  tooMany: boolean;
};

const key = (s: string) => s.trim().toLocaleLowerCase().replace(/\s+/g, ' ');

/**
 * The delegations a table gives under a mapping, beside those the draft has already: rows with
 * a problem are left out and listed with their row number (the header is row 1, as a
 * spreadsheet shows it); a row naming a delegation already there (by id or by a name) is
 * flagged with that delegation.
 */
export function mapDelegations(
  table: Table,
  mapping: ColumnMapping,
  languages: readonly Lang[],
  existing: readonly DraftDelegation[],
): MappedImport {
  const original = languages[0] ?? 'en';
  const cell = (row: string[], index: number | null | undefined) =>
    index === null || index === undefined ? '' : (row[index] ?? '').trim();
  const known: DraftDelegation[] = [...existing];
  const taken = new Set(existing.map((d) => d.id));
  const delegations: DraftDelegation[] = [];
  const problems: ImportRowProblem[] = [];
  const duplicates: ImportDuplicate[] = [];
  table.rows.forEach((row, i) => {
    const rowNumber = i + 2;
    const name: TextDraft = {};
    for (const lang of languages) name[lang] = cell(row, mapping.names[lang]);
    if ((name[original] ?? '') === '') return void problems.push({ row: rowNumber, code: 'blankOriginal' });
    if (languages.some((l) => (name[l] ?? '').length > TEXT_LIMITS.name))
      return void problems.push({ row: rowNumber, code: 'tooLong' });
    const givenId = cell(row, mapping.id);
    if (givenId !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(givenId))
      return void problems.push({ row: rowNumber, code: 'badId' });
    const names = new Set(LANGUAGES.flatMap((l) => (name[l] ? [key(name[l])] : [])));
    const same = known.find(
      (d) =>
        (givenId !== '' && d.id === givenId) || LANGUAGES.some((l) => names.has(key(d.name[l] ?? '')) && d.name[l]),
    );
    if (same) return void duplicates.push({ row: rowNumber, existing: same });
    const id = givenId !== '' ? givenId : uniqueIdOf(name, languages, taken, 'delegation');
    taken.add(id);
    const delegation = { id, name };
    known.push(delegation);
    delegations.push(delegation);
  });
  return {
    delegations,
    problems,
    duplicates,
    tooMany: existing.length + delegations.length > ROSTER_MAX_DELEGATIONS,
  };
}
