import { readNotes, type Lang } from '@rostrum/core';
import type * as Y from 'yjs';
import type { MinutesNotes } from './model-types.js';

/**
 * The secretariat's notes of the given items in every language of the meeting, as the minutes
 * input takes them: per item, per language (the notes document holds one text per item and
 * language, `notesTextName`). A language with nothing written is left out.
 */
export function readMeetingNotes(
  doc: Y.Doc,
  itemIds: readonly string[],
  languages: readonly Lang[],
): Record<string, MinutesNotes> {
  const out: Record<string, MinutesNotes> = {};
  for (const id of itemIds) out[id] = {};
  for (const lang of languages) {
    const texts = readNotes(doc, itemIds, lang, languages);
    for (const id of itemIds) {
      const text = texts[id] ?? '';
      const notes = out[id];
      if (notes && text !== '') notes[lang] = text;
    }
  }
  return out;
}
