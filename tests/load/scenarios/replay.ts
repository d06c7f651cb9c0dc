// Load scenario: a replayed meeting, the server memory over time.
import { now, sleep } from '../lib/clock.js';
import { chairOf, liveClients, type RostrumCtx } from '../lib/context.js';
import { totalErrors } from '../lib/fleet.js';
import type { CommandSpec } from '../lib/ipc.js';
import { commandId, HAS_VOTES, ITEMS, PROPOSALS, REPLAY_ITEMS } from '../lib/meeting.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { kb, mb, ms } from '../lib/stats.js';
import { scrapeConnections } from './rostrum-server.js';

function slopePerMinute(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? Number.NaN : num / den;
}

/**
 * A 30-minute stretch of meeting played `timeFactor` times faster with every delegate
 * connected: an item every five minutes, a floor request every 30 s and a speaker every minute,
 * a poll every delegation votes in, and 1% of the delegates reloading every two minutes. The
 * server's heap and RSS (after a full GC) are sampled every simulated minute.
 */
export async function replay(ctx: RostrumCtx): Promise<ScenarioResult> {
  const { replayMinutes, timeFactor } = ctx.opts;
  const n = ctx.fleet.clients;
  const voterList = [...liveClients(ctx).voters.values()];
  const D = voterList.length;
  const r = newResult(
    'replay',
    `Replayed ${replayMinutes}-minute meeting (×${timeFactor}) with reloads: memory over time`,
    n,
  );
  const minute = 60_000 / timeFactor;
  const T = now() + 500;
  const at = (meetingMinutes: number) => T + meetingMinutes * minute;
  const samples: Array<{ x: number; rss: number; heap: number }> = [];
  const docBefore = ctx.reader.encodedBytes();
  const errorsBefore = totalErrors(await ctx.fleet.stats());

  const asks: CommandSpec[] = [];
  for (let s = 0; s < replayMinutes * 2; s++) {
    asks.push({
      client: voterList[(s * 7) % D] ?? 0,
      at: at(s / 2 + 0.1),
      command: { id: commandId('replay-ask'), type: 'floor.request', kind: 'statement' },
    });
  }
  const asking = ctx.fleet.commands(asks, 20_000);
  let chairCommands = 0;
  let chairRefusals = 0;
  let reloads = 0;
  let reloadFailures = 0;
  let votes: Promise<unknown> = Promise.resolve();
  const pollMinute = Math.floor(replayMinutes / 2);
  let pollId: string | null = null;
  for (let m = 0; m <= replayMinutes; m++) {
    await sleep(at(m) - now());
    const chair = chairOf(ctx, m);
    const send = async (input: { type: string } & Record<string, unknown>) => {
      chairCommands += 1;
      const ack = await chair.send(input);
      if (!ack.ok) chairRefusals += 1;
      return ack;
    };
    if (m < replayMinutes && m % 5 === 0)
      await send({ type: 'agenda.start', itemId: REPLAY_ITEMS[(m / 5) % REPLAY_ITEMS.length] ?? ITEMS.fanA });
    else if (m < replayMinutes) await send({ type: 'floor.next' });
    if (HAS_VOTES && m === pollMinute) {
      const open = await send({
        type: 'poll.open',
        proposalId: PROPOSALS.replay,
        method: 'vote',
        secrecy: 'anonymous',
        quorum: 0.5,
      });
      pollId = open.ok ? open.createdId : null;
      if (pollId) {
        const id = pollId;
        const ballots: CommandSpec[] = voterList.map((client, d) => ({
          client,
          at: now() + Math.random() * minute,
          command: {
            id: commandId('replay-vote'),
            type: 'poll.vote',
            pollId: id,
            choice: d % 3 === 0 ? 'object' : 'support',
          },
        }));
        votes = ctx.fleet.commands(ballots, 20_000);
      }
    }
    if (pollId && m === pollMinute + 2) {
      await votes;
      await send({ type: 'poll.close', pollId });
    }
    if (m > 0 && m % 2 === 0 && m < replayMinutes) {
      const count = Math.max(1, Math.round(n / 100));
      const again = await ctx.fleet.churn(count, 20_000);
      reloads += again.length;
      reloadFailures += again.filter((c) => c.error !== null).length;
    }
    const mem = await ctx.server.mem();
    samples.push({ x: m, rss: mem.rss, heap: mem.heapUsed });
  }
  const asked = await asking;
  await votes;
  const errorsAfter = totalErrors(await ctx.fleet.stats());
  const newErrors = Object.entries(errorsAfter)
    .map(([k, v]) => [k, v - (errorsBefore[k] ?? 0)] as const)
    .filter(([, v]) => v > 0);
  const scraped = await scrapeConnections(ctx.url, ctx.meeting.id);
  const first = samples[0];
  const last = samples.at(-1);
  const half = samples.filter((s) => s.x >= replayMinutes / 2);
  const heapSlope = slopePerMinute(half.map((s) => ({ x: s.x, y: s.heap })));
  const rssSlope = slopePerMinute(half.map((s) => ({ x: s.x, y: s.rss })));
  const docAfter = ctx.reader.encodedBytes();
  const heapGrowth = first && last ? last.heap - first.heap : Number.NaN;
  r.figures['simulated minutes'] = replayMinutes;
  r.figures['wall time'] = ms(replayMinutes * minute);
  r.figures['reloads (disconnect + connect again)'] = reloads;
  r.figures['reloads that failed'] = reloadFailures;
  r.figures['chair commands (refused: queue empty etc.)'] = `${chairCommands} (${chairRefusals})`;
  r.figures['floor requests accepted'] = `${asked.filter((o) => o.ok).length} / ${asked.length}`;
  r.figures['heap after GC: start → end'] = first && last ? `${mb(first.heap)} → ${mb(last.heap)}` : null;
  r.figures['RSS: start → end'] = first && last ? `${mb(first.rss)} → ${mb(last.rss)}` : null;
  r.figures['heap slope, second half'] = `${kb(heapSlope)} per simulated minute`;
  r.figures['RSS slope, second half'] = `${kb(rssSlope)} per simulated minute`;
  r.figures['document growth (full state update)'] = `${kb(docBefore)} → ${kb(docAfter)}`;
  r.figures['connections at the end (Socket.IO / Yjs)'] = `${scraped.socketio} / ${scraped.yjs}`;
  r.figures['unexpected client errors'] =
    newErrors.length === 0 ? 0 : newErrors.map(([k, v]) => `${k}: ${v}`).join(', ');
  r.figures['heap samples (MB)'] = samples.map((s) => (s.heap / 1024 / 1024).toFixed(1)).join(' ');
  // No leak: what the heap gains over the replay is bounded by what the record legitimately
  // gains (document, command log index), and it does not keep climbing in the second half.
  const allowance = 2 * 1024 * 1024 + 20 * Math.max(0, docAfter - docBefore);
  const leakFree =
    Number.isFinite(heapGrowth) && heapGrowth < allowance && heapSlope < 64 * 1024 && reloadFailures === 0;
  r.targets.push({
    name: 'replayed meeting: no leak',
    target: `heap growth < ${mb(allowance)} and < 64 KB/min in the second half`,
    value: `${mb(heapGrowth)}, ${kb(heapSlope)}/min`,
    met: leakFree,
  });
  const connectionsBack = scraped.socketio >= n && scraped.yjs >= n;
  r.notes.push(
    `After ${reloads} reloads the server holds ${scraped.socketio} Socket.IO and ${scraped.yjs} Yjs connections for ${n} delegates (+ the coordinator's own clients)${connectionsBack ? '' : ' — some did not come back'}.`,
  );
  return r;
}
