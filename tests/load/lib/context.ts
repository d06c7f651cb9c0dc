import type { ServerProcess } from './child.js';
import type { Fleet } from './fleet.js';
import type { ClientSpec } from './ipc.js';
import type { Commander, CreatedMeeting, Reader } from './meeting.js';

export type Options = {
  /** Connected delegates of the main scenarios. */
  n: number;
  /** Load-generator processes per server: of wire clients, and of full clients. */
  workers: number;
  fullWorkers: number;
  /** One delegate in `fullEvery` is a full Yjs client (provider + Y.Doc + readState); the others are wire clients. 1: all full. */
  fullEvery: number;
  /** Fan-out rounds per target. */
  rounds: number;
  /** Window over which the join storm's delegates start connecting. */
  joinWindowMs: number;
  /** The replayed meeting: its length and how much faster than real time it is played. */
  replayMinutes: number;
  timeFactor: number;
  /** Delegates of the large run (0: skipped). */
  large: number;
  scenarios: Set<string>;
  baselines: boolean;
  out: string;
  maxMinutes: number;
  /** Run the Rostrum server with --cpu-prof (profiles under docs/bench/profiles/). */
  profile: boolean;
  /** Run the Rostrum server of another checkout (before/after comparisons); null: this tree. */
  serverRoot: string | null;
  /** Update the results table of docs/bench/README.md. */
  readme: boolean;
  /** Cluster mode (> 1): the fan-out and vote scenarios across this many nodes, next to one node. */
  nodes: number;
  /** Cluster mode: also one node on PostgreSQL + Redis (separates the engines' cost from the spreading's). */
  singlePg: boolean;
};

/** One Rostrum server process of a run. */
export type RostrumNode = { name: string; server: ServerProcess; url: string };

/**
 * A running Rostrum (one server, or several nodes on one PostgreSQL and Redis) with a meeting,
 * the coordinator's own clients, and the fleet. `server` and `url` are node A's: the meeting is
 * created there and the staff clients (chair, secretariat, reader) are on it.
 */
export type RostrumCtx = {
  opts: Options;
  server: ServerProcess;
  url: string;
  /** Every node, node A first (one server: just it). The delegates are spread over them round-robin. */
  nodes: RostrumNode[];
  fleet: Fleet;
  meeting: CreatedMeeting;
  delegations: string[];
  tokens: Map<string, string[]>;
  /** The chair (several sockets of one token, used in turn: the per-connection rate limit). */
  chair: Commander[];
  secretariat: Commander;
  reader: Reader;
  /** The delegates of the fleet (set by the join storm) and whether each connected. */
  specs: ClientSpec[];
  alive: boolean[];
};

/** Clients that connected, and for each delegation that has one, its voter: a connected client on the head's link. */
export function liveClients(ctx: RostrumCtx): { clients: number[]; voters: Map<string, number> } {
  const clients: number[] = [];
  const voters = new Map<string, number>();
  ctx.specs.forEach((spec, i) => {
    if (!ctx.alive[i]) return;
    clients.push(i);
    if (!voters.has(spec.delegationId) && ctx.tokens.get(spec.delegationId)?.[0] === spec.token)
      voters.set(spec.delegationId, i);
  });
  return { clients, voters };
}

/** The chair socket to use for the k-th command. */
export function chairOf(ctx: RostrumCtx, k: number) {
  const c = ctx.chair[k % ctx.chair.length];
  if (!c) throw new Error('no chair client');
  return c;
}

/** Full clients are spread evenly over time: every `fullEvery`-th client (their own workers hold them). */
export function isFull(i: number, fullEvery: number): boolean {
  return fullEvery <= 1 || i % fullEvery === 0;
}

/**
 * The clients of a run of `n` delegates: client `i` belongs to delegation `i % D`; its first
 * connection (client `d`) uses the head's link (it casts the delegation's vote), further ones
 * alternate between the deputy's and the head's links (several people or tabs per delegation).
 * Every `fullEvery`-th client is a full Yjs client (see worker.ts).
 */
export function delegateSpecs(
  delegations: readonly string[],
  tokens: ReadonlyMap<string, readonly string[]>,
  n: number,
  windowMs: number,
  fullEvery: number,
  /** Several nodes: client `i` connects to `urls[i % urls.length]`; one node: the fleet's url. */
  urls: readonly string[] = [],
): ClientSpec[] {
  const D = delegations.length;
  return Array.from({ length: n }, (_, i) => {
    const delegationId = delegations[i % D];
    if (delegationId === undefined) throw new Error('no delegations');
    const list = tokens.get(delegationId) ?? [];
    const token = list[Math.floor(i / D) % Math.max(1, list.length)];
    if (token === undefined) throw new Error(`no delegate token for ${delegationId}`);
    const spec: ClientSpec = {
      token,
      delegationId,
      offsetMs: n <= 1 ? 0 : (i * windowMs) / n,
      full: isFull(i, fullEvery),
    };
    const url = urls.length > 1 ? urls[i % urls.length] : undefined;
    return url === undefined ? spec : { ...spec, url };
  });
}
