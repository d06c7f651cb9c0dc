// Load scenario: join storm.
import { now } from '../lib/clock.js';
import { delegateSpecs, type RostrumCtx } from '../lib/context.js';
import type { ConnectResult, MemorySample } from '../lib/ipc.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { kb, mb, ms, summarize, type Summary } from '../lib/stats.js';
import { scrapeNodes, serversOf, watchLag } from './rostrum-server.js';

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
