// Cluster mode of the bench (`npm run bench:cluster`, or `--nodes 3`): the fan-out and vote
// scenarios on one node (SQLite, the usual bench's server), on one node on PostgreSQL + Redis,
// and on several nodes sharing that PostgreSQL + Redis, one configuration after the other with
// the same load workers; then their figures side by side. One node on PostgreSQL + Redis sits
// in the middle so that the cost of the engines is told apart from the cost of spreading.
import { loadavg } from 'node:os';
import { now, sleep } from '../lib/clock.js';
import { chairOf, type Options, type RostrumCtx } from '../lib/context.js';
import type { SharedEngines } from '../lib/engines.js';
import { totalErrors, type Fleet } from '../lib/fleet.js';
import { errorMessage } from '../lib/ipc.js';
import { Reader, tokenOf } from '../lib/meeting.js';
import { newResult, type ScenarioResult, type TargetCheck } from '../lib/report.js';
import { ms, type Summary } from '../lib/stats.js';
import type { LaneOutcome } from './fanout.js';
import {
  fanout,
  joinStorm,
  MAX_DELEGATIONS,
  metricSum,
  playHistory,
  scrapeConnections,
  scrapeNodes,
  startRostrum,
  stopRostrum,
  voteStorm,
} from './rostrum.js';

/** One configuration of the comparison. `shared`: PostgreSQL + Redis instead of SQLite. */
export type Setup = { id: string; label: string; nodes: number; shared: boolean };

export function setupsOf(opts: Options): Setup[] {
  const list: Setup[] = [{ id: 'one-sqlite', label: '1 node, SQLite', nodes: 1, shared: false }];
  if (opts.singlePg) list.push({ id: 'one-pg', label: '1 node, PostgreSQL + Redis', nodes: 1, shared: true });
  list.push({
    id: `nodes-${opts.nodes}`,
    label: `${opts.nodes} nodes, PostgreSQL + Redis`,
    nodes: opts.nodes,
    shared: true,
  });
  return list;
}

/**
 * Delegations of the comparison: four connections per delegation, the shape of the 2,000-delegate
 * run (500 × 4) whatever N. Client `i` is of delegation `i % D` and clients `d` and `d + 2D` are
 * on the head's link; with round-robin over the nodes they land on different nodes unless 2D is
 * a multiple of the node count, so D is nudged by one then: the vote storm's retries go through
 * another node than the first ballot (as after a reload through a balancer).
 */
export function clusterDelegations(n: number, nodes: number): number {
  const d = Math.min(MAX_DELEGATIONS, Math.max(1, Math.round(n / 4)));
  return nodes > 1 && (2 * d) % nodes === 0 && d < MAX_DELEGATIONS && d + 1 <= n ? d + 1 : d;
}

type SetupOutcome = {
  setup: Setup;
  loadAtStart: string;
  delegations: number;
  connected: number | null;
  perNode: string;
  join: ScenarioResult | null;
  fan: LaneOutcome | null;
  fanResult: ScenarioResult | null;
  vote: ScenarioResult | null;
  agreement: { agree: boolean; text: string } | null;
  clientErrors: string;
  /** CPU of PostgreSQL + Redis during each scenario (ms): in no node's figure, on the same 2 cores. */
  servicesCpu: { join: number; fan: number; vote: number };
  error: string | null;
};

/** JSON with every object's keys sorted: two documents that converged may list map keys in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Whether every node holds the same record at the end: a fresh reader per node (what a client
 * joining there would get), once each has reached node A's revision (updates relayed through
 * Redis arrive a moment later; bounded wait), compared field by field.
 */
async function nodesAgree(ctx: RostrumCtx): Promise<{ agree: boolean; text: string }> {
  const target = ctx.reader.state()?.meta.revision ?? 0;
  if (ctx.nodes.length === 1) return { agree: true, text: `one node (revision ${target})` };
  const token = tokenOf(ctx.meeting, 'observer');
  const readers = ctx.nodes.map((n) => new Reader(n.url, ctx.meeting.id, token));
  try {
    await Promise.all(readers.map((r) => r.synced()));
    const deadline = now() + 10_000;
    let states = readers.map((r) => r.state());
    while (now() < deadline && !states.every((s) => s !== null && s.meta.revision >= target)) {
      await sleep(50);
      states = readers.map((r) => r.state());
    }
    const texts = states.map((s) => (s === null ? 'null' : canonical(s)));
    const agree = texts.every((t) => t === texts[0]);
    const revisions = states.map((s) => (s === null ? '–' : String(s.meta.revision))).join(' / ');
    return {
      agree,
      text: agree
        ? `yes (all ${ctx.nodes.length} at revision ${revisions.split(' / ')[0] ?? '–'})`
        : `NO (revisions ${revisions})`,
    };
  } finally {
    for (const r of readers) r.close();
  }
}

