import { afterEach, describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  createDemoMeeting,
  freshDataDir,
  requestJson,
  restartServer,
  startServer,
  stopServer,
  type TestServer,
} from './harness.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, dataOf, secretariatAccount, setUpAdmin, StaffClient } from './staff-client.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function fresh(): Promise<TestServer> {
  const ts = await startServer(freshDataDir(cleanup));
  cleanup.add(ts, stopServer);
  return ts;
}

const errorCode = (body: unknown) =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error
    ? (body.error as { code?: unknown }).code
    : undefined;

describe('the setup link', () => {
  it('is made on an empty database, creates the first administrator once, and is gone after', async () => {
    const ts = await fresh();
    const path = ts.server.setupPath;
    expect(path).toMatch(/^\/setup\/[A-Za-z0-9_-]{40,}$/);
    const token = path?.split('/').pop() ?? '';
    const anon = new StaffClient(ts);
    expect((await anon.request(`/api/staff/links/${token}`)).body).toMatchObject({ data: { kind: 'setup' } });

    const admin = await setUpAdmin(ts);
    const session = await admin.request('/api/staff/session');
    expect(session.body).toMatchObject({ data: { account: { email: ADMIN_EMAIL, role: 'admin' } } });
    expect(JSON.stringify(session.body)).not.toContain('argon2');

    // Once only: the same link again, by anyone, is refused and makes no second administrator.
    const again = await anon.request(`/api/staff/links/${token}`, {
      body: { email: 'mallory@example.org', name: 'M', password: 'another long password' },
    });
    expect(again.status).toBe(404);
    expect((await anon.request(`/api/staff/links/${token}`)).status).toBe(404);
    expect(await ts.server.staff.store.countAccounts()).toBe(1);

    // Only the hash is stored.
    expect(await ts.server.staff.store.linkByHash(token)).toBeNull();

    // A restart with an account makes no new setup link.
    const again2 = await restartServer(cleanup, ts);
    expect(again2.server.setupPath).toBeNull();
  });

  it('refuses a password that is too short, and accepts a long one', async () => {
    const ts = await fresh();
    const token = ts.server.setupPath?.split('/').pop() ?? '';
    const anon = new StaffClient(ts);
    const short = await anon.request(`/api/staff/links/${token}`, {
      body: { email: 'a@example.org', name: 'A', password: 'short' },
    });
    expect(short.status).toBe(400);
    expect(errorCode(short.body)).toBe('invalid');
    const long = await anon.request(`/api/staff/links/${token}`, {
      body: { email: 'a@example.org', name: 'A', password: 'x'.repeat(100) },
    });
    expect(long.status).toBe(201);
  });
});

