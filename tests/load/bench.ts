// The Rostrum load bench: `npm run bench` (N = 2,000, all scenarios, then 5,000 delegates) or
// `npm run bench:quick` (N = 200). Options: see lib/args.ts. Every step is bounded; the run stops by itself.
// Cluster mode, `npm run bench:cluster` (= --nodes 3; `-- --quick` for N = 200): starts its own
// PostgreSQL and Redis, and runs the fan-out and vote scenarios on one node (SQLite), one node on
// PostgreSQL + Redis (--no-single-pg skips it) and 3 nodes on them, then prints them side by side.
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { killAll } from './lib/child.js';
import { removeRunDir } from './lib/run-dir.js';
import { now, sleep } from './lib/clock.js';
import type { RostrumCtx } from './lib/context.js';
import { chairOf } from './lib/context.js';
import { startEngines, type SharedEngines } from './lib/engines.js';
import { Fleet, totalErrors } from './lib/fleet.js';
import { errorMessage } from './lib/ipc.js';
import { HAS_VOTES, ITEMS } from './lib/meeting.js';
import {
  newResult,
  printScenario,
  replaceBetween,
  writeRun,
  writeScenario,
  type RunInfo,
  type ScenarioResult,
} from './lib/report.js';
import { kb, ms } from './lib/stats.js';
import { compareAcrossNodes } from './scenarios/cluster.js';
import {
  fanout,
  floorStorm,
  joinStorm,
  MAX_DELEGATIONS,
  memoryResult,
  playHistory,
  replay,
  startRostrum,
  stopRostrum,
  voteStorm,
} from './scenarios/rostrum.js';
import { parseArgs, root } from './lib/args.js';
import { headline } from './lib/headline.js';
import { fanoutWithBaselines } from './scenarios/fanout-baselines.js';

const opts = parseArgs(process.argv.slice(2));
const results: ScenarioResult[] = [];
const startedAt = new Date();
const conditions: string[] = [];

function record(r: ScenarioResult): void {
  printScenario(r);
  writeScenario(opts.out, r);
  results.push(r);
}

function finish(code: number): never {
  const m = cpus();
  const info: RunInfo = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `node --import tsx tests/load/bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      cpus: m.length,
      cpuModel: m[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    options: { ...opts, scenarios: [...opts.scenarios], out: relative(root, opts.out) },
    conditions: [
      ...conditions,
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    ],
  };
  writeRun(opts.out, info, results);
  if (opts.readme && code === 0 && opts.nodes > 1) {
    const comparison = results.find((r) => r.id === 'cluster-comparison')?.notes[0];
    const stamp = `_${info.finishedAt}, ${info.machine.cpus} cores (${info.machine.cpuModel}), Node ${info.machine.node}, N = ${opts.n}; ${info.conditions[0] ?? ''}; full figures in [results-cluster/summary.md](results-cluster/summary.md)._`;
    if (
      comparison &&
      replaceBetween(
        join(root, 'docs/bench/README.md'),
        '<!-- bench:cluster:start -->',
        '<!-- bench:cluster:end -->',
        `${stamp}\n\n${comparison.trim()}`,
      )
    ) {
      console.log('\nUpdated the cluster table of docs/bench/README.md');
    }
  } else if (opts.readme && code === 0) {
    const table = headline(results);
    const ok = replaceBetween(
      join(root, 'docs/bench/README.md'),
      '<!-- bench:results:start -->',
      '<!-- bench:results:end -->',
      `_${info.finishedAt}, ${info.machine.cpus} cores (${info.machine.cpuModel}), Node ${info.machine.node}; full figures in [results/summary.md](results/summary.md)._\n\n${table}`,
    );
    if (ok) console.log('\nUpdated the results table of docs/bench/README.md');
  }
  console.log(`\nResults: ${relative(root, opts.out)}/summary.md (${((now() - startedAtMs) / 1000).toFixed(0)} s)`);
  killAll();
  removeRunDir();
  process.exit(code);
}

const startedAtMs = now();
const deadline = setTimeout(() => {
  console.error(`\n✗ the bench ran past --max-minutes ${opts.maxMinutes}: stopping everything`);
  results.push({ ...newResult('timeout', 'Run cut short', 0), error: `ran past ${opts.maxMinutes} minutes` });
  finish(2);
}, opts.maxMinutes * 60_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\ninterrupted (${signal})`);
    // finish() exits the process: the children are killed, and PostgreSQL and Redis stopped by their exit hook.
    finish(130);
  });
}

