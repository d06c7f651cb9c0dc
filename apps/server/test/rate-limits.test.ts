import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { CLOSE_CODES, encodeYjsAuth, yjsRoom, type Ack, type CommandResult } from '@rostrum/core';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../src/platform/rate-limits.js';
import type { Config } from '../src/platform/config.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  closed,
  commandId,
  connectErrorCode,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  opened,
  requestJson,
  sendCommand,
  startManagedServer,
  type ClientSocket,
  type TestMeeting,
  type TestServer,
} from './harness.js';

// Issue #13, found by an attack run: budgets shared between principals (the chair and its own
// delegation), a REST limit keyed by the proxy's address, unlimited admin-token guesses on
// /metrics, and no cap on connections. Every budget belongs to one principal (DESIGN.md, 9).

let cleanup: Cleanup;

beforeEach(() => {
  cleanup = new Cleanup();
});

afterEach(async () => {
  await cleanup.run();
});

async function serverWithMeeting(
  overrides: Partial<Omit<Config, 'rateLimits'>> & { rateLimits?: Partial<RateLimits> } = {},
): Promise<{ ts: TestServer; meeting: TestMeeting }> {
  const { rateLimits, ...rest } = overrides;
  const ts = await startManagedServer(cleanup, freshDataDir(cleanup), {
    ...rest,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...rateLimits },
  });
  return { ts, meeting: await createDemoMeeting(ts) };
}

/** The token of a delegation's deputy (the harness's `token` gives the head's). */
async function deputyToken(ts: TestServer, meeting: TestMeeting, delegationId: string): Promise<string> {
  const res = await requestJson(ts, `/api/meetings/${meeting.id}/links`, { token: ADMIN_TOKEN });
  const links = (
    res.body as { data: Array<{ role: string; delegationId: string | null; seat: string | null; url: string }> }
  ).data;
  const token = links
    .find((l) => l.role === 'delegate' && l.delegationId === delegationId && l.seat === 'deputy')
    ?.url.split('#t=')[1];
  if (!token) throw new Error(`no deputy link for ${delegationId}`);
  return token;
}

