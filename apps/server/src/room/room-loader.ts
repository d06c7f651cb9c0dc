import * as Y from 'yjs';
import { readState, writeState } from '@rostrum/core';
import {
  initialSecret,
  initialState,
  MEETING_DOC_LAYOUT,
  replaySecret,
  stampDocLayouts,
  upgradeDocLayouts,
  type MeetingWorld,
} from '@rostrum/core/server';
import type { DocName, InviteRecord, MeetingRecord, StoredCommand } from '../store/types.js';
import { SERVER_ORIGIN, type RoomOptions, type StoreCursor } from './room-context.js';

/** What a room starts from: the record and documents in memory, and how far they follow the store. */
export type RoomSeed = {
  world: MeetingWorld;
  meetingDoc: Y.Doc;
  notesDoc: Y.Doc;
  storedUpdates: Record<DocName, number>;
  seen: StoreCursor;
  /** The log, whose ids the room's receipts start from. */
  commands: StoredCommand[];
};

/** Creates a meeting from its definition and stores it with its invites. */
export async function createRoomSeed(
  record: MeetingRecord,
  invites: InviteRecord[],
  opts: RoomOptions,
): Promise<RoomSeed> {
  const state = initialState(record.id, record.definition);
  const doc = new Y.Doc();
  doc.transact(() => {
    writeState(doc, state);
    stampDocLayouts(doc);
  }, SERVER_ORIGIN);
  await opts.store.createMeeting(record, invites, Y.encodeStateAsUpdate(doc));
  // Ids start at 0: a first catch-up re-reads the initial update, which applying twice leaves unchanged.
  return {
    world: { state, secret: initialSecret() },
    meetingDoc: doc,
    notesDoc: new Y.Doc(),
    storedUpdates: { meeting: 1, notes: 0 },
    seen: { meeting: 0, notes: 0, seq: 0 },
    commands: [],
  };
}

/** Rebuilds a meeting from the store, exactly as it was at the last commit. */
export async function loadRoomSeed(record: MeetingRecord, opts: RoomOptions): Promise<RoomSeed> {
  const [meetingUpdates, notesUpdates, commands] = await Promise.all([
    opts.store.updatesSince(record.id, 'meeting', 0),
    opts.store.updatesSince(record.id, 'notes', 0),
    opts.store.commandsSince(record.id, 0),
  ]);
  const doc = new Y.Doc();
  doc.transact(() => meetingUpdates.forEach((u) => Y.applyUpdate(doc, u.data)), SERVER_ORIGIN);
  const notes = new Y.Doc();
  // One by one: a notes update that a hostile writer got stored and that Yjs cannot replay
  // (seen in the frame fuzz test) costs that update, not the meeting. The meeting document
  // has no such writer: only the server writes it.
  for (const u of notesUpdates) {
    try {
      Y.applyUpdate(notes, u.data);
    } catch (err) {
      opts.logger.error(
        { err, meetingId: record.id, updateId: u.id },
        'a stored notes update could not be applied; skipped',
      );
    }
  }
  const upgraded = await upgradeLayouts(record.id, doc, notes, opts);
  // Read after the upgrade: the state is the current layout's (a meeting of release 0.2.0 gains
  // its languages there), never a reading of the old layout that the document no longer has.
  const state = readState(doc);
  if (state === null) throw new Error(`meeting ${record.id}: stored document is incomplete`);
  // `seen` stays at what was read: a catch-up may re-read the upgrade's own updates, which
  // applying twice leaves unchanged, and cannot skip another node's update stored meanwhile.
  return {
    // The ballots are in no document: they are rebuilt from the accepted commands of the log.
    world: { state, secret: replaySecret(commands) },
    meetingDoc: doc,
    notesDoc: notes,
    storedUpdates: { meeting: meetingUpdates.length + upgraded.meeting, notes: notesUpdates.length + upgraded.notes },
    seen: {
      meeting: meetingUpdates.at(-1)?.id ?? 0,
      notes: notesUpdates.at(-1)?.id ?? 0,
      seq: commands.at(-1)?.seq ?? 0,
    },
    commands,
  };
}

/**
 * Brings stored documents of an earlier release to this release's layout (core's
 * doc-layout.ts) and stores the change before anyone sees the meeting; returns how many
 * updates it stored per document. Throws on documents newer than this code.
 */
async function upgradeLayouts(
  meetingId: string,
  meeting: Y.Doc,
  notes: Y.Doc,
  opts: RoomOptions,
): Promise<Record<DocName, number>> {
  const before = { meeting: Y.encodeStateVector(meeting), notes: Y.encodeStateVector(notes) };
  meeting.transact(
    () => notes.transact(() => upgradeDocLayouts(meetingId, { meeting, notes }), SERVER_ORIGIN),
    SERVER_ORIGIN,
  );
  const changed = (doc: Y.Doc, vector: Uint8Array) =>
    !Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(vector));
  const updates: Array<[DocName, Uint8Array]> = [];
  if (changed(meeting, before.meeting)) updates.push(['meeting', Y.encodeStateAsUpdate(meeting, before.meeting)]);
  if (changed(notes, before.notes)) updates.push(['notes', Y.encodeStateAsUpdate(notes, before.notes)]);
  if (updates.length > 0) {
    // The way back from an upgrade is the store as it was: copied before the first upgrade is stored.
    const backup = await opts.store.backupBeforeDocUpgrade();
    if (backup !== null)
      opts.logger.warn(
        { meetingId, backup },
        `meeting documents to be upgraded to layout ${MEETING_DOC_LAYOUT}; the database as it was is kept at ${backup}`,
      );
    await opts.store.withMeetingLock(meetingId, async (tx) => {
      for (const [doc, update] of updates) await tx.appendUpdate(doc, update);
    });
    opts.logger.info(
      { meetingId, docs: updates.map(([doc]) => doc) },
      'meeting documents upgraded to the current layout',
    );
  }
  return {
    meeting: updates.filter(([d]) => d === 'meeting').length,
    notes: updates.filter(([d]) => d === 'notes').length,
  };
}
