import { join } from 'node:path';
import { ServerProcess } from '../lib/child.js';
import { runDir } from '../lib/run-dir.js';
import { now, sleep } from '../lib/clock.js';
import {
  chairOf,
  delegateSpecs,
  liveClients,
  type Options,
  type RostrumCtx,
  type RostrumNode,
} from '../lib/context.js';
import type { Fleet } from '../lib/fleet.js';
import { totalErrors } from '../lib/fleet.js';
import type { CommandSpec, ConnectResult, MemorySample } from '../lib/ipc.js';
import {
  ADMIN_TOKEN,
  benchMeeting,
  Commander,
  commandId,
  createMeeting,
  delegateTokens,
  HAS_VOTES,
  HISTORY_ITEMS,
  ITEMS,
  PROPOSALS,
  Reader,
  REPLAY_ITEMS,
  tokenOf,
} from '../lib/meeting.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { interleavedFanout, laneResult, type Lane, type LaneOutcome } from './fanout.js';
import { kb, mb, ms, summarize, type Summary } from '../lib/stats.js';

/** Most delegations a meeting definition allows: beyond it, several people per delegation. */
export const MAX_DELEGATIONS = 500;

const bi = (en: string, ru: string) => ({ en, ru });

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

// ---------------------------------------------------------------------------------------------
// Setup: three hours of history

/**
 * Plays the first three hours of a meeting as fast as the server takes it: 30 items of six
 * minutes, each with a dozen floor requests (two withdrawn), ten speeches, an agenda move by
 * the secretariat, and three polls with their decisions. The result is the document, store and
 * command log a latecomer finds.
 */
