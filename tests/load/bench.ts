// The Rostrum load bench: `npm run bench` (N = 2,000, all scenarios, then 5,000 delegates) or
// `npm run bench:quick` (N = 200). Options: --n, --workers, --full-every (1: every client a full
// Yjs client), --rounds, --join-window-ms,
// --replay-minutes, --time-factor, --large (0 skips), --only a,b, --no-baselines, --out DIR,
// --max-minutes, --profile, --server-root DIR (the server of another checkout,
// for before/after comparisons), --no-readme. Every step is bounded; the run stops by itself.
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAll } from './lib/child.js';
import { now, sleep } from './lib/clock.js';
import type { Options, RostrumCtx } from './lib/context.js';
import { chairOf } from './lib/context.js';
import { Fleet, totalErrors } from './lib/fleet.js';
import { errorMessage } from './lib/ipc.js';
import { HAS_VOTES, ITEMS } from './lib/meeting.js';
import { newResult, printScenario, replaceBetween, targetTable, writeRun, writeScenario, type RunInfo, type ScenarioResult } from './lib/report.js';
import { kb, ms, ratio } from './lib/stats.js';
import { baseline, type BaselineOutcome } from './scenarios/baselines.js';
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
  type FanoutOutcome,
} from './scenarios/rostrum.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ALL = ['history', 'fanout', 'floor', 'vote', 'replay', 'baselines', 'large'];

function parseArgs(argv: readonly string[]): Options {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args.set(a.slice(2), next);
      i++;
    } else flags.add(a.slice(2));
  }
  const quick = flags.has('quick');
  const num = (name: string, fallback: number) => {
    const v = args.get(name);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${name} must be a number`);
    return x;
  };
  const n = num('n', quick ? 200 : 2000);
  const only = args.get('only');
  const outDefault = quick ? 'docs/bench/results-quick' : n === 2000 ? 'docs/bench/results' : `docs/bench/results-n${n}`;
  return {
    n,
    workers: num('workers', 2),
    fullEvery: Math.max(1, num('full-every', 10)),
    rounds: num('rounds', 10),
    joinWindowMs: num('join-window-ms', 10_000),
    replayMinutes: num('replay-minutes', 30),
    timeFactor: num('time-factor', 30),
    large: num('large', quick ? 0 : 5000),
    scenarios: new Set(only ? only.split(',') : ALL),
    baselines: !flags.has('no-baselines'),
    out: resolve(root, args.get('out') ?? outDefault),
    maxMinutes: num('max-minutes', quick ? 5 : 14),
    profile: flags.has('profile'),
    serverRoot: args.get('server-root') ?? null,
    readme: !flags.has('no-readme') && !quick && n === 2000 && args.get('out') === undefined && !args.has('server-root'),
  };
}

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
    machine: { cpus: m.length, cpuModel: m[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` },
    options: { ...opts, scenarios: [...opts.scenarios], out: relative(root, opts.out) },
    conditions: [...conditions, `load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`],
  };
  writeRun(opts.out, info, results);
  if (opts.readme && code === 0) {
    const table = headline(results);
    const ok = replaceBetween(join(root, 'docs/bench/README.md'), '<!-- bench:results:start -->', '<!-- bench:results:end -->', `_${info.finishedAt}, ${info.machine.cpus} cores (${info.machine.cpuModel}), Node ${info.machine.node}; full figures in [results/summary.md](results/summary.md)._\n\n${table}`);
    if (ok) console.log('\nUpdated the results table of docs/bench/README.md');
  }
  console.log(`\nResults: ${relative(root, opts.out)}/summary.md (${((now() - startedAtMs) / 1000).toFixed(0)} s)`);
  killAll();
  process.exit(code);
}

/** The README's table: every target, then the fan-out comparison. */
function headline(rs: readonly ScenarioResult[]): string {
  return targetTable(rs.flatMap((r) => r.targets));
}

const startedAtMs = now();
const deadline = setTimeout(() => {
  console.error(`\n✗ the bench ran past --max-minutes ${opts.maxMinutes}: stopping everything`);
  results.push({ ...newResult('timeout', 'Run cut short', 0), error: `ran past ${opts.maxMinutes} minutes` });
  finish(2);
}, opts.maxMinutes * 60_000);
process.on('SIGINT', () => {
  console.error('\ninterrupted');
  finish(130);
});

