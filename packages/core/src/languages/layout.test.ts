import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { meetingDefinitionSchema, notesTextName, readDocJson, readNotes, readState, writeState } from '../index.js';
import {
  docLayouts,
  DocLayoutTooNewError,
  initialState,
  MEETING_DOC_LAYOUT,
  SCHEMA_MAP,
  upgradeDocLayouts,
} from '../server.js';
import { frenchArabicDefinition } from '../testing/languages-world.js';

/**
 * A meeting document as release 0.2.0 wrote it (layout 2): the parts of the state, texts in
 * English and Russian, no `meta.languages`, and the layouts in the `schema` map.
 */
function layout2Docs(): { meeting: Y.Doc; notes: Y.Doc } {
  const def = meetingDefinitionSchema.parse({
    title: { en: 'Heads of Customs', ru: 'Руководители таможенных служб' },
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Europe/Brussels',
    chair: { name: { en: 'Chair', ru: 'Председатель' } },
    delegations: [{ id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } }],
    agenda: [{ id: 'opening', title: { en: 'Opening', ru: 'Открытие' }, plannedMinutes: 10 }],
  });
  const meeting = new Y.Doc();
  meeting.transact(() => {
    writeState(meeting, initialState('m1', def));
    meeting.getMap('meta').delete('languages');
    meeting.getMap(SCHEMA_MAP).set('meeting', 2);
    meeting.getMap(SCHEMA_MAP).set('notes', 1);
  });
  const notes = new Y.Doc();
  // The web's name for an item's notes in 0.2.0 (and now the original language's).
  notes.getText('item:opening').insert(0, 'The Vice-Chair opened the meeting.');
  return { meeting, notes };
}

describe('the document layout, 2 → 3', () => {
  it('writes the languages a 0.2.0 meeting was held in, English and Russian, and changes nothing else', () => {
    const docs = layout2Docs();
    const before = readDocJson(docs.meeting);
    expect((before.meta as Record<string, unknown>).languages).toBeUndefined();
    const notesBefore = Y.encodeStateVector(docs.notes);

    expect(upgradeDocLayouts('m1', docs)).toEqual({ meeting: 2, notes: 1 });
    expect(docLayouts(docs.meeting)).toEqual({ meeting: MEETING_DOC_LAYOUT, notes: 1 });
    expect(MEETING_DOC_LAYOUT).toBe(3);
    const after = readDocJson(docs.meeting);
    expect(after).toEqual({ ...before, meta: { ...(before.meta as object), languages: ['en', 'ru'] } });
    expect(readState(docs.meeting)?.meta.languages).toEqual(['en', 'ru']);
    // The notes document is not touched: its texts are the original language's under the same names.
    expect(Y.encodeStateVector(docs.notes)).toEqual(notesBefore);
    expect(readNotes(docs.notes, ['opening'], 'en', ['en', 'ru'])).toEqual({
      opening: 'The Vice-Chair opened the meeting.',
    });
    expect(readNotes(docs.notes, ['opening'], 'ru', ['en', 'ru'])).toEqual({ opening: '' });
  });

  it('is done once: a second upgrade changes nothing', () => {
    const docs = layout2Docs();
    upgradeDocLayouts('m1', docs);
    const vector = Y.encodeStateVector(docs.meeting);
    expect(upgradeDocLayouts('m1', docs)).toEqual({ meeting: 3, notes: 1 });
    expect(Y.encodeStateVector(docs.meeting)).toEqual(vector);
  });

  it('brings a 0.1.0 document (no schema map) through both steps', () => {
    const docs = layout2Docs();
    docs.meeting.transact(() => {
      docs.meeting.getMap(SCHEMA_MAP).delete('meeting');
      docs.meeting.getMap(SCHEMA_MAP).delete('notes');
    });
    expect(docLayouts(docs.meeting)).toEqual({ meeting: 1, notes: 1 });
    upgradeDocLayouts('m1', docs);
    expect(docLayouts(docs.meeting).meeting).toBe(3);
    expect(readState(docs.meeting)?.meta.languages).toEqual(['en', 'ru']);
  });

  it('keeps the languages of a meeting of this release, and refuses a layout newer than it knows', () => {
    const meeting = new Y.Doc();
    meeting.transact(() =>
      writeState(meeting, initialState('m2', meetingDefinitionSchema.parse(frenchArabicDefinition()))),
    );
    meeting.getMap(SCHEMA_MAP).set('meeting', 2);
    upgradeDocLayouts('m2', { meeting, notes: new Y.Doc() });
    expect(readState(meeting)?.meta.languages).toEqual(['fr', 'ar']);

    meeting.getMap(SCHEMA_MAP).set('meeting', MEETING_DOC_LAYOUT + 1);
    expect(() => upgradeDocLayouts('m2', { meeting, notes: new Y.Doc() })).toThrow(DocLayoutTooNewError);
  });
});

describe('the notes per language', () => {
  it('names the original’s notes as before, the others by their language', () => {
    expect(notesTextName('labo', 'fr', ['fr', 'ar'])).toBe('item:labo');
    expect(notesTextName('labo', 'ar', ['fr', 'ar'])).toBe('item:labo:ar');
    // Added later, English is not the original here: its notes have their own name.
    expect(notesTextName('labo', 'en', ['fr', 'ar', 'en'])).toBe('item:labo:en');
  });

  it('reads one language’s notes, empty where nothing was written or the name holds no text', () => {
    const doc = new Y.Doc();
    doc.getText('item:labo').insert(0, 'Notes en français.');
    doc.getText('item:labo:ar').insert(0, 'ملاحظات');
    doc.getMap('item:divers:ar').set('x', 1);
    const languages = ['fr', 'ar'] as const;
    expect(readNotes(doc, ['labo', 'divers'], 'fr', languages)).toEqual({ labo: 'Notes en français.', divers: '' });
    expect(readNotes(doc, ['labo', 'divers'], 'ar', languages)).toEqual({ labo: 'ملاحظات', divers: '' });
  });
});
