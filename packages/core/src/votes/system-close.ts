import type { Principal } from '../roles.js';

/** The server as a principal: it closes polls at their deadline. */

/** Invite id of the server's own commands; real invite ids are random and never equal it. */
export const SYSTEM_INVITE_ID = 'system';

export function systemPrincipal(meetingId: string): Principal {
  return { meetingId, inviteId: SYSTEM_INVITE_ID, role: 'chair', delegationId: null, presenterId: null };
}

/** One id per poll: a deadline close fired twice (e.g. re-armed after a restart) is a retry. */
export function deadlineCommandId(pollId: string): string {
  return `deadline-${pollId}`.slice(0, 64);
}
