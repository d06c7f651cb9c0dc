// The room in memory: a fake store and a fake clock, no server, no sockets. Each test runs in
// milliseconds and drives time instead of sleeping.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  meetingDefinitionSchema,
  readState,
  type Ack,
  type Command,
  type CommandInput,
  type CommandResult,
  type Principal,
} from '@rostrum/core';
import { createLogger } from '../platform/logger.js';
import { demoMeeting } from '../tools/demo.js';
import { MeetingRoom } from './meeting-room.js';
import { FakeDocSocket, updateFrame } from '../yjs/testing/fake-doc-socket.js';
import { FakeClock, settle } from './testing/fake-clock.js';
import { MemoryStore } from './testing/memory-store.js';

const MEETING = 'wco-eu-2021';
const FLUSH_MS = 20;

function principal(role: Principal['role'], inviteId: string, delegationId: string | null = null): Principal {
  return { meetingId: MEETING, inviteId, role, delegationId, presenterId: null, seat: 'head' };
}
const chair = principal('chair', 'inv-chair');
const delegate = (id: string) => principal('delegate', `inv-${id}`, id);

async function openRoom(opts: { store?: MemoryStore; failures?: unknown[] } = {}) {
  const store = opts.store ?? new MemoryStore();
  const clock = new FakeClock();
  const roomOptions = {
    store,
    logger: createLogger('silent'),
    now: clock.now,
    timers: clock,
    minFlushIntervalMs: FLUSH_MS,
    onStorageFailure: (err: unknown) => opts.failures?.push(err),
    inviteTtlMs: 60_000,
  };
  const record = { id: MEETING, definition: meetingDefinitionSchema.parse(demoMeeting()), createdAt: clock.now() };
  const existing = await store.getMeeting(MEETING);
  const room = existing
    ? await MeetingRoom.load(existing, roomOptions)
    : await MeetingRoom.create(record, [], roomOptions);
  return { store, clock, room };
}

let n = 0;
const cmd = (c: CommandInput): Command => ({ id: `cmd-${++n}-abcdefgh`, ...c }) as Command;

/** Submits and lets the clock run the flush; returns the ack. */
async function run(clock: FakeClock, ack: Promise<Ack<CommandResult>>): Promise<Ack<CommandResult>> {
  await clock.advance(FLUSH_MS);
  return ack;
}

describe('the batch pipeline', () => {
  it('commits the commands of one tick together and answers each only after the commit', async () => {
    const { store, clock, room } = await openRoom();
    await run(clock, room.submit(chair, cmd({ type: 'meeting.open' })));
    await run(clock, room.submit(chair, cmd({ type: 'agenda.start', itemId: 'uz-lab' })));
    const commitsBefore = store.commits;
    const answered: string[] = [];
    const acks = ['de', 'fr', 'it'].map((d) =>
      room.submit(delegate(d), cmd({ type: 'floor.request', kind: 'statement' })).then((ack) => {
        answered.push(d);
        return ack;
      }),
    );
    await settle();
    // Nothing is answered before the flush: the commit has not happened.
    expect(answered).toEqual([]);
    await clock.advance(FLUSH_MS);
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
    expect(store.commits).toBe(commitsBefore + 1);
    expect((await store.listCommands(MEETING)).slice(-3).map((c) => c.principal.delegationId)).toEqual([
      'de',
      'fr',
      'it',
    ]);
  });

  it('answers a retry with the first result and refuses the same id on another command', async () => {
    const { store, clock, room } = await openRoom();
    const open = cmd({ type: 'meeting.open' });
    const first = await run(clock, room.submit(chair, open));
    const again = await run(clock, room.submit(chair, { ...open }));
    expect(again).toEqual(first);
    const reused = await run(clock, room.submit(chair, { ...open, type: 'meeting.close' } as Command));
    expect(reused).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'command_id_reused' } });
    // A twin in the same batch gets the ack of the first, and one row is stored.
    const start = cmd({ type: 'agenda.start', itemId: 'uz-lab' });
    const both = Promise.all([room.submit(chair, start), room.submit(chair, { ...start })]);
    await clock.advance(FLUSH_MS);
    const [a, b] = await both;
    expect(a).toMatchObject({ ok: true });
    expect(a).toEqual(b);
    expect((await store.listCommands(MEETING)).filter((c) => c.commandId === start.id)).toHaveLength(1);
  });

  it('acknowledges nothing it did not store, and takes no command after the store failed', async () => {
    const failures: unknown[] = [];
    const { store, clock, room } = await openRoom({ failures });
    store.failNextCommit = true;
    const ack = await run(clock, room.submit(chair, cmd({ type: 'meeting.open' })));
    expect(ack).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(failures).toHaveLength(1);
    expect(await store.listCommands(MEETING)).toEqual([]);
    const later = await run(clock, room.submit(chair, cmd({ type: 'meeting.open' })));
    expect(later).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('rebuilds the record, the ballots and the receipts from the store', async () => {
    const { store, clock, room } = await openRoom();
    const open = cmd({ type: 'meeting.open' });
    const first = await run(clock, room.submit(chair, open));
    await run(clock, room.submit(chair, cmd({ type: 'agenda.start', itemId: 'uz-lab' })));
    const reopened = await openRoom({ store });
    expect(reopened.room.state).toEqual(room.state);
    expect(readState(reopened.room.meetingDoc.doc)).toEqual(room.state);
    expect(await run(reopened.clock, reopened.room.submit(chair, { ...open }))).toEqual(first);
  });
});

