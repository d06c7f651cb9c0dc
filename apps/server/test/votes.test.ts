import { useDemoServer } from './fixture.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  BALLOT_CHOICES,
  readDocJson,
  seatSchema,
  withYjsAuth,
  yjsRoom,
  type Ack,
  type BallotChoice,
  type CommandResult,
  type Poll,
  type Seat,
} from '@rostrum/core';
import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import {
  ADMIN_TOKEN,
  commandId,
  connectSocket,
  mustCommand,
  requestJson,
  restartServer,
  room,
  sendCommand,
  waitFor,
  type ClientSocket,
} from './harness.js';

const demo = useDemoServer({ rateLimits: { ...DEFAULT_RATE_LIMITS, connectionsPerAddress: 1000 } });

let chair: ClientSocket;
/** Delegation id → seat → token. */
let seats: Map<string, Record<Seat, string>>;

const PROPOSAL = 'uz-lab-proposal';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The head and deputy tokens of every delegation, read from the staff links endpoint. */
async function delegateSeats(): Promise<Map<string, Record<Seat, string>>> {
  const res = await requestJson(demo.ts, `/api/meetings/${demo.meeting.id}/links`, { token: ADMIN_TOKEN });
  if (!isRecord(res.body) || !Array.isArray(res.body.data)) throw new Error('unexpected links response');
  const out = new Map<string, Partial<Record<Seat, string>>>();
  for (const link of res.body.data) {
    if (
      !isRecord(link) ||
      link.role !== 'delegate' ||
      typeof link.delegationId !== 'string' ||
      typeof link.url !== 'string'
    )
      continue;
    const seat = seatSchema.parse(link.seat);
    const token = link.url.split('#t=')[1];
    if (!token) throw new Error('no token in link');
    out.set(link.delegationId, { ...out.get(link.delegationId), [seat]: token });
  }
  const full = new Map<string, Record<Seat, string>>();
  for (const [d, s] of out) {
    if (!s.head || !s.deputy) throw new Error(`delegation ${d} lacks a seat`);
    full.set(d, { head: s.head, deputy: s.deputy });
  }
  return full;
}

function tokenOf(delegationId: string, seat: Seat = 'head'): string {
  const s = seats.get(delegationId);
  if (!s) throw new Error(`no delegation ${delegationId}`);
  return s[seat];
}

const delegationIds = () => room(demo.ts, demo.meeting.id).state.roster.delegationOrder;

function poll(pollId: string): Poll {
  const p = room(demo.ts, demo.meeting.id).state.votes.polls[pollId];
  if (!p) throw new Error(`no poll ${pollId}`);
  return p;
}

async function openPoll(options: Record<string, unknown> = {}): Promise<string> {
  const result = await mustCommand(chair, {
    type: 'poll.open',
    proposalId: PROPOSAL,
    method: 'vote',
    secrecy: 'anonymous',
    majority: 'simple',
    quorum: 0.5,
    ...options,
  });
  if (!result.createdId) throw new Error('poll.open created nothing');
  return result.createdId;
}

/** Connects, sends one command, disconnects: one "visit" of a delegate's browser. */
async function visit(token: string, command: Record<string, unknown>): Promise<Ack<CommandResult>> {
  const socket = await connectSocket(demo.cleanup, demo.ts, token);
  const ack = await sendCommand(socket, command);
  socket.disconnect();
  return ack;
}

beforeEach(async () => {
  // Every seat of 53 delegations listens from 127.0.0.1 (Socket.IO and Yjs): past the default
  // cap of connections per address, which is not what this file tests (rate-limits.test.ts does).
  seats = await delegateSeats();
  chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
  await mustCommand(chair, { type: 'meeting.open' });
  await mustCommand(chair, { type: 'agenda.start', itemId: 'uz-lab' });
});

