import type { Lang } from '@rostrum/core';

/** The formats of GET /api/meetings/:id/minutes (see docs/protocol.md). */
export const MINUTES_FORMATS = ['pdf', 'docx', 'html', 'md', 'json'] as const;
export type MinutesFormat = (typeof MINUTES_FORMATS)[number];

/**
 * The minutes' languages: one of the meeting's, or two side by side (the first on the left of a
 * left-to-right page). No second language, or the first one again, is one language.
 */
export type MinutesLangs = { first: Lang; second: Lang | null };

/** The `lang` query parameter: `fr`, or `fr+en` for two side by side (encode it: `+` is a space in a query). */
export function minutesLangParam({ first, second }: MinutesLangs): string {
  return second === null || second === first ? first : `${first}+${second}`;
}

/**
 * The file's name as the server gives it (`minutes-<id>-fr-en.pdf`), for when the answer does
 * not say: the languages are in it, so that the versions of one meeting do not overwrite each
 * other in a downloads folder. JSON carries every language and has none.
 */
export function minutesFileName(meetingId: string, format: MinutesFormat, langs: MinutesLangs): string {
  const safeId = meetingId.replace(/[^A-Za-z0-9_-]/g, '_');
  const suffix = format === 'json' ? '' : `-${minutesLangParam(langs).replace('+', '-')}`;
  return `minutes-${safeId}${suffix}.${format}`;
}

/** The language a second column may be in: any other language of the meeting. */
export function secondLanguages(languages: readonly Lang[], first: Lang): Lang[] {
  return languages.filter((l) => l !== first);
}
