import { sleep } from '../lib/clock.js';
import type { Fleet } from '../lib/fleet.js';
import type { CollectResult } from '../lib/ipc.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { ms, summarize, type Summary } from '../lib/stats.js';

/**
 * One server of the fan-out comparison with its own clients: each round sends one change and
 * collects when each client has it (times relative to `t0`, taken by the sender on the same
 * machine clock as the clients').
 */
export type Lane = {
  id: string;
  title: string;
  fleet: Fleet;
  round(k: number): Promise<{ t0: number; ackMs?: number; seen: CollectResult }>;
  /** Further measurements of the lane's own, counted rounds (set by the lane). */
  extra?: () => Array<{ name: string; s: Summary; note?: string }>;
};

export type LaneOutcome = {
  lane: Lane;
  rounds: number;
  all: Summary;
  full: Summary;
  wire: Summary;
  acks: Summary | null;
  perRoundP99: number[];
  updateBytes: number | null;
};

/**
 * Fan-out rounds of several servers, interleaved: round k of every lane, then round k + 1…
 * On a shared machine the load of other work comes and goes; interleaving exposes every
 * server to the same conditions, so that their ratios mean something. One warm-up round per
 * lane is not counted.
 */
export async function interleavedFanout(lanes: readonly Lane[], rounds: number, gapMs = 250): Promise<LaneOutcome[]> {
  const acc = lanes.map(() => ({
    all: [] as Array<number | null>,
    full: [] as Array<number | null>,
    wire: [] as Array<number | null>,
    acks: [] as number[],
    perRound: [] as number[],
    bytes: null as number | null,
  }));
  for (let k = -1; k < rounds; k++) {
    for (const [i, lane] of lanes.entries()) {
      const a = acc[i];
      if (!a) continue;
      const { t0, ackMs, seen } = await lane.round(k + 1);
      await sleep(gapMs);
      if (k < 0) continue; // warm-up
      const lat = seen.times.map((t) => (t === null ? null : t - t0));
      a.all.push(...lat);
      lat.forEach((v, j) => (seen.full[j] ? a.full : a.wire).push(v));
      if (ackMs !== undefined) a.acks.push(ackMs);
      a.perRound.push(summarize(lat).p99);
      a.bytes ??= seen.updateBytes;
    }
  }
  return lanes.map((lane, i) => {
    const a = acc[i] ?? { all: [], full: [], wire: [], acks: [], perRound: [], bytes: null };
    return {
      lane,
      rounds,
      all: summarize(a.all),
      full: summarize(a.full),
      wire: summarize(a.wire),
      acks: a.acks.length > 0 ? summarize(a.acks) : null,
      perRoundP99: a.perRound,
      updateBytes: a.bytes,
    };
  });
}

/** Median of the rounds' p99: what a typical round looks like when a few rounds met a busy machine. */
export function medianRoundP99(o: LaneOutcome): number {
  const sorted = [...o.perRoundP99].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function laneResult(o: LaneOutcome): ScenarioResult {
  const r = newResult(o.lane.id, o.lane.title, o.lane.fleet.clients);
  r.summaries.push({
    name: 'send → each client has the change',
    s: o.all,
    note: `${o.rounds} rounds × ${o.lane.fleet.clients} clients`,
  });
  if (o.full.count + o.full.missing > 0 && o.wire.count + o.wire.missing > 0) {
    r.summaries.push({ name: '… full clients: their Y.Doc shows it', s: o.full });
    r.summaries.push({ name: '… wire clients: they received the update', s: o.wire });
  }
  if (o.acks) r.summaries.push({ name: 'send → sender’s ack (durable)', s: o.acks });
  r.summaries.push(...(o.lane.extra?.() ?? []));
  r.figures['update / payload size'] = o.updateBytes === null ? null : `${o.updateBytes} B`;
  r.figures['p99 per round'] = o.perRoundP99.map((x) => ms(x)).join(', ');
  r.figures['median of the rounds’ p99'] = ms(medianRoundP99(o));
  return r;
}
