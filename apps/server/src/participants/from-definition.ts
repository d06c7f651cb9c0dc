import { parseSeatKey, type MeetingDefinition, type ParticipantDefinition } from '@rostrum/core';
import type { ParticipantRecord, ParticipantStore } from '../store/participant-types.js';
import { newParticipantRecord } from './record.js';

/**
 * The delegation a seat belongs to: a delegate's own; the chair's and a presenter's, the one the
 * definition says they speak for; an extra person's, the one given (checked by the schema).
 */
function delegationOf(def: MeetingDefinition, p: ParticipantDefinition): string | null {
  if (p.seatKey === null) return p.delegationId;
  const slot = parseSeatKey(p.seatKey);
  if (slot?.kind === 'delegate') return slot.delegationId;
  if (slot?.kind === 'chair') return def.chair.delegationId;
  if (slot?.kind === 'presenter') return def.presenters.find((x) => x.id === slot.presenterId)?.delegationId ?? null;
  return null;
}

/** The participants a checked definition names, as the records the secretariat entered. */
export function participantRecordsOf(
  meetingId: string,
  def: MeetingDefinition,
  participants: readonly ParticipantDefinition[],
  now: number,
): ParticipantRecord[] {
  const original = def.languages[0] ?? 'en';
  return participants.map((p) =>
    newParticipantRecord(
      {
        meetingId,
        seatKey: p.seatKey,
        delegationId: delegationOf(def, p),
        name: p.name,
        title: p.title,
        email: p.email,
        language: p.language ?? original,
        enteredBy: 'secretariat',
      },
      now,
    ),
  );
}

/**
 * A definition as `POST /api/meetings` takes it, split: the meeting's record (kept in the
 * meetings table and its documents) and its people, which go to the participants table only.
 */
export function splitDefinition(def: MeetingDefinition): {
  definition: MeetingDefinition;
  participants: ParticipantDefinition[];
} {
  const { participants = [], ...definition } = def;
  return { definition, participants };
}

/** Stores the participants of a meeting just created from `def`. */
export async function storeDefinitionParticipants(
  store: ParticipantStore,
  meetingId: string,
  def: MeetingDefinition,
  participants: readonly ParticipantDefinition[],
  now: number,
): Promise<void> {
  for (const record of participantRecordsOf(meetingId, def, participants, now)) await store.upsertParticipant(record);
}