/** A REST call as it arrives through a reverse proxy that adds `X-Forwarded-For`. */
async function viaProxy(
  ts: TestServer,
  path: string,
  opts: { forwardedFor?: string; token?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.forwardedFor !== undefined) headers['x-forwarded-for'] = opts.forwardedFor;
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${ts.url}${path}`, { headers });
  await res.arrayBuffer();
  return res;
}

/** A Socket.IO connection attempt: 'connected', or the `data.code` of its connect_error. */
function trySocket(
  ts: TestServer,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ outcome: string; socket: ClientSocket }> {
  const socket: ClientSocket = io(ts.url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  cleanup.add(socket, (s) => void s.disconnect());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the connection in time')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ outcome: 'connected', socket });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      resolve({ outcome: String(connectErrorCode(err) ?? err.message), socket });
    });
  });
}

/** A y-websocket sync step 1 with an empty state vector: the server answers it once admitted. */
const SYNC_STEP1 = new Uint8Array([0, 0, 1, 0]);

/** A raw Yjs WebSocket that authenticates with its first frame (no frame at all when `token` is null). */
function yjsSocket(
  ts: TestServer,
  roomName: string,
  token: string | null,
  headers: Record<string, string> = {},
): WebSocket {
  const ws = new WebSocket(`${ts.yjsUrl}/${roomName}`, { headers });
  cleanup.add(ws, (w) => w.terminate());
  ws.on('error', () => undefined);
  if (token !== null) {
    ws.once('open', () => {
      ws.send(encodeYjsAuth(token));
      ws.send(SYNC_STEP1);
    });
  }
  return ws;
}

/** 'admitted' once the server answers the sync step 1, or the close code. */
function yjsOutcome(ws: WebSocket): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the Yjs endpoint in time')), 5000);
    ws.once('message', () => {
      clearTimeout(timer);
      resolve('admitted');
    });
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Retries an asynchronous check until it holds (the server frees a slot when it sees the close). */
async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const isLimited = (a: Ack<CommandResult>) => !a.ok && a.error.code === 'rate_limited';

describe('command budgets belong to one principal', () => {
  it("a deputy of the chair's own delegation flooding refused commands locks out neither the chair nor the head", async () => {
    const { ts, meeting } = await serverWithMeeting();
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.start', itemId: 'aob' });
    // The demo chair's invite names Azerbaijan's delegation; so do these links.
    const head = await connectSocket(cleanup, ts, meeting.token('delegate', 'az'));
    const deputy = await deputyToken(ts, meeting, 'az');
    const tabs = await Promise.all([1, 2, 3].map(() => connectSocket(cleanup, ts, deputy)));
    // 60 commands, 20 per connection (each within its connection's budget); all but one refused
    // by the rules (the request is queued once) or by the limits.
    const flood = await Promise.all(
      tabs.flatMap((tab) =>
        Array.from({ length: 20 }, () =>
          sendCommand(tab, { id: commandId('az-deputy'), type: 'floor.request', kind: 'statement' }),
        ),
      ),
    );
    expect(flood.filter(isLimited).length).toBeGreaterThanOrEqual(1);
    // In the same second: the chair's commands are the chair's, whatever the deputy did.
    for (const seconds of [120, 180, 240]) {
      const ack = await sendCommand(chair, {
        id: commandId('chair'),
        type: 'floor.setLimits',
        itemId: 'aob',
        limits: { statement: seconds },
      });
      expect(ack).toMatchObject({ ok: true });
    }
    // And the head of the delegation keeps a share of the delegation's budget.
    const headAck = await sendCommand(head, { id: commandId('az-head'), type: 'floor.request', kind: 'reply' });
    expect(isLimited(headAck)).toBe(false);
  });

  it('limits an observer link with several sockets as one', async () => {
    const { ts, meeting } = await serverWithMeeting();
    const token = meeting.token('observer');
    const sockets = await Promise.all([1, 2, 3, 4].map(() => connectSocket(cleanup, ts, token)));
    // 15 per connection: within each connection's budget (20), 60 for the link (budget 30).
    const acks = await Promise.all(
      sockets.flatMap((s) =>
        Array.from({ length: 15 }, () => sendCommand(s, { id: commandId('obs'), type: 'meeting.open' })),
      ),
    );
    const notLimited = acks.filter((a) => !isLimited(a));
    expect(notLimited.length).toBeLessThanOrEqual(DEFAULT_RATE_LIMITS.commandsPerInvite);
    // What got through was refused for who sent it: an observer sends no commands.
    expect(notLimited.every((a) => !a.ok && a.error.code === 'forbidden')).toBe(true);
  });
});

describe('REST limits behind a trusted proxy', () => {
  it('with TRUST_PROXY=1, one address flooding /api does not put another address or a signed-in user at 429', async () => {
    const { ts, meeting } = await serverWithMeeting({ trustProxy: 1, rateLimits: { httpPerAddress: 20 } });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await viaProxy(ts, '/api/session', { forwardedFor: '203.0.113.7' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const limited = await viaProxy(ts, '/api/session', { forwardedFor: '203.0.113.7' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client behind the same proxy.
    expect((await viaProxy(ts, '/api/session', { forwardedFor: '198.51.100.4' })).status).toBe(401);
    expect(
      (await viaProxy(ts, '/api/session', { forwardedFor: '198.51.100.4', token: meeting.token('delegate', 'uz') }))
        .status,
    ).toBe(200);
    // A signed-in user at the flooding address: the budget is the invite's, not the address's.
    expect(
      (await viaProxy(ts, '/api/session', { forwardedFor: '203.0.113.7', token: meeting.token('chair') })).status,
    ).toBe(200);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick its own budget', async () => {
    const { ts } = await serverWithMeeting({ rateLimits: { httpPerAddress: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await viaProxy(ts, '/api/session', { forwardedFor: `192.0.2.${i + 1}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("keys a token's requests by its invite: one link's flood leaves another link's requests alone", async () => {
    const { ts, meeting } = await serverWithMeeting({ rateLimits: { httpPerAddress: 10 } });
    const uz = meeting.token('delegate', 'uz');
    for (let i = 0; i < 10; i++) expect((await viaProxy(ts, '/api/session', { token: uz })).status).toBe(200);
    expect((await viaProxy(ts, '/api/session', { token: uz })).status).toBe(429);
    expect((await viaProxy(ts, '/api/session', { token: meeting.token('delegate', 'kz') })).status).toBe(200);
    expect((await viaProxy(ts, '/api/meetings', { token: ADMIN_TOKEN })).status).toBe(200);
  });
});

