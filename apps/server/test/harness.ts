import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  encodeYjsAuth,
  withYjsAuth,
  YJS_PATH,
  type Ack,
  type ClientToServerEvents,
  type CommandResult,
  roleSchema,
  type Role,
  type ServerToClientEvents,
} from '@rostrum/core';
import { createServer, type RostrumServer } from '../src/app.js';
import type { Config } from '../src/platform/config.js';
import { demoMeeting } from '../src/tools/demo.js';
import type { MeetingRoom } from '../src/room/meeting-room.js';
import type { MeetingStore } from '../src/store/types.js';

export const ADMIN_TOKEN = 'test-admin';
export const TOKEN_SECRET = 'test-secret';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A running server on a port of its own, with the URLs clients need. */
export type TestServer = {
  server: RostrumServer;
  dataDir: string;
  /** http://127.0.0.1:port */
  url: string;
  /** ws://127.0.0.1:port/yjs */
  yjsUrl: string;
};

export type Link = { role: Role; delegationId: string | null; presenterId: string | null; token: string };

export type TestMeeting = {
  id: string;
  links: Link[];
  /** The token of the first link of a role (and delegation, for delegates). */
  token: (role: Role, delegationId?: string) => string;
};

/** Everything a test opens, closed in reverse order by `run()` (call it in afterEach). */
export class Cleanup {
  private readonly steps: Array<() => void | Promise<void>> = [];

