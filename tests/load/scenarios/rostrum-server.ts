// Rostrum under load: its server processes (one, or nodes sharing PostgreSQL and Redis), the
// bench meeting on them, and what their /metrics and event loops say during a scenario.
import { join } from 'node:path';
import { ServerProcess } from '../lib/child.js';
import { runDir } from '../lib/run-dir.js';
import { now } from '../lib/clock.js';
import type { Options, RostrumCtx, RostrumNode } from '../lib/context.js';
import type { Fleet } from '../lib/fleet.js';
import {
  ADMIN_TOKEN,
  benchMeeting,
  Commander,
  createMeeting,
  delegateTokens,
  Reader,
  tokenOf,
} from '../lib/meeting.js';
import type { ScenarioResult } from '../lib/report.js';
import { ms } from '../lib/stats.js';

/** Most delegations a meeting definition allows: beyond it, several people per delegation. */
export const MAX_DELEGATIONS = 500;

/** Where the record is kept: null, SQLite in the server's temp folder; else a PostgreSQL database and Redis between the nodes. */
export type Engines = { databaseUrl: string; redisUrl: string } | null;

const NODE_NAMES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** Starts the server processes: one, or `count` nodes on the same engines; all stopped again if one fails to start. */
async function startNodes(opts: Options, name: string, engines: Engines, count: number): Promise<RostrumNode[]> {
  const nodes = Array.from({ length: count }, (_, i) => {
    const nodeName = count > 1 ? `${name}-${NODE_NAMES[i] ?? String(i)}` : name;
    // Node names the profiles itself (one per thread: tsx's loader runs in a thread of its own; the server's is the big one).
    const execArgv = opts.profile ? ['--cpu-prof', '--cpu-prof-dir', join(opts.out, '..', 'profiles', nodeName)] : [];
    const env: NodeJS.ProcessEnv = {
      BENCH_ADMIN_TOKEN: ADMIN_TOKEN,
      BENCH_DATA_PARENT: runDir(),
      ...(opts.serverRoot ? { BENCH_SERVER_ROOT: opts.serverRoot } : {}),
      ...(engines
        ? { BENCH_DATABASE_URL: engines.databaseUrl, BENCH_REDIS_URL: engines.redisUrl, BENCH_NODE_ID: nodeName }
        : {}),
    };
    return { name: nodeName, server: new ServerProcess(nodeName, 'servers/rostrum.ts', { execArgv, env }) };
  });
  const ports = await Promise.allSettled(nodes.map((n) => n.server.ready));
  const failed = ports.find((p) => p.status === 'rejected');
  if (failed) {
    await Promise.all(nodes.map((n) => n.server.stop()));
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  return nodes.map((n, i) => {
    const p = ports[i];
    if (p?.status !== 'fulfilled') throw new Error(`${n.name} did not start`);
    return { ...n, url: `http://127.0.0.1:${p.value}` };
  });
}

/**
 * Starts Rostrum in its own process with a generated meeting of `delegations` delegations; or,
 * with `cluster`, several nodes on the given PostgreSQL and Redis: the meeting is created on
 * node A and the staff clients connect there (the others load the meeting from the store).
 */
export async function startRostrum(
  opts: Options,
  fleet: Fleet,
  name: string,
  delegations: number,
  cluster: { engines: Engines; nodes: number } = { engines: null, nodes: 1 },
): Promise<RostrumCtx> {
  const nodes = await startNodes(opts, name, cluster.engines, cluster.nodes);
  const [first] = nodes;
  if (!first) throw new Error('no server started');
  try {
    return await withMeeting(opts, fleet, nodes, first, delegations);
  } catch (err) {
    await Promise.all(nodes.map((n) => n.server.stop()));
    throw err;
  }
}

async function withMeeting(
  opts: Options,
  fleet: Fleet,
  nodes: RostrumNode[],
  first: RostrumNode,
  delegations: number,
): Promise<RostrumCtx> {
  const { server, url } = first;
  const meeting = await createMeeting(url, benchMeeting(delegations));
  const tokens = delegateTokens(meeting);
  const chairToken = tokenOf(meeting, 'chair');
  const chair = await Promise.all([0, 1, 2].map(() => Commander.connect(url, chairToken)));
  const secretariat = await Commander.connect(url, tokenOf(meeting, 'secretariat'));
  const reader = new Reader(url, meeting.id, tokenOf(meeting, 'observer'));
  await reader.synced();
  return {
    opts,
    server,
    url,
    nodes,
    fleet,
    meeting,
    delegations: [...tokens.keys()],
    tokens,
    chair,
    secretariat,
    reader,
    specs: [],
    alive: [],
  };
}

export async function stopRostrum(ctx: RostrumCtx): Promise<void> {
  for (const c of ctx.chair) c.close();
  ctx.secretariat.close();
  ctx.reader.close();
  await Promise.all(ctx.nodes.map((n) => n.server.stop()));
}

/** The server processes of a run (one, or every node). */
export function serversOf(ctx: RostrumCtx): ServerProcess[] {
  return ctx.nodes.map((n) => n.server);
}

/** Connected clients per transport, from the server's own /metrics. */
export async function scrapeConnections(
  url: string,
  meetingId: string,
): Promise<{ socketio: number; yjs: number; text: string }> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const text = await res.text();
  const value = (transport: string) => {
    const prefix = `rostrum_connected_clients{meeting="${meetingId}",transport="${transport}"} `;
    const l = text.split('\n').find((x) => x.startsWith(prefix));
    return l === undefined ? Number.NaN : Number(l.slice(prefix.length));
  };
  return { socketio: value('socketio'), yjs: value('yjs'), text };
}

