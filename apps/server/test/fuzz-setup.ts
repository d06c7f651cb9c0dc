import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import { type Ids, prepareLive } from './command-fixtures.js';
import { connectSocket } from './harness.js';
import { recordOf, tokenOf, type MeetingRecordSnapshot } from './record.js';
import { useDemoServer, type DemoFixture } from './fixture.js';

/**
 * 10,000 malformed or hostile inputs thrown at one running server: Socket.IO events (wrong
 * types, huge strings, deep nesting, prototype keys, numbers JSON cannot hold, binary, unknown
 * events, valid commands with broken fields), raw Engine.IO / Socket.IO frames, and y-websocket
 * frames (random bytes, truncated and garbled Yjs messages, forged updates from read-only
 * connections, huge varints, oversized frames).
 *
 * Every Socket.IO call with an acknowledgement gets one, with a code of ERROR_CODES; calls
 * without one get `protocol_error`; a frame either leaves its connection working or closes it
 * with a documented code (Yjs: 4400 or 1009). The server stays up, and afterwards the meeting's
 * record — state, ballots, Yjs document bytes and command log — is byte-identical, and still
 * after a restart. The generator is seeded (FUZZ_SEED to replay another run).
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 20210608);
export const COUNTS = { socketEvents: 7000, rawFrames: 500, yjsFrames: 2500 } as const;

export type FuzzTokens = { chair: string; secretariat: string; observer: string; delegate: string };

/** The server a fuzz file throws its inputs at, and the meeting's record before it started. */
export type FuzzedMeeting = {
  demo: DemoFixture;
  tokens: FuzzTokens;
  /** The ids of the prepared meeting (its poll, proposal, decision, queue entries). */
  readonly ids: Ids;
  /** The record after preparing it: every fuzz test ends by checking it is still this. */
  readonly before: MeetingRecordSnapshot;
  /** What the file tried, printed at its end for docs/reliability.md. */
  tried: { socketEvents: number; rawFrames: number; yjsFrames: number; closes: number };
};

/** One server for the fuzz file (useDemoServer, scope file) and a meeting in full swing on it. */
export function useFuzzedMeeting(): FuzzedMeeting {
  // No command or connection limits here: the fuzzer is one client sending thousands of events
  // over thousands of connections (rate-limits.test.ts tests the limits).
  const rateLimits = {
    ...DEFAULT_RATE_LIMITS,
    commandsPerConnection: 1e9,
    commandsPerInvite: 1e9,
    commandsPerDelegation: 1e9,
    httpPerAddress: 1e9,
    failedAuthPerAddress: 1e9,
    connectionsPerAddress: 1e9,
    connectionsPerInvite: 1e9,
  };
  const demo = useDemoServer({ rateLimits }, { scope: 'file' });
  const tokens: FuzzTokens = { chair: '', secretariat: '', observer: '', delegate: '' };
  const tried = { socketEvents: 0, rawFrames: 0, yjsFrames: 0, closes: 0 };
  let ids: Ids | null = null;
  let before: MeetingRecordSnapshot | null = null;

  beforeAll(async () => {
    const { cleanup, ts, meeting } = demo;
    tokens.chair = meeting.token('chair');
    tokens.secretariat = meeting.token('secretariat');
    tokens.observer = meeting.token('observer');
    tokens.delegate = await tokenOf(
      ts,
      meeting.id,
      (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'head',
    );
    // A meeting in full swing, so that hostile commands meet a queue, a speaker, a poll and a decision.
    const chair = await connectSocket(cleanup, ts, tokens.chair);
    const delegate = await connectSocket(cleanup, ts, tokens.delegate);
    const presenter = await connectSocket(cleanup, ts, meeting.token('presenter'));
    ids = await prepareLive(chair, delegate, presenter);
    chair.disconnect();
    delegate.disconnect();
    presenter.disconnect();
    before = await recordOf(ts, meeting.id);
  });

  afterAll(() => {
    console.log(`fuzz (seed ${SEED}): ${JSON.stringify(tried)}`);
  });

  return {
    demo,
    tokens,
    get ids() {
      if (!ids) throw new Error('the meeting is prepared before the tests');
      return ids;
    },
    get before() {
      if (!before) throw new Error('the meeting is prepared before the tests');
      return before;
    },
    tried,
  };
}
