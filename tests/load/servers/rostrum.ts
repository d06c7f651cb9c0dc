// Rostrum under test, in its own process: a fresh data folder, the admin token and token
// secret of the bench, logs at warn. Started by bench.ts; never by hand.
// BENCH_SERVER_ROOT runs the server of another checkout (a git worktree of an earlier commit,
// with node_modules linked) for before/after comparisons of a change.
// BENCH_DATABASE_URL, BENCH_REDIS_URL and BENCH_NODE_ID make it one node of several (PostgreSQL
// store, Redis between the nodes), as DATABASE_URL, REDIS_URL and NODE_ID do in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_RATE_LIMITS, type createServer as CreateServer } from '@rostrum/server';
import { serveIpc } from '../lib/server-ipc.js';

async function loadCreateServer(): Promise<typeof CreateServer> {
  const root = process.env.BENCH_SERVER_ROOT;
  if (!root) return (await import('@rostrum/server')).createServer;
  // By path: app.ts is where every checkout, before and after '@rostrum/server' had exports, keeps createServer.
  const mod: unknown = await import(pathToFileURL(join(resolve(root), 'apps/server/src/app.ts')).href);
  if (typeof mod !== 'object' || mod === null || !('createServer' in mod) || typeof mod.createServer !== 'function') {
    throw new Error(`no createServer in ${root}/apps/server/src/app.ts`);
  }
  // Another checkout of the same function; its config may lack newer options, never more.
  return mod.createServer as typeof CreateServer;
}

const createServer = await loadCreateServer();
// Under the run's folder (lib/run-dir.ts), which the coordinator removes even when this process is killed.
const dataDir = mkdtempSync(join(process.env.BENCH_DATA_PARENT ?? tmpdir(), 'rostrum-bench-'));
const server = await createServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
  adminToken: process.env.BENCH_ADMIN_TOKEN ?? 'bench-admin',
  tokenSecret: 'bench-token-secret',
  databaseUrl: process.env.BENCH_DATABASE_URL || null,
  redisUrl: process.env.BENCH_REDIS_URL || null,
  nodeId: process.env.BENCH_NODE_ID || null,
  // Every simulated client connects from 127.0.0.1, and up to several of them share a link: the
  // caps on connections per address and per invite (200 and 20 by default) would refuse the
  // bench, not measure it. Budgets of commands and requests stay as deployed.
  rateLimits: { ...DEFAULT_RATE_LIMITS, connectionsPerAddress: 1_000_000, connectionsPerInvite: 1_000_000 },
});
const { port } = await server.listen();

serveIpc(port, async () => {
  try {
    await server.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
