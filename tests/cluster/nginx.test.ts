import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  LIMITS,
  readState,
  withYjsAuth,
  type Ack,
  type ClientToServerEvents,
  type CommandResult,
  type ServerToClientEvents,
} from '@rostrum/core';
import { freePort, waitForPort } from './services.js';
import {
  DEPLOY_NGINX_CONF,
  deployReplacements,
  selfSignedCertificate,
  startNginx,
  stopNginx,
  substituteDeployConfig,
  type Nginx,
} from './nginx.js';

/**
 * Two Rostrum nodes (child processes, on one PostgreSQL and one Redis) behind a real nginx
 * running docs/deploy/nginx.conf — the file docs/deploy.md shows — with only its addresses,
 * ports and paths swapped for loopback ones, and the nodes started with TRUST_PROXY set to the
 * proxy's address as the document says. Everything below goes through nginx over TLS.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
const ADMIN = 'nginx-admin';
/** nginx's address: the nodes trust it, and only it, to name the client (docs/deploy.md). */
const PROXY_ADDRESS = '127.0.0.1';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const dir = mkdtempSync(join(tmpdir(), 'rostrum-nginx-'));
const procs: ChildProcess[] = [];
const closers: Array<() => void> = [];
let nginx: Nginx | null = null;
let cert: Buffer = Buffer.alloc(0);
let httpPort = 0;
let httpsPort = 0;
let base = '';
let original = '';
let site = '';

function freshDatabase(serverUrl: string): string {
  const name = `rostrum_nginx_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startNode(name: string, port: number, databaseUrl: string): Promise<void> {
  // The server as the systemd unit starts it (apps/server/src/main.ts), serving the web app.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      NODE_ID: name,
      ADMIN_TOKEN: ADMIN,
      TOKEN_SECRET: 'nginx-secret',
      TRUST_PROXY: PROXY_ADDRESS,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  procs.push(proc);
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) => reject(new Error(`node ${name} exited with ${code}`))),
  );
  await Promise.race([waitForPort(port, 30_000), exited]);
}

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** One request through nginx over TLS (trusting the test's certificate), from `localAddress`. */
function tls(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array; localAddress?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${base}${path}`,
      { method: init.method ?? 'GET', headers: init.headers, ca: cert, localAddress: init.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.once('error', reject);
    req.end(init.body);
  });
}

function plainHttp(path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`http://127.0.0.1:${httpPort}${path}`, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }));
    });
    req.once('error', reject);
    req.end();
  });
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

type Meeting = { id: string; token: (role: string) => string };

async function createMeeting(): Promise<Meeting> {
  const { demoMeeting } = await import('@rostrum/server');
  const res = await tls('/api/meetings', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify(demoMeeting())),
  });
  expect(res.status).toBe(201);
  const body = JSON.parse(res.body.toString()) as { data: { id: string; links: Array<{ role: string; url: string }> } };
  return {
    id: body.data.id,
    token: (role) => {
      const t = body.data.links.find((l) => l.role === role)?.url.split('#t=')[1];
      if (!t) throw new Error(`no ${role} link`);
      return t;
    },
  };
}

const live = SERVER_URL && REDIS_URL ? describe : describe.skip;

