import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readState, yjsRoom } from '@rostrum/core';
import { connectSocket, mustCommand, room, waitFor, yClient } from './harness.js';

// What the server caches so that many people can join at once (docs/bench/README.md) must
// never serve anything stale: the document's sync reply, the verified tokens, the presence.

const demo = useDemoServer();

describe('joining many at once, served from caches', () => {
  it('a client that joins after a change gets the changed document, every time', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    const roomName = yjsRoom.meeting(demo.meeting.id);
    const token = demo.meeting.token('delegate', 'uz');
    // Two clients of the same version: the second is answered from the cache.
    const first = await yClient(demo.cleanup, demo.ts, roomName, token);
    const second = await yClient(demo.cleanup, demo.ts, roomName, token);
    expect(Y.encodeStateVector(second.doc)).toEqual(Y.encodeStateVector(first.doc));
    await mustCommand(chair, { type: 'meeting.open' });
    for (const itemId of ['opening', 'sg-address', 'council']) {
      await mustCommand(chair, { type: 'agenda.start', itemId });
      const late = await yClient(demo.cleanup, demo.ts, roomName, token);
      expect(readState(late.doc)?.current.itemId).toBe(itemId);
      expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(room(demo.ts, demo.meeting.id).meetingDoc.doc));
    }
    // A client that was there all along caught up by updates, and agrees.
    await waitFor(() => readState(first.doc)?.current.itemId === 'council', 3000, 'the first client to catch up');
  });

  it('a link whose token was verified before is refused once revoked', async () => {
    const token = demo.meeting.token('delegate', 'kz');
    await connectSocket(demo.cleanup, demo.ts, token);
    const invite = demo.meeting.links.find((l) => l.token === token);
    const invites = await demo.ts.server.registry.invites(demo.meeting.id);
    const record = invites.find(
      (i) => i.role === 'delegate' && i.delegationId === invite?.delegationId && i.seat !== 'deputy',
    );
    if (!record) throw new Error('no invite for kz');
    await demo.ts.server.registry.revoke(demo.meeting.id, record.id);
    await expect(connectSocket(demo.cleanup, demo.ts, token)).rejects.toThrow();
  });

  it('the presence sent to a new socket counts everyone connected before it', async () => {
    for (const d of ['uz', 'kz', 'fr', 'de'])
      await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', d));
    const uzAgain = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    uzAgain.disconnect();
    let delegations: string[] | null = null;
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('observer'), (s) =>
      s.once('presence', (p) => (delegations = p.delegations)),
    );
    await waitFor(() => delegations, 3000, 'the first presence');
    // In roster order (France comes before Germany); Uzbekistan still has one person connected.
    expect(delegations).toEqual(['fr', 'de', 'kz', 'uz']);
  });
});
