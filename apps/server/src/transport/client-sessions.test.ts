// The session registry without a server: fake sessions record how they were ended.
import { describe, expect, it } from 'vitest';
import type { Principal } from '@rostrum/core';
import { ClientSessions, type ClientSession, type SessionEnd } from './client-sessions.js';

type FakeSession = ClientSession & { ended: SessionEnd[]; close: () => void };

let n = 0;
function fakeSession(inviteId: string, opts: { present?: boolean; expiresAt?: number } = {}): FakeSession {
  const principal: Principal = {
    meetingId: 'm',
    inviteId,
    role: 'delegate',
    delegationId: 'de',
    presenterId: null,
    seat: 'head',
  };
  const closers: Array<() => void> = [];
  const session: FakeSession = {
    id: `s-${++n}`,
    principal,
    expiresAt: opts.expiresAt ?? Date.now() + 60_000,
    present: opts.present ?? true,
    ended: [],
    end: (reason) => {
      session.ended.push(reason);
      session.close();
    },
    onClose: (fn) => void closers.push(fn),
    close: () => closers.splice(0).forEach((fn) => fn()),
  };
  return session;
}

function registry() {
  const joined: string[] = [];
  const left: string[] = [];
  const sessions = new ClientSessions(Date.now, {
    joined: (s) => joined.push(s.id),
    left: (s) => left.push(s.id),
  });
  return { sessions, joined, left };
}

describe('ClientSessions', () => {
  it('revokes every session of an invite, whatever its transport, and no other', () => {
    const { sessions, left } = registry();
    const socket = fakeSession('inv-a');
    const yjs = fakeSession('inv-a', { present: false });
    const other = fakeSession('inv-b');
    for (const s of [socket, yjs, other]) expect(sessions.admit(sessions.beginAdmission(), s)).toBe(true);
    sessions.revoke('inv-a');
    expect(socket.ended).toEqual(['revoked']);
    expect(yjs.ended).toEqual(['revoked']);
    expect(other.ended).toEqual([]);
    expect(sessions.countOf('inv-a')).toBe(0);
    expect(sessions.countOf('inv-b')).toBe(1);
    // Only the session that counted for presence leaves it.
    expect(left).toEqual([socket.id]);
  });

  it('counts a present session once, from admission to close', () => {
    const { sessions, joined, left } = registry();
    const s = fakeSession('inv-a');
    sessions.admit(sessions.beginAdmission(), s);
    expect(joined).toEqual([s.id]);
    s.close();
    s.close();
    expect(left).toEqual([s.id]);
    expect(sessions.countOf('inv-a')).toBe(0);
  });

  it('ends a session whose link has already expired, and still counts its leave', () => {
    const { sessions, joined, left } = registry();
    const s = fakeSession('inv-a', { expiresAt: Date.now() - 1 });
    sessions.admit(sessions.beginAdmission(), s);
    expect(s.ended).toEqual(['expired']);
    expect(joined).toEqual([s.id]);
    expect(left).toEqual([s.id]);
  });

  it('refuses an admission whose invite was revoked while its token was checked, and only that one', () => {
    const { sessions, joined } = registry();
    const checking = sessions.beginAdmission();
    const other = sessions.beginAdmission();
    sessions.revoke('inv-a');
    const revoked = fakeSession('inv-a');
    expect(sessions.admit(checking, revoked)).toBe(false);
    // Nothing was admitted: it never counted, and the caller cuts it (the registry holds none of it).
    expect(sessions.countOf('inv-a')).toBe(0);
    expect(joined).toEqual([]);
    expect(revoked.ended).toEqual([]);
    // Another invite's admission under way at the same time is not affected.
    expect(sessions.admit(other, fakeSession('inv-b'))).toBe(true);
    expect(sessions.pendingAdmissions).toBe(0);
  });

  it('forgets an admission once settled: a revocation after that does not taint it', () => {
    const { sessions } = registry();
    const refused = sessions.beginAdmission();
    refused.settle();
    refused.settle();
    expect(sessions.pendingAdmissions).toBe(0);
    sessions.revoke('inv-a');
    expect(refused.wasRevoked('inv-a')).toBe(false);
    // An admission begun after the revocation is not refused by it (the token check itself sees it).
    expect(sessions.admit(sessions.beginAdmission(), fakeSession('inv-a'))).toBe(true);
  });
});