describe('the room clock', () => {
  it('stamps a speech when its commands take effect (the flush), not when they were sent', async () => {
    const { clock, room } = await openRoom();
    await run(clock, room.submit(chair, cmd({ type: 'meeting.open' })));
    await run(clock, room.submit(chair, cmd({ type: 'agenda.start', itemId: 'uz-lab' })));
    const given = await run(clock, room.submit(chair, cmd({ type: 'floor.give', delegationId: 'de' })));
    await clock.advance(400_000);
    // A command has just been committed: the next one waits out the flush interval and takes
    // effect then, which is the moment the record keeps.
    const request = room.submit(delegate('fr'), cmd({ type: 'floor.request', kind: 'statement' }));
    await clock.advance(0);
    expect(await request).toMatchObject({ ok: true });
    const sent = clock.now();
    const ended = await run(clock, room.submit(chair, cmd({ type: 'floor.end' })));
    if (!given.ok || !ended.ok) throw new Error(`refused: ${JSON.stringify([given, ended])}`);
    expect(ended.data.at).toBe(sent + FLUSH_MS);
    expect(Object.values(room.state.floor.speeches)).toEqual([
      expect.objectContaining({
        delegationId: 'de',
        startedAt: given.data.at,
        endedAt: ended.data.at,
        spokeMs: FLUSH_MS + 400_000 + FLUSH_MS,
      }),
    ]);
  });
});

describe('poll deadlines', () => {
  it('closes a no-objection procedure when the clock passes its deadline, not before', async () => {
    const { clock, room } = await openRoom();
    await run(clock, room.submit(chair, cmd({ type: 'meeting.open' })));
    await run(clock, room.submit(chair, cmd({ type: 'agenda.start', itemId: 'uz-lab' })));
    const opened = await run(
      clock,
      room.submit(
        chair,
        cmd({
          type: 'poll.open',
          proposalId: 'uz-lab-proposal',
          method: 'no_objection',
          secrecy: 'roll_call',
          majority: 'consensus',
          quorum: 0,
          durationSeconds: 30,
        }),
      ),
    );
    if (!opened.ok || opened.data.createdId === undefined) throw new Error(`poll.open: ${JSON.stringify(opened)}`);
    const pollId = opened.data.createdId;
    await clock.advance(29_000);
    expect(room.state.votes.polls[pollId]?.status).toBe('open');
    await clock.advance(1_000 + FLUSH_MS);
    expect(room.state.votes.polls[pollId]).toMatchObject({ status: 'closed', closedBy: 'deadline' });
  });
});

describe('the notes document', () => {
  it('stores a writer’s update before relaying it to the others, and keeps it across a reload', async () => {
    const { store, room } = await openRoom();
    const writer = new Y.Doc();
    writer.getText('item:opening').insert(0, 'Opened at 10:00.');
    const from = new FakeDocSocket();
    const reader = new FakeDocSocket();
    const connection = room.notesDoc.addConnection(from, true);
    room.notesDoc.addConnection(reader, false);
    const writerSent = from.sent.length;
    connection.receive(updateFrame(Y.encodeStateAsUpdate(writer)), true);
    await settle();
    expect(await store.updatesSince(MEETING, 'notes', 0)).toHaveLength(1);
    expect(room.notesDoc.doc.getText('item:opening').toString()).toBe('Opened at 10:00.');
    // Relayed to the reader, not echoed to the writer.
    expect(reader.sent).toHaveLength(1);
    expect(from.sent).toHaveLength(writerSent);
    const reopened = await openRoom({ store });
    expect(reopened.room.notesDoc.doc.getText('item:opening').toString()).toBe('Opened at 10:00.');
  });

  it('stores, applies and relays nothing from a read-only connection', async () => {
    const { store, room } = await openRoom();
    const chairSocket = new FakeDocSocket();
    const secretariat = new FakeDocSocket();
    room.notesDoc.addConnection(secretariat, true);
    const secretariatSent = secretariat.sent.length;
    const connection = room.notesDoc.addConnection(chairSocket, false);
    const forged = new Y.Doc();
    forged.getText('item:opening').insert(0, 'forged');
    connection.receive(updateFrame(Y.encodeStateAsUpdate(forged)), true);
    await settle();
    expect(await store.updatesSince(MEETING, 'notes', 0)).toEqual([]);
    expect(room.notesDoc.stats.dropped).toBe(1);
    expect(Y.encodeStateVector(room.notesDoc.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
    expect(secretariat.sent).toHaveLength(secretariatSent);
    expect(chairSocket.closedWith).toBeNull();
  });
});
