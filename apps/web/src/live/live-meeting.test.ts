import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_CODES, initialVotes, type Ack, type CommandResult, type MeetingState } from '@rostrum/core';
import { LiveMeeting } from './live-meeting.js';
import { opened, reset, type FakeProvider, type FakeSocket } from './testing/fake-connections.js';

// The two connections are played by the test (testing/fake-connections.ts); the outbox is the real one.
vi.mock('socket.io-client', async () => ({ io: (await import('./testing/fake-connections.js')).fakeIo }));
vi.mock('y-websocket', async () => ({
  WebsocketProvider: (await import('./testing/fake-connections.js')).FakeProvider,
}));

/** The ack timeout, the sends before giving up and the wait for the record (live-meeting.ts). */
const ACK_TIMEOUT_MS = 8000;
const ARRIVAL_TIMEOUT_MS = 5000;

const both = (en: string) => ({ en, ru: en });

/** A meeting under way on its first item, at `revision`. */
function record(revision: number): MeetingState {
  return {
    meta: {
      id: 'm1',
      title: both('Heads of Customs'),
      languages: ['en', 'ru'],
      startsAt: '2021-06-08T10:00:00+02:00',
      timeZone: 'Europe/Brussels',
      videoLink: null,
      interpretationLinks: {},
      status: 'open',
      openedAt: 1,
      closedAt: null,
      revision,
    },
    roster: {
      chair: { name: both('Chair'), delegationId: null },
      delegations: { uz: { id: 'uz', name: both('Uzbekistan') } },
      delegationOrder: ['uz'],
      presenters: {},
    },
    agenda: {
      order: ['opening'],
      items: {
        opening: {
          id: 'opening',
          title: both('Opening'),
          plannedMinutes: 10,
          presenterIds: [],
          documents: [],
          status: 'active',
          startedAt: 1,
          endedAt: null,
          spentMs: 0,
          activeSince: 1,
        },
      },
    },
    current: { itemId: 'opening', since: 1 },
    floor: { lists: {}, speaking: null, lastSpeaker: null, speeches: {} },
    votes: initialVotes({ delegations: [{ id: 'uz' }], proposals: [] }),
  };
}

const accepted = (revision: number): Ack<CommandResult> => ({ ok: true, data: { revision, at: 1000 } });

type Desk = { live: LiveMeeting; socket: FakeSocket; provider: FakeProvider; window: EventTarget };

function openDesk(): Desk {
  const window = new EventTarget();
  vi.stubGlobal('window', window);
  const live = new LiveMeeting('m1', 'token');
  const socket = opened.sockets.at(-1);
  const provider = opened.providers.at(-1);
  if (!socket || !provider) throw new Error('LiveMeeting opened no connections');
  return { live, socket, provider, window };
}

/** Both connections up, the record at `revision`. */
function goLive(desk: Desk, revision = 5): void {
  desk.socket.accept();
  desk.provider.open(record(revision));
}

/** Settles once the promise has; `undefined` while it has not. */
function track<T>(promise: Promise<T>): { value: T | undefined } {
  const out: { value: T | undefined } = { value: undefined };
  void promise.then((v) => (out.value = v));
  return out;
}

/** Lets promise callbacks run (acks are answered synchronously, their promises a microtask later). */
const settled = () => vi.advanceTimersByTimeAsync(0);

/** Whether leaving the page now would ask the user first. */
function leavingAsks(desk: Desk): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  desk.window.dispatchEvent(event);
  return event.defaultPrevented;
}

let desks: LiveMeeting[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('location', { protocol: 'https:', host: 'desk.example' });
  // withYjsAuth subclasses the WebSocket class it is given; the fake provider never constructs one.
  vi.stubGlobal('WebSocket', class {});
  reset();
  desks = [];
});

