import { z } from 'zod';

export const ROLES = ['chair', 'secretariat', 'presenter', 'delegate', 'observer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = (typeof ROLES)[number];

/**
 * A delegation has two delegate seats: the head, who holds the voting right at the start,
 * and a deputy, to whom the head can hand it during the meeting.
 */
export const SEATS = ['head', 'deputy'] as const;
export const seatSchema = z.enum(SEATS);
export type Seat = (typeof SEATS)[number];

/**
 * Who sends a command or holds a connection: decoded from a verified invite token.
 * A delegate always acts for one delegation; a presenter is one of the meeting's presenters.
 */
export type Principal = {
  meetingId: string;
  inviteId: string;
  role: Role;
  delegationId: string | null;
  presenterId: string | null;
  /** A delegate's seat in the delegation; absent (older tokens, other roles) counts as head. */
  seat?: Seat;
};

/** Roles that may read the staff-only parts of a meeting (definition, notes). */
export const STAFF_ROLES: readonly Role[] = ['chair', 'secretariat'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
