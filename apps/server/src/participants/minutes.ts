import { parseSeatKey, type Seat } from '@rostrum/core';
import type { MinutesParticipantInput } from '@rostrum/minutes';
import type { ParticipantRecord } from '../store/participant-types.js';

const SEAT_RANK: Record<Seat, number> = { head: 0, deputy: 1 };

/** Within a delegation: its head, its deputy, the chair's or a presenter's seat, then the people it registered. */
function rank(p: ParticipantRecord): number {
  if (p.seatKey === null) return 5;
  const slot = parseSeatKey(p.seatKey);
  if (slot?.kind === 'delegate') return SEAT_RANK[slot.seat];
  if (slot?.kind === 'chair') return 2;
  if (slot?.kind === 'presenter') return 3;
  return 4;
}

/**
 * The named participants as the minutes list them: name and title only (an address is never
 * part of the record), in seat order then as they were entered; the minutes group them by
 * delegation.
 */
export function minutesParticipants(people: readonly ParticipantRecord[]): MinutesParticipantInput[] {
  return [...people]
    .sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .map((p) => ({ delegationId: p.delegationId, name: p.name, title: p.title }));
}
