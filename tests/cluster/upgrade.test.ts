import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
  type Ack,
  type ClientToServerEvents,
  type CommandResult,
  type ServerToClientEvents,
} from '@rostrum/core';
import { scriptOf, writeFakeBuild, type FakeBuild } from '../../apps/server/test/fake-build.js';
import { freePort } from './services.js';

/**
 * A rolling upgrade of two nodes (docs/deploy.md, "Rolling upgrade"), each a child process on
 * one PostgreSQL and one Redis with a data folder of its own: both run build A; node 2 is
 * upgraded to build B, then node 1. A page whose index.html came from build A gets its script
 * from the upgraded node (its asset archive); a client that stays on node 2 never notices, and
 * the clients of node 1 reconnect to it on build B and are live.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
const ADMIN = 'upgrade-admin';
const BUILD_A = 'a1a1a1a1a1a1a1a1';
const BUILD_B = 'b2b2b2b2b2b2b2b2';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const closers: Array<() => void | Promise<void>> = [];
let counter = 0;

/** A node: its port and data folder stay across restarts, as a server's do. */
class UpgradableNode {
  proc: ChildProcess | null = null;
  constructor(
    readonly name: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly databaseUrl: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(build: FakeBuild): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/cluster/node.ts'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.databaseUrl,
        REDIS_URL,
        NODE_ID: this.name,
        DATA_DIR: this.dataDir,
        WEB_DIST: build.dist,
        ADMIN_TOKEN: ADMIN,
        TOKEN_SECRET: 'upgrade-secret',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node ${this.name} did not start`)), 30_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        if (!chunk.toString().includes('READY')) return;
        clearTimeout(timer);
        resolve();
      });
      proc.once('exit', (code) => reject(new Error(`node ${this.name} exited with ${String(code)}`)));
    });
  }

  /** Stopped as systemd stops it (SIGTERM: the node closes its connections and exits). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  }

  async health(): Promise<{ status: string; build: string }> {
    return (await (await fetch(`${this.url}/healthz`)).json()) as { status: string; build: string };
  }
}

function freshDatabase(serverUrl: string): string {
  const name = `rostrum_upgrade_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function socket(node: UpgradableNode, token: string): Client {
  const s: Client = io(node.url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  closers.push(() => void s.disconnect());
  return s;
}

function connected(s: Client): Promise<Client> {
  if (s.connected) return Promise.resolve(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function must(s: Client, body: Record<string, unknown>): Promise<CommandResult> {
  const ack: Ack<CommandResult> = await s
    .timeout(5000)
    .emitWithAck('command', { id: `upgrade-${process.pid}-${(counter += 1)}`, ...body });
  if (!ack.ok) throw new Error(`${String(body.type)}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

function yClient(node: UpgradableNode, room: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
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
  return { doc, provider };
}

async function waitFor<T>(check: () => T | null | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

const live = SERVER_URL && REDIS_URL ? describe : describe.skip;

live('a rolling upgrade of two nodes', () => {
  let a: FakeBuild;
  let b: FakeBuild;
  let node1: UpgradableNode;
  let node2: UpgradableNode;

  beforeAll(async () => {
    const databaseUrl = freshDatabase(SERVER_URL ?? '');
    const builds = tempDir('rostrum-builds-');
    a = writeFakeBuild(builds, BUILD_A);
    b = writeFakeBuild(builds, BUILD_B);
    node1 = new UpgradableNode('one', await freePort(), tempDir('rostrum-node1-'), databaseUrl);
    node2 = new UpgradableNode('two', await freePort(), tempDir('rostrum-node2-'), databaseUrl);
    await Promise.all([node1.start(a), node2.start(a)]);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const n of [node1, node2]) n.proc?.kill('SIGKILL');
  });

  it('pages of either build get their assets, and clients stay live, while the nodes are upgraded one at a time', async () => {
    const { demoMeeting } = await import('@rostrum/server');
    const created = await fetch(`${node1.url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(demoMeeting()),
    });
    const meeting = ((await created.json()) as { data: { id: string; links: Array<{ role: string; url: string }> } })
      .data;
    const tokenOf = (role: string) => {
      const t = meeting.links.find((l) => l.role === role)?.url.split('#t=')[1];
      if (!t) throw new Error(`no ${role} link`);
      return t;
    };

    // Before: both nodes on build A; a page opened from node 1.
    expect((await node1.health()).build).toBe(BUILD_A);
    expect((await node2.health()).build).toBe(BUILD_A);
    const pageA = await get(`${node1.url}/`);
    expect(pageA.status).toBe(200);

    // Node 2 is upgraded: the installation replaces its dist with build B.
    await node2.stop();
    await node2.start(b);
    expect((await node2.health()).build).toBe(BUILD_B);
    // The page of build A asks the upgraded node for its script (nginx sent the request there).
    const oldScript = await get(`${node2.url}${scriptOf(pageA.text)}`);
    expect(oldScript).toEqual({ status: 200, text: a.script });
    // The other way round — a page of build B, its script asked of node 1, still on A — works once
    // the new build's assets are copied into node 1's archive before it is upgraded (the procedure's step).
    const pageB = await get(`${node2.url}/`);
    cpSync(join(b.dist, 'assets'), join(node1.dataDir, 'assets-archive', 'assets'), { recursive: true });
    expect(await get(`${node1.url}${scriptOf(pageB.text)}`)).toEqual({ status: 200, text: b.script });

    // Clients: the chair stays on node 2; a second chair window and an observer's document are on node 1.
    const staying = await connected(socket(node2, tokenOf('chair')));
    let stayingDropped = 0;
    staying.on('disconnect', () => stayingDropped++);
    const moving = await connected(socket(node1, tokenOf('chair')));
    let movingBack = 0;
    moving.io.on('reconnect', () => movingBack++);
    const onNode1 = yClient(node1, meeting.id, tokenOf('observer'));
    const onNode2 = yClient(node2, meeting.id, tokenOf('observer'));
    await waitFor(() => onNode1.provider.synced && onNode2.provider.synced, 10_000, 'both documents to sync');
    await must(staying, { type: 'meeting.open' });

    // Node 1 is upgraded while they are connected.
    await node1.stop();
    await waitFor(() => !moving.connected, 5000, 'node 1’s client to notice the stop');
    // Meanwhile the meeting goes on through node 2.
    await must(staying, { type: 'agenda.next' });
    const during = await waitFor(() => readState(onNode2.doc)?.current.itemId, 5000, 'node 2’s document to move');
    await node1.start(b);
    expect((await node1.health()).build).toBe(BUILD_B);

    // The client of node 1 is back on the upgraded node, and live: its command is acknowledged and
    // seen on node 2; node 1's document caught up with what happened while it was down.
    await waitFor(() => moving.connected, 10_000, 'node 1’s client to reconnect');
    expect(movingBack).toBe(1);
    await waitFor(() => readState(onNode1.doc)?.current.itemId === during, 10_000, 'node 1’s document to catch up');
    await must(moving, { type: 'agenda.next' });
    await waitFor(
      () => {
        const next = readState(onNode2.doc)?.current.itemId;
        return next !== during && next !== undefined && next === readState(onNode1.doc)?.current.itemId;
      },
      5000,
      'both documents to see the command made on the upgraded node',
    );
    // The client that stayed on node 2 never dropped, and is live too.
    expect(stayingDropped).toBe(0);
    await must(staying, { type: 'agenda.previous' });
    // Both nodes on B, and build A's page still gets its script from either.
    for (const node of [node1, node2]) {
      expect((await node.health()).build).toBe(BUILD_B);
      expect(await get(`${node.url}${scriptOf(pageA.text)}`)).toEqual({ status: 200, text: a.script });
    }
  });
});
