import * as Y from 'yjs';
import type { InviteRecord } from '../src/store/types.js';
import { TokenService } from '../src/room/tokens.js';
import { room, TOKEN_SECRET, type TestServer } from './harness.js';

/**
 * A meeting's record as it is kept: the plain state and the ballots in memory, the bytes of its
 * Yjs document, and the command log in the store. Two snapshots are equal when nothing changed.
 */
export type MeetingRecordSnapshot = {
  state: unknown;
  /** The ballots by poll (polls without any left out). */
  secret: unknown;
  /** Y.encodeStateAsUpdate of the meeting document, base64. */
  doc: string;
  /** Command ids of the store's log, in order. */
  log: string[];
};

export async function recordOf(ts: TestServer, meetingId: string): Promise<MeetingRecordSnapshot> {
  const r = room(ts, meetingId);
  return {
    state: structuredClone(r.state),
    // A poll without ballots has an empty entry in memory and none when replayed from the log.
    secret: {
      ballots: Object.fromEntries(Object.entries(r.secret.ballots).filter(([, b]) => Object.keys(b).length > 0)),
    },
    doc: Buffer.from(Y.encodeStateAsUpdate(r.meetingDoc.doc)).toString('base64'),
    log: (await ts.server.store.listCommands(meetingId)).map((c) => c.commandId),
  };
}

/** The invites of a meeting as stored (revocations included). */
export async function invitesOf(ts: TestServer, meetingId: string): Promise<InviteRecord[]> {
  return ts.server.store.listInvites(meetingId);
}

/**
 * A correctly signed token of an existing invite whose own expiry passed a minute ago (links made
 * before 0.3 carry one; new links have none and end with their meeting, room/link-validity.ts).
 */
export async function expiredToken(
  ts: TestServer,
  meetingId: string,
  role: InviteRecord['role'] = 'chair',
): Promise<string> {
  const invite = (await invitesOf(ts, meetingId)).find((i) => i.role === role);
  if (!invite) throw new Error(`no ${role} invite`);
  return new TokenService(TOKEN_SECRET).sign(invite, { expiresAt: Date.now() - 60_000 });
}

/** A valid token of the first invite that matches, signed as the server signs its links. */
export async function tokenOf(
  ts: TestServer,
  meetingId: string,
  match: (invite: InviteRecord) => boolean,
): Promise<string> {
  const invite = (await invitesOf(ts, meetingId)).find(match);
  if (!invite) throw new Error('no such invite');
  return new TokenService(TOKEN_SECRET).sign(invite);
}
