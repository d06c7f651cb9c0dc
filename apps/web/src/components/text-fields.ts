import type { Lang, MeetingText } from '@rostrum/core';

/**
 * What a person has typed into the fields of one meeting text, per language of the meeting:
 * untrimmed, possibly blank. A form keeps this while it is open and builds the text to send
 * with `textOfDraft`.
 */
export type TextDraft = Partial<Record<Lang, string>>;

/** Why a field of a text cannot be sent: blank in the original, or longer than the text allows. */
export type TextFieldProblem = 'required' | 'tooLong';
export type TextFieldProblems = Partial<Record<Lang, TextFieldProblem>>;

/** The fields of a text as a form opens them: one per meeting language, blank where it has none. */
export function draftOf(text: MeetingText | undefined, languages: readonly Lang[]): TextDraft {
  const draft: TextDraft = {};
  for (const lang of languages) draft[lang] = text?.[lang] ?? '';
  return draft;
}

/**
 * The text a draft stands for: each meeting language trimmed, blanks left out (a blank
 * translation is no translation), and nothing in a language the meeting does not have (a field
 * kept from before the meeting's languages changed is not sent).
 */
export function textOfDraft(draft: TextDraft, languages: readonly Lang[]): MeetingText {
  const text: MeetingText = {};
  for (const lang of languages) {
    const value = draft[lang]?.trim() ?? '';
    if (value !== '') text[lang] = value;
  }
  return text;
}

/**
 * The problems of a draft, by field, as the server would find them: the original language
 * required, every language at most `max` characters once trimmed.
 */
export function textFieldProblems(draft: TextDraft, languages: readonly Lang[], max: number): TextFieldProblems {
  const problems: TextFieldProblems = {};
  languages.forEach((lang, index) => {
    const value = draft[lang]?.trim() ?? '';
    if (index === 0 && value === '') problems[lang] = 'required';
    else if (value.length > max) problems[lang] = 'tooLong';
  });
  return problems;
}

export function hasProblems(problems: TextFieldProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** A language's name at the start of a label: "Anglais", not "anglais" as in running text. */
export function languageName(name: string, locale: string | undefined): string {
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * The text an edit form sends, rebased on the record as it is now: the languages the person
 * changed since the form opened take their new value (a cleared field removes that
 * translation); the others take what the record holds now, so that a translation saved
 * meanwhile by someone else (the translations panel) is not overwritten by the form's stale
 * copy. `undefined` when the person changed nothing in this text: then it is not sent at all.
 */
export function rebaseText(
  opened: MeetingText,
  edited: MeetingText,
  now: MeetingText,
  languages: readonly Lang[],
): MeetingText | undefined {
  const changed = languages.filter((lang) => edited[lang] !== opened[lang]);
  if (changed.length === 0) return undefined;
  const text: MeetingText = {};
  for (const lang of languages) {
    const value = changed.includes(lang) ? edited[lang] : now[lang];
    if (value !== undefined) text[lang] = value;
  }
  return text;
}
