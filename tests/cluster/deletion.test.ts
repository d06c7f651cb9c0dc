import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@rostrum/core';
import { createServer, demoMeeting } from '@rostrum/server';

/**
 * A meeting deleted through one node (DELETE /api/staff/meetings/:id) is gone on the other: its
 * connections there are cut (each link's revocation travels on the cluster bus), the room is
 * unloaded (the bus's `deleted`), and the link is refused there after. Two nodes in this process,
 * on one PostgreSQL database of their own and Redis.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Server = Awaited<ReturnType<typeof createServer>>;

function freshDatabase(serverUrl: string): string {
  const name = `rostrum_deletion_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A browser of one staff member on one node: its session cookie and CSRF token. */
class Staff {
  cookie = '';
  csrf = '';
  constructor(private readonly url: string) {}
  async request(path: string, method = 'GET', body?: unknown): Promise<{ status: number; data: unknown }> {
    const headers: Record<string, string> = { cookie: this.cookie, origin: this.url };
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const cookie = /^rostrum_staff=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (cookie) this.cookie = `rostrum_staff=${cookie}`;
    const json = (await res.json()) as { data?: { csrfToken?: unknown } };
    if (typeof json.data?.csrfToken === 'string') this.csrf = json.data.csrfToken;
    return { status: res.status, data: json.data };
  }
}

const live = SERVER_URL && REDIS_URL ? describe : describe.skip;

live('deleting a meeting across nodes', () => {
  const nodes: Array<{ server: Server; url: string }> = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    const databaseUrl = freshDatabase(SERVER_URL ?? '');
    for (const nodeId of ['A', 'B']) {
      const server = await createServer({
        port: 0,
        host: '127.0.0.1',
        databaseUrl,
        redisUrl: REDIS_URL ?? null,
        nodeId,
        tokenSecret: 'deletion-secret',
        adminToken: 'deletion-admin',
        logLevel: 'warn',
        webDist: null,
      });
      const { url } = await server.listen();
      nodes.push({ server, url });
    }
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const n of nodes) await n.server.close();
  });

  it('cuts the connections held on node B and unloads the room there', async () => {
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes not started');
    const setup = (a.server.setupPath ?? b.server.setupPath ?? '').split('/').pop() ?? '';
    const staff = new Staff(a.url);
    const made = await staff.request(`/api/staff/links/${setup}`, 'POST', {
      email: 'admin@example.org',
      name: 'Ada Admin',
      password: 'correct horse battery',
    });
    expect(made.status).toBe(201);
    const created = await staff.request('/api/meetings', 'POST', demoMeeting());
    const meeting = created.data as { id: string; links: Array<{ role: string; url: string }> };
    const token = meeting.links.find((l) => l.role === 'delegate')?.url.split('#t=')[1] ?? '';

    const ended: unknown[] = [];
    const delegate: Client = io(b.url, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    clients.push(delegate);
    delegate.on('session_ended', (info) => ended.push(info));
    await new Promise<void>((resolve, reject) => {
      delegate.once('connect', () => resolve());
      delegate.once('connect_error', reject);
    });
    expect(b.server.registry.get(meeting.id)).toBeDefined();

    // Opened and closed through A, both exports downloaded there, then deleted.
    const chairToken = meeting.links.find((l) => l.role === 'chair')?.url.split('#t=')[1] ?? '';
    const chair: Client = io(a.url, { auth: { token: chairToken }, transports: ['websocket'], forceNew: true });
    clients.push(chair);
    const opened = await new Promise<unknown>((resolve) =>
      chair.emit('command', { id: 'open-the-meeting', type: 'meeting.open' }, resolve),
    );
    expect(opened).toMatchObject({ ok: true });
    expect((await staff.request(`/api/staff/meetings/${meeting.id}/close`, 'POST')).status).toBe(200);
    await fetch(`${a.url}/api/meetings/${meeting.id}/minutes?format=md`, { headers: { cookie: staff.cookie } });
    await fetch(`${a.url}/api/meetings/${meeting.id}/results.json`, { headers: { cookie: staff.cookie } });
    const deleted = await staff.request(`/api/staff/meetings/${meeting.id}`, 'DELETE');
    expect(deleted.status).toBe(200);

    await waitFor(() => !delegate.connected, 5000, "the delegate's connection on B cut");
    expect(ended).toEqual([{ code: 'unauthorized', reason: 'revoked' }]);
    await waitFor(() => b.server.registry.get(meeting.id) === undefined, 5000, 'the room unloaded on B');
    const session = await fetch(`${b.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(session.status).toBe(401);
  });
});