afterEach(() => {
  for (const live of desks) live.destroy();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function desk(): Desk {
  const d = openDesk();
  desks.push(d.live);
  return d;
}

describe('the outbox of the live desk', () => {
  it('keeps commands made offline and sends them in order, with the ids they were listed under, once both connections are live', async () => {
    const d = desk();
    const first = track(d.live.command({ type: 'agenda.next' }));
    void d.live.command({ type: 'floor.close' });
    const listed = d.live.getSnapshot().pending;
    expect(listed.map((p) => [p.type, p.acked])).toEqual([
      ['agenda.next', false],
      ['floor.close', false],
    ]);
    expect(new Set(listed.map((p) => p.id)).size).toBe(2);
    expect(leavingAsks(d)).toBe(true);

    // Socket.IO alone is not enough: the record must be synced first.
    d.socket.accept();
    expect(d.socket.commands).toHaveLength(0);
    d.provider.open(record(5));
    expect(d.live.getSnapshot().connection).toBe('live');
    expect(d.socket.commands.map((s) => s.args[0])).toEqual([
      { type: 'agenda.next', id: listed[0]?.id },
      { type: 'floor.close', id: listed[1]?.id },
    ]);

    d.socket.commands[0]?.answer(accepted(5));
    await settled();
    expect(first.value).toEqual(accepted(5));
  });

  it('sends a command again with the same id after a lost connection, and answers the caller once', async () => {
    const d = desk();
    goLive(d);
    const result = track(d.live.command({ type: 'agenda.next' }));
    const [sent] = d.socket.commands;
    d.socket.drop();
    expect(d.live.getSnapshot().connection).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(d.socket.commands).toHaveLength(1);
    expect(d.live.getSnapshot().pending.map((p) => p.acked)).toEqual([false]);
    expect(result.value).toBeUndefined();

    d.socket.accept();
    expect(d.socket.commands).toHaveLength(2);
    expect(d.socket.commands[1]?.args[0]).toEqual(sent?.args[0]);
    d.socket.commands[1]?.answer(accepted(5));
    await settled();
    expect(result.value).toEqual(accepted(5));
    expect(d.live.getSnapshot().pending).toEqual([]);
    expect(leavingAsks(d)).toBe(false);
  });

  it('sends a command whose ack is lost again every 8 s with the same id, and gives up after the fourth send', async () => {
    const d = desk();
    goLive(d);
    const result = track(d.live.command({ type: 'agenda.next' }));
    for (let sends = 1; sends <= 4; sends++) {
      expect(d.socket.commands).toHaveLength(sends);
      await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    }
    expect(d.socket.commands).toHaveLength(4);
    expect(new Set(d.socket.commands.map((s) => JSON.stringify(s.args[0]))).size).toBe(1);
    expect(result.value).toEqual({ ok: false, error: { code: 'internal', message: 'timeout' } });
    expect(d.live.getSnapshot().pending).toEqual([]);
  });

  it('does not count a send cut by a lost connection towards giving up', async () => {
    const d = desk();
    goLive(d);
    const result = track(d.live.command({ type: 'agenda.next' }));
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS * 2); // two sends unanswered, the third under way
    expect(d.socket.commands).toHaveLength(3);
    d.socket.drop(); // the third is cut: it counts for nothing
    d.socket.accept();
    expect(d.socket.commands).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS); // a third unanswered send
    expect(result.value).toBeUndefined();
    expect(d.socket.commands).toHaveLength(5);
    // The answer to any send is the answer: the outbox stops sending.
    d.socket.commands[4]?.answer(accepted(5));
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS * 4);
    expect(result.value).toEqual(accepted(5));
    expect(d.socket.commands).toHaveLength(5);
  });

  it('reports an error ack to the caller, drops the command and never sends it again', async () => {
    const d = desk();
    goLive(d);
    const result = track(d.live.command({ type: 'floor.close' }));
    const refused: Ack<CommandResult> = {
      ok: false,
      error: { code: 'conflict', message: 'no agenda item is under way', reason: 'item_not_active' },
    };
    d.socket.commands[0]?.answer(refused);
    await settled();
    expect(result.value).toEqual(refused);
    expect(d.live.getSnapshot().pending).toEqual([]);

    d.socket.drop();
    d.socket.accept();
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS * 4);
    expect(d.socket.commands).toHaveLength(1);
  });

  it('answers the caller at the ack and lists the command as acknowledged until the record shows it', async () => {
    const d = desk();
    goLive(d, 5);
    const result = track(d.live.command({ type: 'agenda.next' }));
    d.socket.commands[0]?.answer(accepted(6));
    await settled();
    expect(result.value).toEqual(accepted(6));
    expect(d.live.getSnapshot().pending.map((p) => [p.type, p.acked])).toEqual([['agenda.next', true]]);
    // Acknowledged is sent: leaving no longer asks, and a reconnection does not send it again.
    expect(leavingAsks(d)).toBe(false);
    d.socket.drop();
    d.socket.accept();
    expect(d.socket.commands).toHaveLength(1);

    d.provider.receive(record(6));
    expect(d.live.getSnapshot().pending).toEqual([]);
  });

  it('stops listing an acknowledged command after 5 s if the record never shows it', async () => {
    const d = desk();
    goLive(d, 5);
    void d.live.command({ type: 'agenda.next' });
    d.socket.commands[0]?.answer(accepted(6));
    await vi.advanceTimersByTimeAsync(ARRIVAL_TIMEOUT_MS - 1);
    expect(d.live.getSnapshot().pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(d.live.getSnapshot().pending).toEqual([]);
  });

  it('settles at once a command whose revision the record already shows', async () => {
    const d = desk();
    goLive(d, 5);
    const result = track(d.live.command({ type: 'agenda.next' }));
    d.provider.receive(record(6));
    d.socket.commands[0]?.answer(accepted(6));
    await settled();
    expect(result.value).toEqual(accepted(6));
    expect(d.live.getSnapshot().pending).toEqual([]);
  });

  it('names the item on screen in a request for the floor, unless the request names one', () => {
    const d = desk();
    goLive(d);
    void d.live.command({ type: 'floor.request', kind: 'statement' });
    void d.live.command({ type: 'floor.request', kind: 'reply', itemId: 'other' });
    expect(d.socket.commands.map((s) => s.args[0])).toMatchObject([
      { type: 'floor.request', kind: 'statement', itemId: 'opening' },
      { type: 'floor.request', kind: 'reply', itemId: 'other' },
    ]);
  });

  it.each([
    ['a refused join', (d: Desk) => d.socket.refuse('unauthorized')],
    ['a meeting not on the server', (d: Desk) => d.socket.refuse('not_found')],
    ['a revoked link', (d: Desk) => d.socket.serverEmit('session_ended', { code: 'unauthorized', reason: 'revoked' })],
    ['a record refused with 4401', (d: Desk) => d.provider.close(CLOSE_CODES.unauthorized)],
  ])('answers everything waiting as unauthorized after %s, and stops', async (_case, refuse) => {
    const d = desk();
    const result = track(d.live.command({ type: 'agenda.next' }));
    refuse(d);
    await settled();
    expect(d.live.getSnapshot().connection).toBe('refused');
    expect(result.value).toEqual({ ok: false, error: { code: 'unauthorized', message: 'the link was refused' } });
    expect(d.live.getSnapshot().pending).toEqual([]);
    expect(d.socket.commands).toHaveLength(0);
  });

  it('tries a join refused as rate_limited again after 10 s', async () => {
    const d = desk();
    d.socket.refuse('rate_limited');
    expect(d.live.getSnapshot().connection).toBe('connecting');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(d.socket.connectCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(d.socket.connectCalls).toBe(1);
  });

  it('answers what waits as internal "closed" when the desk is closed', async () => {
    const d = openDesk();
    const result = track(d.live.command({ type: 'agenda.next' }));
    d.live.destroy();
    await settled();
    expect(result.value).toEqual({ ok: false, error: { code: 'internal', message: 'closed' } });
    expect(leavingAsks(d)).toBe(false);
  });
});

