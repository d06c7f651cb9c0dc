import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { placeOf, queuedEntries, readState, yjsRoom } from '@rostrum/core';
import { demoMeeting } from '../src/tools/demo.js';
import { commandId, connectSocket, mustCommand, room, sendCommand, waitFor, yClient } from './harness.js';

const delegationIds = demoMeeting().delegations.map((d) => d.id);

const demo = useDemoServer();

/** Opens the meeting and starts "Any other business", an item with no planned presenters. */
async function startOpenFloor() {
  const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
  await mustCommand(chair, { type: 'meeting.open' });
  await mustCommand(chair, { type: 'agenda.start', itemId: 'aob' });
  return chair;
}

describe('the speaker queue with real clients', () => {
  it('53 delegations ask for the floor at the same moment: 53 entries, each place right', async () => {
    await startOpenFloor();
    expect(delegationIds).toHaveLength(53);
    const sockets = await Promise.all(
      delegationIds.map((d) => connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', d))),
    );
    const watchers = await Promise.all(
      ['uz', 'kz', 'fr'].map((d) =>
        yClient(demo.cleanup, demo.ts, yjsRoom.meeting(demo.meeting.id), demo.meeting.token('delegate', d)),
      ),
    );

    const acks = await Promise.all(
      sockets.map((s) => sendCommand(s, { id: commandId('ask'), type: 'floor.request', kind: 'statement' })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);

    const list = room(demo.ts, demo.meeting.id).state.floor.lists.aob;
    const entries = queuedEntries(list);
    expect(entries).toHaveLength(53);
    expect(new Set(entries.map((e) => e.delegationId)).size).toBe(53);
    // Each ack names the delegation's own entry, and its place is where the server put it.
    acks.forEach((ack, i) => {
      if (!ack.ok) throw new Error('refused');
      const at = entries.findIndex((e) => e.id === ack.data.createdId);
      expect(entries[at]?.delegationId).toBe(delegationIds[i]);
    });
    // The order of requests is the order of arrival (requestedAt never goes back).
    const times = entries.map((e) => e.requestedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Every delegate's own document says the same place as the server.
    for (const [i, d] of ['uz', 'kz', 'fr'].entries()) {
      const doc = watchers[i]?.doc;
      if (!doc) throw new Error('no watcher');
      const expected = placeOf(list, d);
      await waitFor(() => placeOf(readState(doc)?.floor.lists.aob, d) === expected, 3000, `place of ${d}`);
    }
  });

  it('a delegate that reconnects and retries keeps one entry', async () => {
    await startOpenFloor();
    const first = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const id = commandId('ask');
    const ack1 = await sendCommand(first, { id, type: 'floor.request', kind: 'statement' });
    first.disconnect();
    const second = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const retry = await sendCommand(second, { id, type: 'floor.request', kind: 'statement' });
    // A double click sends a new command id: still the same entry.
    const doubleClick = await sendCommand(second, { id: commandId('ask'), type: 'floor.request', kind: 'statement' });
    if (!ack1.ok || !retry.ok || !doubleClick.ok) throw new Error('refused');
    expect(retry.data).toEqual(ack1.data);
    expect(doubleClick.data.createdId).toBe(ack1.data.createdId);
    expect(queuedEntries(room(demo.ts, demo.meeting.id).state.floor.lists.aob)).toHaveLength(1);
  });

  it('records speaking time by the server clock, at the moment each command took effect', async () => {
    const chair = await startOpenFloor();
    // The server runs in this process, on this clock: each stamp must fall between the command's
    // sending and its ack, whatever the machine's load.
    const giveSent = Date.now();
    const given = await mustCommand(chair, { type: 'floor.give', delegationId: 'uz' });
    const giveAcked = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    const endSent = Date.now();
    const ended = await mustCommand(chair, { type: 'floor.end' });
    const endAcked = Date.now();
    const speeches = Object.values(room(demo.ts, demo.meeting.id).state.floor.speeches);
    expect(speeches).toHaveLength(1);
    const speech = speeches[0];
    if (!speech) throw new Error('no speech');
    expect(speech.delegationId).toBe('uz');
    expect(speech.startedAt).toBe(given.at);
    expect(speech.endedAt).toBe(ended.at);
    expect(speech.startedAt).toBeGreaterThanOrEqual(giveSent);
    expect(speech.startedAt).toBeLessThanOrEqual(giveAcked);
    expect(speech.endedAt).toBeGreaterThanOrEqual(endSent);
    expect(speech.endedAt).toBeLessThanOrEqual(endAcked);
    // No pause: the time spoken is the time between the two.
    expect(speech.spokeMs).toBe(speech.endedAt - speech.startedAt);
    expect(speech.spokeMs).toBeGreaterThanOrEqual(endSent - giveAcked);
    expect(speech.spokeMs).toBeLessThanOrEqual(endAcked - giveSent);
  });

  it('refuses a delegate running the floor and an observer asking; stale commands conflict', async () => {
    await startOpenFloor();
    const uz = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const observer = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('observer'));
    const before = room(demo.ts, demo.meeting.id).state;
    expect(await sendCommand(uz, { id: commandId(), type: 'floor.next' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await sendCommand(uz, { id: commandId(), type: 'floor.give', delegationId: 'uz' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await sendCommand(observer, { id: commandId(), type: 'floor.request', kind: 'statement' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await sendCommand(uz, { id: commandId(), type: 'floor.withdraw', entryId: 'gone' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'entry_not_found' },
    });
    expect(room(demo.ts, demo.meeting.id).state).toEqual(before);
  });
});