async function guarded(
  id: string,
  title: string,
  n: number,
  run: () => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  try {
    return await run();
  } catch (err) {
    return { ...newResult(id, title, n), error: errorMessage(err) };
  }
}

async function rostrumMain(fleet: Fleet): Promise<void> {
  const { n } = opts;
  const D = Math.min(n, MAX_DELEGATIONS);
  console.log(
    `\n▶ Rostrum: ${D} delegations, ${n} delegates (${(n / D).toFixed(1)} per delegation), ${opts.workers} load workers`,
  );
  const ctx = await startRostrum(opts, fleet, 'rostrum', D);
  try {
    if (opts.scenarios.has('history')) record(await playHistory(ctx));
    else await chairOf(ctx, 0).must({ type: 'meeting.open' });
    const m0 = await ctx.server.mem();
    const join = await joinStorm(
      ctx,
      n,
      opts.joinWindowMs,
      'join-storm',
      'Join storm: delegates connect within 10 s to a meeting three hours old',
    );
    record(join.result);
    await sleep(2000);
    const m1 = await ctx.server.mem();
    const mem = memoryResult('memory', 'Memory: server RSS and heap per connected delegate', n, m0, m1, 2);
    const perDelegate = Number(mem.figures.rssPerClientBytes);
    mem.targets.push({
      name: `server RSS per connected delegate (N=${n})`,
      target: '< 60 KB',
      value: kb(perDelegate),
      met: perDelegate < 60 * 1024,
    });
    mem.notes.push(
      'Each delegate holds two connections: Socket.IO (commands, presence, time) and the Yjs document. Measured after a full GC, before and after the join storm; the difference divided by N.',
    );
    record(mem);
    if (opts.scenarios.has('fanout')) await fanoutWithBaselines(ctx, opts, record);
    if (opts.scenarios.has('floor')) record(await guarded('floor-storm', 'Floor storm', n, () => floorStorm(ctx)));
    if (opts.scenarios.has('vote')) record(await guarded('vote-storm', 'Vote storm', n, () => voteStorm(ctx)));
    if (opts.scenarios.has('replay')) record(await guarded('replay', 'Replayed meeting', n, () => replay(ctx)));
    const errors = totalErrors(await fleet.stats());
    if (Object.keys(errors).length > 0)
      conditions.push(`client errors during the Rostrum scenarios: ${JSON.stringify(errors)}`);
  } finally {
    await fleet.disconnect();
    await stopRostrum(ctx);
  }
}

