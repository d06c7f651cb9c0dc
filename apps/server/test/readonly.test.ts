import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { useDemoServer } from './fixture.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { readState, yjsRoom } from '@rostrum/core';
import { connectSocket, mustCommand, opened, rawYjsSocket, restartServer, room, waitFor, yClient } from './harness.js';

const MESSAGE_SYNC = 0;

/** A y-websocket frame: messageSync, then a sync-step-2 or update carrying `update`. */
function syncFrame(kind: 'step2' | 'update', update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  if (kind === 'step2') {
    encoding.writeVarUint(enc, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(enc, update);
  } else {
    syncProtocol.writeUpdate(enc, update);
  }
  return encoding.toUint8Array(enc);
}

/** An update that would close the meeting and add a map of its own, made outside any server. */
function forgedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('meta').set('status', 'closed');
    doc.getMap('meta').set('revision', 999);
    doc.getMap('forged').set('by', 'attacker');
  });
  return Y.encodeStateAsUpdate(doc);
}

const demo = useDemoServer();

beforeEach(async () => {
  // A meeting with some history, so that the document is not just its initial write.
  const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
  await mustCommand(chair, { type: 'meeting.open' });
  await mustCommand(chair, { type: 'agenda.next' });
});

describe('read-only Yjs connections', () => {
  it('drops forged updates from delegates and from the chair on the meeting document', async () => {
    const r = room(demo.ts, demo.meeting.id);
    const bytesBefore = Y.encodeStateAsUpdate(r.meetingDoc.doc);
    const vectorBefore = Y.encodeStateVector(r.meetingDoc.doc);
    const stateBefore = structuredClone(r.state);
    const droppedBefore = r.meetingDoc.stats.dropped;
    const meetingRoom = yjsRoom.meeting(demo.meeting.id);

    // 1. Through the y-websocket client: a local write is sent to the server as an update.
    const delegate = await yClient(demo.cleanup, demo.ts, meetingRoom, demo.meeting.token('delegate', 'uz'));
    const chairY = await yClient(demo.cleanup, demo.ts, meetingRoom, demo.meeting.token('chair'));
    delegate.doc.getMap('meta').set('status', 'closed');
    delegate.doc.getMap('forged').set('by', 'delegate');
    chairY.doc.getMap('current').set('itemId', 'aob');
    chairY.doc.getMap('forged').set('by', 'chair');
    await waitFor(() => r.meetingDoc.stats.dropped >= droppedBefore + 4, 3000, 'the four client updates to be dropped');

    // 2. Hand-made frames: sync-step-2 and update, sent before the token is even checked.
    for (const token of [demo.meeting.token('delegate', 'kz'), demo.meeting.token('chair')]) {
      const ws = rawYjsSocket(demo.cleanup, demo.ts, meetingRoom, token);
      await opened(ws);
      ws.send(syncFrame('step2', forgedUpdate()));
      ws.send(syncFrame('update', forgedUpdate()));
    }
    // Each frame is dropped where it arrives, so once all are counted none can still be applied
    // or relayed (that none is ever relayed to another connection: shared-doc.test.ts, in memory).
    await waitFor(() => r.meetingDoc.stats.dropped >= droppedBefore + 8, 3000, 'the four raw frames to be dropped');

    expect(r.meetingDoc.stats.dropped).toBe(droppedBefore + 8);
    expect(Buffer.from(Y.encodeStateAsUpdate(r.meetingDoc.doc)).equals(Buffer.from(bytesBefore))).toBe(true);
    expect(Buffer.from(Y.encodeStateVector(r.meetingDoc.doc)).equals(Buffer.from(vectorBefore))).toBe(true);
    expect(r.meetingDoc.doc.share.has('forged')).toBe(false);
    expect(r.state).toEqual(stateBefore);
    expect(readState(r.meetingDoc.doc)).toEqual(stateBefore);

    // Not relayed: a fresh client sees the server's record only.
    const fresh = await yClient(demo.cleanup, demo.ts, meetingRoom, demo.meeting.token('observer'));
    expect(readState(fresh.doc)).toEqual(stateBefore);
    expect(fresh.doc.getMap('forged').size).toBe(0);
    // Not relayed to the clients already connected either: the chair's client never saw the delegate's map entry.
    expect(chairY.doc.getMap('forged').get('by')).toBe('chair');
    expect(chairY.doc.getMap('meta').get('status')).toBe('open');

    // Not stored: a server restarted on the same data has exactly the same document.
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    const reloaded = room(demo.ts, demo.meeting.id);
    expect(reloaded.state).toEqual(stateBefore);
    expect(Buffer.from(Y.encodeStateVector(reloaded.meetingDoc.doc)).equals(Buffer.from(vectorBefore))).toBe(true);
    expect(Buffer.from(Y.encodeStateAsUpdate(reloaded.meetingDoc.doc)).equals(Buffer.from(bytesBefore))).toBe(true);
    expect(reloaded.meetingDoc.doc.share.has('forged')).toBe(false);
  });

  it('still serves a read-only client after it sent a forged update', async () => {
    const r = room(demo.ts, demo.meeting.id);
    const delegate = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    delegate.doc.getMap('forged').set('x', 1);
    await waitFor(() => r.meetingDoc.stats.dropped >= 1, 3000, 'the update to be dropped');
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'agenda.next' });
    await waitFor(
      () => readState(delegate.doc)?.current.itemId === 'sg-address',
      3000,
      'the delegate to follow the chair',
    );
    expect(readState(delegate.doc)).toEqual(r.state);
  });
});
