import { beforeEach } from 'vitest';
import { seatSchema, type Ack, type CommandResult, type Poll, type Seat } from '@rostrum/core';
import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import { useDemoServer, type DemoFixture } from './fixture.js';
import {
  ADMIN_TOKEN,
  connectSocket,
  mustCommand,
  requestJson,
  room,
  sendCommand,
  type ClientSocket,
} from './harness.js';

export const PROPOSAL = 'uz-lab-proposal';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The votes files' meeting: open, the item with the Uzbekistan proposal under way, the chair connected. */
export type VotingMeeting = {
  readonly demo: DemoFixture;
  /** The chair's connection; a test that reconnects the chair puts the new one here. */
  chair: ClientSocket;
  /** The token of a delegation's seat (head by default). */
  tokenOf: (delegationId: string, seat?: Seat) => string;
  delegationIds: () => string[];
  poll: (pollId: string) => Poll;
  openPoll: (options?: Record<string, unknown>) => Promise<string>;
  visit: (token: string, command: Record<string, unknown>) => Promise<Ack<CommandResult>>;
};

/**
 * The demo server of each test (useDemoServer), with the meeting open at the item of the
 * proposal, the chair connected and every delegation's seat tokens read from the staff links.
 */
export function useVotingMeeting(): VotingMeeting {
  // Every seat of 53 delegations listens from 127.0.0.1 (Socket.IO and Yjs): past the default
  // cap of connections per address, which is not what this file tests (rate-limits.test.ts does).
  const demo = useDemoServer({ rateLimits: { ...DEFAULT_RATE_LIMITS, connectionsPerAddress: 1000 } });
  let chair: ClientSocket | null = null;
  /** Delegation id → seat → token. */
  let seats: Map<string, Record<Seat, string>> = new Map();

  const theChair = (): ClientSocket => {
    if (!chair) throw new Error('the chair connects before each test');
    return chair;
  };

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

  function poll(pollId: string): Poll {
    const p = room(demo.ts, demo.meeting.id).state.votes.polls[pollId];
    if (!p) throw new Error(`no poll ${pollId}`);
    return p;
  }

  async function openPoll(options: Record<string, unknown> = {}): Promise<string> {
    const result = await mustCommand(theChair(), {
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
    seats = await delegateSeats();
    chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.start', itemId: 'uz-lab' });
  });

  return {
    demo,
    get chair() {
      return theChair();
    },
    set chair(socket: ClientSocket) {
      chair = socket;
    },
    tokenOf,
    delegationIds: () => room(demo.ts, demo.meeting.id).state.roster.delegationOrder,
    poll,
    openPoll,
    visit,
  };
}
