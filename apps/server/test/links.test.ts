import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import type { Config } from '../src/platform/config.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  connectSocket,
  createMeeting,
  freshDataDir,
  mustCommand,
  requestJson,
  startManagedServer,
  type TestServer,
} from './harness.js';

/**
 * Invitation links on a real server: where they point (the address the request came to, a
 * trusted proxy's, or PUBLIC_URL), how long they work (until a grace after the meeting closes,
 * extended by the secretariat), and the projector's and observer's among them.
 */
const DAY = 24 * 60 * 60 * 1000;

let cleanup = new Cleanup();
afterEach(async () => {
  await cleanup.run();
  cleanup = new Cleanup();
});

type LinkBody = {
  inviteId: string;
  role: string;
  url: string;
  projectorUrl?: string;
  issuedAt: number;
  validUntil: number | null;
};

const portOf = (ts: TestServer) => new URL(ts.url).port;

/**
 * GET of the links sent to 127.0.0.1 with the given headers (node:http, which, unlike fetch, lets
 * a test write the Host header as a browser reaching the server by another name would).
 */
function linksWith(ts: TestServer, meetingId: string, headers: Record<string, string>): Promise<LinkBody[]> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: portOf(ts),
        path: `/api/meetings/${meetingId}/links`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const body = JSON.parse(text) as { ok: boolean; data: LinkBody[] };
          if (res.statusCode !== 200 || !body.ok) reject(new Error(`links: ${res.statusCode} ${text}`));
          else resolve(body.data);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function serverWithMeeting(overrides: Partial<Config> = {}, definition: unknown = demoMeeting()) {
  const ts = await startManagedServer(cleanup, freshDataDir(cleanup), overrides);
  return { ts, meeting: await createMeeting(ts, definition) };
}

