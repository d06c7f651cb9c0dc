// Load scenario: vote storm.
import { now, sleep } from '../lib/clock.js';
import { chairOf, liveClients, type RostrumCtx } from '../lib/context.js';
import type { CommandSpec } from '../lib/ipc.js';
import { commandId, HAS_VOTES, ITEMS, PROPOSALS } from '../lib/meeting.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { ms, summarize } from '../lib/stats.js';
import { serversOf, watchLag } from './rostrum-server.js';

const CHOICES = ['support', 'object', 'abstain'] as const;

/**
 * Another connected client of the same link (the same person in another tab, or back after a
 * reload through a balancer), on another node when there is one; the client itself when none.
 */
function sameLinkElsewhere(ctx: RostrumCtx, client: number): number {
  const spec = ctx.specs[client];
  if (!spec) return client;
  let fallback = client;
  for (const [j, other] of ctx.specs.entries()) {
    if (j === client || !ctx.alive[j] || other.token !== spec.token) continue;
    if (other.url !== spec.url) return j;
    fallback = j;
  }
  return fallback;
}

/**
 * Every delegation (its head's first connection) votes within one second, and one in ten
 * sends its ballot again with the same command id (a retry after a reconnect). Time from the
 * last ballot sent until each client shows the final tally; the tally must match the ballots.
 */
export async function voteStorm(
  ctx: RostrumCtx,
  id = 'vote-storm',
  title = 'Vote storm: every delegation votes within one second',
  /** Retries come from another connection of the same link (another node when there is one), not the first one. */
  retryElsewhere = false,
): Promise<ScenarioResult> {
  const n = ctx.fleet.clients;
  const { voters } = liveClients(ctx);
  // Delegations whose head is connected (all of them unless joins failed).
  const D = voters.size;
  const r = newResult(id, title, n);
  if (!HAS_VOTES) {
    r.error = 'votes are not in this build of the core (no poll.vote command): scenario skipped';
    return r;
  }
  await chairOf(ctx, 0).must({ type: 'agenda.start', itemId: ITEMS.vote });
  const open = await chairOf(ctx, 1).must({
    type: 'poll.open',
    proposalId: PROPOSALS.vote,
    method: 'vote',
    secrecy: 'roll_call',
    quorum: 0.5,
  });
  const pollId = open.createdId;
  if (!pollId) throw new Error('poll.open returned no poll id');
  await ctx.reader.until((s) => s.votes.polls[pollId]?.status === 'open', 10_000, 'the poll to open');
  await sleep(1000);
  const lag = await watchLag(serversOf(ctx), ctx.fleet);
  const probe = await ctx.fleet.arm({ kind: 'votes', pollId, count: D }, 30_000);
  const T = now() + 500;
  const expected = { support: 0, object: 0, abstain: 0 };
  const list: CommandSpec[] = [];
  let movedRetries = 0;
  [...voters.values()].forEach((client, d) => {
    const choice = CHOICES[d % 20 < 12 ? 0 : d % 20 < 17 ? 1 : 2] ?? 'support';
    expected[choice] += 1;
    const at = T + Math.random() * 1000;
    const command = { id: commandId('ballot'), type: 'poll.vote', pollId, choice };
    list.push({ client, at, command });
    if (d % 10 !== 3) return;
    const retrier = retryElsewhere ? sameLinkElsewhere(ctx, client) : client;
    if (ctx.specs[retrier]?.url !== ctx.specs[client]?.url) movedRetries += 1;
    list.push({ client: retrier, at: at + 50 + Math.random() * 200, command });
  });
  const outcomes = await ctx.fleet.commands(list, 20_000);
  const seen = await ctx.fleet.collect(probe);
  await lag(r);
  const firsts = outcomes.filter((_, i) => list[i] && list.findIndex((x) => x.command === list[i]?.command) === i);
  const lastBallot = Math.max(...firsts.map((o) => o.sentAt));
  const firstBallot = Math.min(...firsts.map((o) => o.sentAt));
  r.summaries.push({
    name: 'last ballot sent → final tally on each client',
    s: summarize(seen.times.map((t) => (t === null ? null : t - lastBallot))),
    note: `${n} clients`,
  });
  r.summaries.push({
    name: 'ballot → its ack',
    s: summarize(outcomes.map((o) => (o.ackAt === null || !o.ok ? null : o.ackAt - o.sentAt))),
  });
  const refused = outcomes.filter((o) => !o.ok);
  const live = await ctx.reader.until(
    (s) => (s.votes.polls[pollId]?.votedCount ?? 0) >= D,
    10_000,
    'all ballots on the reader',
  );
  const poll = live.votes.polls[pollId];
  await chairOf(ctx, 2).must({ type: 'poll.close', pollId });
  const closed = await ctx.reader.until((s) => s.votes.polls[pollId]?.status === 'closed', 10_000, 'the poll to close');
  const result = closed.votes.polls[pollId]?.result;
  const tally = result?.tally;
  const exact =
    refused.length === 0 &&
    poll?.votedCount === D &&
    result?.voted === D &&
    tally !== undefined &&
    tally.support === expected.support &&
    tally.object === expected.object &&
    tally.abstain === expected.abstain;
  r.figures['delegations voting (head connected)'] = `${D} of ${ctx.delegations.length}`;
  r.figures['ballots sent (with retries)'] = list.length;
  if (retryElsewhere)
    r.figures['retries sent through another node (same link, same command id)'] =
      `${movedRetries} of ${list.length - D}`;
  r.figures['ballots refused'] = refused.length;
  if (refused.length > 0) r.figures['first refusal'] = refused[0]?.code ?? null;
  r.figures['voting spread (first → last ballot)'] = ms(lastBallot - firstBallot);
  r.figures['expected tally'] = `${expected.support} support / ${expected.object} object / ${expected.abstain} abstain`;
  r.figures['counted'] = tally ? `${result?.voted} voted: ${tally.support} / ${tally.object} / ${tally.abstain}` : null;
  const p99 = r.summaries[0]?.s.p99 ?? Number.NaN;
  const missing = r.summaries[0]?.s.missing ?? 0;
  r.targets.push({
    name: 'vote storm: every ballot counted once',
    target: `${D} ballots, tally = ballots`,
    value: r.figures['counted'] ?? '–',
    met: exact,
  });
  r.targets.push({
    name: 'vote storm: final tally everywhere, p99 after the last ballot',
    target: '≤ 1000 ms',
    value: `${ms(p99)}${missing ? `, ${missing} never` : ''}`,
    met: missing === 0 && p99 <= 1000,
  });
  return r;
}
