// The fan-out scenario with its baselines: Rostrum, bare Socket.IO and the reference y-websocket
// server, each on its own server and fleet, rounds interleaved, then compared side by side.
import type { Options, RostrumCtx } from '../lib/context.js';
import { Fleet } from '../lib/fleet.js';
import { errorMessage } from '../lib/ipc.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { ms, ratio } from '../lib/stats.js';
import { startBaseline, type Baseline, type BaselineKind } from './baselines.js';
import { interleavedFanout, laneResult, medianRoundP99, type LaneOutcome } from './fanout.js';
import { rostrumLane, scrapeNodes, serversOf, sendLoopFigure, watchLag } from './rostrum.js';

/** Adds the baselines to the fan-out result: figures side by side, ratios, and the two targets. */
function compareFanout(
  r: ScenarioResult,
  rostrum: LaneOutcome,
  baselines: ReadonlyArray<{ kind: BaselineKind; outcome: LaneOutcome }>,
): void {
  const p = rostrum.all.p99;
  const typical = medianRoundP99(rostrum);
  const rows = [
    '| server | p50 | p95 | p99 | max | median round p99 | p99 ratio (Rostrum ÷ this) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const row = (name: string, o: LaneOutcome, ratioText: string) =>
    `| ${name} | ${ms(o.all.p50)} | ${ms(o.all.p95)} | ${ms(o.all.p99)} | ${ms(o.all.max)} | ${ms(medianRoundP99(o))} | ${ratioText} |`;
  rows.push(row('Rostrum (command → permission, validation, rules → group commit to SQLite → broadcast)', rostrum, ''));
  for (const { outcome } of baselines)
    rows.push(row(outcome.lane.title.replace('Baseline: ', ''), outcome, ratio(p, outcome.all.p99)));
  r.notes.push(
    `Side by side: same N, same machine, rounds interleaved (Rostrum, then each baseline, round after round):\n\n${rows.join('\n')}\n`,
  );
  for (const { kind, outcome } of baselines) {
    const b = outcome.all.p99;
    if (kind === 'sio') {
      r.figures['p99 ÷ bare Socket.IO p99'] = ratio(p, b);
      r.figures['median round p99 ÷ bare Socket.IO'] = ratio(typical, medianRoundP99(outcome));
      r.targets.push({
        name: 'fan-out p99 vs bare Socket.IO broadcast',
        target: '≤ 1.5x',
        value: `${ms(p)} vs ${ms(b)} (${ratio(p, b)})`,
        met: p <= 1.5 * b,
      });
    } else {
      r.figures['p99 ÷ reference y-websocket p99'] = ratio(p, b);
      r.figures['median round p99 ÷ reference y-websocket'] = ratio(typical, medianRoundP99(outcome));
      r.targets.push({
        name: 'fan-out p99 vs reference y-websocket server',
        target: '≤ 1x',
        value: `${ms(p)} vs ${ms(b)} (${ratio(p, b)})`,
        met: p <= b,
      });
    }
  }
}

/** Fan-out: Rostrum and the baselines (each on its own server and fleet), rounds interleaved. */
export async function fanoutWithBaselines(
  ctx: RostrumCtx,
  opts: Options,
  record: (r: ScenarioResult) => void,
): Promise<void> {
  const n = opts.n;
  const lane = rostrumLane(ctx);
  // One round first: the size of Rostrum's update, which the baselines send too.
  const probe = await lane.round(0);
  const payload = probe.seen.updateBytes ?? 400;
  const baselines: Baseline[] = [];
  const fleets: Fleet[] = [];
  try {
    if (opts.baselines && opts.scenarios.has('baselines')) {
      for (const kind of ['sio', 'yws'] as const) {
        console.log(`\n▶ Baseline ${kind} at N = ${n}, payload ${payload} B`);
        const fleet = await Fleet.start(opts.workers, opts.fullWorkers);
        fleets.push(fleet);
        try {
          const b = await startBaseline(kind, fleet, n, payload, opts.fullEvery);
          baselines.push(b);
          record(b.connected);
          record(b.memory);
        } catch (err) {
          record({ ...newResult(`baseline-${kind}`, `Baseline ${kind}`, n), error: errorMessage(err) });
        }
      }
    }
    console.log(`\n▶ Fan-out: ${opts.rounds} rounds, interleaved over ${1 + baselines.length} servers`);
    const m0 = await scrapeNodes(ctx);
    const lag = await watchLag(serversOf(ctx), ctx.fleet);
    const outcomes = await interleavedFanout([lane, ...baselines.map((b) => b.lane)], opts.rounds);
    const [rostrum, ...others] = outcomes;
    if (!rostrum) throw new Error('no fan-out outcome');
    const r = laneResult(rostrum);
    await lag(r);
    await sendLoopFigure(ctx, m0.texts, r);
    compareFanout(
      r,
      rostrum,
      others.map((o, i) => ({ kind: baselines[i]?.kind ?? 'sio', outcome: o })),
    );
    record(r);
    for (const o of others) record(laneResult(o));
  } finally {
    for (const b of baselines) await b.stop();
    for (const f of fleets) await f.stop();
  }
}