/** Prefixes a result of one configuration so that its files and targets name it. */
function tagged(setup: Setup, r: ScenarioResult): ScenarioResult {
  r.id = `${setup.id}-${r.id}`;
  r.title = `${setup.label}: ${r.title}`;
  for (const t of r.targets) t.name = `${setup.label}: ${t.name}`;
  return r;
}

async function runSetup(
  opts: Options,
  fleet: Fleet,
  setup: Setup,
  engines: SharedEngines | null,
  record: (r: ScenarioResult) => void,
): Promise<SetupOutcome> {
  const D = clusterDelegations(opts.n, opts.nodes);
  const out: SetupOutcome = {
    setup,
    loadAtStart: loadavg()
      .map((x) => x.toFixed(2))
      .join(' / '),
    delegations: D,
    connected: null,
    perNode: '–',
    join: null,
    fan: null,
    fanResult: null,
    vote: null,
    agreement: null,
    clientErrors: '–',
    servicesCpu: { join: Number.NaN, fan: Number.NaN, vote: Number.NaN },
    error: null,
  };
  const spread = setup.nodes > 1 ? `, round-robin over ${setup.nodes} nodes, the chair on node A` : '';
  console.log(`\n▶ ${setup.label}: ${D} delegations, ${opts.n} delegates${spread} (load average ${out.loadAtStart})`);
  const keep = (r: ScenarioResult) => {
    record(tagged(setup, r));
    return r;
  };
  /** Runs a scenario and notes the CPU PostgreSQL and Redis used meanwhile (idle ones too: the SQLite node does not use them). */
  const measured = async <T>(what: keyof SetupOutcome['servicesCpu'], run: () => Promise<T>): Promise<T> => {
    const before = engines?.cpuMs() ?? Number.NaN;
    const value = await run();
    out.servicesCpu[what] = (engines?.cpuMs() ?? Number.NaN) - before;
    return value;
  };
  const withServicesCpu = (r: ScenarioResult, what: keyof SetupOutcome['servicesCpu']) => {
    r.figures['PostgreSQL + Redis CPU (not in the servers’ figure)'] = ms(out.servicesCpu[what]);
    return r;
  };
  let ctx: RostrumCtx | null = null;
  try {
    const before = totalErrors(await fleet.stats());
    if (setup.shared && !engines) throw new Error('PostgreSQL and Redis are not running');
    const shared = setup.shared && engines ? engines.fresh(setup.id) : null;
    ctx = await startRostrum(opts, fleet, `rostrum-${setup.id}`, D, { engines: shared, nodes: setup.nodes });
    const c = ctx;
    if (opts.scenarios.has('history')) keep(await playHistory(c));
    else await chairOf(c, 0).must({ type: 'meeting.open' });
    const join = await measured('join', () =>
      joinStorm(
        c,
        opts.n,
        opts.joinWindowMs,
        'join-storm',
        `Join storm: ${opts.n} delegates connect within ${Math.round(opts.joinWindowMs / 1000)} s`,
        false,
      ),
    );
    out.join = keep(withServicesCpu(join.result, 'join'));
    out.connected = join.connects.filter((x) => x.error === null).length;
    const perNode = await Promise.all(c.nodes.map((n) => scrapeConnections(n.url, c.meeting.id)));
    out.perNode = perNode.map((x) => String(x.socketio)).join(' / ');
    await sleep(2000);
    if (opts.scenarios.has('fanout')) {
      const f = await measured('fan', () => fanout(c, opts.rounds, 'fan-out', 'Fan-out: the chair moves the agenda'));
      out.fan = f.outcome;
      out.fanResult = keep(withServicesCpu(f.result, 'fan'));
    }
    if (opts.scenarios.has('vote')) {
      const title = 'Vote storm: every delegation votes within one second';
      const m0 = await scrapeNodes(c);
      const vote = await measured('vote', () =>
        voteStorm(c, 'vote-storm', title, true).catch((err: unknown) => ({
          ...newResult('vote-storm', title, opts.n),
          error: errorMessage(err),
        })),
      );
      const m1 = await scrapeNodes(c);
      // Every commit is sent by every node to its own clients: by the node that made it, and by each other node when it hears of it (merged with others when it catches up).
      const delta = (name: string) => m1.texts.map((t, i) => metricSum(t, name) - metricSum(m0.texts[i] ?? '', name));
      vote.figures['Yjs broadcasts per node (A / B / C)'] = delta('rostrum_yjs_broadcasts_total').join(' / ');
      vote.figures['send-loop time, all nodes'] = ms(
        delta('rostrum_yjs_fanout_seconds_total').reduce((a, b) => a + b, 0) * 1000,
      );
      out.vote = keep(withServicesCpu(vote, 'vote'));
    }
    out.agreement = await nodesAgree(c);
    const after = totalErrors(await fleet.stats());
    const fresh = Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0);
    out.clientErrors = fresh.length === 0 ? 'none' : fresh.map(([k, v]) => `${k}: ${v}`).join(', ');
  } catch (err) {
    out.error = errorMessage(err);
    console.error(`  ✗ ${setup.label}: ${out.error}`);
  } finally {
    if (ctx) {
      await fleet.disconnect().catch(() => undefined);
      await stopRostrum(ctx).catch(() => undefined);
    }
  }
  return out;
}

