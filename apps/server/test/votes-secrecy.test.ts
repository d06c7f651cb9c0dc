import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BALLOT_CHOICES, readDocJson, withYjsAuth, yjsRoom } from '@rostrum/core';
import {
  ADMIN_TOKEN,
  commandId,
  connectSocket,
  mustCommand,
  requestJson,
  room,
  sendCommand,
  waitFor,
} from './harness.js';
import { isRecord, PROPOSAL, useVotingMeeting } from './votes-meeting.js';

const voting = useVotingMeeting();
const { demo, tokenOf, delegationIds, poll, openPoll } = voting;

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

    await mustCommand(voting.chair, { type: 'poll.close', pollId });
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
    await mustCommand(voting.chair, { type: 'poll.close', pollId: anonymous });
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
    await mustCommand(voting.chair, { type: 'poll.close', pollId: rollCall });
    await mustCommand(voting.chair, {
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
