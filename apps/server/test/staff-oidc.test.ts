import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, type OidcConfig } from '../src/platform/config.js';
import { Cleanup, freshDataDir, startServer, stopServer, type TestServer } from './harness.js';
import { dataOf, setUpAdmin, StaffClient } from './staff-client.js';
import { listenTestProvider, TEST_CLIENT_ID, TEST_CLIENT_SECRET } from './oidc-test-provider.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

type Env = { ts: TestServer; admin: StaffClient; issuer: string };

/**
 * A real OpenID provider (oidc-provider, its development login and consent pages) on a loopback
 * port, and a Rostrum server configured to sign staff in with it. The provider's port is taken
 * first (Rostrum needs the issuer), its client registered once Rostrum's callback address is known.
 */
async function setup(oidc: Partial<OidcConfig> = {}): Promise<Env> {
  const { http, issuer, register } = await listenTestProvider();
  cleanup.add(http, (s) => new Promise<void>((resolve) => s.close(() => resolve())));
  const ts = await startServer(freshDataDir(cleanup), {
    oidc: {
      issuer,
      clientId: TEST_CLIENT_ID,
      clientSecret: TEST_CLIENT_SECRET,
      redirectUri: null,
      providerName: 'Example ID',
      autoCreateDomain: null,
      ...oidc,
    },
  });
  cleanup.add(ts, stopServer);
  register(`${ts.url}/api/staff/oidc/callback`);

  const admin = await setUpAdmin(ts);
  for (const email of ['sec.retariat@example.org', 'off@example.org']) {
    const res = await admin.request('/api/staff/accounts', {
      body: { email, name: email, role: 'secretariat', password: null },
    });
    expect(res.status).toBe(201);
  }
  return { ts, admin, issuer };
}

/** A cookie jar for one host, enough for the provider's interaction cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

const location = (res: Response, base: string) => new URL(res.headers.get('location') ?? '', base).href;

/**
 * A browser going through the sign-in: Rostrum's `/start`, the provider's login and consent
 * forms (submitted as the pages would), then back to Rostrum's callback, whose URL is returned
 * unopened with the browser's Rostrum cookies (the flow cookie).
 */
async function toCallback(env: Env, login: string): Promise<{ callback: string; rostrum: Jar }> {
  const rostrum = new Jar();
  const start = await fetch(`${env.ts.url}/api/staff/oidc/start`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  rostrum.take(start);
  const jar = new Jar();
  let url = location(start, env.ts.url);
  expect(url.startsWith(`${env.issuer}/`)).toBe(true);
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: jar.header() } });
    jar.take(res);
    init = {};
    if (res.status >= 300 && res.status < 400) {
      url = location(res, url);
      if (url.startsWith(`${env.ts.url}/`)) return { callback: url, rostrum };
      continue;
    }
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
    // The development login page takes any password; its login is the provider's account id.
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
    url = new URL(action, url).href;
    init = {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error('the provider never sent the browser back');
}

/** Opens the callback as the browser would; returns where it is sent and the staff session cookie set, if any. */
async function openCallback(callback: string, rostrum: Jar): Promise<{ to: string; session: string | null }> {
  const res = await fetch(callback, { redirect: 'manual', headers: { cookie: rostrum.header() } });
  expect(res.status).toBe(303);
  rostrum.take(res);
  const session = rostrum.get('rostrum_staff');
  return { to: res.headers.get('location') ?? '', session: session ? `rostrum_staff=${session}` : null };
}

async function signInAs(env: Env, login: string) {
  const { callback, rostrum } = await toCallback(env, login);
  return openCallback(callback, rostrum);
}

