// Revocation as the session registry carries it: a revocation told by another node cuts this
// node's connections of the link, and a Socket.IO handshake that is checking its token when the
// link is revoked is refused, as a Yjs connection is (yjs-auth.test.ts).
import { once } from 'node:events';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, yjsRoom, type PresenceSnapshot } from '@rostrum/core';
import { useDemoServer } from './fixture.js';
import { closed, connectErrorCode, connectSocket, rawYjsSocket, waitFor } from './harness.js';
import { invitesOf } from './record.js';

const demo = useDemoServer({ presenceIntervalMs: 100 });

/** A y-websocket sync step 1 (message type 0) from an empty document: the server answers it at once. */
function syncStep1(): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeSyncStep1(enc, new Y.Doc());
  return encoding.toUint8Array(enc);
}

/** The invite behind `demo.meeting.token('delegate', 'uz')`: the head of delegation's. */
async function uzHeadInvite(): Promise<string> {
  const uz = (await invitesOf(demo.ts, demo.meeting.id)).find(
    (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'head',
  );
  if (!uz) throw new Error('no invite for uz');
  return uz.id;
}

describe('revocation through the client sessions', () => {
  it("cuts this node's connections of a link revoked on another node, and no one else's", async () => {
    const { cleanup, ts, meeting } = demo;
    const seen: PresenceSnapshot[] = [];
    await connectSocket(cleanup, ts, meeting.token('chair'), (s) => s.on('presence', (p) => seen.push(p)));
    const ended: unknown[] = [];
    const uz = await connectSocket(cleanup, ts, meeting.token('delegate', 'uz'), (s) =>
      s.on('session_ended', (info) => ended.push(info)),
    );
    const kz = await connectSocket(cleanup, ts, meeting.token('delegate', 'kz'));
    const ws = rawYjsSocket(cleanup, ts, yjsRoom.meeting(meeting.id), meeting.token('delegate', 'uz'));
    // rawYjsSocket sends the authentication frame on open, before this listener.
    ws.once('open', () => ws.send(syncStep1()));
    // Admitted once the document answers.
    await once(ws, 'message');
    await waitFor(() => seen.at(-1)?.delegations.length === 2, 2000, 'both delegations present');
    const wsClosed = closed(ws, 2000);

    // What the cluster bus calls when another node revoked the invite (app.ts, joinCluster).
    ts.server.registry.revokedElsewhere(await uzHeadInvite());

    expect(await wsClosed).toEqual({ code: CLOSE_CODES.unauthorized, reason: 'the link was revoked' });
    await waitFor(() => !uz.connected, 1000, 'the Socket.IO connection cut');
    expect(ended).toEqual([{ code: 'unauthorized', reason: 'revoked' }]);
    expect(kz.connected).toBe(true);
    await waitFor(() => seen.at(-1)?.delegations.join() === 'kz', 2000, 'presence without the revoked delegation');
  });

  it('refuses a Socket.IO connection whose link is revoked while its token is checked', async () => {
    const { cleanup, ts, meeting } = demo;
    const registry = ts.server.registry;
    const authenticate = registry.authenticate.bind(registry);
    const token = meeting.token('delegate', 'uz');
    let checked = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The store has answered for this token (before the revocation), but the answer is held.
    registry.authenticate = async (t) => {
      const result = await authenticate(t);
      if (t === token) {
        checked = true;
        await gate;
      }
      return result;
    };
    const connecting = connectSocket(cleanup, ts, token);
    await waitFor(() => checked, 3000, 'the token to be checked');
    expect(await registry.revoke(meeting.id, await uzHeadInvite())).not.toBeNull();
    release();
    await expect(connecting).rejects.toSatisfy((err: unknown) => connectErrorCode(err) === 'unauthorized');
  });
});
