import * as Y from 'yjs';
import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { readState, yjsRoom } from '@rostrum/core';
import { commandId, connectSocket, mustCommand, restartServer, room, sendCommand, yClient } from './harness.js';

const demo = useDemoServer();

describe('restart', () => {
  it('keeps the meeting state, and a retried command returns its first result without a new revision', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    const secretariat = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('secretariat'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.next' });
    const added = await mustCommand(secretariat, {
      type: 'agenda.add',
      title: { en: 'Added item', ru: 'Добавленный пункт' },
      plannedMinutes: 7,
      afterItemId: 'opening',
    });
    expect(added.createdId).toEqual(expect.any(String));
    await mustCommand(chair, { type: 'agenda.defer', itemId: 'rilo' });
    const lastId = commandId('last');
    const lastAck = await sendCommand(chair, { id: lastId, type: 'agenda.next' });
    expect(lastAck.ok).toBe(true);

    const before = structuredClone(room(demo.ts, demo.meeting.id).state);
    const bytesBefore = Y.encodeStateAsUpdate(room(demo.ts, demo.meeting.id).meetingDoc.doc);
    expect(before.meta.revision).toBe(5);
    expect(before.current.itemId).toBe(added.createdId);

    demo.ts = await restartServer(demo.cleanup, demo.ts);
    const after = room(demo.ts, demo.meeting.id);
    expect(after.state).toEqual(before);
    expect(readState(after.meetingDoc.doc)).toEqual(before);
    expect(Buffer.from(Y.encodeStateAsUpdate(after.meetingDoc.doc)).equals(Buffer.from(bytesBefore))).toBe(true);
    expect(demo.ts.server.registry.size).toBe(1);

    // The same tokens still work after the restart (same secret, invites in the store).
    const chair2 = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    const retry = await sendCommand(chair2, { id: lastId, type: 'agenda.next' });
    expect(retry).toEqual(lastAck);
    expect(after.state).toEqual(before);
    expect(after.state.meta.revision).toBe(5);

    // The same id from the same person with other content is not a retry (a client bug): refused.
    const changed = await sendCommand(chair2, { id: lastId, type: 'agenda.move', itemId: 'closing', toIndex: 0 });
    expect(changed).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'command_id_reused' } });
    expect(after.state).toEqual(before);

    // A client that joins the restarted server sees the same record.
    const delegate = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    expect(readState(delegate.doc)).toEqual(before);

    // And the next new command continues the revision sequence.
    const next = await mustCommand(chair2, { type: 'agenda.next' });
    expect(next.revision).toBe(6);
  });

  it('applies a command sent twice at once (double click) only once', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    const r = room(demo.ts, demo.meeting.id);
    expect(r.state.meta.revision).toBe(1);

    const id = commandId('dbl');
    const [a, b] = await Promise.all([
      sendCommand(chair, { id, type: 'agenda.next' }),
      sendCommand(chair, { id, type: 'agenda.next' }),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    expect(r.state.meta.revision).toBe(2);
    expect(r.state.current.itemId).toBe('opening');

    // Two tabs of the chair, the same id, concurrently: still once.
    const tab2 = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    const id2 = commandId('tabs');
    const [c, d] = await Promise.all([
      sendCommand(chair, { id: id2, type: 'agenda.next' }),
      sendCommand(tab2, { id: id2, type: 'agenda.next' }),
    ]);
    expect(c).toMatchObject({ ok: true, data: { revision: 3 } });
    expect(d).toEqual(c);
    expect(r.state.meta.revision).toBe(3);
    expect(r.state.current.itemId).toBe('sg-address');

    // A retry once the first has been committed: the first result, no change.
    const e = await sendCommand(tab2, { id: id2, type: 'agenda.next' });
    expect(e).toEqual(c);
    expect(r.state.meta.revision).toBe(3);
    expect(r.state.current.itemId).toBe('sg-address');

    // One record per accepted command in the log, and a restart rebuilds the same record.
    const log = await demo.ts.server.store.listCommands(demo.meeting.id);
    expect(log.map((c) => c.type)).toEqual(['meeting.open', 'agenda.next', 'agenda.next']);
    expect(log.map((c) => c.commandId).slice(1)).toEqual([id, id2]);
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    expect(room(demo.ts, demo.meeting.id).state).toEqual(r.state);
  });
});
