import type * as Y from 'yjs';

/**
 * The secretariat's notes document (`<meetingId>.notes`) holds one `Y.Text` per agenda item,
 * named `item:<itemId>`. The server imposes nothing on the document; this naming is the
 * convention the web editor writes and the minutes read.
 */
export function notesTextName(itemId: string): string {
  return `item:${itemId}`;
}

/** The notes of the given items as plain text (empty for an item nobody wrote about). */
export function readNotes(doc: Y.Doc, itemIds: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of itemIds) {
    try {
      out[id] = doc.getText(notesTextName(id)).toString();
    } catch {
      // A writer defined the name as another type (not our editor): there is no text to read.
      out[id] = '';
    }
  }
  return out;
}
