// The bench's command line: --n, --workers, --full-workers, --full-every (1: every client a full
// Yjs client), --rounds, --join-window-ms, --replay-minutes, --time-factor, --large (0 skips),
// --only a,b, --no-baselines, --out DIR, --max-minutes, --profile, --server-root DIR (the server
// of another checkout, for before/after comparisons), --no-readme, --nodes N, --no-single-pg, --quick.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from './context.js';

/** The repository's root: --out and the README are relative to it. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));
const ALL = ['history', 'fanout', 'floor', 'vote', 'replay', 'baselines', 'large'];
/** Cluster mode runs these (the join storm always: it connects the delegates). */
const CLUSTER = ['history', 'fanout', 'vote'];

export function parseArgs(argv: readonly string[]): Options {
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
  const nodesOf = () => {
    const v = args.get('nodes');
    const x = v === undefined ? 1 : Number(v);
    if (!Number.isInteger(x) || x < 1 || x > 8) throw new Error('--nodes must be a whole number from 1 to 8');
    return x;
  };
  const nodes = nodesOf();
  const cluster = nodes > 1;
  const num = (name: string, fallback: number) => {
    const v = args.get(name);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${name} must be a number`);
    return x;
  };
  const n = num('n', quick ? 200 : 2000);
  const only = args.get('only');
  const outDefault = cluster
    ? `docs/bench/results-cluster${quick ? '-quick' : n === 2000 ? '' : `-n${n}`}`
    : quick
      ? 'docs/bench/results-quick'
      : n === 2000
        ? 'docs/bench/results'
        : `docs/bench/results-n${n}`;
  return {
    n,
    workers: num('workers', 2),
    fullWorkers: num('full-workers', 2),
    // About 100 full clients whatever N, unless told.
    fullEvery: Math.max(1, Math.round(num('full-every', Math.max(1, Math.round(n / 100))))),
    rounds: num('rounds', 10),
    joinWindowMs: num('join-window-ms', 10_000),
    replayMinutes: num('replay-minutes', 30),
    timeFactor: num('time-factor', 30),
    large: cluster ? 0 : num('large', quick ? 0 : 5000),
    scenarios: new Set((only ? only.split(',') : ALL).filter((x) => !cluster || CLUSTER.includes(x))),
    baselines: !flags.has('no-baselines'),
    out: resolve(root, args.get('out') ?? outDefault),
    maxMinutes: num('max-minutes', cluster ? (quick ? 10 : 20) : quick ? 5 : 14),
    profile: flags.has('profile'),
    serverRoot: args.get('server-root') ?? null,
    readme:
      !flags.has('no-readme') && !quick && n === 2000 && args.get('out') === undefined && !args.has('server-root'),
    nodes,
    singlePg: !flags.has('no-single-pg'),
  };
}