/** 5,000 delegates (500 delegations × 10) on a fresh server: join, memory, fan-out, floor and vote storms, errors. */
async function large(fleet: Fleet): Promise<void> {
  const n = opts.large;
  const D = MAX_DELEGATIONS;
  const r = newResult('large', `${n} delegates still served`, n);
  console.log(`\n▶ Rostrum, large: ${D} delegations, ${n} delegates`);
  const ctx: RostrumCtx = await startRostrum(opts, fleet, 'rostrum-large', D);
  try {
    await chairOf(ctx, 0).must({ type: 'meeting.open' });
    await chairOf(ctx, 1).must({ type: 'agenda.start', itemId: ITEMS.large });
    const before = totalErrors(await fleet.stats());
    const m0 = await ctx.server.mem();
    // 100 joins a second: what two load workers sustain on this machine (the server used ~2 ms per join).
    const windowMs = Math.max(opts.joinWindowMs, (n / 100) * 1000);
    const join = await joinStorm(
      ctx,
      n,
      windowMs,
      'large-join',
      `Large: ${n} delegates connect within ${Math.round(windowMs / 1000)} s`,
      false,
    );
    record(join.result);
    await sleep(2000);
    const m1 = await ctx.server.mem();
    const mem = memoryResult('large-memory', `Large: server memory per delegate (N=${n})`, n, m0, m1, 2);
    record(mem);
    const fan = await fanout(
      ctx,
      Math.max(4, Math.round(opts.rounds / 2)),
      'large-fan-out',
      `Large: fan-out to ${n} delegates`,
    );
    record(fan.result);
    const floor = await guarded('large-floor-storm', 'Large: floor storm', n, () =>
      floorStorm(ctx, ITEMS.floor, 'large-floor-storm', `Large: floor storm, ${n} requests from ${D} delegations`),
    );
    for (const t of floor.targets) t.name = `large (N=${n}): ${t.name}`;
    record(floor);
    const vote = await guarded('large-vote-storm', 'Large: vote storm', n, () =>
      voteStorm(ctx, 'large-vote-storm', `Large: vote storm, ${D} delegations, ${n} clients watching`),
    );
    // The 1-second target is set for N = 2,000; here the figure is printed, counting once is the target.
    const latency = vote.targets.splice(1);
    for (const t of latency) vote.figures[t.name] = t.value;
    for (const t of vote.targets) t.name = `large (N=${n}): ${t.name}`;
    record(vote);
    const after = totalErrors(await fleet.stats());
    const errors = Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0);
    const failedJoins = join.connects.filter((c) => c.error !== null).length;
    const missing = fan.outcome.all.missing;
    const scenarioErrors = [floor, vote]
      .filter((x) => x.error && !x.error.startsWith('votes are not'))
      .map((x) => x.error);
    const clean =
      errors.length === 0 &&
      failedJoins === 0 &&
      missing === 0 &&
      scenarioErrors.length === 0 &&
      floor.targets.every((t) => t.met !== false) &&
      vote.targets.slice(0, 1).every((t) => t.met !== false);
    r.figures['failed joins'] = failedJoins;
    r.figures['fan-out messages never seen'] = missing;
    r.figures['client errors (disconnects, connect errors)'] =
      errors.length === 0 ? 0 : errors.map(([k, v]) => `${k}: ${v}`).join(', ');
    r.figures['scenario errors'] = scenarioErrors.length === 0 ? 0 : scenarioErrors.join('; ');
    r.figures['join p99'] = ms(join.result.summaries[0]?.s.p99 ?? Number.NaN);
    r.figures['fan-out p99'] = ms(fan.outcome.all.p99);
    r.figures['RSS per delegate'] = String(mem.figures['RSS per client']);
    r.targets.push({
      name: `${n} delegates served without errors`,
      target: 'no failed joins, disconnects, lost updates or refused commands',
      value: clean ? 'none' : 'errors (see figures)',
      met: clean,
    });
  } catch (err) {
    r.error = errorMessage(err);
  } finally {
    await fleet.disconnect().catch(() => undefined);
    await stopRostrum(ctx);
  }
  record(r);
}

/** Cluster mode: PostgreSQL and Redis of its own, then every configuration in turn. */
async function clusterMain(fleet: Fleet): Promise<void> {
  conditions.push(
    `Cluster mode: ${opts.nodes} Rostrum nodes (child processes) on one PostgreSQL (fsync off, as the cluster test's) and one redis-server, all on this machine; the delegates are spread over the nodes round-robin by client, the chair, the secretariat and the coordinator's reader are on node A. Compared with one node on SQLite${opts.singlePg ? ' and one node on the same PostgreSQL + Redis' : ''}, one configuration after the other (each on a fresh database).`,
  );
  let engines: SharedEngines | null = null;
  try {
    console.log('\n▶ Starting PostgreSQL and redis-server (throw-away, loopback only)');
    engines = await startEngines();
    const comparison = await compareAcrossNodes(opts, fleet, engines, record);
    record(comparison);
  } finally {
    engines?.stop();
  }
}

async function main(): Promise<void> {
  conditions.push(
    `load average at the start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (other work on the machine shares its ${cpus().length} cores)`,
  );
  conditions.push(
    `Load generators share the machine with the server under test: per server, ${opts.workers} processes of wire clients and ${opts.fullWorkers} of full clients. Every delegate has the browser's Socket.IO client (WebSocket transport); for the Yjs document 1 in ${opts.fullEvery} is a full client (y-websocket provider with disableBc, Y.Doc, readState) and the others are wire clients (the same protocol on a raw WebSocket, no document of their own): see docs/bench/README.md`,
  );
  if (!HAS_VOTES) conditions.push('votes are not in this build of the core: the vote storm is skipped');
  const fleet = await Fleet.start(
    opts.workers,
    opts.fullWorkers,
    opts.profile ? join(opts.out, '..', 'profiles', 'workers') : null,
  );
  try {
    if (opts.nodes > 1) return await clusterMain(fleet);
    await rostrumMain(fleet);
    if (opts.large > 0 && opts.scenarios.has('large')) await large(fleet);
  } finally {
    await fleet.stop();
  }
}

main().then(
  () => {
    clearTimeout(deadline);
    finish(0);
  },
  (err: unknown) => {
    console.error(`\n✗ the bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    results.push({ ...newResult('failure', 'Run failed', 0), error: errorMessage(err) });
    finish(1);
  },
);
