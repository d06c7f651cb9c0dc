import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES, encodeYjsAuth, type ClientToServerEvents, type ServerToClientEvents } from '@rostrum/core';
import { freePort } from './services.js';

/**
 * A link revoked through one node is cut on another: the revocation travels on the cluster bus
 * to the other node's MeetingRegistry, whose revoke listener is the session registry there
 * (transport/client-sessions.ts). Two nodes, child processes as in cluster.test.ts.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
const ADMIN = 'revocation-admin';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Node = { url: string; port: number; stop: () => void };

const closers: Array<() => void> = [];

/** A y-websocket sync step 1 (message type 0) from an empty document: the server answers it at once. */
function syncStep1(): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeSyncStep1(enc, new Y.Doc());
  return encoding.toUint8Array(enc);
}

async function startNode(name: string, databaseUrl: string): Promise<Node> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/cluster/node.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      NODE_ID: name,
      ADMIN_TOKEN: ADMIN,
      TOKEN_SECRET: 'revocation-secret',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  closers.push(() => proc.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start`)), 30_000);
    proc.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('READY')) return;
      clearTimeout(timer);
      resolve();
    });
    proc.once('exit', (code) => reject(new Error(`node ${name} exited with ${String(code)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, port, stop: () => proc.kill('SIGKILL') };
}

/** A database of its own: the store contract leaves its test meetings in the shared one. */
function freshDatabase(serverUrl: string): string {
  const name = `rostrum_revocation_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function api(node: Node, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${node.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return ((await res.json()) as { data: unknown }).data;
}

function connect(node: Node, token: string, beforeConnect: (s: Client) => void = () => undefined): Promise<Client> {
  const s: Client = io(node.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  closers.push(() => void s.disconnect());
  beforeConnect(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `promise`, or a failure naming `what` after `ms`: a cut that never comes fails fast, not at the test timeout. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)),
  ]);
}

const live = SERVER_URL && REDIS_URL ? describe : describe.skip;

live('revocation across nodes', () => {
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    const databaseUrl = freshDatabase(SERVER_URL ?? '');
    [a, b] = await Promise.all([startNode('A', databaseUrl), startNode('B', databaseUrl)]);
  });

  afterAll(() => {
    for (const close of closers.reverse()) close();
  });

  it('a link revoked through node A is cut on node B (session_ended, then Yjs 4401) and refused there after', async () => {
    const { demoMeeting } = await import('@rostrum/server');
    const meeting = (await api(a, '/api/meetings', demoMeeting())) as {
      id: string;
      links: Array<{ inviteId: string; role: string; seat: string | null; url: string }>;
    };
    const link = meeting.links.find((l) => l.role === 'delegate' && l.seat === 'head');
    const token = link?.url.split('#t=')[1];
    if (!link || !token) throw new Error('no delegate link');

    const ended: unknown[] = [];
    const delegate = await connect(b, token, (s) => s.on('session_ended', (info) => ended.push(info)));
    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/yjs/${meeting.id}`);
    closers.push(() => ws.terminate());
    ws.once('open', () => {
      ws.send(encodeYjsAuth(token));
      ws.send(syncStep1());
    });
    await once(ws, 'message'); // admitted: the document answers
    const wsClosed = once(ws, 'close');

    await api(a, `/api/meetings/${meeting.id}/invites/${link.inviteId}/revoke`, {});

    const [code, reason] = (await within(wsClosed, 3000, 'the Yjs connection on B to be closed')) as [number, Buffer];
    expect({ code, reason: reason.toString() }).toEqual({
      code: CLOSE_CODES.unauthorized,
      reason: 'the link was revoked',
    });
    await waitFor(() => !delegate.connected, 2000, 'the Socket.IO connection on B to be cut');
    expect(ended).toEqual([{ code: 'unauthorized', reason: 'revoked' }]);
    await expect(connect(b, token)).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });
});