/** Adds the baselines to the fan-out result: figures side by side, ratios, and the two targets. */
function compareFanout(fan: FanoutOutcome, sio: BaselineOutcome | null, yws: BaselineOutcome | null): void {
  const r = fan.result;
  const p = fan.all.p99;
  const rows = [`| server | p50 | p95 | p99 | max | p99 ratio (Rostrum ÷ this) |`, '| --- | ---: | ---: | ---: | ---: | ---: |'];
  rows.push(`| Rostrum (command → validation → group commit to SQLite → broadcast) | ${ms(fan.all.p50)} | ${ms(fan.all.p95)} | ${ms(p)} | ${ms(fan.all.max)} | |`);
  for (const b of [sio, yws]) {
    if (!b) continue;
    rows.push(`| ${b.result.title.replace('Baseline: ', '')} | ${ms(b.all.p50)} | ${ms(b.all.p95)} | ${ms(b.all.p99)} | ${ms(b.all.max)} | ${ratio(p, b.all.p99)} |`);
  }
  r.notes.push(`Side by side, same N, same machine, same run:\n\n${rows.join('\n')}\n`);
  if (sio) {
    r.figures['p99 ÷ bare Socket.IO p99'] = ratio(p, sio.all.p99);
    r.targets.push({ name: 'fan-out p99 vs bare Socket.IO broadcast', target: '≤ 1.5x', value: `${ms(p)} vs ${ms(sio.all.p99)} (${ratio(p, sio.all.p99)})`, met: p <= 1.5 * sio.all.p99 });
  }
  if (yws) {
    r.figures['p99 ÷ reference y-websocket p99'] = ratio(p, yws.all.p99);
    r.targets.push({ name: 'fan-out p99 vs reference y-websocket server', target: '≤ 1x', value: `${ms(p)} vs ${ms(yws.all.p99)} (${ratio(p, yws.all.p99)})`, met: p <= yws.all.p99 });
  }
}

async function guarded(id: string, title: string, n: number, run: () => Promise<ScenarioResult>): Promise<ScenarioResult> {
  try {
    return await run();
  } catch (err) {
    return { ...newResult(id, title, n), error: errorMessage(err) };
  }
}

