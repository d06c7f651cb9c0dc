import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, demoMeeting } from '@rostrum/server';
import { meetingDefinitionSchema } from '@rostrum/core';

/**
 * What an operator reads in the journal of a cluster: each node says it joined and left the
 * cluster, hears the other join (its presence heartbeats) and leave (silent for three
 * heartbeats), and loads a meeting created on the other. Two nodes in this process on one
 * PostgreSQL database of their own and Redis, their logs captured.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
type Server = Awaited<ReturnType<typeof createServer>>;
type LogLine = Record<string, unknown> & { msg: string };

function freshDatabase(serverUrl: string): string {
  const name = `rostrum_nodelogs_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const open: Server[] = [];
afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
});

describe.skipIf(!SERVER_URL || !REDIS_URL)('cluster logs', () => {
  it('say when nodes join and leave, and when a meeting created elsewhere is loaded', async () => {
    const databaseUrl = freshDatabase(SERVER_URL ?? '');
    const logs: Record<string, LogLine[]> = { A: [], B: [] };
    const nodes: Record<string, Server> = {};
    for (const nodeId of ['A', 'B']) {
      const server = await createServer(
        {
          port: 0,
          host: '127.0.0.1',
          databaseUrl,
          redisUrl: REDIS_URL ?? null,
          nodeId,
          tokenSecret: 'node-logs-secret',
          adminToken: 'node-logs-admin',
          logLevel: 'info',
          presenceIntervalMs: 100,
          webDist: null,
        },
        { logStream: { write: (line: string) => void logs[nodeId]?.push(JSON.parse(line) as LogLine) } },
      );
      await server.listen();
      open.push(server);
      nodes[nodeId] = server;
    }
    const [a, b] = [nodes.A, nodes.B];
    if (!a || !b) throw new Error('nodes not started');
    const has = (node: string, msg: string, fields: Record<string, unknown> = {}) =>
      (logs[node] ?? []).some((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v));

    expect(has('A', 'joined the cluster', { nodeId: 'A' })).toBe(true);
    const { room } = await a.registry.create(meetingDefinitionSchema.parse(demoMeeting()));
    await waitFor(() => has('B', 'meeting loaded', { meetingId: room.id }), 10_000, 'B to load the meeting');
    await waitFor(() => has('A', 'node joined', { peer: 'B' }), 10_000, 'A to hear B');
    await waitFor(() => has('B', 'node joined', { peer: 'A' }), 10_000, 'B to hear A');

    await a.close();
    open.splice(open.indexOf(a), 1);
    expect(has('A', 'left the cluster', { nodeId: 'A' })).toBe(true);
    await waitFor(() => has('B', 'node left', { peer: 'A' }), 15_000, 'B to see A leave');
    // Info-level, and never a token or a link.
    const all = JSON.stringify([...(logs.A ?? []), ...(logs.B ?? [])]);
    expect(all).not.toMatch(/#t=|\/setup\/|node-logs-secret|node-logs-admin|eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
