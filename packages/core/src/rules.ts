import type { ProtocolError } from './errors.js';
import type { SecretState } from './secret.js';
import type { MeetingState } from './state.js';

/**
 * The types every feature's rules share: what a rule is given and what it answers. They live
 * here, apart from `execute` and from any one feature, so that a feature never imports the
 * dispatcher or another feature to name them.
 */

export type RuleContext = {
  /** Server time, ms since epoch: the server stamps every transition. */
  now: number;
  /** A fresh id for things a command creates. */
  newId: () => string;
  /**
   * Delegations with someone connected right now (the server's presence), asked only when a
   * poll closes to measure the quorum. Absent: nobody is known to be connected.
   */
  presentDelegations?: () => readonly string[];
};

export type RuleOutcome = { ok: true; state: MeetingState; createdId?: string } | { ok: false; error: ProtocolError };

/** The whole of a meeting as the server holds it: the public record and the secret part. */
export type MeetingWorld = { state: MeetingState; secret: SecretState };

export type WorldOutcome = { ok: true; world: MeetingWorld; createdId?: string } | { ok: false; error: ProtocolError };
