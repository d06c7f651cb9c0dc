import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { readState, yjsRoom, type CommandResult, type MeetingState } from '@rostrum/core';
import {
  commandId,
  connectSocket,
  mustCommand,
  restartServer,
  room,
  sendCommand,
  waitFor,
  yClient,
} from './harness.js';

const demo = useDemoServer();

describe('chair commands reach every delegate', () => {
  it('three delegates converge on the current item; acks carry increasing revisions', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    const delegates = await Promise.all(
      ['uz', 'kz', 'fr'].map((d) =>
        yClient(demo.cleanup, demo.ts, yjsRoom.meeting(demo.meeting.id), demo.meeting.token('delegate', d)),
      ),
    );
    // Every delegate starts from the scheduled meeting the server holds.
    for (const { doc } of delegates) expect(readState(doc)).toEqual(room(demo.ts, demo.meeting.id).state);

    const results: CommandResult[] = [];
    results.push(await mustCommand(chair, { type: 'meeting.open' }));
    results.push(await mustCommand(chair, { type: 'agenda.next' }));
    results.push(await mustCommand(chair, { type: 'agenda.next' }));
    results.push(await mustCommand(chair, { type: 'agenda.next' }));

    const revisions = results.map((r) => r.revision);
    expect(revisions).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < results.length; i++) {
      const prev = results[i - 1];
      const cur = results[i];
      if (!prev || !cur) throw new Error('missing result');
      expect(cur.at).toBeGreaterThanOrEqual(prev.at);
    }

    const server = room(demo.ts, demo.meeting.id).state;
    expect(server.meta.revision).toBe(4);
    expect(server.current.itemId).toBe('council');

    const converged = (s: MeetingState | null) => s !== null && s.meta.revision === 4 && s.current.itemId === 'council';
    await waitFor(
      () => delegates.every(({ doc }) => converged(readState(doc))),
      5000,
      'three delegates to reach "council"',
    );
    for (const { doc } of delegates) {
      const state = readState(doc);
      expect(state).toEqual(server);
      expect(state?.agenda.items.opening?.status).toBe('done');
      expect(state?.agenda.items['sg-address']?.status).toBe('done');
      expect(state?.agenda.items.council?.status).toBe('active');
    }
  });

  it('a delegate joining late receives the current state', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.next' });
    const late = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'de'),
    );
    expect(readState(late.doc)).toEqual(room(demo.ts, demo.meeting.id).state);
    expect(readState(late.doc)?.current.itemId).toBe('opening');
  });
});

describe('permissions', () => {
  it("refuses a delegate's chair commands with forbidden and leaves the state alone", async () => {
    const delegate = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    const r = room(demo.ts, demo.meeting.id);
    const watcher = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('observer'),
    );

    const before = structuredClone(r.state);
    const open = await sendCommand(delegate, { id: commandId(), type: 'meeting.open' });
    expect(open).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.state).toEqual(before);
    expect(r.state.meta.status).toBe('scheduled');

    await mustCommand(chair, { type: 'meeting.open' });
    const opened = structuredClone(r.state);
    expect(opened.meta.revision).toBe(1);

    for (const type of ['agenda.next', 'agenda.previous', 'meeting.close']) {
      const ack = await sendCommand(delegate, { id: commandId(), type });
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const start = await sendCommand(delegate, { id: commandId(), type: 'agenda.start', itemId: 'uz-lab' });
    expect(start).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The secretariat prepares the agenda but does not run the meeting.
    const secretariat = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('secretariat'));
    expect(await sendCommand(secretariat, { id: commandId(), type: 'agenda.next' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    expect(r.state).toEqual(opened);
    // The clients' copy agrees: nothing moved after the chair's open.
    await waitFor(() => readState(watcher.doc)?.meta.revision === 1, 3000, 'the observer to see the open meeting');
    expect(readState(watcher.doc)).toEqual(opened);
    expect(readState(watcher.doc)?.current.itemId).toBeNull();
  });
});

describe('item ids that are special to JavaScript objects', () => {
  it('refuses "__proto__" as an item id, so that the record cannot be corrupted', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.next' });
    const r = room(demo.ts, demo.meeting.id);
    const before = structuredClone(r.state);
    for (const type of ['agenda.start', 'agenda.complete', 'agenda.defer']) {
      const ack = await sendCommand(chair, { id: commandId(), type, itemId: '__proto__' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(r.state).toEqual(before);
    expect(readState(r.meetingDoc.doc)).toEqual(before);
    // The stored record still loads.
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    expect(room(demo.ts, demo.meeting.id).state).toEqual(before);
  });
});
