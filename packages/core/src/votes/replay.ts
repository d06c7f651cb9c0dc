import type { SecretBallot, SecretState } from '../secret.js';
import { pollVoteCommandSchema } from './vote-commands.js';

/** What replay needs of a stored command (the store's CommandRecord has all of it). */
export type ReplayableCommand = {
  commandId: string;
  type: string;
  payload: unknown;
  at: number;
  principal: { inviteId: string; delegationId: string | null };
};

/**
 * The ballots, rebuilt from the accepted commands of the log in their order. Only accepted
 * commands are logged, so each ballot is simply recorded, a later one replacing an earlier
 * one of the same delegation, exactly as when it was first applied.
 */
export function replaySecret(records: Iterable<ReplayableCommand>): SecretState {
  const ballots: Record<string, Record<string, SecretBallot>> = {};
  for (const r of records) {
    if (r.type !== 'poll.vote' || r.principal.delegationId === null) continue;
    const parsed = pollVoteCommandSchema.safeParse(r.payload);
    if (!parsed.success) continue;
    const { pollId, choice } = parsed.data;
    const pollBallots = ballots[pollId] ?? {};
    pollBallots[r.principal.delegationId] = {
      choice,
      at: r.at,
      inviteId: r.principal.inviteId,
      commandId: r.commandId,
    };
    ballots[pollId] = pollBallots;
  }
  return { ballots };
}
