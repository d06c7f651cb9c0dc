import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, yjsRoom } from '@rostrum/core';
import { backupDataDir } from '../src/tools/backup.js';
import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import {
  Cleanup,
  closed,
  commandId,
  connectErrorCode,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  opened,
  rawYjsSocket,
  requestJson,
  room,
  sendCommand,
  startManagedServer,
  startServer,
  stopServer,
  waitFor,
  type TestMeeting,
  type TestServer,
} from './harness.js';

let cleanup: Cleanup;

beforeEach(() => {
  cleanup = new Cleanup();
});

afterEach(async () => {
  await cleanup.run();
});

async function serverWithMeeting(
  overrides: Parameters<typeof startManagedServer>[2] = {},
): Promise<{ ts: TestServer; meeting: TestMeeting }> {
  const ts = await startManagedServer(cleanup, freshDataDir(cleanup), overrides);
  return { ts, meeting: await createDemoMeeting(ts) };
}

describe('HTTP hardening', () => {
  it('sends security headers on the API and the app', async () => {
    const { ts } = await serverWithMeeting();
    const res = await fetch(`${ts.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows cross-origin API calls from the configured origin only', async () => {
    const { ts, meeting } = await serverWithMeeting({ corsOrigin: 'https://desk.example.org' });
    const preflight = (origin: string) =>
      fetch(`${ts.url}/api/session`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    expect((await preflight('https://desk.example.org')).headers.get('access-control-allow-origin')).toBe(
      'https://desk.example.org',
    );
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).not.toBe(
      'https://evil.example.com',
    );
    const res = await fetch(`${ts.url}/api/session`, {
      headers: { Origin: 'https://evil.example.com', Authorization: `Bearer ${meeting.token('chair')}` },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a flood of HTTP requests with rate_limited', async () => {
    const { ts } = await serverWithMeeting({
      rateLimits: { ...DEFAULT_RATE_LIMITS, httpPerAddress: 5, httpWindowSeconds: 60 },
    });
    // Creating the meeting took one of the five.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await requestJson(ts, '/api/meetings', { token: 'test-admin' })).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const limited = await requestJson(ts, '/api/meetings', { token: 'test-admin' });
    expect(limited).toMatchObject({ status: 429, body: { ok: false, error: { code: 'rate_limited' } } });
    // Health checks are not API calls and stay available.
    expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
  });
});

describe('command rate limits', () => {
  it('refuses commands over the per-connection limit with rate_limited and applies only the others', async () => {
    const { ts, meeting } = await serverWithMeeting({
      rateLimits: { ...DEFAULT_RATE_LIMITS, commandsPerConnection: 4, commandsPerDelegation: 100 },
    });
    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sendCommand(secretariat, {
          id: commandId('flood'),
          type: 'agenda.add',
          title: { en: `Item ${i}`, ru: `Пункт ${i}` },
          plannedMinutes: 5,
        }),
      ),
    );
    const accepted = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length;
    expect(accepted).toBe(4);
    expect(limited).toBe(6);
    expect(room(ts, meeting.id).state.agenda.order).toHaveLength(8 + 4);
  });

  it('limits a delegation across all its connections', async () => {
    const { ts, meeting } = await serverWithMeeting({
      rateLimits: { ...DEFAULT_RATE_LIMITS, commandsPerConnection: 100, commandsPerDelegation: 3 },
    });
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.start', itemId: 'aob' });
    const tabs = await Promise.all([1, 2, 3].map(() => connectSocket(cleanup, ts, meeting.token('delegate', 'uz'))));
    const acks = await Promise.all(
      tabs.flatMap((tab) =>
        [1, 2].map(() => sendCommand(tab, { id: commandId('uz'), type: 'floor.request', kind: 'statement' })),
      ),
    );
    expect(acks.filter((a) => !a.ok && a.error.code === 'rate_limited')).toHaveLength(3);
  });
});

describe('revoking and re-issuing links', () => {
  it('cuts a revoked link off within a second on every connection it holds, and refuses it after', async () => {
    const { ts, meeting } = await serverWithMeeting();
    const token = meeting.token('delegate', 'uz');
    const invites = await requestJson(ts, `/api/meetings/${meeting.id}/invites`, {
      token: meeting.token('secretariat'),
    });
    const uzInvite = (
      invites.body as { data: Array<{ id: string; delegationId: string | null; role: string }> }
    ).data.find((i) => i.role === 'delegate' && i.delegationId === 'uz');
    if (!uzInvite) throw new Error('no invite for uz');

    const ended: unknown[] = [];
    const tab1 = await connectSocket(cleanup, ts, token, (s) => s.on('session_ended', (info) => ended.push(info)));
    const tab2 = await connectSocket(cleanup, ts, token);
    const ws = rawYjsSocket(cleanup, ts, yjsRoom.meeting(meeting.id), token);
    await opened(ws);
    const wsClosed = closed(ws, 1000);

    const started = Date.now();
    const res = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uzInvite.id}/revoke`, {
      method: 'POST',
      token: meeting.token('secretariat'),
    });
    expect(res.status).toBe(200);
    expect((await wsClosed).code).toBe(CLOSE_CODES.unauthorized);
    await waitFor(() => !tab1.connected && !tab2.connected, 1000, 'sockets cut off');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ended).toEqual([{ code: 'unauthorized', reason: 'revoked' }]);

    // The link no longer opens anything.
    await expect(connectSocket(cleanup, ts, token)).rejects.toSatisfy(
      (err: unknown) => connectErrorCode(err) === 'unauthorized',
    );
    expect((await requestJson(ts, '/api/session', { token })).status).toBe(401);
    // A delegate cannot revoke links; nor can the staff of another meeting.
    const other = await createDemoMeeting(ts);
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uzInvite.id}/revoke`, {
          method: 'POST',
          token: meeting.token('delegate', 'kz'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uzInvite.id}/revoke`, {
          method: 'POST',
          token: other.token('secretariat'),
        })
      ).status,
    ).toBe(403);
  });

  it('re-issues a link: the old one stops, the new one works for the same delegation', async () => {
    const { ts, meeting } = await serverWithMeeting();
    const invites = await requestJson(ts, `/api/meetings/${meeting.id}/invites`, { token: 'test-admin' });
    const kz = (invites.body as { data: Array<{ id: string; delegationId: string | null; role: string }> }).data.find(
      (i) => i.role === 'delegate' && i.delegationId === 'kz',
    );
    if (!kz) throw new Error('no invite for kz');
    const res = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${kz.id}/reissue`, {
      method: 'POST',
      token: 'test-admin',
    });
    expect(res.status).toBe(201);
    const url = (res.body as { data: { url: string } }).data.url;
    const fresh = url.split('#t=')[1] ?? '';
    const session = await requestJson(ts, '/api/session', { token: fresh });
    expect(session).toMatchObject({ status: 200, body: { data: { role: 'delegate', delegationId: 'kz' } } });
    expect((await requestJson(ts, '/api/session', { token: meeting.token('delegate', 'kz') })).status).toBe(401);
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/invites/nope/reissue`, {
          method: 'POST',
          token: 'test-admin',
        })
      ).status,
    ).toBe(404);
    // Replacing the replaced link again (a stale list, a retry, or two at once) is refused: one live link per seat.
    const again = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${kz.id}/reissue`, {
      method: 'POST',
      token: 'test-admin',
    });
    expect(again).toMatchObject({ status: 409, body: { ok: false, error: { code: 'conflict' } } });
    const kzDeputy = (
      invites.body as { data: Array<{ id: string; delegationId: string | null; role: string; seat?: string | null }> }
    ).data.find((i) => i.delegationId === 'kz' && i.seat === 'deputy');
    if (!kzDeputy) throw new Error('no deputy invite for kz');
    const both = await Promise.all(
      [1, 2].map(() =>
        requestJson(ts, `/api/meetings/${meeting.id}/invites/${kzDeputy.id}/reissue`, {
          method: 'POST',
          token: 'test-admin',
        }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const live = (await requestJson(ts, `/api/meetings/${meeting.id}/links`, { token: 'test-admin' })).body as {
      data: Array<{ delegationId: string | null; seat: string | null }>;
    };
    expect(live.data.filter((l) => l.delegationId === 'kz' && l.seat === 'head')).toHaveLength(1);
  });

  it('disconnects a connection when its link expires (the grace after its meeting closed)', async () => {
    const { ts, meeting } = await serverWithMeeting({ linkGraceMs: 2500 });
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'meeting.close' });
    const ended: unknown[] = [];
    const socket = await connectSocket(cleanup, ts, meeting.token('observer'), (s) =>
      s.on('session_ended', (info) => ended.push(info)),
    );
    const ws = rawYjsSocket(cleanup, ts, yjsRoom.meeting(meeting.id), meeting.token('observer'));
    await opened(ws);
    expect((await closed(ws, 4000)).code).toBe(CLOSE_CODES.unauthorized);
    await waitFor(() => !socket.connected, 2000, 'socket cut off at expiry');
    expect(ended).toEqual([{ code: 'unauthorized', reason: 'expired' }]);
  });
});

describe('backup', () => {
  it('copies the data while the server runs; a server on the copy has the same meetings', async () => {
    const dataDir = freshDataDir(cleanup);
    const ts = await startServer(dataDir);
    cleanup.add(ts, stopServer);
    const meeting = await createDemoMeeting(ts);
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.next' });
    // Commands keep coming while the copy is made.
    const during = Promise.all(
      [1, 2, 3].map(() => mustCommand(chair, { type: 'agenda.add', title: { en: 'X', ru: 'Х' }, plannedMinutes: 5 })),
    );
    const dest = join(mkdtempSync(join(tmpdir(), 'rostrum-backup-')), 'copy');
    await backupDataDir(dataDir, dest);
    await during;
    await expect(backupDataDir(dataDir, dest)).rejects.toThrow(/exists already/);

    const restored = await startManagedServer(cleanup, dest);
    const copy = restored.server.registry.get(meeting.id);
    if (!copy) throw new Error('meeting missing from the copy');
    expect(copy.state.current.itemId).toBe('opening');
    // The copy is a snapshot: it has what was committed when it was taken (and tokens still work).
    expect(copy.state.meta.revision).toBeGreaterThanOrEqual(2);
    expect(copy.state.meta.revision).toBeLessThanOrEqual(room(ts, meeting.id).state.meta.revision);
    const session = await requestJson(restored, '/api/session', { token: meeting.token('chair') });
    expect(session.status).toBe(200);
  });
});
