import type * as Y from 'yjs';
import type { Lang } from './text.js';

/**
 * The secretariat's notes document (`<meetingId>.notes`) holds one `Y.Text` per agenda item and
 * language of the meeting. The original language's is named `item:<itemId>` (the name notes had
 * before meetings had languages, so that a stored meeting's notes stay its original's); another
 * language's is `item:<itemId>:<lang>`. The server imposes nothing on the document; this naming
 * is the convention the web editor writes and the minutes read.
 */
export function notesTextName(itemId: string, lang: Lang, languages: readonly Lang[]): string {
  return lang === languages[0] ? `item:${itemId}` : `item:${itemId}:${lang}`;
}

/**
 * The notes of the given items in one language, as plain text (empty for an item nobody wrote
 * about in that language: notes are written per language, never translated by the server).
 */
export function readNotes(
  doc: Y.Doc,
  itemIds: readonly string[],
  lang: Lang,
  languages: readonly Lang[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of itemIds) {
    try {
      out[id] = doc.getText(notesTextName(id, lang, languages)).toString();
    } catch {
      // A writer defined the name as another type (not our editor): there is no text to read.
      out[id] = '';
    }
  }
  return out;
}
