import Papa from 'papaparse';
import { LANGUAGES, ROSTER_MAX_DELEGATIONS, TEXT_LIMITS, type Lang } from '@rostrum/core';
import type { TextDraft } from '../../components/text-fields.js';
import type { DraftDelegation, DraftPerson } from './draft.js';
import { uniqueIdOf } from './ids.js';

/**
 * A delegation list pasted or read from a spreadsheet, with whatever column names it has: the
 * person says which column is the id (or none: made from the names) and which the name in each
 * language of the meeting. The separator (comma, semicolon, tab) is detected, as for the desk's
 * roster import (`roster-csv.ts`).
 */
export type Table = { headers: string[]; rows: string[][] };
/** The columns of the people who hold a delegation's two links (for the invitations by email). */
export const PERSON_COLUMNS = [
  'headName',
  'headTitle',
  'headEmail',
  'deputyName',
  'deputyTitle',
  'deputyEmail',
] as const;
export type PersonColumn = (typeof PERSON_COLUMNS)[number];
/**
 * Column indexes; `null` for none. `people`: the head's and deputy's name, title and email;
 * `language`: the language of both people's invitations (the meeting's original when none).
 */
export type ColumnMapping = {
  id: number | null;
  names: Partial<Record<Lang, number | null>>;
  people?: Partial<Record<PersonColumn, number | null>>;
  language?: number | null;
};

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

const HEAD_WORDS = ['head', 'hod', 'chef', 'jefe', 'глава', 'رئيس'];
const DEPUTY_WORDS = ['deputy', 'alternate', 'suppléant', 'suppleant', 'suplente', 'заместитель', 'المناوب', 'مناوب'];
const EMAIL_WORDS = ['email', 'mail', 'courriel', 'correo', 'почта', 'البريد'];
const TITLE_WORDS = ['title', 'titre', 'position', 'cargo', 'должность', 'الصفة'];
const LANGUAGE_WORDS = ['language', 'langue', 'idioma', 'язык', 'اللغة'];

/** A header's words, lower-cased ("Head of delegation (e-mail)" → head, of, delegation, e, mail). */
const wordsOf = (h: string) =>
  h
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

/** The person column a header names: a seat word (head, deputy) and what of them (email, title, else the name). */
function personColumnOf(words: readonly string[]): PersonColumn | null {
  const seat = words.some((w) => HEAD_WORDS.includes(w))
    ? 'head'
    : words.some((w) => DEPUTY_WORDS.includes(w))
      ? 'deputy'
      : null;
  if (seat === null) return null;
  if (words.some((w) => EMAIL_WORDS.includes(w))) return `${seat}Email`;
  if (words.some((w) => TITLE_WORDS.includes(w))) return `${seat}Title`;
  return `${seat}Name`;
}

/** A first guess the person can change: a header that names a language (in a word of it) is that language's name. */
export function guessMapping(headers: readonly string[], languages: readonly Lang[]): ColumnMapping {
  const words = headers.map(wordsOf);
  // The people's columns first: "Head of delegation (name)" is not the delegation's name in English.
  const people: Partial<Record<PersonColumn, number | null>> = {};
  const taken = new Set<number>();
  words.forEach((w, i) => {
    const column = personColumnOf(w);
    if (column !== null && people[column] === undefined) {
      people[column] = i;
      taken.add(i);
    }
  });
  const languageColumn = words.findIndex((w, i) => !taken.has(i) && w.some((word) => LANGUAGE_WORDS.includes(word)));
  if (languageColumn !== -1) taken.add(languageColumn);
  const id = words.findIndex((w, i) => !taken.has(i) && w.length === 1 && ID_WORDS.includes(w[0] ?? ''));
  const names: Partial<Record<Lang, number | null>> = {};
  for (const lang of languages) {
    const i = words.findIndex(
      (w, index) => index !== id && !taken.has(index) && w.some((word) => LANG_WORDS[lang].includes(word)),
    );
    names[lang] = i === -1 ? null : i;
  }
  const original = languages[0];
  // No column names the original: the first one that is not the id is the likeliest.
  if (original && names[original] === null) {
    const first = headers.findIndex((_, i) => i !== id && !taken.has(i) && !Object.values(names).includes(i));
    names[original] = first === -1 ? null : first;
  }
  for (const column of PERSON_COLUMNS) people[column] ??= null;
  return { id: id === -1 ? null : id, names, people, language: languageColumn === -1 ? null : languageColumn };
}

/** A language as a cell may give it: its code or its name in one of the five ("Russian", "русский"). */
const LANGUAGE_VALUES: Record<Lang, readonly string[]> = {
  en: ['en', 'english', 'anglais', 'inglés', 'ingles', 'английский', 'الإنجليزية', 'الانجليزية'],
  fr: ['fr', 'french', 'français', 'francais', 'francés', 'frances', 'французский', 'الفرنسية'],
  es: ['es', 'spanish', 'espagnol', 'español', 'espanol', 'испанский', 'الإسبانية', 'الاسبانية'],
  ru: ['ru', 'russian', 'russe', 'ruso', 'русский', 'الروسية'],
  ar: ['ar', 'arabic', 'arabe', 'árabe', 'арабский', 'العربية'],
};

export function languageOfCell(value: string): Lang | null {
  const v = value.trim().toLowerCase();
  for (const lang of LANGUAGES) if (LANGUAGE_VALUES[lang].includes(v)) return lang;
  return null;
}

/** An address as the server takes it (core's participantEmailSchema says the last word). */
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export type ImportRowProblem = { row: number; code: 'blankOriginal' | 'tooLong' | 'badId' };
/** A row that is a delegation already listed (same id, or same name in a language): not added again. */
export type ImportDuplicate = { row: number; existing: DraftDelegation };
/** A row whose address is not one: the person is added without it. */
export type ImportEmailProblem = { row: number; email: string };
export type MappedImport = {
  delegations: DraftDelegation[];
  problems: ImportRowProblem[];
  emailProblems: ImportEmailProblem[];
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
  const emailProblems: ImportEmailProblem[] = [];
  const duplicates: ImportDuplicate[] = [];
  /** The head's and the deputy's of a row, when a name is given. */
  const peopleOf = (row: string[], rowNumber: number): DraftDelegation['people'] => {
    const cols = mapping.people ?? {};
    const language = languageOfCell(cell(row, mapping.language)) ?? '';
    const people: NonNullable<DraftDelegation['people']> = {};
    for (const seat of ['head', 'deputy'] as const) {
      const name = cell(row, cols[`${seat}Name`]).slice(0, 200);
      let email = cell(row, cols[`${seat}Email`]);
      if (email !== '' && (!EMAIL.test(email) || email.length > 254)) {
        emailProblems.push({ row: rowNumber, email });
        email = '';
      }
      if (name === '') continue;
      const person: DraftPerson = { name, title: cell(row, cols[`${seat}Title`]).slice(0, 200), email, language };
      people[seat] = person;
    }
    return Object.keys(people).length > 0 ? people : undefined;
  };
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
    const people = peopleOf(row, rowNumber);
    const delegation: DraftDelegation = people ? { id, name, people } : { id, name };
    known.push(delegation);
    delegations.push(delegation);
  });
  return {
    delegations,
    problems,
    emailProblems,
    duplicates,
    tooMany: existing.length + delegations.length > ROSTER_MAX_DELEGATIONS,
  };
}