  add<T>(value: T, close: (value: T) => void | Promise<void>): T {
    this.steps.push(() => close(value));
    return value;
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      if (!step) break;
      try {
        await step();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
  }
}

export function freshDataDir(cleanup: Cleanup): string {
  return cleanup.add(mkdtempSync(join(tmpdir(), 'rostrum-test-')), (dir) =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/**
 * Starts a real server on port 0. The caller closes it (`stopServer`), normally through the
 * cleanup; a server can be stopped early to restart another on the same data folder.
 */
export async function startServer(
  dataDir: string,
  overrides: Partial<Config> = {},
  deps: { store?: MeetingStore } = {},
): Promise<TestServer> {
  const databaseUrl = deps.store || overrides.databaseUrl !== undefined ? null : await postgresFor(dataDir);
  const server = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'silent',
      adminToken: ADMIN_TOKEN,
      tokenSecret: TOKEN_SECRET,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...overrides,
    },
    deps,
  );
  const { url } = await server.listen();
  return { server, dataDir, url, yjsUrl: `${url.replace(/^http/, 'ws')}${YJS_PATH}` };
}

/**
 * With TEST_DATABASE_URL (set by `npm run test:cluster`), test servers store in PostgreSQL: one
 * database per data folder, so that a restart on the same folder finds its meetings and test
 * files running side by side stay apart. Without it, the embedded SQLite file of the folder.
 */
async function postgresFor(dataDir: string): Promise<string | null> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return null;
  const name = `rostrum_test_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    // The name is ours (hex digits): safe to put in the statement, which takes no parameters.
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

const stopped = new WeakSet<RostrumServer>();

/** Closes a server once (later calls do nothing), so cleanup may call it again. */
export async function stopServer(ts: TestServer): Promise<void> {
  if (stopped.has(ts.server)) return;
  stopped.add(ts.server);
  await ts.server.close();
}

/** A server that the cleanup stops. */
export async function startManagedServer(
  cleanup: Cleanup,
  dataDir: string,
  overrides: Partial<Config> = {},
  deps: { store?: MeetingStore } = {},
): Promise<TestServer> {
  return cleanup.add(await startServer(dataDir, overrides, deps), stopServer);
}

export type DemoServer = { cleanup: Cleanup; ts: TestServer; meeting: TestMeeting };

/**
 * A fresh server with the demo meeting, for a test's `beforeEach`; `cleanup.run()` in its
 * `afterEach` stops the server and whatever the test connected. If starting fails half-way, what
 * was started is stopped before the error goes on.
 */
export async function startDemo(overrides: Partial<Config> = {}): Promise<DemoServer> {
  const cleanup = new Cleanup();
  try {
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup), overrides);
    return { cleanup, ts, meeting: await createDemoMeeting(ts) };
  } catch (err) {
    await cleanup.run();
    throw err;
  }
}

/**
 * Stops a server and starts a new one on the same data folder (same admin token and secret),
 * as a restart would. Clients of the old server are left to the cleanup.
 */
export async function restartServer(
  cleanup: Cleanup,
  ts: TestServer,
  overrides: Partial<Config> = {},
): Promise<TestServer> {
  await stopServer(ts);
  return startManagedServer(cleanup, ts.dataDir, overrides);
}

export function room(ts: TestServer, meetingId: string): MeetingRoom {
  const r = ts.server.registry.get(meetingId);
  if (!r) throw new Error(`meeting ${meetingId} is not loaded`);
  return r;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function requestJson(
  ts: TestServer,
  path: string,
  init: { method?: string; token?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const res = await fetch(`${ts.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** Creates the demo meeting through the admin API and returns its invite tokens. */
export async function createDemoMeeting(ts: TestServer): Promise<TestMeeting> {
  return createMeeting(ts, demoMeeting());
}

/** Creates a meeting from a definition through the admin API and returns its invite tokens. */
export async function createMeeting(ts: TestServer, definition: unknown): Promise<TestMeeting> {
  const res = await requestJson(ts, '/api/meetings', {
    method: 'POST',
    token: ADMIN_TOKEN,
    body: JSON.stringify(definition),
  });
  if (res.status !== 201 || !isRecord(res.body) || res.body.ok !== true || !isRecord(res.body.data)) {
    throw new Error(`creating the meeting failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const data = res.body.data;
  const id = data.id;
  if (typeof id !== 'string' || !Array.isArray(data.links)) throw new Error('unexpected meeting response');
  const links: Link[] = data.links.map((raw: unknown) => {
    if (!isRecord(raw) || typeof raw.url !== 'string' || typeof raw.role !== 'string')
      throw new Error('unexpected link');
    const token = raw.url.split('#t=')[1];
    if (!token) throw new Error(`no token in ${raw.url}`);
    return {
      role: roleSchema.parse(raw.role),
      delegationId: typeof raw.delegationId === 'string' ? raw.delegationId : null,
      presenterId: typeof raw.presenterId === 'string' ? raw.presenterId : null,
      token,
    };
  });
  return {
    id,
    links,
    token: (role, delegationId) => {
      const link = links.find(
        (l) => l.role === role && (delegationId === undefined || l.delegationId === delegationId),
      );
      if (!link) throw new Error(`no ${role} link${delegationId ? ` for ${delegationId}` : ''}`);
      return link.token;
    },
  };
}

/** A connected Socket.IO client; rejects with the connect_error (its `data.code`) if refused. */
export function connectSocket(
  cleanup: Cleanup,
  ts: TestServer,
  token: string | undefined,
  /** Called before the socket connects: to listen for what the server sends at once. */
  beforeConnect?: (socket: ClientSocket) => void,
): Promise<ClientSocket> {
  const socket: ClientSocket = io(ts.url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    autoConnect: false,
  });
  cleanup.add(socket, (s) => void s.disconnect());
  beforeConnect?.(socket);
  socket.connect();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The stable code a server puts in a `connect_error`. */
export function connectErrorCode(err: unknown): unknown {
  if (!(err instanceof Error) || !('data' in err) || !isRecord(err.data)) return undefined;
  return err.data.code;
}

let commandCounter = 0;

/** A fresh valid command id. */
export function commandId(prefix = 'cmd'): string {
  commandCounter += 1;
  return `${prefix}-${process.pid}-${commandCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function sendCommand(socket: ClientSocket, command: Record<string, unknown>): Promise<Ack<CommandResult>> {
  return socket.timeout(5000).emitWithAck('command', command);
}

/** Sends a command that must succeed and returns its result. */
export async function mustCommand(socket: ClientSocket, command: Record<string, unknown>): Promise<CommandResult> {
  const ack = await sendCommand(socket, { id: commandId(), ...command });
  if (!ack.ok) throw new Error(`${String(command.type)} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

export type YClient = { doc: Y.Doc; provider: WebsocketProvider };

/**
 * The `WebSocketPolyfill` of a y-websocket client with `token`: Node's `ws` sending the
 * authentication frame first (docs/protocol.md). y-websocket types it as the DOM's WebSocket.
 */
export function yjsSocketClass(token: string): typeof globalThis.WebSocket {
  return withYjsAuth(WebSocket, token) as unknown as typeof globalThis.WebSocket;
}

/** A y-websocket client of one document; resolves once the first sync is done. */
export async function yClient(cleanup: Cleanup, ts: TestServer, roomName: string, token: string): Promise<YClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(ts.yjsUrl, roomName, doc, {
    WebSocketPolyfill: yjsSocketClass(token),
    disableBc: true,
  });
  cleanup.add({ doc, provider }, (c) => {
    c.provider.destroy();
    c.doc.destroy();
  });
  await waitFor(() => provider.synced, 5000, `y-websocket sync of ${roomName}`);
  return { doc, provider };
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | null | undefined | false,
  timeoutMs = 3000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A raw WebSocket to the Yjs endpoint (no y-websocket client): for hand-made frames and close
 * codes. With a token it sends the authentication frame as soon as it opens, before what the
 * test's own 'open' listeners send; with null it sends none.
 */
export function rawYjsSocket(cleanup: Cleanup, ts: TestServer, roomName: string, token: string | null): WebSocket {
  const ws = new WebSocket(`${ts.yjsUrl}/${roomName}`);
  if (token !== null) ws.on('open', () => ws.send(encodeYjsAuth(token)));
  cleanup.add(ws, (w) => w.terminate());
  return ws;
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

export function closed(ws: WebSocket, timeoutMs = 3000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket was not closed in time')), timeoutMs);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}
