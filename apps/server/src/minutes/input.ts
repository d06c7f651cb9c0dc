import * as Y from 'yjs';
import { z } from 'zod';
import { readState, type MeetingState } from '@rostrum/core';
import { readMeetingNotes, type MinutesInput } from '@rostrum/minutes';
import type { MeetingStore, StoredCommand } from '../store/types.js';
import { verifyLog, type LogVerification } from '../store/verify.js';
import { participantStoreIfAny } from '../store/participants-of.js';
import { minutesParticipants } from '../participants/minutes.js';

const pollVoteSchema = z.object({ pollId: z.string() });

/**
 * Delegations that cast a ballot in each poll, in the order they first voted, read from the
 * log (accepted `poll.vote` commands). The choice in the payload is never read: for anonymous
 * polls the minutes say who voted, never what.
 */
export function votersFromLog(rows: readonly StoredCommand[]): Record<string, string[]> {
  const voters: Record<string, string[]> = {};
  for (const row of rows) {
    if (row.type !== 'poll.vote' || row.principal.delegationId === null) continue;
    const parsed = pollVoteSchema.safeParse(row.payload);
    if (!parsed.success) continue;
    const list = voters[parsed.data.pollId] ?? [];
    if (!list.includes(row.principal.delegationId)) list.push(row.principal.delegationId);
    voters[parsed.data.pollId] = list;
  }
  return voters;
}

/**
 * Everything the minutes of a meeting are built from: its record, the notes in every language
 * of the meeting (each language's minutes, and each column side by side, show their own),
 * attendance, log, and the named participants (names and titles, kept apart from the record).
 */
export async function minutesInput(
  store: MeetingStore,
  meetingId: string,
  record: { state: MeetingState; notes: Y.Doc },
  now: number,
): Promise<{ input: MinutesInput; verification: LogVerification }> {
  const participants = participantStoreIfAny(store);
  const [rows, attendance, people] = await Promise.all([
    store.listCommands(meetingId),
    store.listAttendance(meetingId),
    participants ? participants.listParticipants(meetingId) : [],
  ]);
  const verification = verifyLog(rows);
  return {
    verification,
    input: {
      state: record.state,
      notes: readMeetingNotes(record.notes, record.state.agenda.order, record.state.meta.languages),
      attendance,
      log: { commands: verification.commands, digest: verification.digest, intact: verification.intact },
      voters: votersFromLog(rows),
      participants: minutesParticipants(people),
      generatedAt: now,
    },
  };
}

/**
 * A meeting's record as stored, without a running server (the CLI): the meeting document
 * rebuilt from its updates, and the notes document. Null if the meeting is not in the store.
 */
export async function loadStoredRecord(
  store: MeetingStore,
  meetingId: string,
): Promise<{ state: MeetingState; notes: Y.Doc } | null> {
  if (!(await store.getMeeting(meetingId))) return null;
  const doc = new Y.Doc();
  for (const u of await store.loadUpdates(meetingId, 'meeting')) Y.applyUpdate(doc, u);
  const state = readState(doc);
  doc.destroy();
  if (state === null) throw new Error(`meeting ${meetingId}: the stored document is incomplete`);
  const notes = new Y.Doc();
  for (const u of await store.loadUpdates(meetingId, 'notes')) Y.applyUpdate(notes, u);
  return { state, notes };
}
