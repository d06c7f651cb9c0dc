import { TEXT_LIMITS, type Lang, type MeetingText } from '@rostrum/core';
import { idFromName, idFromNames } from '../../components/roster/roster-csv.js';

/**
 * An id not in `taken`, made from a name ("Opening of the meeting" → "opening-of-the-meeting";
 * a second one "opening-of-the-meeting-2"). A name that gives no Latin letters (Arabic,
 * Russian) gives `fallback` ("item", "delegation") numbered the same way.
 */
export function uniqueId(name: string, taken: ReadonlySet<string>, fallback: string): string {
  const base = idFromName(name).slice(0, 40).replace(/-+$/, '') || fallback;
  if (!taken.has(base) && base !== fallback) return base;
  for (let n = base === fallback ? 1 : 2; ; n++) {
    const candidate = `${base}-${n}`.slice(0, TEXT_LIMITS.id);
    if (!taken.has(candidate)) return candidate;
  }
}

/** The same for a text in the meeting's languages: from the first language that gives Latin letters. */
export function uniqueIdOf(
  name: MeetingText,
  languages: readonly Lang[],
  taken: ReadonlySet<string>,
  fallback: string,
) {
  return uniqueId(idFromNames(name, languages), taken, fallback);
}
