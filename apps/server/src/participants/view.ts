import { isPersonalSeat, seatKeyOf, type Role, type Seat } from '@rostrum/core';
import type { ParticipantRecord } from '../store/participant-types.js';
import type { InviteRecord } from '../store/types.js';

/** A link slot of a meeting, as the secretariat's list shows it. */
export type SeatView = {
  seatKey: string;
  role: Role;
  delegationId: string | null;
  presenterId: string | null;
  seat: Seat | null;
  /** The label of its link ("Uzbekistan Customs (deputy)"). */
  label: string;
  /** Whether a link of this slot works (not revoked); a replaced link's slot is live through its new one. */
  live: boolean;
  /** The person holding it, if one was entered. */
  participantId: string | null;
};

/** A participant as the secretariat sees it: everything but the mail worker's internals, with its seat. */
export type ParticipantView = Omit<ParticipantRecord, 'meetingId' | 'mailAttempts' | 'mailedAt'> & {
  seat: SeatView | null;
};

/** The slots of a meeting from its invites (in their order; the live link's label wins over a revoked one's). */
export function seatsOf(invites: readonly InviteRecord[], people: readonly ParticipantRecord[]): SeatView[] {
  const bySeat = new Map<string, SeatView>();
  for (const invite of invites) {
    const key = seatKeyOf(invite);
    // The shared links (observer, secretariat) are nobody's seat.
    if (key === null || !isPersonalSeat(key)) continue;
    const known = bySeat.get(key);
    const live = invite.revokedAt === null;
    if (known && (known.live || !live)) continue;
    bySeat.set(key, {
      seatKey: key,
      role: invite.role,
      delegationId: invite.delegationId,
      presenterId: invite.presenterId,
      seat: invite.seat,
      label: invite.label,
      live,
      participantId: people.find((p) => p.seatKey === key)?.id ?? null,
    });
  }
  return [...bySeat.values()];
}

export function participantView(p: ParticipantRecord, seats: readonly SeatView[]): ParticipantView {
  const { meetingId: _m, mailAttempts: _a, mailedAt: _t, ...shown } = p;
  return { ...shown, seat: p.seatKey === null ? null : (seats.find((s) => s.seatKey === p.seatKey) ?? null) };
}

/** What a delegate may read of a person of their own delegation: their email only when it is their own entry. */
export type DelegationPersonView = {
  id: string;
  seatKey: string | null;
  name: string;
  title: string;
  email: string | null;
  language: ParticipantRecord['language'];
  enteredBy: ParticipantRecord['enteredBy'];
};

/**
 * A person of the delegation as one of its links sees it: the email of their own entry and of the
 * extra people the delegation registers; not the other seat's, which the secretariat may hold.
 */
export function delegationPersonView(p: ParticipantRecord, ownSeatKey: string): DelegationPersonView {
  const mayReadEmail = p.seatKey === null || p.seatKey === ownSeatKey;
  return {
    id: p.id,
    seatKey: p.seatKey,
    name: p.name,
    title: p.title,
    email: mayReadEmail ? p.email : null,
    language: p.language,
    enteredBy: p.enteredBy,
  };
}

/**
 * People in the order lists show them: by delegation in the roster's order (a delegation no
 * longer on it next, people of none last), within one its seats in the links' order (head before
 * deputy), then its extra people as they were registered.
 */
export function sortedByDelegation<T extends Pick<ParticipantRecord, 'delegationId' | 'seatKey' | 'createdAt'>>(
  people: readonly T[],
  seats: readonly Pick<SeatView, 'seatKey'>[],
  delegationOrder: readonly string[],
): T[] {
  const order = new Map(delegationOrder.map((id, i) => [id, i]));
  const seatRank = new Map(seats.map((s, i) => [s.seatKey, i]));
  const rank = (p: T): [number, number, number] => [
    p.delegationId === null ? order.size + 1 : (order.get(p.delegationId) ?? order.size),
    p.seatKey === null ? seats.length : (seatRank.get(p.seatKey) ?? seats.length),
    p.createdAt,
  ];
  return [...people].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
  });
}