describe('a vote storm', () => {
  it('53 delegations vote at once, each retrying 3 times across reconnects, some changing their vote: the tally is exact', async () => {
    const ids = delegationIds();
    expect(ids).toHaveLength(53);
    const pollId = await openPoll({ secrecy: 'anonymous' });
    const revisionBefore = room(demo.ts, demo.meeting.id).state.meta.revision;
    const first = new Map<string, { id: string; choice: BallotChoice }>();
    ids.forEach((d, i) => first.set(d, { id: commandId(`ballot-${d}`), choice: BALLOT_CHOICES[i % 3] ?? 'support' }));

    // Every delegation at once; each sends its ballot three times with the same id, on three connections.
    const acks = await Promise.all(
      ids.map(async (d) => {
        const b = first.get(d);
        if (!b) throw new Error('no ballot');
        const mine: Array<Ack<CommandResult>> = [];
        for (let attempt = 0; attempt < 3; attempt++)
          mine.push(await visit(tokenOf(d), { id: b.id, type: 'poll.vote', pollId, choice: b.choice }));
        return mine;
      }),
    );
    for (const mine of acks) {
      expect(mine[0]?.ok).toBe(true);
      // A retry returns the first ack: same receipt time, same revision.
      expect(mine[1]).toEqual(mine[0]);
      expect(mine[2]).toEqual(mine[0]);
    }
    expect(poll(pollId).votedCount).toBe(53);
    expect(room(demo.ts, demo.meeting.id).state.meta.revision).toBe(revisionBefore + 53);

    // Every fourth delegation changes its vote (a new command id); then an old retry arrives late.
    const changers = ids.filter((_, i) => i % 4 === 0);
    const final = new Map([...first].map(([d, b]) => [d, b.choice]));
    await Promise.all(
      changers.map(async (d) => {
        const b = first.get(d);
        if (!b) throw new Error('no ballot');
        const next = BALLOT_CHOICES[(BALLOT_CHOICES.indexOf(b.choice) + 1) % 3] ?? 'support';
        final.set(d, next);
        const change = commandId(`change-${d}`);
        const changed = await visit(tokenOf(d), { id: change, type: 'poll.vote', pollId, choice: next });
        expect(changed.ok).toBe(true);
        expect(await visit(tokenOf(d), { id: change, type: 'poll.vote', pollId, choice: next })).toEqual(changed);
        const late = await visit(tokenOf(d), { id: b.id, type: 'poll.vote', pollId, choice: b.choice });
        expect(late).toEqual(acks[ids.indexOf(d)]?.[0]);
      }),
    );
    expect(room(demo.ts, demo.meeting.id).state.meta.revision).toBe(revisionBefore + 53 + changers.length);
    for (const [d, choice] of final)
      expect(room(demo.ts, demo.meeting.id).secret.ballots[pollId]?.[d]?.choice).toBe(choice);

    await mustCommand(chair, { type: 'poll.close', pollId });
    const expected = { support: 0, object: 0, abstain: 0 };
    for (const choice of final.values()) expected[choice] += 1;
    expect(expected.support + expected.object + expected.abstain).toBe(53);
    expect(poll(pollId).result).toMatchObject({
      entitled: 53,
      voted: 53,
      present: 53,
      tally: expected,
      quorumMet: true,
    });
    expect(poll(pollId).tally).toEqual(expected);
  });
});