export async function playHistory(ctx: RostrumCtx): Promise<ScenarioResult> {
  const r = newResult('history', 'Setup: a meeting already three hours old', 0);
  const started = now();
  const speakers = await Promise.all(
    ctx.delegations.slice(0, 40).map((d) => Commander.connect(ctx.url, ctx.tokens.get(d)?.[0] ?? '')),
  );
  let k = 0;
  let commands = 0;
  const chair = () => chairOf(ctx, k++);
  const must = async (c: Commander, input: { type: string } & Record<string, unknown>) => {
    commands += 1;
    return c.must(input);
  };
  await must(chair(), { type: 'meeting.open' });
  for (const [i, itemId] of HISTORY_ITEMS.entries()) {
    await must(chair(), { type: 'agenda.start', itemId });
    const askers = Array.from({ length: 12 }, (_, j) => speakers[(i * 12 + j) % speakers.length]).filter(
      (s): s is Commander => s !== undefined,
    );
    const asked = await Promise.all(
      askers.map((s, j) => must(s, { type: 'floor.request', kind: j % 6 === 5 ? 'reply' : 'statement' })),
    );
    for (const [j, ack] of asked.slice(0, 2).entries()) {
      const asker = askers[j];
      if (asker && ack.createdId) await must(asker, { type: 'floor.withdraw', entryId: ack.createdId });
    }
    for (let s = 0; s < 10; s++) {
      commands += 1;
      const ack = await chair().send({ type: 'floor.next' });
      if (!ack.ok && ack.reason !== 'queue_empty') throw new Error(`floor.next refused: ${ack.code}`);
    }
    commands += 1;
    await chair().send({ type: 'floor.end' });
    await must(ctx.secretariat, {
      type: 'agenda.move',
      itemId: HISTORY_ITEMS[HISTORY_ITEMS.length - 1] ?? itemId,
      toIndex: HISTORY_ITEMS.length - 1 - (i % 3),
    });
    const proposalId = HAS_VOTES ? PROPOSALS.history[[9, 18, 27].indexOf(i)] : undefined;
    if (proposalId) {
      const open = await must(chair(), {
        type: 'poll.open',
        proposalId,
        method: 'vote',
        secrecy: i === 18 ? 'anonymous' : 'roll_call',
        quorum: 0.5,
      });
      const pollId = open.createdId ?? '';
      await Promise.all(
        speakers.map((s, j) => must(s, { type: 'poll.vote', pollId, choice: j % 5 === 0 ? 'object' : 'support' })),
      );
      await must(chair(), { type: 'poll.close', pollId });
      await must(chair(), {
        type: 'decision.record',
        agendaItemId: itemId,
        pollId,
        text: bi('The meeting supported the proposal.', 'Совещание поддержало предложение.'),
        outcome: 'supported',
      });
    }
  }
  for (const s of speakers) s.close();
  const state = await ctx.reader.until(
    (s) => s.current.itemId === HISTORY_ITEMS.at(-1),
    10_000,
    'the history to reach the reader',
  );
  r.figures['commands played'] = commands;
  r.figures['time to play'] = ms(now() - started);
  r.figures['agenda items done'] = Object.values(state.agenda.items).filter((i) => i.status === 'done').length;
  r.figures['speeches'] = Object.keys(state.floor.speeches).length;
  r.figures['polls'] = HAS_VOTES ? state.votes.pollOrder.length : 'votes not built';
  r.figures['document size (full state update)'] = kb(ctx.reader.encodedBytes());
  r.figures['meeting revision'] = state.meta.revision;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Join storm

export type JoinOutcome = { result: ScenarioResult; connects: ConnectResult[] };

const since = (c: ConnectResult, t: number | null) => (c.error !== null || t === null ? null : t - c.startedAt);

/**
 * Full clients: from the start of connecting until the state is rendered-ready (Socket.IO
 * connected, provider synced, readState non-null), wall clock, their own decoding included.
 * All clients: until Socket.IO is connected and the whole document has arrived.
 */
export function connectSummaries(
  connects: readonly ConnectResult[],
): Array<{ name: string; s: Summary; note?: string }> {
  const full = connects.filter((c) => c.full);
  const received = (c: ConnectResult) =>
    c.socketAt === null && c.syncedAt === null ? null : Math.max(c.socketAt ?? 0, c.syncedAt ?? 0);
  return [
    {
      name: 'full clients: rendered-ready',
      s: summarize(full.map((c) => since(c, c.readyAt))),
      note: 'Socket.IO connected + provider synced + readState non-null',
    },
    { name: 'all clients: connected, document received', s: summarize(connects.map((c) => since(c, received(c)))) },
    { name: 'all clients: Socket.IO connected', s: summarize(connects.map((c) => since(c, c.socketAt))) },
    { name: 'all clients: Yjs document received', s: summarize(connects.map((c) => since(c, c.syncedAt))) },
    {
      name: 'full clients: own readState parse (CPU)',
      s: summarize(full.map((c) => (c.readyAt === null ? null : c.parseMs))),
    },
  ];
}

export async function joinStorm(
  ctx: RostrumCtx,
  n: number,
  windowMs: number,
  id = 'join-storm',
  title = 'Join storm',
  withTargets = true,
): Promise<JoinOutcome> {
  const r = newResult(id, title, n);
  const specs = delegateSpecs(
    ctx.delegations,
    ctx.tokens,
    n,
    windowMs,
    ctx.opts.fullEvery,
    ctx.nodes.map((x) => x.url),
  );
  const lag = await watchLag(serversOf(ctx), ctx.fleet);
  const connects = await ctx.fleet.connect(
    'rostrum',
    ctx.url,
    ctx.meeting.id,
    specs,
    now() + 500,
    Math.max(30_000, windowMs + 20_000),
  );
  ctx.specs = specs;
  ctx.alive = connects.map((c) => c.error === null);
  await lag(r);
  r.summaries = connectSummaries(connects);
  const failed = connects.filter((c) => c.error !== null);
  const p99 = r.summaries[0]?.s.p99 ?? Number.NaN;
  const p99all = r.summaries[1]?.s.p99 ?? Number.NaN;
  if (withTargets) {
    r.targets.push({
      name: `join storm p99, full clients rendered-ready (N=${n})`,
      target: '< 500 ms',
      value: ms(p99),
      met: failed.length === 0 && p99 < 500,
    });
    r.targets.push({
      name: `join storm p99, all clients connected with the document (N=${n})`,
      target: '< 500 ms',
      value: ms(p99all),
      met: failed.length === 0 && p99all < 500,
    });
  }
  r.figures['full clients (provider + Y.Doc + readState)'] =
    `${connects.filter((c) => c.full).length} (1 in ${ctx.opts.fullEvery})`;
  r.figures['delegates'] = n;
  r.figures['delegations'] = ctx.delegations.length;
  r.figures['window'] = ms(windowMs);
  r.figures['failed to connect'] = failed.length;
  if (failed.length > 0) r.figures['first failure'] = failed[0]?.error ?? null;
  r.figures['document size (full state update)'] = kb(ctx.reader.encodedBytes());
  r.figures['server CPU per joining delegate'] = ms(Number(r.figures.serverCpuMs) / n);
  const scraped = await scrapeNodes(ctx);
  const where = ctx.nodes.length > 1 ? ` (all ${ctx.nodes.length} nodes)` : '';
  r.figures[`server: Socket.IO connections${where}`] = scraped.socketio;
  r.figures[`server: Yjs connections${where}`] = scraped.yjs;
  return { result: r, connects };
}

// ---------------------------------------------------------------------------------------------
// Memory per delegate

export function memoryResult(
  id: string,
  title: string,
  n: number,
  before: MemorySample,
  after: MemorySample,
  connectionsPerClient: number,
): ScenarioResult {
  const r = newResult(id, title, n);
  const rss = (after.rss - before.rss) / n;
  const heap = (after.heapUsed - before.heapUsed) / n;
  r.figures['server RSS before'] = mb(before.rss);
  r.figures['server RSS with clients'] = mb(after.rss);
  r.figures['server heap used before (after GC)'] = mb(before.heapUsed);
  r.figures['server heap used with clients (after GC)'] = mb(after.heapUsed);
  r.figures['RSS per client'] = kb(rss);
  r.figures['heap per client'] = kb(heap);
  r.figures['external + array buffers per client'] = kb((after.external - before.external) / n);
  r.figures['connections per client'] = connectionsPerClient;
  r.figures['rssPerClientBytes'] = Math.round(rss);
  r.figures['heapPerClientBytes'] = Math.round(heap);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Fan-out

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

// ---------------------------------------------------------------------------------------------
// Floor storm

/** Every connected delegate asks for the floor at the same instant. */
export async function floorStorm(
  ctx: RostrumCtx,
  itemId: string = ITEMS.floor,
  id = 'floor-storm',
  title = 'Floor storm: every delegation asks for the floor at once',
): Promise<ScenarioResult> {
  const n = ctx.fleet.clients;
  const { clients: live } = liveClients(ctx);
  // Delegations with someone connected (all of them unless joins failed).
  const D = new Set(live.map((i) => ctx.specs[i]?.delegationId)).size;
  const r = newResult(id, title, n);
  await chairOf(ctx, 0).must({ type: 'agenda.start', itemId });
  await ctx.reader.until((s) => s.current.itemId === itemId, 10_000, 'the floor item to start');
  await sleep(1000);
  const lag = await watchLag(serversOf(ctx), ctx.fleet);
  const probe = await ctx.fleet.arm({ kind: 'queue', itemId, length: D }, 30_000);
  const T = now() + 500;
  const list: CommandSpec[] = live.map((i) => ({
    client: i,
    at: T,
    command: { id: commandId('ask'), type: 'floor.request', kind: 'statement' },
  }));
  const outcomes = await ctx.fleet.commands(list, 20_000);
  const seen = await ctx.fleet.collect(probe);
  await lag(r);
  const lastSent = Math.max(...outcomes.map((o) => o.sentAt));
  r.summaries.push({
    name: 'request → its ack',
    s: summarize(outcomes.map((o) => (o.ackAt === null || !o.ok ? null : o.ackAt - o.sentAt))),
  });
  r.summaries.push({
    name: 'last request sent → full queue on each client',
    s: summarize(seen.times.map((t) => (t === null ? null : t - lastSent))),
  });
  r.summaries.push({
    name: 'storm start → full queue on each client',
    s: summarize(seen.times.map((t) => (t === null ? null : t - T))),
  });
  const state = await ctx.reader.until(
    (s) => (s.floor.lists[itemId]?.order.length ?? 0) >= D,
    10_000,
    'the full queue',
  );
  const list2 = state.floor.lists[itemId];
  const entries = list2 ? list2.order.map((e) => list2.entries[e]?.delegationId) : [];
  const refused = outcomes.filter((o) => !o.ok);
  // Every person of a delegation gets the delegation's one entry.
  const byDelegation = new Map<string, Set<string>>();
  outcomes.forEach((o, k) => {
    const d = ctx.specs[list[k]?.client ?? -1]?.delegationId ?? '';
    const set = byDelegation.get(d) ?? new Set<string>();
    if (o.createdId) set.add(o.createdId);
    byDelegation.set(d, set);
  });
  const oneEntryEach = [...byDelegation.values()].every((s) => s.size === 1);
  const exact = entries.length === D && new Set(entries).size === D && refused.length === 0 && oneEntryEach;
  r.figures['requests sent (connected delegates)'] = list.length;
  r.figures['requests refused'] = refused.length;
  if (refused.length > 0) r.figures['first refusal'] = refused[0]?.code ?? null;
  r.figures['queue entries'] = entries.length;
  r.figures['one entry per delegation, same entry for all its people'] = exact;
  r.figures['sending spread (first → last request sent)'] = ms(lastSent - Math.min(...outcomes.map((o) => o.sentAt)));
  r.targets.push({
    name: `floor storm: one entry per delegation (${D})`,
    target: `${D} entries, none refused`,
    value: `${entries.length} entries, ${refused.length} refused`,
    met: exact,
  });
  return r;
}

// ---------------------------------------------------------------------------------------------
// Vote storm

const CHOICES = ['support', 'object', 'abstain'] as const;

/**
 * Another connected client of the same link (the same person in another tab, or back after a
 * reload through a balancer), on another node when there is one; the client itself when none.
 */
function sameLinkElsewhere(ctx: RostrumCtx, client: number): number {
  const spec = ctx.specs[client];
  if (!spec) return client;
  let fallback = client;
  for (const [j, other] of ctx.specs.entries()) {
    if (j === client || !ctx.alive[j] || other.token !== spec.token) continue;
    if (other.url !== spec.url) return j;
    fallback = j;
  }
  return fallback;
}

/**
 * Every delegation (its head's first connection) votes within one second, and one in ten
 * sends its ballot again with the same command id (a retry after a reconnect). Time from the
 * last ballot sent until each client shows the final tally; the tally must match the ballots.
 */
export async function voteStorm(
  ctx: RostrumCtx,
  id = 'vote-storm',
  title = 'Vote storm: every delegation votes within one second',
  /** Retries come from another connection of the same link (another node when there is one), not the first one. */
  retryElsewhere = false,
): Promise<ScenarioResult> {
  const n = ctx.fleet.clients;
  const { voters } = liveClients(ctx);
  // Delegations whose head is connected (all of them unless joins failed).
  const D = voters.size;
  const r = newResult(id, title, n);
  if (!HAS_VOTES) {
    r.error = 'votes are not in this build of the core (no poll.vote command): scenario skipped';
    return r;
  }
  await chairOf(ctx, 0).must({ type: 'agenda.start', itemId: ITEMS.vote });
  const open = await chairOf(ctx, 1).must({
    type: 'poll.open',
    proposalId: PROPOSALS.vote,
    method: 'vote',
    secrecy: 'roll_call',
    quorum: 0.5,
  });
  const pollId = open.createdId;
  if (!pollId) throw new Error('poll.open returned no poll id');
  await ctx.reader.until((s) => s.votes.polls[pollId]?.status === 'open', 10_000, 'the poll to open');
  await sleep(1000);
  const lag = await watchLag(serversOf(ctx), ctx.fleet);
  const probe = await ctx.fleet.arm({ kind: 'votes', pollId, count: D }, 30_000);
  const T = now() + 500;
  const expected = { support: 0, object: 0, abstain: 0 };
  const list: CommandSpec[] = [];
  let movedRetries = 0;
  [...voters.values()].forEach((client, d) => {
    const choice = CHOICES[d % 20 < 12 ? 0 : d % 20 < 17 ? 1 : 2] ?? 'support';
    expected[choice] += 1;
    const at = T + Math.random() * 1000;
    const command = { id: commandId('ballot'), type: 'poll.vote', pollId, choice };
    list.push({ client, at, command });
    if (d % 10 !== 3) return;
    const retrier = retryElsewhere ? sameLinkElsewhere(ctx, client) : client;
    if (ctx.specs[retrier]?.url !== ctx.specs[client]?.url) movedRetries += 1;
    list.push({ client: retrier, at: at + 50 + Math.random() * 200, command });
  });
  const outcomes = await ctx.fleet.commands(list, 20_000);
  const seen = await ctx.fleet.collect(probe);
  await lag(r);
  const firsts = outcomes.filter((_, i) => list[i] && list.findIndex((x) => x.command === list[i]?.command) === i);
  const lastBallot = Math.max(...firsts.map((o) => o.sentAt));
  const firstBallot = Math.min(...firsts.map((o) => o.sentAt));
  r.summaries.push({
    name: 'last ballot sent → final tally on each client',
    s: summarize(seen.times.map((t) => (t === null ? null : t - lastBallot))),
    note: `${n} clients`,
  });
  r.summaries.push({
    name: 'ballot → its ack',
    s: summarize(outcomes.map((o) => (o.ackAt === null || !o.ok ? null : o.ackAt - o.sentAt))),
  });
  const refused = outcomes.filter((o) => !o.ok);
  const live = await ctx.reader.until(
    (s) => (s.votes.polls[pollId]?.votedCount ?? 0) >= D,
    10_000,
    'all ballots on the reader',
  );
  const poll = live.votes.polls[pollId];
  await chairOf(ctx, 2).must({ type: 'poll.close', pollId });
  const closed = await ctx.reader.until((s) => s.votes.polls[pollId]?.status === 'closed', 10_000, 'the poll to close');
  const result = closed.votes.polls[pollId]?.result;
  const tally = result?.tally;
  const exact =
    refused.length === 0 &&
    poll?.votedCount === D &&
    result?.voted === D &&
    tally !== undefined &&
    tally.support === expected.support &&
    tally.object === expected.object &&
    tally.abstain === expected.abstain;
  r.figures['delegations voting (head connected)'] = `${D} of ${ctx.delegations.length}`;
  r.figures['ballots sent (with retries)'] = list.length;
  if (retryElsewhere)
    r.figures['retries sent through another node (same link, same command id)'] =
      `${movedRetries} of ${list.length - D}`;
  r.figures['ballots refused'] = refused.length;
  if (refused.length > 0) r.figures['first refusal'] = refused[0]?.code ?? null;
  r.figures['voting spread (first → last ballot)'] = ms(lastBallot - firstBallot);
  r.figures['expected tally'] = `${expected.support} support / ${expected.object} object / ${expected.abstain} abstain`;
  r.figures['counted'] = tally ? `${result?.voted} voted: ${tally.support} / ${tally.object} / ${tally.abstain}` : null;
  const p99 = r.summaries[0]?.s.p99 ?? Number.NaN;
  const missing = r.summaries[0]?.s.missing ?? 0;
  r.targets.push({
    name: 'vote storm: every ballot counted once',
    target: `${D} ballots, tally = ballots`,
    value: r.figures['counted'] ?? '–',
    met: exact,
  });
  r.targets.push({
    name: 'vote storm: final tally everywhere, p99 after the last ballot',
    target: '≤ 1000 ms',
    value: `${ms(p99)}${missing ? `, ${missing} never` : ''}`,
    met: missing === 0 && p99 <= 1000,
  });
  return r;
}

// ---------------------------------------------------------------------------------------------
// Replayed meeting: memory over time

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