describe('failed secrets', () => {
  it('answers wrong admin-token guesses on /metrics with 429 after 20, and then the right token from that address too', async () => {
    const { ts } = await serverWithMeeting({ trustProxy: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await viaProxy(ts, '/metrics', { forwardedFor: '203.0.113.9', token: `guess-${i}` })).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await viaProxy(ts, '/metrics', { forwardedFor: '203.0.113.9', token: 'guess-20' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // No oracle: the right token is not even compared from that address now.
    expect((await viaProxy(ts, '/metrics', { forwardedFor: '203.0.113.9', token: ADMIN_TOKEN })).status).toBe(429);
    expect((await viaProxy(ts, '/api/meetings', { forwardedFor: '203.0.113.9', token: ADMIN_TOKEN })).status).toBe(429);
    // The admin elsewhere is not locked out.
    expect((await viaProxy(ts, '/metrics', { forwardedFor: '198.51.100.20', token: ADMIN_TOKEN })).status).toBe(200);
  });

  it('counts wrong tokens on Socket.IO and Yjs too (rate_limited, 4429); a valid link from that address still connects', async () => {
    const { ts, meeting } = await serverWithMeeting({ rateLimits: { failedAuthPerAddress: 3 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) outcomes.push((await trySocket(ts, `not-a-token-${i}`)).outcome);
    expect(outcomes).toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
    expect((await trySocket(ts, 'not-a-token-3')).outcome).toBe('rate_limited');
    expect(await yjsOutcome(yjsSocket(ts, yjsRoom.meeting(meeting.id), 'not-a-token-4'))).toBe(CLOSE_CODES.rateLimited);
    expect((await viaProxy(ts, '/api/session', { token: 'not-a-token-5' })).status).toBe(429);
    // A signed link cannot be guessed: it is checked, and admitted.
    expect((await trySocket(ts, meeting.token('delegate', 'uz'))).outcome).toBe('connected');
    expect(await yjsOutcome(yjsSocket(ts, yjsRoom.meeting(meeting.id), meeting.token('delegate', 'uz')))).toBe(
      'admitted',
    );
  });
});

describe('connection caps', () => {
  it('refuses connections past the per-address cap, Socket.IO and Yjs together, and admits again when one closes', async () => {
    const { ts, meeting } = await serverWithMeeting({ rateLimits: { connectionsPerAddress: 4 } });
    const roomName = yjsRoom.meeting(meeting.id);
    const first = await connectSocket(cleanup, ts, meeting.token('chair'));
    await connectSocket(cleanup, ts, meeting.token('delegate', 'uz'));
    expect(await yjsOutcome(yjsSocket(ts, roomName, meeting.token('delegate', 'kz')))).toBe('admitted');
    expect(await yjsOutcome(yjsSocket(ts, roomName, meeting.token('delegate', 'fr')))).toBe('admitted');
    expect((await trySocket(ts, meeting.token('delegate', 'de'))).outcome).toBe('rate_limited');
    expect(await yjsOutcome(yjsSocket(ts, roomName, meeting.token('delegate', 'de')))).toBe(CLOSE_CODES.rateLimited);
    first.disconnect();
    await eventually(
      async () => (await trySocket(ts, meeting.token('delegate', 'de'))).outcome === 'connected',
      3000,
      'a free slot',
    );
  });

  it('counts idle unauthenticated connections against their address and closes them after a short time', async () => {
    const { ts, meeting } = await serverWithMeeting({
      yjsAuthTimeoutMs: 400,
      rateLimits: { connectionsPerAddress: 3, connectTimeoutMs: 400 },
    });
    // Two Engine.IO connections that never connect to a namespace, and a Yjs one that never authenticates.
    const idle = [
      new WebSocket(`${ts.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`),
      new WebSocket(`${ts.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`),
      yjsSocket(ts, yjsRoom.meeting(meeting.id), null),
    ];
    for (const ws of idle) cleanup.add(ws, (w) => w.terminate());
    await Promise.all(idle.map((ws) => opened(ws)));
    const gone = Promise.all(idle.map((ws) => closed(ws, 3000)));
    expect((await trySocket(ts, meeting.token('chair'))).outcome).toBe('rate_limited');
    await gone;
    await eventually(
      async () => (await trySocket(ts, meeting.token('chair'))).outcome === 'connected',
      3000,
      'the idle connections to be dropped',
    );
  });

  it('refuses connections of one link past the per-invite cap; other links are not affected', async () => {
    const { ts, meeting } = await serverWithMeeting({ rateLimits: { connectionsPerInvite: 3 } });
    const uz = meeting.token('delegate', 'uz');
    const roomName = yjsRoom.meeting(meeting.id);
    await connectSocket(cleanup, ts, uz);
    await connectSocket(cleanup, ts, uz);
    expect(await yjsOutcome(yjsSocket(ts, roomName, uz))).toBe('admitted');
    expect((await trySocket(ts, uz)).outcome).toBe('rate_limited');
    expect(await yjsOutcome(yjsSocket(ts, roomName, uz))).toBe(CLOSE_CODES.rateLimited);
    expect((await trySocket(ts, meeting.token('delegate', 'kz'))).outcome).toBe('connected');
    expect(await yjsOutcome(yjsSocket(ts, roomName, meeting.token('delegate', 'kz')))).toBe('admitted');
  });

  it('counts connections by the forwarded address behind a trusted proxy', async () => {
    const { ts, meeting } = await serverWithMeeting({
      trustProxy: ['127.0.0.1'],
      rateLimits: { connectionsPerAddress: 2 },
    });
    const a = { 'x-forwarded-for': '203.0.113.30' };
    const b = { 'x-forwarded-for': '203.0.113.31' };
    expect((await trySocket(ts, meeting.token('delegate', 'uz'), a)).outcome).toBe('connected');
    expect(await yjsOutcome(yjsSocket(ts, yjsRoom.meeting(meeting.id), meeting.token('delegate', 'uz'), a))).toBe(
      'admitted',
    );
    expect((await trySocket(ts, meeting.token('delegate', 'kz'), a)).outcome).toBe('rate_limited');
    expect((await trySocket(ts, meeting.token('delegate', 'kz'), b)).outcome).toBe('connected');
  });
});