describe('where links point', () => {
  it('at the address the request came to when PUBLIC_URL is unset, the bound one for a malformed Host', async () => {
    const { ts, meeting } = await serverWithMeeting();
    const port = portOf(ts);
    const byIp = await linksWith(ts, meeting.id, { host: `127.0.0.1:${port}` });
    const byName = await linksWith(ts, meeting.id, { host: `localhost:${port}` });
    expect(byIp.every((l) => l.url.startsWith(`http://127.0.0.1:${port}/m/${meeting.id}#t=`))).toBe(true);
    expect(byName.every((l) => l.url.startsWith(`http://localhost:${port}/m/${meeting.id}#t=`))).toBe(true);
    // A name the machine is known by on the room's network, with its case as typed.
    const lan = await linksWith(ts, meeting.id, { host: `Desk-PC.local:${port}` });
    expect(lan[0]?.url.startsWith(`http://desk-pc.local:${port}/m/`)).toBe(true);

    // Without TRUST_PROXY a forwarded host or scheme is whatever the client wrote: ignored.
    const forwarded = await linksWith(ts, meeting.id, {
      host: `127.0.0.1:${port}`,
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(forwarded.every((l) => l.url.startsWith(`http://127.0.0.1:${port}/`))).toBe(true);

    // A Host that cannot stand in a link: the address the server is bound to, nothing of the header.
    for (const host of ['evil.example/"><script>', 'a b', 'evil.example:99999', 'x@evil.example']) {
      const links = await linksWith(ts, meeting.id, { host });
      expect(links.every((l) => l.url.startsWith(`http://127.0.0.1:${port}/m/`))).toBe(true);
    }
  });

  it('at the trusted proxy’s host and scheme with TRUST_PROXY, PUBLIC_URL over all', async () => {
    const proxied = await serverWithMeeting({ trustProxy: ['loopback'] });
    const viaProxy = await linksWith(proxied.ts, proxied.meeting.id, {
      host: `127.0.0.1:${portOf(proxied.ts)}`,
      'x-forwarded-host': 'rostrum.example.org',
      'x-forwarded-proto': 'https',
    });
    expect(viaProxy.every((l) => l.url.startsWith(`https://rostrum.example.org/m/${proxied.meeting.id}#t=`))).toBe(
      true,
    );
    // A proxy that passes a malformed host on: the bound address, not the header.
    const bad = await linksWith(proxied.ts, proxied.meeting.id, { 'x-forwarded-host': 'a"b' });
    expect(bad[0]?.url.startsWith(`http://127.0.0.1:${portOf(proxied.ts)}/m/`)).toBe(true);

    const configured = await serverWithMeeting({ publicUrl: 'https://meet.example.org/', trustProxy: ['loopback'] });
    const links = await linksWith(configured.ts, configured.meeting.id, {
      host: `localhost:${portOf(configured.ts)}`,
      'x-forwarded-host': 'rostrum.example.org',
    });
    expect(links.every((l) => l.url.startsWith(`https://meet.example.org/m/${configured.meeting.id}#t=`))).toBe(true);
  });

  it('lists the observer’s and the projector’s links with the others, and re-issues them on the same address', async () => {
    const { ts, meeting } = await serverWithMeeting();
    const port = portOf(ts);
    const links = await linksWith(ts, meeting.id, { host: `localhost:${port}` });
    const observer = links.find((l) => l.role === 'observer');
    expect(observer?.url).toMatch(new RegExp(`^http://localhost:${port}/m/${meeting.id}#t=`));
    expect(observer?.projectorUrl).toMatch(new RegExp(`^http://localhost:${port}/m/${meeting.id}/projector#t=`));
    expect(links.map((l) => l.role)).toEqual(expect.arrayContaining(['chair', 'secretariat', 'observer', 'delegate']));

    const reissued = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${observer?.inviteId}/reissue`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    expect(reissued.status).toBe(201);
    const fresh = (reissued.body as { data: LinkBody }).data;
    expect(fresh.projectorUrl).toMatch(new RegExp(`^http://127.0.0.1:${port}/m/${meeting.id}/projector#t=`));
  });
});

describe('how long links work', () => {
  it('from issue to the grace after the meeting closes, however far ahead it is; extended by the secretariat', async () => {
    let clock = Date.now();
    const sixtyDaysAhead = new Date(clock + 60 * DAY).toISOString();
    const { ts, meeting } = await serverWithMeeting(
      { now: () => clock },
      { ...demoMeeting(), startsAt: sixtyDaysAhead },
    );
    const session = async (token: string) => (await requestJson(ts, '/api/session', { token })).status;
    const lifetime = async () =>
      (await requestJson(ts, `/api/meetings/${meeting.id}/links/lifetime`, { token: ADMIN_TOKEN })).body as {
        data: { status: string; graceMs: number; validUntil: number | null; extendedUntil: number | null };
      };
    const extend = (until: unknown, token = ADMIN_TOKEN) =>
      requestJson(ts, `/api/meetings/${meeting.id}/links/extend`, {
        method: 'POST',
        token,
        body: JSON.stringify({ until }),
      });
    const delegate = meeting.token('delegate', 'uz');

    // 45 days on (past the old 30-day rule), the meeting still ahead: the links work, with no end yet.
    clock += 45 * DAY;
    expect(await session(delegate)).toBe(200);
    expect(await session(meeting.token('observer'))).toBe(200);
    const before = await linksWith(ts, meeting.id, {});
    expect(before.every((l) => l.validUntil === null)).toBe(true);
    expect((await lifetime()).data).toMatchObject({ status: 'scheduled', graceMs: 30 * DAY, validUntil: null });

    // Held on its day and closed: the links work 30 days more, then stop.
    clock += 15 * DAY;
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'meeting.close' });
    chair.disconnect();
    const closedAt = clock;
    expect((await lifetime()).data).toMatchObject({ status: 'closed', validUntil: closedAt + 30 * DAY });
    expect((await linksWith(ts, meeting.id, {})).every((l) => l.validUntil === closedAt + 30 * DAY)).toBe(true);
    clock = closedAt + 30 * DAY - 1;
    expect(await session(delegate)).toBe(200);
    clock = closedAt + 30 * DAY;
    expect(await session(delegate)).toBe(401);

    // Extending to a date in the past is refused with its own code, and changes nothing.
    const past = await extend(clock - 1);
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ ok: false, error: { code: 'invalid', issues: [{ code: 'date_in_past' }] } });
    expect((await extend('next week')).body).toMatchObject({ error: { issues: [{ code: 'invalid_date' }] } });
    // Only the staff extend links.
    expect((await extend(clock + DAY, delegate)).status).toBe(401);
    expect(await session(delegate)).toBe(401);

    // Extended by a week (an ISO date): the same links work again, until then.
    const until = clock + 7 * DAY;
    const extended = await extend(new Date(until).toISOString());
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ ok: true, data: { validUntil: until, extendedUntil: until } });
    expect(await session(delegate)).toBe(200);
    const links = await linksWith(ts, meeting.id, {});
    expect(links.every((l) => l.validUntil === until)).toBe(true);
    clock = until;
    expect(await session(delegate)).toBe(401);
  });

  it('a link re-issued keeps the date the meeting’s links were extended to', async () => {
    let clock = Date.now();
    const { ts, meeting } = await serverWithMeeting({ now: () => clock });
    const until = clock + 90 * DAY;
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/links/extend`, {
          method: 'POST',
          token: ADMIN_TOKEN,
          body: JSON.stringify({ until }),
        })
      ).status,
    ).toBe(200);
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'meeting.close' });
    chair.disconnect();
    const uz = (await linksWith(ts, meeting.id, {})).find((l) => l.role === 'delegate');
    const res = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uz?.inviteId}/reissue`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    expect((res.body as { data: LinkBody }).data.validUntil).toBe(until);
    clock += 60 * DAY;
    const token = (res.body as { data: LinkBody }).data.url.split('#t=')[1] ?? '';
    expect((await requestJson(ts, '/api/session', { token })).status).toBe(200);
  });
});