describe('signing in', () => {
  it('gives the same unauthorized for a wrong password, an unknown email and a disabled account', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const made = await admin.request('/api/staff/accounts', {
      body: { email: 'sec@example.org', name: 'Sec', password: 'a long enough password' },
    });
    const secId = String(dataOf(made.body)?.account && (dataOf(made.body)?.account as { id: string }).id);
    await admin.request(`/api/staff/accounts/${secId}/disable`, { method: 'POST' });

    const anon = new StaffClient(ts);
    const bodies = [];
    for (const [email, password] of [
      [ADMIN_EMAIL, 'wrong password!!'],
      ['nobody@example.org', ADMIN_PASSWORD],
      ['sec@example.org', 'a long enough password'],
    ] as const) {
      const res = await anon.request('/api/staff/signin', { body: { email, password } });
      expect(res.status).toBe(401);
      bodies.push(res.body);
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(anon.cookie).toBeNull();

    await anon.signIn(` ${ADMIN_EMAIL.toUpperCase()} `, ADMIN_PASSWORD);
    expect((await anon.request('/api/staff/session')).status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Lax cookie on path /, Secure behind an HTTPS proxy it trusts', async () => {
    const ts = await startServer(freshDataDir(cleanup), { trustProxy: 1 });
    cleanup.add(ts, stopServer);
    await setUpAdmin(ts);
    const plain = new StaffClient(ts);
    await plain.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(plain.setCookie).toMatch(/HttpOnly/);
    expect(plain.setCookie).toMatch(/SameSite=Lax/);
    expect(plain.setCookie).toMatch(/Path=\//);
    expect(plain.setCookie).not.toMatch(/Secure/);

    const proxied = new StaffClient(ts, 'https://rostrum.example.org');
    const res = await proxied.request('/api/staff/signin', {
      body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'rostrum.example.org' },
    });
    expect(res.status).toBe(200);
    expect(proxied.setCookie).toMatch(/Secure/);
  });

  it('is rate limited per account, with Retry-After', async () => {
    const ts = await fresh();
    await setUpAdmin(ts);
    const anon = new StaffClient(ts);
    const codes: unknown[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const res = await anon.request('/api/staff/signin', { body: { email: ADMIN_EMAIL, password: `guess ${i}` } });
      codes.push(errorCode(res.body));
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('unauthorized'));
    expect(codes.slice(5)).toEqual(['rate_limited', 'rate_limited']);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits now.
    const right = await anon.request('/api/staff/signin', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(right.status).toBe(429);
  });

  it('is rate limited per client address across accounts', async () => {
    const ts = await fresh();
    await setUpAdmin(ts);
    const anon = new StaffClient(ts);
    let last = 0;
    for (let i = 0; i < 21; i++)
      last = (
        await anon.request('/api/staff/signin', { body: { email: `u${i}@example.org`, password: 'nope nope nope' } })
      ).status;
    expect(last).toBe(429);
  });
});

describe('CSRF', () => {
  it('refuses a write with the cookie but without the token, or from a foreign Origin', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const body = demoMeeting();
    const before = ts.server.registry.size;
    const noToken = await admin.request('/api/meetings', { body, csrf: null });
    expect(noToken.status).toBe(403);
    expect(errorCode(noToken.body)).toBe('forbidden');
    const wrongToken = await admin.request('/api/meetings', { body, csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    const foreign = await admin.request('/api/meetings', { body, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const foreignSignOut = await admin.request('/api/staff/signout-everywhere', {
      method: 'POST',
      origin: 'https://evil.example',
    });
    expect(foreignSignOut.status).toBe(403);
    expect(ts.server.registry.size).toBe(before);
    // A sign-in from a foreign page is refused too (no signing someone into another account).
    const anon = new StaffClient(ts, 'https://evil.example');
    const signin = await anon.request('/api/staff/signin', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(signin.status).toBe(403);

    const ok = await admin.request('/api/meetings', { body });
    expect(ok.status).toBe(201);
    expect(ts.server.registry.size).toBe(before + 1);
  });
});

describe('sessions', () => {
  it('signs out one session, or every session of the account', async () => {
    const ts = await fresh();
    const first = await setUpAdmin(ts);
    const second = new StaffClient(ts);
    await second.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const third = new StaffClient(ts);
    await third.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);

    const cookie = third.cookie;
    expect((await third.request('/api/staff/signout', { method: 'POST' })).status).toBe(200);
    // The old cookie no longer opens anything, even sent again by hand.
    third.cookie = cookie;
    expect((await third.request('/api/staff/session')).status).toBe(401);
    expect((await second.request('/api/staff/session')).status).toBe(200);

    expect((await first.request('/api/staff/signout-everywhere', { method: 'POST' })).status).toBe(200);
    expect((await first.request('/api/staff/session')).status).toBe(401);
    expect((await second.request('/api/staff/session')).status).toBe(401);
  });

  it('ends after 12 hours unused', async () => {
    let now = Date.now();
    const ts = await startServer(freshDataDir(cleanup), { now: () => now });
    cleanup.add(ts, stopServer);
    const admin = await setUpAdmin(ts);
    now += 11 * 3_600_000;
    expect((await admin.request('/api/staff/session')).status).toBe(200);
    now += 11 * 3_600_000;
    expect((await admin.request('/api/staff/session')).status).toBe(200);
    now += 13 * 3_600_000;
    expect((await admin.request('/api/staff/session')).status).toBe(401);
  });
});

describe('accounts and meetings', () => {
  it('lets an administrator create, list, disable and enable accounts; others may not', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const sec = await secretariatAccount(ts, admin, 'sec@example.org');
    const list = await admin.request('/api/staff/accounts');
    expect(list.body).toMatchObject({
      data: [
        { email: ADMIN_EMAIL, role: 'admin', disabled: false },
        { email: 'sec@example.org', role: 'secretariat', disabled: false },
      ],
    });
    expect(JSON.stringify(list.body)).not.toMatch(/argon|password_hash|passwordHash/);
    const dup = await admin.request('/api/staff/accounts', {
      body: { email: 'SEC@example.org', name: 'Again', password: 'a long enough password' },
    });
    expect(errorCode(dup.body)).toBe('conflict');

    expect((await sec.request('/api/staff/accounts')).status).toBe(403);
    const byBob = await sec.request('/api/staff/accounts', {
      body: { email: 'x@example.org', name: 'X', password: 'a long enough password' },
    });
    expect(byBob.status).toBe(403);

    const secId = (dataOf((await sec.request('/api/staff/session')).body)?.account as { id: string }).id;
    expect((await admin.request(`/api/staff/accounts/${secId}/disable`, { method: 'POST' })).status).toBe(200);
    // Disabling ends its sessions at once, and it cannot sign in again.
    expect((await sec.request('/api/staff/session')).status).toBe(401);
    const again = await new StaffClient(ts).request('/api/staff/signin', {
      body: { email: 'sec@example.org', password: 'a long enough password' },
    });
    expect(again.status).toBe(401);
    expect((await admin.request(`/api/staff/accounts/${secId}/enable`, { method: 'POST' })).status).toBe(200);
    await new StaffClient(ts).signIn('sec@example.org', 'a long enough password');
  });

  it('hands out a one-time set-password link for an account made without a password', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const made = await admin.request('/api/staff/accounts', { body: { email: 'new@example.org', name: 'New' } });
    expect(made.status).toBe(201);
    const url = String(dataOf(made.body)?.setPasswordUrl);
    const token = url.split('/setup/')[1] ?? '';
    const person = new StaffClient(ts);
    expect((await person.request(`/api/staff/links/${token}`)).body).toMatchObject({
      data: { kind: 'set_password', email: 'new@example.org' },
    });
    expect(
      (await person.request(`/api/staff/links/${token}`, { body: { password: 'my own long password' } })).status,
    ).toBe(201);
    expect((await person.request('/api/staff/session')).body).toMatchObject({
      data: { account: { email: 'new@example.org' } },
    });
    expect(
      (await person.request(`/api/staff/links/${token}`, { body: { password: 'again a long password' } })).status,
    ).toBe(404);
    await new StaffClient(ts).signIn('new@example.org', 'my own long password');
  });

  it('gives a forgotten password a new one-time link: the old password works until it is used', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const sec = await secretariatAccount(ts, admin, 'sec@example.org');
    const secId = (dataOf((await sec.request('/api/staff/session')).body)?.account as { id: string }).id;
    // Only an administrator makes one.
    expect((await sec.request(`/api/staff/accounts/${secId}/password-link`, { method: 'POST' })).status).toBe(403);
    expect((await admin.request('/api/staff/accounts/nobody/password-link', { method: 'POST' })).status).toBe(404);
    const made = await admin.request(`/api/staff/accounts/${secId}/password-link`, { method: 'POST' });
    expect(made.status).toBe(201);
    const token = String(dataOf(made.body)?.setPasswordUrl).split('/setup/')[1] ?? '';
    // Nothing changed yet: the session and the old password still work.
    expect((await sec.request('/api/staff/session')).status).toBe(200);
    await new StaffClient(ts).signIn('sec@example.org', 'a long enough password');
    const person = new StaffClient(ts);
    expect(
      (await person.request(`/api/staff/links/${token}`, { body: { password: 'a brand new long password' } })).status,
    ).toBe(201);
    // Set: the old sessions end, the old password is refused, the new one works, the link is spent.
    expect((await sec.request('/api/staff/session')).status).toBe(401);
    const old = await new StaffClient(ts).request('/api/staff/signin', {
      body: { email: 'sec@example.org', password: 'a long enough password' },
    });
    expect(old.status).toBe(401);
    await new StaffClient(ts).signIn('sec@example.org', 'a brand new long password');
    expect(
      (await person.request(`/api/staff/links/${token}`, { body: { password: 'yet another long password' } })).status,
    ).toBe(404);
    // A disabled account gets none.
    await admin.request(`/api/staff/accounts/${secId}/disable`, { method: 'POST' });
    expect((await admin.request(`/api/staff/accounts/${secId}/password-link`, { method: 'POST' })).status).toBe(404);
  });

  it('shows a secretariat account only its meetings, and forbids it the others', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const alice = await secretariatAccount(ts, admin, 'alice@example.org');
    const bob = await secretariatAccount(ts, admin, 'bob@example.org');
    const byScript = await createDemoMeeting(ts); // made with the admin token: no manager
    const made = await alice.request('/api/meetings', { body: demoMeeting() });
    expect(made.status).toBe(201);
    const mine = String(dataOf(made.body)?.id);

    const ids = (res: { body: unknown }) =>
      ((res.body as { data: Array<{ id: string }> }).data ?? []).map((m) => m.id).sort();
    expect(ids(await alice.request('/api/staff/meetings'))).toEqual([mine]);
    expect(ids(await alice.request('/api/meetings'))).toEqual([mine]);
    expect(ids(await bob.request('/api/staff/meetings'))).toEqual([]);
    expect(ids(await admin.request('/api/staff/meetings'))).toEqual([byScript.id, mine].sort());

    for (const path of [`/api/meetings/${mine}`, `/api/meetings/${mine}/invites`, `/api/meetings/${mine}/results`])
      expect((await alice.request(path)).status, path).toBe(200);
    for (const path of [`/api/meetings/${byScript.id}`, `/api/meetings/${byScript.id}/invites`]) {
      const res = await alice.request(path);
      expect(res.status, path).toBe(403);
      expect(errorCode(res.body)).toBe('forbidden');
    }
    expect((await bob.request(`/api/meetings/${mine}`)).status).toBe(403);
    expect((await bob.request(`/api/staff/meetings/${mine}/enter`, { body: { role: 'secretariat' } })).status).toBe(
      403,
    );

    // A manager adds a colleague; the colleague then sees the meeting.
    const bobId = (dataOf((await bob.request('/api/staff/session')).body)?.account as { id: string }).id;
    expect((await alice.request(`/api/staff/meetings/${mine}/managers`, { body: { accountId: bobId } })).status).toBe(
      200,
    );
    expect(ids(await bob.request('/api/staff/meetings'))).toEqual([mine]);

    // Writes with the session need the CSRF token like any other.
    const revoke = await alice.request(`/api/meetings/${mine}/invites/nope/revoke`, { method: 'POST', csrf: null });
    expect(revoke.status).toBe(403);
  });

  it('opens a managed meeting as its secretariat or chair without an invite link', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const alice = await secretariatAccount(ts, admin, 'alice@example.org');
    const mine = String(dataOf((await alice.request('/api/meetings', { body: demoMeeting() })).body)?.id);
    for (const role of ['secretariat', 'chair'] as const) {
      const entered = await alice.request(`/api/staff/meetings/${mine}/enter`, { body: { role } });
      expect(entered.status).toBe(200);
      const token = String(dataOf(entered.body)?.token);
      const session = await requestJson(ts, '/api/session', { token });
      expect(session.body).toMatchObject({ data: { meetingId: mine, role } });
      // Its own expiry, a working day (links have none: see "How long links work").
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number };
      expect((claims.exp ?? 0) * 1000 - Date.now()).toBeGreaterThan(11 * 3_600_000);
      expect((claims.exp ?? 0) * 1000 - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
    }
    const observer = await alice.request(`/api/staff/meetings/${mine}/enter`, { body: { role: 'observer' } });
    expect(observer.status).toBe(400);
  });

  it('leaves the admin token and invite tokens as they were, and never reads a cookie beside them', async () => {
    const ts = await fresh();
    const admin = await setUpAdmin(ts);
    const meeting = await createDemoMeeting(ts);
    expect((await requestJson(ts, '/api/meetings', { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await requestJson(ts, `/api/meetings/${meeting.id}/links`, { token: ADMIN_TOKEN })).status).toBe(200);
    const sec = meeting.token('secretariat');
    expect((await requestJson(ts, `/api/meetings/${meeting.id}`, { token: sec })).status).toBe(200);
    // A delegate's token with an administrator's cookie is still a delegate's.
    const res = await admin.request(`/api/meetings/${meeting.id}/links`, {
      headers: { authorization: `Bearer ${meeting.token('delegate', 'uz')}` },
    });
    expect(res.status).toBe(403);
    // Without a session, the staff routes say so.
    expect((await requestJson(ts, '/api/staff/session', { token: ADMIN_TOKEN })).status).toBe(401);
    expect((await requestJson(ts, '/api/staff/meetings')).status).toBe(401);
  });
});