const p3 = (s: Summary | null | undefined) => (s ? `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}` : '–');

/** The side-by-side table: one column per configuration. */
function comparisonTable(outcomes: readonly SetupOutcome[], rounds: number): string {
  const counted = (o: SetupOutcome) => {
    const t = o.vote?.targets[0];
    if (!o.vote) return '–';
    if (o.vote.error) return `failed: ${o.vote.error}`;
    return t
      ? `${t.met ? 'yes' : '**NO**'}: ${t.value} (expected ${String(o.vote.figures['expected tally'] ?? '–')})`
      : '–';
  };
  /**
   * Deliveries missed by clients that had joined (lost updates), apart from those of clients that
   * never joined (every probe counts them missing: see the join row). `perClient`: deliveries per client.
   */
  const seen = (o: SetupOutcome, s: Summary | undefined, perClient: number) => {
    if (!s) return '–';
    const neverJoined = (o.join?.n ?? 0) - (o.connected ?? 0);
    const lost = s.missing - neverJoined * perClient;
    return `${lost} of ${s.count + lost}${neverJoined > 0 ? ` (+ ${neverJoined * perClient} of the ${neverJoined} that never joined)` : ''}`;
  };
  const rows: Array<[string, (o: SetupOutcome) => string]> = [
    ['load average at the start (1 / 5 / 15 min)', (o) => o.loadAtStart],
    [
      'delegates connected (delegations)',
      (o) => (o.connected === null ? '–' : `${o.connected} of ${o.join?.n ?? '–'} (${o.delegations})`),
    ],
    ['Socket.IO connections per node (A / B / C)', (o) => o.perNode],
    ['join: connected with the document, p99', (o) => ms(o.join?.summaries[1]?.s.p99 ?? Number.NaN)],
    [
      'join: CPU of the nodes / of PostgreSQL + Redis',
      (o) => `${ms(Number(o.join?.figures.serverCpuMs ?? Number.NaN))} / ${ms(o.servicesCpu.join)}`,
    ],
    ['**fan-out p50 / p95 / p99**', (o) => `**${p3(o.fan?.all)}**`],
    ['fan-out: median of the rounds’ p99', (o) => ms(o.fan ? medianOf(o.fan.perRoundP99) : Number.NaN)],
    ['fan-out: deliveries missed by joined clients (client × round)', (o) => seen(o, o.fan?.all, o.fan?.rounds ?? 0)],
    ['fan-out: chair’s ack (durable) p50 / p95 / p99', (o) => p3(o.fan?.acks)],
    [
      `fan-out: CPU per round of the nodes / of PostgreSQL + Redis (${rounds} rounds + warm-up)`,
      (o) =>
        `${ms(Number(o.fanResult?.figures.serverCpuMs ?? Number.NaN) / (rounds + 1))} / ${ms(o.servicesCpu.fan / (rounds + 1))}`,
    ],
    ['**vote storm: every ballot counted exactly once**', (o) => counted(o)],
    [
      'vote storm: retries through another node (same command id)',
      (o) => String(o.vote?.figures['retries sent through another node (same link, same command id)'] ?? '–'),
    ],
    [
      '**vote storm: last ballot → final tally on every client, p50 / p95 / p99**',
      (o) => `**${p3(o.vote?.summaries[0]?.s)}**`,
    ],
    ['vote storm: joined clients that never showed the final tally', (o) => seen(o, o.vote?.summaries[0]?.s, 1)],
    ['vote storm: ballot → its ack, p50 / p95 / p99', (o) => p3(o.vote?.summaries[1]?.s)],
    ['vote storm: ballots refused', (o) => String(o.vote?.figures['ballots refused'] ?? '–')],
    [
      'vote storm: CPU of the nodes / of PostgreSQL + Redis',
      (o) => `${ms(Number(o.vote?.figures.serverCpuMs ?? Number.NaN))} / ${ms(o.servicesCpu.vote)}`,
    ],
    [
      'vote storm: Yjs broadcasts per node (A / B / C); send-loop time, all nodes',
      (o) =>
        `${String(o.vote?.figures['Yjs broadcasts per node (A / B / C)'] ?? '–')}; ${String(o.vote?.figures['send-loop time, all nodes'] ?? '–')}`,
    ],
    ['nodes hold the same record at the end', (o) => o.agreement?.text ?? '–'],
    ['**errors**: client (disconnects, connect errors) / run', (o) => `${o.clientErrors} / ${o.error ?? 'none'}`],
  ];
  const head = `| | ${outcomes.map((o) => o.setup.label).join(' | ')} |`;
  const rule = `| --- | ${outcomes.map(() => '---').join(' | ')} |`;
  return [head, rule, ...rows.map(([name, f]) => `| ${name} | ${outcomes.map(f).join(' | ')} |`)].join('\n');
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The correctness targets of cluster mode, per configuration (the vote storm's own are in its result). */
function correctness(o: SetupOutcome): TargetCheck[] {
  const out: TargetCheck[] = [];
  const failedJoins = o.connected === null || !o.join ? null : o.join.n - o.connected;
  const missed = o.fan && failedJoins !== null ? o.fan.all.missing - failedJoins * o.fan.rounds : null;
  if (missed !== null && failedJoins !== null) {
    out.push({
      name: `${o.setup.label}: every client saw every fan-out`,
      target: 'no failed joins, nothing missed',
      value: `${failedJoins} failed joins, ${missed} missed by joined clients`,
      met: missed === 0 && failedJoins === 0,
    });
  }
  if (o.agreement)
    out.push({
      name: `${o.setup.label}: every node holds the same record`,
      target: 'same state everywhere',
      value: o.agreement.text,
      met: o.agreement.agree,
    });
  if (o.error) out.push({ name: `${o.setup.label}: ran to the end`, target: 'no failure', value: o.error, met: false });
  return out;
}

/**
 * Runs every configuration in turn and returns the comparison (its table in `notes[0]`). The
 * configurations are not interleaved as the single-node fan-out rounds are: that would need all
 * of them connected at once (3 × N delegates, 6 × N connections) on these 2 cores.
 */
export async function compareAcrossNodes(
  opts: Options,
  fleet: Fleet,
  engines: SharedEngines | null,
  record: (r: ScenarioResult) => void,
): Promise<ScenarioResult> {
  const outcomes: SetupOutcome[] = [];
  for (const setup of setupsOf(opts)) outcomes.push(await runSetup(opts, fleet, setup, engines, record));
  const r = newResult('cluster-comparison', `Across ${opts.nodes} nodes, next to one node`, opts.n);
  r.notes.push(`${comparisonTable(outcomes, opts.rounds)}\n`);
  r.targets.push(...outcomes.flatMap(correctness));
  for (const o of outcomes) {
    r.figures[`${o.setup.label}: fan-out p99`] = ms(o.fan?.all.p99 ?? Number.NaN);
    r.figures[`${o.setup.label}: vote storm final tally p99`] = ms(o.vote?.summaries[0]?.s.p99 ?? Number.NaN);
  }
  return r;
}
