import type { ParticipantList, ParticipantRow, SeatRow } from './participants-api.js';

/** One line of the panel: a seat with its person (or none yet), or an extra person of a delegation. */
export type PanelLine =
  { kind: 'seat'; seat: SeatRow; person: ParticipantRow | null } | { kind: 'extra'; person: ParticipantRow };

/** A delegation's seats and people; `delegationId` null: the chair, presenters, secretariat and observers. */
export type PanelGroup = { delegationId: string | null; lines: PanelLine[]; people: number };

const delegateSeat = (s: SeatRow) => s.role === 'delegate' && s.delegationId !== null;

/**
 * The panel's groups: each delegation in the roster's order with its head's and deputy's seats
 * (in the links' order) and then its extra people; then one group for the other links (chair,
 * presenters, secretariat, observer). A delegation the list names that is not on the roster
 * (yet) comes after the roster's own.
 */
export function groupParticipants(list: ParticipantList, delegationOrder: readonly string[]): PanelGroup[] {
  const byId = new Map(list.participants.map((p) => [p.id, p]));
  const ids = [...delegationOrder];
  for (const s of list.seats)
    if (delegateSeat(s) && s.delegationId && !ids.includes(s.delegationId)) ids.push(s.delegationId);
  for (const p of list.participants)
    if (p.seatKey === null && p.delegationId && !ids.includes(p.delegationId)) ids.push(p.delegationId);

  const seatLine = (seat: SeatRow): PanelLine => ({
    kind: 'seat',
    seat,
    person: seat.participantId === null ? null : (byId.get(seat.participantId) ?? null),
  });
  const count = (lines: PanelLine[]) => lines.filter((l) => l.kind === 'extra' || l.person !== null).length;

  const groups: PanelGroup[] = ids.map((delegationId) => {
    const lines: PanelLine[] = [
      ...list.seats.filter((s) => delegateSeat(s) && s.delegationId === delegationId).map(seatLine),
      ...list.participants
        .filter((p) => p.seatKey === null && p.delegationId === delegationId)
        .map((person): PanelLine => ({ kind: 'extra', person })),
    ];
    return { delegationId, lines, people: count(lines) };
  });
  const others = list.seats.filter((s) => !delegateSeat(s)).map(seatLine);
  if (others.length > 0) groups.push({ delegationId: null, lines: others, people: count(others) });
  return groups;
}
