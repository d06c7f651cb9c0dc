import * as Y from 'yjs';
import { LEGACY_LANGUAGES } from './text.js';

/**
 * The layout of a meeting's Yjs documents is versioned, so that a release can change it and
 * still load every stored meeting: the server upgrades a stored document on load, in one
 * transaction of its own, and stores that update like any other. The versions live in the
 * meeting document's `schema` map (read-only for clients, as the whole meeting document is),
 * for the notes document too: notes are written by clients, so nothing there can be trusted
 * to say what layout the server keeps.
 *
 * - layout 1 (release 0.1.0): the meeting document's parts (`MEETING_DOC_PARTS`); notes as one
 *   `Y.Text` per agenda item, `item-<itemId>`. No `schema` map.
 * - layout 2 (release 0.2.0): the same, and `schema` holds `meeting` and `notes`, the layout
 *   versions.
 * - layout 3: meetings have their own languages, `meta.languages`, the original first; every
 *   text is a map from language to text. A meeting of layout 2 was held in English and Russian,
 *   its texts already `{ en, ru }`: the step writes `languages: ['en', 'ru']` and nothing else.
 *   Its notes (`item:<itemId>`) become the notes in the original language, English, under the
 *   same name; notes in the other languages are `item:<itemId>:<lang>` (see notes.ts).
 */
export const MEETING_DOC_LAYOUT = 3;
export const NOTES_DOC_LAYOUT = 1;

export const SCHEMA_MAP = 'schema';

export type DocLayouts = { meeting: number; notes: number };

/** The layouts a meeting document says it has; a document without the map is release 0.1.0's. */
export function docLayouts(doc: Y.Doc): DocLayouts {
  const map = doc.getMap<unknown>(SCHEMA_MAP);
  const read = (key: string) => {
    const v = map.get(key);
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 1;
  };
  return { meeting: read('meeting'), notes: read('notes') };
}

/** Writes the layouts of a new meeting's document (inside the server's transaction). */
export function stampDocLayouts(doc: Y.Doc): void {
  const map = doc.getMap<unknown>(SCHEMA_MAP);
  if (map.get('meeting') !== MEETING_DOC_LAYOUT) map.set('meeting', MEETING_DOC_LAYOUT);
  if (map.get('notes') !== NOTES_DOC_LAYOUT) map.set('notes', NOTES_DOC_LAYOUT);
}

export class DocLayoutTooNewError extends Error {
  constructor(
    readonly meetingId: string,
    readonly found: DocLayouts,
  ) {
    super(
      `meeting ${meetingId}: its documents have layout ${found.meeting}/${found.notes} (meeting/notes), newer than this release understands ` +
        `(${MEETING_DOC_LAYOUT}/${NOTES_DOC_LAYOUT}). Run the release that wrote it, or restore the backup made before the upgrade.`,
    );
    this.name = 'DocLayoutTooNewError';
  }
}

/** One step from layout `from` to `from + 1`, applied to the meeting and notes documents. */
type LayoutStep = (docs: { meeting: Y.Doc; notes: Y.Doc }) => void;

/** Steps of the meeting document's layout, by the version they start from. */
const MEETING_STEPS: Record<number, LayoutStep> = {
  // 1 → 2: the layouts are written down (nothing else moved).
  1: ({ meeting }) => stampDocLayouts(meeting),
  // 2 → 3: the languages every text of a meeting of release 0.2.0 was written in.
  2: ({ meeting }) => {
    const meta = meeting.getMap<unknown>('meta');
    if (!Array.isArray(meta.get('languages'))) meta.set('languages', [...LEGACY_LANGUAGES]);
  },
};
/** Steps of the notes document's layout (none yet). */
const NOTES_STEPS: Record<number, LayoutStep> = {};

/**
 * Brings stored documents to the current layouts. Call with the documents as loaded, each inside
 * a transaction of the server's own origin; returns the layouts found (for the log). Throws
 * `DocLayoutTooNewError` on documents newer than this code, and on a missing step.
 */
export function upgradeDocLayouts(meetingId: string, docs: { meeting: Y.Doc; notes: Y.Doc }): DocLayouts {
  const found = docLayouts(docs.meeting);
  if (found.meeting > MEETING_DOC_LAYOUT || found.notes > NOTES_DOC_LAYOUT)
    throw new DocLayoutTooNewError(meetingId, found);
  for (let v = found.meeting; v < MEETING_DOC_LAYOUT; v++) {
    const step = MEETING_STEPS[v];
    if (!step) throw new Error(`no upgrade of the meeting document from layout ${v}`);
    step(docs);
  }
  for (let v = found.notes; v < NOTES_DOC_LAYOUT; v++) {
    const step = NOTES_STEPS[v];
    if (!step) throw new Error(`no upgrade of the notes document from layout ${v}`);
    step(docs);
  }
  stampDocLayouts(docs.meeting);
  return found;
}
