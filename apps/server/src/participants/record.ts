import { newId } from '../room/invites.js';
import type { ParticipantRecord } from '../store/participant-types.js';

/** What a new participant is given; the rest (id, times, mail status) is the same for every new one. */
export type NewParticipant = Pick<
  ParticipantRecord,
  'meetingId' | 'seatKey' | 'delegationId' | 'name' | 'title' | 'email' | 'language' | 'enteredBy'
>;

/** A participant not stored yet: a fresh id, created and updated now, no invitation sent. */
export function newParticipantRecord(fields: NewParticipant, now: number): ParticipantRecord {
  return {
    id: newId(),
    ...fields,
    createdAt: now,
    updatedAt: now,
    mailStatus: 'none',
    mailError: null,
    mailAttempts: 0,
    mailedAt: null,
  };
}