describe('a degraded server', () => {
  const storeDown: Ack<CommandResult> = {
    ok: false,
    error: { code: 'store_unavailable', message: 'the store is unavailable', retryable: true },
  };
  const status = (store: 'ok' | 'unavailable', peers: 'ok' | 'unavailable', revision: number) => ({
    store,
    peers,
    revision,
  });

  it('keeps a command the store could not take and sends it again with the same id, with a backoff, and at once when the store is back', async () => {
    const d = desk();
    goLive(d);
    const result = track(d.live.command({ type: 'agenda.next' }));
    d.socket.commands[0]?.answer(storeDown);
    await settled();
    expect(result.value).toBeUndefined();
    expect(d.live.getSnapshot().pending.map((p) => p.acked)).toEqual([false]);
    expect(d.live.getSnapshot().degraded).toEqual({ peers: false, store: true });
    expect(leavingAsks(d)).toBe(true);

    await vi.advanceTimersByTimeAsync(999);
    expect(d.socket.commands).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(d.socket.commands).toHaveLength(2);
    d.socket.commands[1]?.answer(storeDown);
    await vi.advanceTimersByTimeAsync(1999);
    expect(d.socket.commands).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(d.socket.commands).toHaveLength(3);
    d.socket.commands[2]?.answer(storeDown);
    // Refusals do not count towards giving up: still waiting long after four ack timeouts.
    await vi.advanceTimersByTimeAsync(1000);
    expect(d.socket.commands).toHaveLength(3);

    // The server says the store is back: sent now, not at the end of the 4 s wait.
    d.socket.serverEmit('status', status('ok', 'ok', 5));
    expect(d.socket.commands).toHaveLength(4);
    expect(new Set(d.socket.commands.map((s) => JSON.stringify(s.args[0]))).size).toBe(1);
    d.socket.commands[3]?.answer(accepted(6));
    d.provider.receive(record(6));
    await settled();
    expect(result.value).toEqual(accepted(6));
    expect(d.live.getSnapshot().pending).toEqual([]);
    expect(d.live.getSnapshot().degraded).toEqual({ peers: false, store: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(d.socket.commands).toHaveLength(4);
  });

  it('shows that the server cannot reach the others, from its status and from a degraded ack', async () => {
    const d = desk();
    goLive(d);
    d.socket.serverEmit('status', status('ok', 'unavailable', 5));
    expect(d.live.getSnapshot().degraded).toEqual({ peers: true, store: false });
    d.socket.serverEmit('status', status('ok', 'ok', 5));
    expect(d.live.getSnapshot().degraded).toEqual({ peers: false, store: false });
    const result = track(d.live.command({ type: 'agenda.next' }));
    d.socket.commands[0]?.answer({ ok: true, data: { revision: 6, at: 1000, degraded: true } });
    await settled();
    expect(result.value).toMatchObject({ ok: true });
    expect(d.live.getSnapshot().degraded).toEqual({ peers: true, store: false });
  });

  it('resyncs the record without a reload when it stays behind the revision the server announced', async () => {
    const d = desk();
    goLive(d, 5);
    // Caught up in time: nothing to do.
    d.socket.serverEmit('status', status('ok', 'ok', 6));
    d.provider.receive(record(6));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(d.provider.connectCalls).toBe(0);

    // An update lost on the way: the record stays at 6 while the server holds 9.
    d.socket.serverEmit('status', status('ok', 'ok', 9));
    await vi.advanceTimersByTimeAsync(2999);
    expect(d.provider.connectCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(d.provider.connectCalls).toBe(1);
    expect(d.provider.stopped).toBe(false);
  });
});
