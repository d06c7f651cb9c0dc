import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  readState,
  withYjsAuth,
  yjsRoom,
  type Ack,
  type ClientToServerEvents,
  type CommandResult,
  type NodeStatus,
  type ServerToClientEvents,
} from '@rostrum/core';
import { asPostgres, freePort, gidOf, postgresBin, uidOf, waitForPort } from './services.js';

/**
 * Faults that must show and recover by themselves (issue 21): two nodes on a PostgreSQL and a
 * redis-server of this test's own, which it stops and starts again. Redis down: the nodes tell
 * their clients, acks say `degraded`, /readyz is 503, and the chair's command on A reaches the
 * delegate on B once the link is back. PostgreSQL down: a ballot is refused as
 * `store_unavailable` (retryable), and sent again with the same id it counts once.
 */
const ADMIN = 'faults-admin';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Node = { name: string; port: number; url: string; proc: ChildProcess };

const closers: Array<() => void> = [];
let counter = 0;
const cmdId = (p: string) => `${p}-${process.pid}-${(counter += 1)}`;

function run(cmd: { cmd: string; args: string[] }): void {
  const res = spawnSync(cmd.cmd, cmd.args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd.cmd} ${cmd.args.join(' ')}: ${res.stderr || res.stdout}`);
}

/** A PostgreSQL of this test's own, on a fixed port, that it can stop and start again. */
class Postgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'rostrum-faults-'));
  private readonly data = join(this.dir, 'pg');
  constructor(readonly port: number) {
    if (process.getuid?.() === 0) {
      chmodSync(this.dir, 0o755);
      chownSync(this.dir, uidOf('postgres'), gidOf('postgres'));
    }
    run(asPostgres(postgresBin('initdb'), ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync']));
  }
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  start(): void {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    run(
      asPostgres(postgresBin('pg_ctl'), ['-D', this.data, '-l', join(this.dir, 'pg.log'), '-o', opts, '-w', 'start']),
    );
  }
  stop(): void {
    run(asPostgres(postgresBin('pg_ctl'), ['-D', this.data, '-m', 'fast', '-w', 'stop']));
  }
  remove(): void {
    const halt = asPostgres(postgresBin('pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(halt.cmd, halt.args);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server on a fixed port, killed and started again on the same port. */
class RedisServer {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port, 5000);
  }
  stop(): void {
    this.proc?.kill('SIGKILL');
    this.proc = null;
  }
}

async function startNode(name: string, databaseUrl: string, redisUrl: string): Promise<Node> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/cluster/node.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      NODE_ID: name,
      ADMIN_TOKEN: ADMIN,
      TOKEN_SECRET: 'faults-secret',
      LOG_LEVEL: 'fatal',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  closers.push(() => proc.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start`)), 30_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('READY')) return;
      clearTimeout(timer);
      resolve();
    });
    proc.once('exit', (code) => reject(new Error(`node ${name} exited with ${String(code)}`)));
  });
  return { name, port, url: `http://127.0.0.1:${port}`, proc };
}