describe('bad ballots', () => {
  it('refuses a ballot on a closed or unknown poll, from a deputy without the right, with a malformed choice; nothing changes', async () => {
    const pollId = await openPoll({ secrecy: 'roll_call' });
    const head = await connectSocket(demo.cleanup, demo.ts, tokenOf('uz', 'head'));
    const deputy = await connectSocket(demo.cleanup, demo.ts, tokenOf('uz', 'deputy'));
    const observer = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('observer'));
    await mustCommand(head, { type: 'poll.vote', pollId, choice: 'support' });
    const r = room(demo.ts, demo.meeting.id);
    const snapshot = () => structuredClone({ state: r.state, secret: r.secret });
    let before = snapshot();

    const refusals: Array<[ClientSocket, Record<string, unknown>, Record<string, unknown>]> = [
      [deputy, { pollId, choice: 'object' }, { code: 'forbidden' }],
      [head, { pollId, choice: 'maybe' }, { code: 'invalid' }],
      [head, { pollId, choice: 'support', extra: 1 }, { code: 'invalid' }],
      [head, { pollId: 'no-such-poll', choice: 'object' }, { code: 'conflict', reason: 'poll_not_found' }],
      [observer, { pollId, choice: 'object' }, { code: 'forbidden' }],
      [chair, { pollId, choice: 'object' }, { code: 'forbidden' }],
    ];
    for (const [socket, payload, error] of refusals) {
      expect(await sendCommand(socket, { id: commandId(), type: 'poll.vote', ...payload })).toMatchObject({
        ok: false,
        error,
      });
      expect(snapshot()).toEqual(before);
    }
    // The deputy may not take the right; the head hands it over, and then only the deputy votes.
    expect(await sendCommand(deputy, { id: commandId(), type: 'voter.designate', seat: 'deputy' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await mustCommand(head, { type: 'voter.designate', seat: 'deputy' });
    expect(r.state.votes.voterSeats.uz).toBe('deputy');
    before = snapshot();
    expect(await sendCommand(head, { id: commandId(), type: 'poll.vote', pollId, choice: 'object' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(snapshot()).toEqual(before);
    await mustCommand(deputy, { type: 'poll.vote', pollId, choice: 'abstain' });
    expect(poll(pollId)).toMatchObject({ votedCount: 1, rollCall: { uz: { choice: 'abstain' } } });

    await mustCommand(chair, { type: 'poll.close', pollId });
    before = snapshot();
    expect(await sendCommand(deputy, { id: commandId(), type: 'poll.vote', pollId, choice: 'support' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'poll_closed' },
    });
    expect(snapshot()).toEqual(before);
  });
});

/** Any place of a public record where a delegation is tied to a choice. */
function choiceLeaks(value: unknown, delegations: ReadonlySet<string>, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => choiceLeaks(v, delegations, `${path}[${i}]`));
  if (!isRecord(value)) return [];
  const leaks: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (key === 'choice') leaks.push(here);
    if (delegations.has(key) && BALLOT_CHOICES.some((c) => JSON.stringify(v).includes(c))) leaks.push(here);
    leaks.push(...choiceLeaks(v, delegations, here));
  }
  return leaks;
}

function bytes(data: RawData | ArrayBuffer): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

/** A delegate's connections, recording everything the server sends them. */
type Listener = { label: string; events: string[]; frames: Uint8Array[]; states: unknown[]; doc: Y.Doc };

async function listen(token: string, label: string): Promise<Listener> {
  const events: string[] = [];
  const frames: Uint8Array[] = [];
  const states: unknown[] = [];
  const socket = await connectSocket(demo.cleanup, demo.ts, token, (s) =>
    s.onAny((event: string, ...args: unknown[]) => events.push(JSON.stringify([event, ...args]))),
  );
  void socket;
  // A WebSocket that keeps a copy of every frame the Yjs endpoint sends.
  class RecordingWebSocket extends withYjsAuth(WebSocket, token) {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: RawData | ArrayBuffer) => frames.push(bytes(data)));
    }
  }
  const doc = new Y.Doc();
  doc.on('update', () => states.push(readDocJson(doc)));
  const provider = new WebsocketProvider(demo.ts.yjsUrl, yjsRoom.meeting(demo.meeting.id), doc, {
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  demo.cleanup.add(provider, (p) => p.destroy());
  await waitFor(() => provider.synced, 5000, `sync of ${label}`);
  return { label, events, frames, states, doc };
}

const text = (frame: Uint8Array) => Buffer.from(frame).toString('utf8');

describe('anonymous polls', () => {
  // y-websocket adds a process 'exit' listener per provider; 106 of them are expected here.
  const maxListeners = process.getMaxListeners();
  beforeEach(() => void process.setMaxListeners(200));
  afterEach(() => void process.setMaxListeners(maxListeners));

  it('no individual choice reaches any delegate connection: not over Socket.IO, not in any Yjs frame or document state', async () => {
    const ids = delegationIds();
    const everyone = new Set(ids);
    // Every seat of every delegation listens, both the head and the deputy.
    const listeners = await Promise.all(
      ids.flatMap((d) => (['head', 'deputy'] as const).map((seat) => listen(tokenOf(d, seat), `${d}/${seat}`))),
    );
    expect(listeners).toHaveLength(106);

    const pollId = await openPoll({ secrecy: 'anonymous', quorum: 0.5 });
    const ballots = await Promise.all(
      ids.map(async (d, i) => {
        const socket = await connectSocket(demo.cleanup, demo.ts, tokenOf(d));
        const ack = await sendCommand(socket, {
          id: commandId(),
          type: 'poll.vote',
          pollId,
          choice: BALLOT_CHOICES[i % 3],
        });
        // A few change their minds.
        const change =
          i % 7 === 0
            ? await sendCommand(socket, {
                id: commandId(),
                type: 'poll.vote',
                pollId,
                choice: BALLOT_CHOICES[(i + 1) % 3],
              })
            : null;
        return { ack, change };
      }),
    );
    for (const { ack, change } of ballots) {
      expect(ack.ok).toBe(true);
      if (change) expect(change.ok).toBe(true);
      // The voter's own receipt carries the time, not the choice.
      expect(JSON.stringify(ack)).not.toMatch(/support|object|abstain/);
    }
    await waitFor(
      () =>
        listeners.every(
          (l) =>
            readDocJson(l.doc).votes !== undefined && JSON.stringify(readDocJson(l.doc)).includes('"votedCount":53'),
        ),
      5000,
      'every listener to see 53 ballots',
    );

    // While the poll is open no choice word appears anywhere, in any frame or event.
    for (const l of listeners) {
      expect(l.frames.length).toBeGreaterThan(0);
      for (const frame of l.frames) expect(text(frame)).not.toMatch(/support|object|abstain/);
      for (const event of l.events) expect(event).not.toMatch(/support|object|abstain/);
    }

    await mustCommand(chair, { type: 'poll.close', pollId });
    await waitFor(
      () => listeners.every((l) => JSON.stringify(readDocJson(l.doc)).includes('"outcome"')),
      5000,
      'every listener to see the result',
    );
    // After the close the totals are public, but no state ever tied a delegation to a choice.
    for (const l of listeners) {
      for (const state of l.states) expect(choiceLeaks(state, everyone)).toEqual([]);
      for (const event of l.events) expect(event).not.toMatch(/support|object|abstain/);
    }
    const result = poll(pollId).result;
    expect(result?.voted).toBe(53);
    expect(result?.tally).toEqual(room(demo.ts, demo.meeting.id).state.votes.polls[pollId]?.tally);

    // The detector does find a choice where one is public: a roll-call poll.
    const rollCall = await openPoll({ secrecy: 'roll_call' });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('uz')), {
      type: 'poll.vote',
      pollId: rollCall,
      choice: 'object',
    });
    const first = listeners[0];
    if (!first) throw new Error('no listener');
    await waitFor(() => choiceLeaks(readDocJson(first.doc), everyone).length > 0, 5000, 'the roll-call choice to show');
    expect(choiceLeaks(readDocJson(first.doc), everyone)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.rollCall\.uz$/)]),
    );
  });
});

