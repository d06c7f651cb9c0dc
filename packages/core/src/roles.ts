import { z } from 'zod';

export const ROLES = ['chair', 'secretariat', 'presenter', 'delegate', 'observer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = (typeof ROLES)[number];

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
};

/** Roles that may read the staff-only parts of a meeting (definition, notes). */
export const STAFF_ROLES: readonly Role[] = ['chair', 'secretariat'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