function socket(node: Node, token: string, statuses?: NodeStatus[]): Promise<Client> {
  const s: Client = io(node.url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  if (statuses) s.on('status', (st) => statuses.push(st));
  closers.push(() => void s.disconnect());
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function command(s: Client, body: Record<string, unknown>, id = cmdId('c')): Promise<Ack<CommandResult>> {
  return s.timeout(10_000).emitWithAck('command', { id, ...body });
}

async function must(s: Client, body: Record<string, unknown>): Promise<CommandResult> {
  const ack = await command(s, body);
  if (!ack.ok) throw new Error(`${String(body.type)}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

function yClient(node: Node, room: string, token: string): Y.Doc {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${node.port}/yjs`, room, doc, {
    WebSocketPolyfill: withYjsAuth(WebSocket, token) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  closers.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return doc;
}

async function waitFor<T>(check: () => T | null | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readyz(node: Node): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${node.url}/readyz`);
  return { status: res.status, body: await res.json() };
}

async function createMeeting(
  node: Node,
): Promise<{ id: string; token: (role: string, delegationId?: string) => string }> {
  const { demoMeeting } = await import('@rostrum/server');
  const res = await fetch(`${node.url}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoMeeting()),
  });
  const body = (await res.json()) as {
    data: { id: string; links: Array<{ role: string; delegationId: string | null; seat: string | null; url: string }> };
  };
  return {
    id: body.data.id,
    token: (role, delegationId) => {
      const l = body.data.links.find(
        (x) =>
          x.role === role && (delegationId === undefined || (x.delegationId === delegationId && x.seat === 'head')),
      );
      const t = l?.url.split('#t=')[1];
      if (!t) throw new Error(`no ${role} link`);
      return t;
    },
  };
}

const available = spawnSync('which', ['redis-server']).status === 0;

(available ? describe : describe.skip)('faults: Redis and PostgreSQL down on two nodes', () => {
  let pg: Postgres;
  let redis: RedisServer;
  let a: Node;
  let b: Node;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  let chair: Client;
  let delegate: Client;
  let delegateDoc: Y.Doc;
  const delegateStatus: NodeStatus[] = [];
  const chairStatus: NodeStatus[] = [];

  beforeAll(async () => {
    pg = new Postgres(await freePort());
    closers.push(() => pg.remove());
    pg.start();
    redis = new RedisServer(await freePort());
    closers.push(() => redis.stop());
    await redis.start();
    [a, b] = await Promise.all([startNode('A', pg.url, redis.url), startNode('B', pg.url, redis.url)]);
    meeting = await createMeeting(a);
    chair = await socket(a, meeting.token('chair'), chairStatus);
    delegate = await socket(b, meeting.token('delegate', 'uz'), delegateStatus);
    delegateDoc = yClient(b, yjsRoom.meeting(meeting.id), meeting.token('delegate', 'uz'));
    await must(chair, { type: 'meeting.open' });
    await waitFor(() => readState(delegateDoc)?.meta.status === 'open', 10_000, 'the opening on B');
  });

  afterAll(() => {
    for (const close of closers.reverse()) {
      try {
        close();
      } catch {
        // keep closing the rest
      }
    }
  });

  it('Redis down: B says it is degraded and not ready, the chair on A is told so, and the move reaches B after Redis returns', async () => {
    expect(await readyz(b)).toEqual({ status: 200, body: { status: 'ready', store: 'ok', redis: 'ok' } });
    expect(delegateStatus.at(-1)).toMatchObject({ store: 'ok', peers: 'ok' });

    redis.stop();
    await waitFor(() => delegateStatus.at(-1)?.peers === 'unavailable', 15_000, 'the degraded state on B');
    await waitFor(() => chairStatus.at(-1)?.peers === 'unavailable', 15_000, 'the degraded state on A');
    expect(await readyz(b)).toEqual({
      status: 503,
      body: { status: 'not_ready', store: 'ok', redis: 'unavailable' },
    });
    // Stored, but not claimed as delivered to all.
    const moved = await command(chair, { type: 'agenda.start', itemId: 'uz-lab' });
    expect(moved).toMatchObject({ ok: true, data: { degraded: true } });
    await new Promise((r) => setTimeout(r, 3000));

    const back = Date.now();
    await redis.start();
    await waitFor(() => delegateStatus.at(-1)?.peers === 'ok', 30_000, 'the end of the degraded state on B');
    await waitFor(() => chairStatus.at(-1)?.peers === 'ok', 30_000, 'the end of the degraded state on A');
    await waitFor(
      () => readState(delegateDoc)?.current.itemId === 'uz-lab',
      20_000,
      "the chair's move on the delegate's record on B",
    );
    console.log(`faults: B clear of Redis's outage ${Date.now() - back} ms after it returned`);
    const revision = moved.ok ? moved.data.revision : -1;
    expect(readState(delegateDoc)?.meta.revision).toBeGreaterThanOrEqual(revision);
    expect(delegateStatus.at(-1)?.revision).toBeGreaterThanOrEqual(revision);
    expect((await readyz(b)).status).toBe(200);
    expect(delegate.connected).toBe(true);
  });

  it('PostgreSQL down: a ballot is refused as store_unavailable (retryable), sent again with the same id it counts once', async () => {
    const opened = await must(chair, {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'anonymous',
      majority: 'simple',
      quorum: 0,
    });
    // Live for all again since Redis returned: no degraded flag.
    expect(opened.degraded).toBeUndefined();
    const pollId = opened.createdId;
    const ballotId = cmdId('ballot');
    const ballot = { type: 'poll.vote', pollId, choice: 'support' };

    pg.stop();
    const refused = await command(delegate, ballot, ballotId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_unavailable', retryable: true } });
    await waitFor(() => delegateStatus.at(-1)?.store === 'unavailable', 10_000, 'the degraded store on B');
    expect((await readyz(b)).body).toMatchObject({ status: 'not_ready', store: 'unavailable' });
    // Sent again during the outage: still refused, still retryable.
    expect(await command(delegate, ballot, ballotId)).toMatchObject({
      ok: false,
      error: { code: 'store_unavailable' },
    });
    await new Promise((r) => setTimeout(r, 2000));

    pg.start();
    // The client's outbox: the same id, with a backoff, until it is stored.
    let ack: Ack<CommandResult> = refused;
    for (let delay = 250; !ack.ok; delay = Math.min(delay * 2, 2000)) {
      await new Promise((r) => setTimeout(r, delay));
      ack = await command(delegate, ballot, ballotId);
      if (!ack.ok) expect(ack.error.code).toBe('store_unavailable');
    }
    expect(await command(delegate, ballot, ballotId)).toEqual(ack);
    await waitFor(() => delegateStatus.at(-1)?.store === 'ok', 10_000, 'the store back on B');
    await must(chair, { type: 'poll.close', pollId });
    const res = await fetch(`${a.url}/api/meetings/${meeting.id}/results.json`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const text = await res.text();
    expect(text).toContain('"voted":1');
    expect(text).toContain('"support":1');
    expect((await readyz(a)).status).toBe(200);
  });
});
