import type { SecretBallot } from '../secret.js';
import type { BallotChoice, Decision, Majority, Poll, PollResult, Tally } from './votes-state.js';

/**
 * How a poll is counted: tallies, quorum, majorities and the result. Pure and public: the
 * clients show the same numbers the server records.
 */

export function tallyOf(ballots: Iterable<{ choice: BallotChoice }>): Tally {
  const tally: Tally = { support: 0, object: 0, abstain: 0 };
  for (const b of ballots) tally[b.choice] += 1;
  return tally;
}

/**
 * Delegations that must be present for a quorum: the share of the entitled ones, rounded up.
 * A small epsilon keeps float noise (0.7 × 10 = 7.000000000000001) from asking for one more.
 */
export function quorumRequired(entitled: number, share: number): number {
  return Math.max(0, Math.ceil(share * entitled - 1e-9));
}

/**
 * Whether the votes meet the required majority. Abstentions are never votes cast.
 * - simple: more support than objections; a tie (including 0–0) fails.
 * - two_thirds: support ≥ ⅔ of support + object, with at least one vote cast.
 * - consensus: nobody objects (a poll nobody answers passes: silence is consent).
 */
export function majorityMet(majority: Majority, tally: Tally): boolean {
  switch (majority) {
    case 'simple':
      return tally.support > tally.object;
    case 'two_thirds': {
      const cast = tally.support + tally.object;
      return cast > 0 && 3 * tally.support >= 2 * cast;
    }
    case 'consensus':
      return tally.object === 0;
  }
}

/**
 * The result snapshot at close. Present = entitled delegations connected at close, plus those
 * that voted (a delegation whose ballot is in took part even if its connection dropped).
 */
export function pollResult(
  poll: Poll,
  ballots: Readonly<Record<string, SecretBallot>>,
  connected: readonly string[],
  now: number,
): PollResult {
  const entitled = new Set(poll.entitled);
  const voters = poll.entitled.filter((d) => ballots[d] !== undefined);
  const present = new Set([...connected.filter((d) => entitled.has(d)), ...voters]);
  const presentDelegations = poll.entitled.filter((d) => present.has(d));
  const tally = tallyOf(voters.map((d) => ballots[d]).filter((b): b is SecretBallot => b !== undefined));
  const required = quorumRequired(poll.entitled.length, poll.quorum);
  const quorumMet = presentDelegations.length >= required;
  const majority = majorityMet(poll.majority, tally);
  return {
    at: now,
    entitled: poll.entitled.length,
    present: presentDelegations.length,
    presentDelegations,
    voted: voters.length,
    tally,
    quorumRequired: required,
    quorumMet,
    majorityMet: majority,
    outcome: !quorumMet ? 'no_quorum' : majority ? 'passed' : 'failed',
  };
}

/** Ballots are refused from the deadline on, even before the server's close command lands. */
export function isPastDeadline(poll: Poll, now: number): boolean {
  return poll.closesAt !== null && now >= poll.closesAt;
}

/** The decision outcome a poll result suggests, to prefill the chair's form. */
export function suggestedOutcome(poll: Poll): Decision['outcome'] {
  if (!poll.result || poll.result.outcome === 'no_quorum') return 'deferred';
  if (poll.result.outcome === 'failed') return 'rejected';
  return poll.method === 'no_objection' ? 'adopted' : 'supported';
}