describe('durability', () => {
  it('counts the ballots cast before a restart: the secret ballots are replayed from the log', async () => {
    const ids = delegationIds().slice(0, 15);
    const pollId = await openPoll({ secrecy: 'anonymous', quorum: 0 });
    const expected = new Map<string, BallotChoice>();
    const firstAcks = new Map<string, { id: string; ack: Ack<CommandResult>; choice: BallotChoice }>();
    for (const [i, d] of ids.slice(0, 10).entries()) {
      const choice = BALLOT_CHOICES[i % 3] ?? 'support';
      const id = commandId();
      firstAcks.set(d, { id, choice, ack: await visit(tokenOf(d), { id, type: 'poll.vote', pollId, choice }) });
      expect(firstAcks.get(d)?.ack.ok).toBe(true);
      expected.set(d, choice);
    }
    for (const d of ids.slice(0, 2)) {
      await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf(d)), {
        type: 'poll.vote',
        pollId,
        choice: 'object',
      });
      expected.set(d, 'object');
    }
    const secretBefore = structuredClone(room(demo.ts, demo.meeting.id).secret);
    const stateBefore = structuredClone(room(demo.ts, demo.meeting.id).state);

    demo.ts = await restartServer(demo.cleanup, demo.ts);
    expect(room(demo.ts, demo.meeting.id).secret).toEqual(secretBefore);
    expect(room(demo.ts, demo.meeting.id).state).toEqual(stateBefore);
    chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));

    // A retry from before the restart is still a retry: same ack, no change.
    const [d0, first] = [...firstAcks][0] ?? [];
    if (!d0 || !first) throw new Error('no first ballot');
    expect(await visit(tokenOf(d0), { id: first.id, type: 'poll.vote', pollId, choice: first.choice })).toEqual(
      first.ack,
    );
    for (const [i, d] of ids.slice(10).entries()) {
      const choice = BALLOT_CHOICES[i % 3] ?? 'support';
      await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf(d)), { type: 'poll.vote', pollId, choice });
      expected.set(d, choice);
    }
    await mustCommand(chair, { type: 'poll.close', pollId });
    const tally = { support: 0, object: 0, abstain: 0 };
    for (const c of expected.values()) tally[c] += 1;
    expect(poll(pollId).result).toMatchObject({ voted: 15, tally });
  });

  it('closes a no-objection procedure at its deadline by itself, also when the server restarted meanwhile', async () => {
    const pollId = await openPoll({
      method: 'no_objection',
      secrecy: 'roll_call',
      majority: 'consensus',
      quorum: 0,
      durationSeconds: 2,
    });
    const closesAt = poll(pollId).closesAt ?? 0;
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('de')), {
      type: 'poll.vote',
      pollId,
      choice: 'object',
    });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('de')), {
      type: 'poll.vote',
      pollId,
      choice: 'support',
    }); // withdrawn
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    await waitFor(() => poll(pollId).status === 'closed', 8000, 'the server to close the poll');
    expect(poll(pollId)).toMatchObject({
      closedBy: 'deadline',
      result: { outcome: 'passed', tally: { support: 1, object: 0 } },
    });
    expect(poll(pollId).closedAt).toBeGreaterThanOrEqual(closesAt);
    // A ballot after the deadline is refused.
    const late = await sendCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('fr')), {
      id: commandId(),
      type: 'poll.vote',
      pollId,
      choice: 'object',
    });
    expect(late).toMatchObject({ ok: false, error: { reason: 'poll_closed' } });
  });
});

