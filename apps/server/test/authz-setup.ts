import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import type { Caller } from './command-fixtures.js';
import { useDemoServer, type DemoFixture } from './fixture.js';
import type { TestMeeting } from './harness.js';
import { expiredToken, tokenOf } from './record.js';

/**
 * The authorisation matrix: every command of the protocol and every REST endpoint, for every
 * kind of caller (authz-commands, authz-rest and authz-yjs .test.ts). It is generated from the
 * command list (COMMAND_TYPES, read from the schema) and from the routes the HTTP app actually
 * serves, so a new command or endpoint without a fixture and a reviewed rule (command-fixtures.ts)
 * or an access rule (ENDPOINTS, authz-rest.test.ts) fails the matrix.
 *
 * For commands: a refused caller gets `unauthorized` (its connection is refused) or
 * `forbidden`, and the meeting's record (state, ballots, Yjs bytes, command log) is unchanged;
 * an allowed caller is never refused for who it is (the first one must succeed; later ones may
 * meet a conflict, because the first one changed the state).
 */
export type AuthzServer = {
  demo: DemoFixture;
  /** The demo meeting of the file's server: its staff must not reach the meetings the tests create. */
  other: TestMeeting;
  /** A token of every kind of caller of `meeting`. */
  tokensFor: (meeting: TestMeeting) => Promise<Record<Caller, string | undefined>>;
};

/** One server for the matrix file (useDemoServer, scope file). */
export function useAuthzServer(): AuthzServer {
  // No flush interval: the matrix prepares many meetings and sends many commands one by one.
  // Its refused callers present hundreds of expired and foreign tokens from one address: past the
  // failed-token budget they would be `rate_limited` (rate-limits.test.ts), not what this file
  // checks; and the connections of every prepared meeting stay open until the end (over 200, and
  // one per command type for the other meeting's chair link).
  const demo = useDemoServer(
    {
      minFlushIntervalMs: 0,
      // Invitations by email are on (their routes answer as they would), through an SMTP server
      // nobody listens on: a message fails in the background, a response never waits for it.
      mail: {
        host: '127.0.0.1',
        port: 9,
        secure: false,
        requireTls: false,
        auth: null,
        from: 'authz@example.org',
        replyTo: null,
        retryDelaysMs: [],
      },
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        failedAuthPerAddress: 1e9,
        connectionsPerAddress: 1e9,
        connectionsPerInvite: 1e9,
      },
    },
    { scope: 'file' },
  );
  const other: TestMeeting = {
    get id() {
      return demo.meeting.id;
    },
    get links() {
      return demo.meeting.links;
    },
    token: (role, delegationId) => demo.meeting.token(role, delegationId),
  };

  async function tokensFor(meeting: TestMeeting): Promise<Record<Caller, string | undefined>> {
    return {
      chair: meeting.token('chair'),
      secretariat: meeting.token('secretariat'),
      presenter: meeting.token('presenter'),
      delegate: await tokenOf(
        demo.ts,
        meeting.id,
        (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'head',
      ),
      deputy: await tokenOf(
        demo.ts,
        meeting.id,
        (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'deputy',
      ),
      observer: meeting.token('observer'),
      none: undefined,
      expired: await expiredToken(demo.ts, meeting.id, 'chair'),
      otherMeeting: other.token('chair'),
    };
  }

  return { demo, other, tokensFor };
}
