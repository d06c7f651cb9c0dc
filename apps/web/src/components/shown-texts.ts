import { showText, type Lang, type MeetingText, type ShownText } from '@rostrum/core';

/** A text as shown to the readers of one language (`reader`). */
export type ShownFor = { reader: Lang; shown: ShownText };

/**
 * A text as shown in each of several languages at once (the projector's `?lang=fr+ar`), in
 * that order. A language whose translation is missing would show the same original as
 * another line: that line is left out, so a screen never shows one text twice.
 */
export function shownInEach(text: MeetingText, readers: readonly Lang[], languages: readonly Lang[]): ShownFor[] {
  const lines: ShownFor[] = [];
  for (const reader of readers) {
    const shown = showText(text, reader, languages);
    if (lines.some((l) => l.shown.lang === shown.lang && l.shown.text === shown.text)) continue;
    lines.push({ reader, shown });
  }
  return lines;
}
