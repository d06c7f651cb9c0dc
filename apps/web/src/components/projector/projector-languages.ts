import { readingLanguage, type Lang } from '@rostrum/core';

/** At most two languages on a projector: a third would leave no room for the speaker and the vote. */
const PROJECTED_MAX = 2;

/**
 * The languages a projector shows, from its link's `?lang=`:
 * - one language of the meeting (`fr`);
 * - two of them, in that order (`fr+ar`: a `+` left unencoded reads as a space, and `fr,ar` is
 *   taken too);
 * - `both`: the meeting's first two languages (the original and the next), as links made when
 *   every meeting had English and Russian still say;
 * - nothing, or only languages the meeting does not have: the language the person who opened
 *   the screen reads the meeting in.
 */
export function projectorLanguages(param: string | null, reader: Lang, languages: readonly Lang[]): Lang[] {
  const fallback = [readingLanguage(reader, languages)];
  const value = param?.trim().toLowerCase() ?? '';
  if (value === 'both') return languages.length > 0 ? languages.slice(0, PROJECTED_MAX) : fallback;
  const asked = value.split(/[\s+,]+/).filter(Boolean);
  const chosen: Lang[] = [];
  for (const code of asked) {
    const lang = languages.find((l) => l === code);
    if (lang && !chosen.includes(lang)) chosen.push(lang);
  }
  return chosen.length > 0 ? chosen.slice(0, PROJECTED_MAX) : fallback;
}