/** Connected clients summed over every node, and each node's /metrics text (in the order of `ctx.nodes`). */
export async function scrapeNodes(ctx: RostrumCtx): Promise<{ socketio: number; yjs: number; texts: string[] }> {
  const each = await Promise.all(ctx.nodes.map((n) => scrapeConnections(n.url, ctx.meeting.id)));
  return {
    socketio: each.reduce((s, x) => s + x.socketio, 0),
    yjs: each.reduce((s, x) => s + x.yjs, 0),
    texts: each.map((x) => x.text),
  };
}

/** A counter of /metrics summed over its label sets. */
export function metricSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/**
 * Starts a window of event-loop measurements (the server, or every node, and the load workers);
 * call the result at its end. Several nodes: CPU summed over the nodes, the worst node's delay.
 */
export async function watchLag(
  servers: readonly ServerProcess[],
  fleet: Fleet,
): Promise<(r: ScenarioResult) => Promise<void>> {
  await Promise.all([...servers.map((s) => s.lag()), fleet.stats()]);
  const started = now();
  return async (r) => {
    const [each, w] = await Promise.all([Promise.all(servers.map((s) => s.lag())), fleet.stats()]);
    const wall = now() - started;
    const cpuMs = each.reduce((t, x) => t + x.cpuMs, 0);
    const share = `${ms(cpuMs)} in ${ms(wall)} (${((100 * cpuMs) / wall).toFixed(0)}%)`;
    if (servers.length === 1) r.figures['server CPU (share of one core)'] = share;
    else
      r.figures['servers CPU, all nodes (share of one core)'] =
        `${share}; per node ${each.map((x) => ms(x.cpuMs)).join(' / ')}`;
    r.figures['load workers CPU (all workers)'] = `${ms(w.reduce((t, x) => t + x.lag.cpuMs, 0))}`;
    r.figures['serverCpuMs'] = Math.round(cpuMs);
    r.figures[
      servers.length === 1 ? 'server event-loop delay p99 / max' : 'server event-loop delay p99 / max (worst node)'
    ] = `${ms(Math.max(...each.map((x) => x.p99)))} / ${ms(Math.max(...each.map((x) => x.max)))}`;
    r.figures['load workers event-loop delay p99 / max (worst worker)'] =
      `${ms(Math.max(...w.map((x) => x.lag.p99)))} / ${ms(Math.max(...w.map((x) => x.lag.max)))}`;
  };
}