describe('quorum', () => {
  it('counts the delegations connected when the poll closes', async () => {
    const ids = delegationIds();
    // 20 delegations connected (5 of them vote): 20 of 53 is under half.
    await Promise.all(ids.slice(0, 20).map((d) => connectSocket(demo.cleanup, demo.ts, tokenOf(d, 'deputy'))));
    const pollId = await openPoll({ quorum: 0.5 });
    for (const d of ids.slice(0, 5))
      await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf(d)), {
        type: 'poll.vote',
        pollId,
        choice: 'support',
      });
    await mustCommand(chair, { type: 'poll.close', pollId });
    expect(poll(pollId).result).toMatchObject({
      present: 20,
      quorumRequired: 27,
      quorumMet: false,
      outcome: 'no_quorum',
    });
    // Ten more join: 30 present.
    await Promise.all(ids.slice(20, 30).map((d) => connectSocket(demo.cleanup, demo.ts, tokenOf(d))));
    const second = await openPoll({ quorum: 0.5 });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('uz')), {
      type: 'poll.vote',
      pollId: second,
      choice: 'support',
    });
    await mustCommand(chair, { type: 'poll.close', pollId: second });
    expect(poll(second).result).toMatchObject({ present: 31, quorumMet: true, outcome: 'passed' });
  });
});

