import type { MeetingState } from '@rostrum/core';

/**
 * How long a link works. A link is valid from when it is issued until `graceMs` after its meeting
 * closes: a meeting prepared two months ahead starts with live links, and after it the delegates
 * can still read its record for a while. While the meeting is not closed there is no end.
 *
 * An invite's stored `expiresAt` is the least it lives ("valid at least until"): the date the
 * secretariat extended the meeting's links to, or for links made before this rule (0.1.0, 0.2.0)
 * their old 30-day mark, so no link works for less time than it did.
 */
export type MeetingClosure = Pick<MeetingState['meta'], 'status' | 'closedAt'>;

/** When the link stops working, or null while its meeting is not closed (it works until the grace after closing). */
export function linkValidUntil(invite: { expiresAt: number }, meta: MeetingClosure, graceMs: number): number | null {
  if (meta.status !== 'closed' || meta.closedAt === null) return null;
  return Math.max(meta.closedAt + graceMs, invite.expiresAt);
}

/** Whether the link works at `now` (revocation is checked apart). */
export function linkValidAt(
  invite: { expiresAt: number },
  meta: MeetingClosure,
  graceMs: number,
  now: number,
): boolean {
  const until = linkValidUntil(invite, meta, graceMs);
  return until === null || now < until;
}
