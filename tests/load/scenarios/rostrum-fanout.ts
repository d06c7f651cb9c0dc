// Load scenario: fan-out.
import { now } from '../lib/clock.js';
import { chairOf, type RostrumCtx } from '../lib/context.js';
import { ITEMS } from '../lib/meeting.js';
import type { ScenarioResult } from '../lib/report.js';
import { interleavedFanout, laneResult, type Lane, type LaneOutcome } from './fanout.js';
import { ms, summarize } from '../lib/stats.js';
import { metricSum, scrapeNodes, serversOf, watchLag } from './rostrum-server.js';

/**
 * Rostrum's fan-out lane: each round the chair starts one of two agenda items in turn; time
 * from the chair's send until each delegate has the new current item (full clients: their
 * Y.Doc shows it; wire clients: they received the update that made it). The ack time (the
 * command durable in SQLite) is recorded too.
 */
export function rostrumLane(ctx: RostrumCtx, id = 'fan-out', title = 'Fan-out: the chair moves the agenda'): Lane {
  let current = ctx.reader.state()?.current.itemId ?? null;
  // Where the time goes (server clock, ms): send → the command's flush, flush → ack back.
  const toFlush: number[] = [];
  const flushToAck: number[] = [];
  return {
    id,
    title,
    fleet: ctx.fleet,
    async round(k) {
      const itemId = current === ITEMS.fanA ? ITEMS.fanB : ITEMS.fanA;
      const probe = await ctx.fleet.arm({ kind: 'current', itemId }, 20_000);
      const t0 = now();
      const ack = await chairOf(ctx, k).must({ type: 'agenda.start', itemId });
      const ackAt = now();
      // Round 0 is a warm-up (interleavedFanout does not count it).
      if (k > 0) {
        toFlush.push(ack.at - t0);
        flushToAck.push(ackAt - ack.at);
      }
      current = itemId;
      return { t0, ackMs: ackAt - t0, seen: await ctx.fleet.collect(probe) };
    },
    extra: () => [
      {
        name: '… chair send → the server applies it (its flush)',
        s: summarize(toFlush),
        note: 'Socket.IO, zod, queue; ms resolution',
      },
      { name: '… applied → ack received (store commit, broadcast, ack)', s: summarize(flushToAck) },
    ],
  };
}

/** Fan-out of Rostrum alone (the large run): rounds, server send-loop time from /metrics, event-loop delay. */
export async function fanout(
  ctx: RostrumCtx,
  rounds: number,
  id: string,
  title: string,
): Promise<{ result: ScenarioResult; outcome: LaneOutcome }> {
  const lane = rostrumLane(ctx, id, title);
  const m0 = await scrapeNodes(ctx);
  const lag = await watchLag(serversOf(ctx), ctx.fleet);
  const [outcome] = await interleavedFanout([lane], rounds);
  if (!outcome) throw new Error('no fan-out outcome');
  const result = laneResult(outcome);
  await lag(result);
  await sendLoopFigure(ctx, m0.texts, result);
  return { result, outcome };
}

/** Mean time of the broadcast send loop (every node's) since earlier /metrics scrapes of the nodes. */
export async function sendLoopFigure(ctx: RostrumCtx, before: readonly string[], r: ScenarioResult): Promise<void> {
  const after = (await scrapeNodes(ctx)).texts;
  const sum = (texts: readonly string[], name: string) => texts.reduce((s, t) => s + metricSum(t, name), 0);
  const broadcasts = sum(after, 'rostrum_yjs_broadcasts_total') - sum(before, 'rostrum_yjs_broadcasts_total');
  const sendLoop = sum(after, 'rostrum_yjs_fanout_seconds_total') - sum(before, 'rostrum_yjs_fanout_seconds_total');
  r.figures['server send loop per broadcast (mean, wall clock)'] =
    broadcasts > 0 ? ms((sendLoop * 1000) / broadcasts) : null;
}