describe('results export', () => {
  it('gives the chair and secretariat CSV and JSON; delegates and observers get 403; anonymous polls list voters, not choices', async () => {
    const anonymous = await openPoll({ secrecy: 'anonymous', quorum: 0 });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('uz')), {
      type: 'poll.vote',
      pollId: anonymous,
      choice: 'object',
    });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('kz')), {
      type: 'poll.vote',
      pollId: anonymous,
      choice: 'abstain',
    });
    await mustCommand(chair, { type: 'poll.close', pollId: anonymous });
    const rollCall = await openPoll({ secrecy: 'roll_call', quorum: 0 });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('az')), {
      type: 'voter.designate',
      seat: 'deputy',
    });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('az', 'deputy')), {
      type: 'poll.vote',
      pollId: rollCall,
      choice: 'support',
    });
    await mustCommand(chair, { type: 'poll.close', pollId: rollCall });
    await mustCommand(chair, {
      type: 'decision.record',
      agendaItemId: 'uz-lab',
      pollId: rollCall,
      text: { en: 'The meeting supported the proposal.', ru: 'Участники совещания поддержали предложение.' },
      outcome: 'supported',
    });

    const path = `/api/meetings/${demo.meeting.id}/results`;
    for (const token of [
      tokenOf('uz'),
      tokenOf('uz', 'deputy'),
      demo.meeting.token('observer'),
      demo.meeting.token('presenter'),
    ]) {
      for (const suffix of ['.json', '.csv']) {
        const res = await requestJson(demo.ts, `${path}${suffix}`, { token });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect((await requestJson(demo.ts, `${path}.json`)).status).toBe(401);

    for (const token of [demo.meeting.token('chair'), demo.meeting.token('secretariat'), ADMIN_TOKEN]) {
      const json = await requestJson(demo.ts, `${path}.json`, { token });
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({
        ok: true,
        data: {
          polls: [
            {
              id: anonymous,
              secrecy: 'anonymous',
              ballots: null,
              voters: [{ delegationId: 'kz' }, { delegationId: 'uz' }],
              result: { tally: { support: 0, object: 1, abstain: 1 } },
            },
            { id: rollCall, ballots: [{ delegationId: 'az', choice: 'support', castBy: 'deputy' }] },
          ],
          decisions: [{ pollId: rollCall, proposalId: PROPOSAL, outcome: 'supported' }],
        },
      });
      const polls =
        isRecord(json.body) && isRecord(json.body.data) && Array.isArray(json.body.data.polls)
          ? json.body.data.polls
          : [];
      expect(JSON.stringify(polls[0]?.voters)).not.toMatch(/support|object|abstain/);
    }

    const res = await fetch(`${demo.ts.url}${path}.csv`, {
      headers: { authorization: `Bearer ${demo.meeting.token('secretariat')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]?.startsWith('record,poll_id,')).toBe(true);
    const voterRows = csv.filter((l) => l.startsWith('voter,'));
    expect(voterRows).toHaveLength(2);
    for (const row of voterRows) expect(row).not.toMatch(/support|object|abstain/);
    expect(csv.filter((l) => l.startsWith('ballot,'))).toEqual([expect.stringContaining(',deputy,support,')]);
    expect(
      csv.some((l) => l.startsWith('decision,') && l.includes('Участники совещания поддержали предложение.')),
    ).toBe(true);
    expect((await requestJson(demo.ts, `${path}?format=xml`, { token: demo.meeting.token('chair') })).status).toBe(400);
  });
});