async function sessionOf(ts: TestServer, cookie: string) {
  const res = await fetch(`${ts.url}/api/staff/session`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('staff sign-in with OpenID Connect', () => {
  it('signs an existing account in with the same session cookie as a password, once per flow', async () => {
    const env = await setup();
    const info = await new StaffClient(env.ts).request('/api/staff/oidc');
    expect(info.body).toEqual({ ok: true, data: { enabled: true, providerName: 'Example ID' } });

    const { callback, rostrum } = await toCallback(env, 'sec');
    const url = new URL(callback);
    expect(url.searchParams.get('code')).toBeTruthy();
    const flowCookie = rostrum.header();
    const out = await openCallback(callback, rostrum);
    expect(out.to).toBe('/');
    expect(out.session).not.toBeNull();
    const session = await sessionOf(env.ts, out.session ?? '');
    expect(session.status).toBe(200);
    expect(dataOf(session.body)).toMatchObject({ account: { email: 'sec.retariat@example.org', role: 'secretariat' } });

    // The same answer again (a replayed callback with the old flow cookie) is refused.
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: flowCookie } });
    expect(replay.headers.get('location')).toBe('/signin?error=state');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('rostrum_staff='))).toBe(false);
  });

  it('refuses a tampered state, a missing flow cookie and a forged one', async () => {
    const env = await setup();
    const { callback, rostrum } = await toCallback(env, 'sec');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'another-state');
    expect(await openCallback(tampered.href, rostrum)).toEqual({ to: '/signin?error=state', session: null });

    const second = await toCallback(env, 'sec');
    expect(await openCallback(second.callback, new Jar())).toEqual({ to: '/signin?error=state', session: null });
    const forged = await fetch(second.callback, {
      redirect: 'manual',
      headers: { cookie: `rostrum_oidc=${'A'.repeat(200)}` },
    });
    expect(forged.headers.get('location')).toBe('/signin?error=state');
  });

  it('refuses an unknown email, a disabled account and an unverified email', async () => {
    const env = await setup();
    expect(await signInAs(env, 'stranger')).toEqual({ to: '/signin?error=unknown_account', session: null });
    expect(await env.ts.server.staff.store.accountByEmail('stranger@elsewhere.org')).toBeNull();

    const off = await env.ts.server.staff.store.accountByEmail('off@example.org');
    expect(off).not.toBeNull();
    const disabled = await env.admin.request(`/api/staff/accounts/${off?.id ?? ''}/disable`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    expect(await signInAs(env, 'off')).toEqual({ to: '/signin?error=disabled', session: null });

    expect(await signInAs(env, 'unverified')).toEqual({ to: '/signin?error=email_unverified', session: null });
  });

  it('creates a secretariat account for a new email of OIDC_AUTO_CREATE_DOMAIN, and for no other domain', async () => {
    const env = await setup({ autoCreateDomain: 'example.org' });
    const out = await signInAs(env, 'newcomer');
    expect(out.to).toBe('/');
    const session = await sessionOf(env.ts, out.session ?? '');
    expect(dataOf(session.body)).toMatchObject({
      account: { email: 'newcomer@example.org', name: 'Nina Newcomer', role: 'secretariat', passwordSet: false },
    });
    expect(await signInAs(env, 'stranger')).toEqual({ to: '/signin?error=unknown_account', session: null });
  });

  it('says it is off, and sends /start back to the sign-in page, when not configured', async () => {
    const ts = await startServer(freshDataDir(cleanup));
    cleanup.add(ts, stopServer);
    const info = await fetch(`${ts.url}/api/staff/oidc`);
    expect(await info.json()).toEqual({ ok: true, data: { enabled: false, providerName: null } });
    const start = await fetch(`${ts.url}/api/staff/oidc/start`, { redirect: 'manual' });
    expect(start.headers.get('location')).toBe('/signin?error=unavailable');
  });

  it('reads OIDC_* from the environment: all or nothing', () => {
    const oidc = (env: NodeJS.ProcessEnv) => configFromEnv(env, null).oidc;
    expect(oidc({})).toBeNull();
    expect(
      oidc({
        OIDC_ISSUER: 'https://id.example.org',
        OIDC_CLIENT_ID: 'rostrum',
        OIDC_AUTO_CREATE_DOMAIN: 'Example.org',
      }),
    ).toEqual({
      issuer: 'https://id.example.org',
      clientId: 'rostrum',
      clientSecret: null,
      redirectUri: null,
      providerName: 'id.example.org',
      autoCreateDomain: 'example.org',
    });
    expect(() => oidc({ OIDC_ISSUER: 'https://id.example.org' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => oidc({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER/);
    expect(() => oidc({ OIDC_ISSUER: 'http://id.example.org', OIDC_CLIENT_ID: 'x' })).toThrow(/https/);
    expect(oidc({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'x' })?.issuer).toBe('http://127.0.0.1:9000');
    expect(() => oidc({ OIDC_ISSUER: 'https://a.org', OIDC_CLIENT_ID: 'x', OIDC_AUTO_CREATE_DOMAIN: '@x' })).toThrow(
      /OIDC_AUTO_CREATE_DOMAIN/,
    );
  });
});