async function rostrumMain(fleet: Fleet): Promise<FanoutOutcome | null> {
  const { n } = opts;
  const D = Math.min(n, MAX_DELEGATIONS);
  console.log(`\n▶ Rostrum: ${D} delegations, ${n} delegates (${(n / D).toFixed(1)} per delegation), ${opts.workers} load workers`);
  const ctx = await startRostrum(opts, fleet, 'rostrum', D);
  let fan: FanoutOutcome | null = null;
  try {
    if (opts.scenarios.has('history')) record(await playHistory(ctx));
    else await chairOf(ctx, 0).must({ type: 'meeting.open' });
    const m0 = await ctx.server.mem();
    const join = await joinStorm(ctx, n, opts.joinWindowMs, 'join-storm', 'Join storm: delegates connect within 10 s to a meeting three hours old');
    record(join.result);
    await sleep(2000);
    const m1 = await ctx.server.mem();
    const mem = memoryResult('memory', 'Memory: server RSS and heap per connected delegate', n, m0, m1, 2);
    const perDelegate = Number(mem.figures.rssPerClientBytes);
    mem.targets.push({ name: `server RSS per connected delegate (N=${n})`, target: '< 60 KB', value: kb(perDelegate), met: perDelegate < 60 * 1024 });
    mem.notes.push('Each delegate holds two connections: Socket.IO (commands, presence, time) and the Yjs document. Measured after a full GC, before and after the join storm; the difference divided by N.');
    record(mem);
    if (opts.scenarios.has('fanout')) fan = await fanout(ctx, opts.rounds);
    if (opts.scenarios.has('floor')) record(await guarded('floor-storm', 'Floor storm', n, () => floorStorm(ctx)));
    if (opts.scenarios.has('vote')) record(await guarded('vote-storm', 'Vote storm', n, () => voteStorm(ctx)));
    if (opts.scenarios.has('replay')) record(await guarded('replay', 'Replayed meeting', n, () => replay(ctx)));
    const errors = totalErrors(await fleet.stats());
    if (Object.keys(errors).length > 0) conditions.push(`client errors during the Rostrum scenarios: ${JSON.stringify(errors)}`);
  } finally {
    await fleet.disconnect();
    await stopRostrum(ctx);
  }
  return fan;
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
    const windowMs = Math.max(opts.joinWindowMs, (n / 200) * 1000);
    const join = await joinStorm(ctx, n, windowMs, 'large-join', `Large: ${n} delegates connect within ${Math.round(windowMs / 1000)} s`);
    record(join.result);
    await sleep(2000);
    const m1 = await ctx.server.mem();
    const mem = memoryResult('large-memory', `Large: server memory per delegate (N=${n})`, n, m0, m1, 2);
    record(mem);
    const fan = await fanout(ctx, Math.max(4, Math.round(opts.rounds / 2)), 'large-fan-out', `Large: fan-out to ${n} delegates`);
    record(fan.result);
    const floor = await guarded('large-floor-storm', 'Large: floor storm', n, () => floorStorm(ctx, ITEMS.floor, 'large-floor-storm', `Large: floor storm, ${n} requests from ${D} delegations`));
    record(floor);
    const vote = await guarded('large-vote-storm', 'Large: vote storm', n, () => voteStorm(ctx, 'large-vote-storm', `Large: vote storm, ${D} delegations, ${n} clients watching`));
    record(vote);
    const after = totalErrors(await fleet.stats());
    const errors = Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0);
    const failedJoins = join.connects.filter((c) => c.error !== null).length;
    const missing = fan.all.missing;
    const scenarioErrors = [floor, vote].filter((x) => x.error && !x.error.startsWith('votes are not')).map((x) => x.error);
    const clean = errors.length === 0 && failedJoins === 0 && missing === 0 && scenarioErrors.length === 0 && floor.targets.every((t) => t.met !== false) && vote.targets.slice(0, 1).every((t) => t.met !== false);
    r.figures['failed joins'] = failedJoins;
    r.figures['fan-out messages never seen'] = missing;
    r.figures['client errors (disconnects, connect errors)'] = errors.length === 0 ? 0 : errors.map(([k, v]) => `${k}: ${v}`).join(', ');
    r.figures['scenario errors'] = scenarioErrors.length === 0 ? 0 : scenarioErrors.join('; ');
    r.figures['join p99'] = ms(join.result.summaries[0]?.s.p99 ?? Number.NaN);
    r.figures['fan-out p99'] = ms(fan.all.p99);
    r.figures['RSS per delegate'] = String(mem.figures['RSS per client']);
    r.targets.push({ name: `${n} delegates served without errors`, target: 'no failed joins, disconnects, lost updates or refused commands', value: clean ? 'none' : 'errors (see figures)', met: clean });
  } catch (err) {
    r.error = errorMessage(err);
  } finally {
    await fleet.disconnect().catch(() => undefined);
    await stopRostrum(ctx);
  }
  record(r);
}

async function main(): Promise<void> {
  conditions.push(`load average at the start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on the machine shares its ${cpus().length} cores)`);
  conditions.push(
    `${opts.workers} load-generator processes share the machine with the server under test. Every delegate has the browser's Socket.IO client (WebSocket transport); for the Yjs document 1 in ${opts.fullEvery} is a full client (y-websocket provider with disableBc, Y.Doc, readState) and the others are wire clients (the same protocol on a raw WebSocket, updates decoded, no document kept): see docs/bench/README.md`,
  );
  if (!HAS_VOTES) conditions.push('votes are not in this build of the core: the vote storm is skipped');
  const fleet = await Fleet.start(opts.workers);
  try {
    const fan = await rostrumMain(fleet);
    let sio: BaselineOutcome | null = null;
    let yws: BaselineOutcome | null = null;
    if (opts.baselines && opts.scenarios.has('baselines')) {
      const payload = fan?.updateBytes ?? 400;
      console.log(`\n▶ Baselines at N = ${opts.n}, payload ${payload} B`);
      try {
        sio = await baseline('sio', fleet, opts.n, opts.rounds, payload, opts.fullEvery);
      } catch (err) {
        record({ ...newResult('baseline-sio', 'Baseline: bare Socket.IO', opts.n), error: errorMessage(err) });
        await fleet.disconnect().catch(() => undefined);
      }
      try {
        yws = await baseline('yws', fleet, opts.n, opts.rounds, payload, opts.fullEvery);
      } catch (err) {
        record({ ...newResult('baseline-yws', 'Baseline: reference y-websocket', opts.n), error: errorMessage(err) });
        await fleet.disconnect().catch(() => undefined);
      }
    }
    if (fan) {
      compareFanout(fan, sio, yws);
      record(fan.result);
    }
    for (const b of [sio, yws]) {
      if (!b) continue;
      record(b.result);
      record(b.memory);
    }
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
