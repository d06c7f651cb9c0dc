import type { BallotChoice } from './votes/votes-state.js';

/**
 * What the server keeps of a meeting that must never reach the shared document: the
 * individual ballots of polls (in anonymous polls only totals are public). It is rebuilt on
 * start by replaying the accepted commands of the meeting's log, which the store keeps.
 */
export type SecretState = {
  /** pollId → delegationId → the delegation's current ballot. */
  ballots: Record<string, Record<string, SecretBallot>>;
};

export type SecretBallot = {
  choice: BallotChoice;
  /** Server time the ballot was (last) recorded. */
  at: number;
  /** Invite that cast it (the head of delegation or the deputy). */
  inviteId: string;
  commandId: string;
};

export function initialSecret(): SecretState {
  return { ballots: {} };
}