live('two nodes behind nginx, configured as docs/deploy.md says', () => {
  let meeting: Meeting;

  beforeAll(async () => {
    const nodePorts: [number, number] = [await freePort(), await freePort()];
    httpPort = await freePort();
    httpsPort = await freePort();
    base = `https://127.0.0.1:${httpsPort}`;
    const databaseUrl = freshDatabase(SERVER_URL ?? '');
    await Promise.all([startNode('A', nodePorts[0], databaseUrl), startNode('B', nodePorts[1], databaseUrl)]);
    cert = selfSignedCertificate(dir);
    original = readFileSync(DEPLOY_NGINX_CONF, 'utf8');
    site = substituteDeployConfig(
      original,
      deployReplacements({ nodes: nodePorts, http: httpPort, https: httpsPort, dir }),
    );
    nginx = await startNginx(dir, site, httpsPort);
    if (nginx.test.status === 0) meeting = await createMeeting();
  }, 90_000);

  afterAll(async () => {
    for (const close of closers.reverse()) close();
    if (nginx) await stopNginx(nginx);
    for (const p of procs) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the documented file with only its addresses, ports and paths changed, and `nginx -t` passes', () => {
    const replacements = deployReplacements({ nodes: [1, 2], http: 3, https: 4, dir });
    const changed = original.split('\n').filter((line, i) => line !== site.split('\n')[i]);
    // Line for line the same file, except the lines that hold one of the documented values.
    expect(site.split('\n').length).toBe(original.split('\n').length);
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed) expect(replacements.some(([from]) => line.includes(from))).toBe(true);
    expect(nginx?.test.output).toContain('test is successful');
    expect(nginx?.test.status).toBe(0);
  });

  it('serves the page over HTTPS and sends plain HTTP there', async () => {
    const page = await tls('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect((await tls('/healthz')).status).toBe(200);
    const redirect = await plainHttp('/m/abc?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('https://127.0.0.1/m/abc?x=1');
  });

  it('carries a live Socket.IO client and a live y-websocket client', async () => {
    const chair: Client = io(base, {
      auth: { token: meeting.token('chair') },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ca: cert.toString(),
    });
    closers.push(() => void chair.disconnect());
    await new Promise<void>((resolve, reject) => {
      chair.once('connect', () => resolve());
      chair.once('connect_error', reject);
    });

    class TlsWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca: cert });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${base.replace(/^https/, 'wss')}/yjs`, meeting.id, doc, {
      WebSocketPolyfill: withYjsAuth(TlsWebSocket, meeting.token('observer')) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    closers.push(() => {
      provider.destroy();
      doc.destroy();
    });
    await waitFor(() => provider.synced, 10_000, 'the Yjs client to sync through nginx');

    const command = async (body: Record<string, unknown>): Promise<void> => {
      const ack: Ack<CommandResult> = await chair
        .timeout(5000)
        .emitWithAck('command', { id: `ng-${String(body.type).replace('.', '-')}-${Date.now()}`, ...body });
      if (!ack.ok) throw new Error(`${String(body.type)}: ${ack.error.code} ${ack.error.message}`);
    };
    await command({ type: 'meeting.open' });
    await command({ type: 'agenda.start', itemId: 'uz-lab' });
    // Whichever node each landed on, the chair's change reaches the document's client.
    await waitFor(() => readState(doc)?.current.itemId === 'uz-lab', 5000, 'the item in the Yjs client');
  });

  it('accepts a 3 MiB PDF (nginx passes it; the server checks its own 20 MiB limit)', async () => {
    const pdf: Buffer = Buffer.concat([
      Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%'),
      Buffer.alloc(3 * 1024 * 1024, 0x78),
      Buffer.from('\n%%EOF\n'),
    ]);
    expect(pdf.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(pdf.length).toBeLessThan(LIMITS.fileBytes);
    const res = await tls(`/api/meetings/${meeting.id}/files?name=${encodeURIComponent('budget report.pdf')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(pdf),
    });
    expect(res.status).not.toBe(413);
    expect(res.status, res.body.toString().slice(0, 300)).toBe(201);
  });

  it('gives each node the client address, not the proxy one (TRUST_PROXY)', async () => {
    // Wrong admin tokens are limited per client address (20 a minute, then 429). From 127.0.0.3
    // the budget runs out; 127.0.0.2 behind the same nginx still has its own.
    const guess = (localAddress: string, i: number) =>
      tls('/api/meetings', { headers: { authorization: `Bearer guess-${i}` }, localAddress });
    const flood: number[] = [];
    for (let i = 0; i < 21; i++) flood.push((await guess('127.0.0.3', i)).status);
    expect(flood.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(flood[20]).toBe(429);
    expect((await guess('127.0.0.2', 99)).status).toBe(401);
  });

  it('writes no query string, so no token, to the access log', async () => {
    const marker = meeting.token('chair');
    await tls(`/?t=${marker}`);
    await plainHttp(`/join?token=${marker}`);
    const log = readFileSync(nginx?.accessLog ?? '', 'utf8');
    expect(log).toContain(`/api/meetings/${meeting.id}/files`);
    expect(log).toContain('/join');
    expect(log).not.toContain('?');
    expect(log).not.toContain(marker);
    expect(log).not.toContain('budget');
  });
});
