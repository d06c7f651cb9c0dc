import { describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import { ADMIN_TOKEN, createDemoMeeting, requestJson } from './harness.js';
import { CALLERS, type Caller } from './command-fixtures.js';
import { invitesOf, recordOf } from './record.js';
import { useAuthzServer } from './authz-setup.js';
import { StaffClient } from './staff-client.js';

/** The authorisation matrix (authz-setup.ts): every REST endpoint, for every kind of caller. */
const { demo, other, tokensFor } = useAuthzServer();

/**
 * `session`: a signed-in staff member only (staff.test.ts checks sessions; no token opens these);
 * `signin`: anyone may try, a wrong password is `unauthorized`; `oneTimeLink`: an unknown link is
 * `not_found` for everyone.
 */
/** `redirect`: a browser navigation (the OpenID Connect flow) that answers every caller with a redirect to a page. */
/**
 * `holder`: a link that one person holds (an observer link is shared: refused); `delegation`: a
 * delegation's head or deputy link.
 */
type Access =
  | 'public'
  | 'admin'
  | 'staff'
  | 'token'
  | 'holder'
  | 'delegation'
  | 'participant'
  | 'session'
  | 'signin'
  | 'oneTimeLink'
  | 'redirect';
type HttpCaller = Caller | 'admin';
const HTTP_CALLERS: readonly HttpCaller[] = ['admin', ...CALLERS];

type Endpoint = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as the app declares it. */
  route: string;
  access: Access;
  /** The concrete path for a call; `target` is an invite id nobody uses, for revoke/reissue. */
  path: (meetingId: string, target: string, prepared: string) => string;
  body?: () => string;
  contentType?: string;
  /** Makes what the call needs in the meeting (an uploaded file); its result is `prepared`. */
  prepare?: (meetingId: string) => Promise<string>;
};

/** A PDF as small as the upload's content check accepts. */
const TINY_PDF = '%PDF-1.4\n%%EOF\n';

async function uploadedFileId(meetingId: string): Promise<string> {
  const res = await requestJson(demo.ts, `/api/meetings/${meetingId}/files?name=a.pdf`, {
    method: 'POST',
    token: ADMIN_TOKEN,
    body: TINY_PDF,
    contentType: 'application/pdf',
  });
  const id = isRecord(res.body) && isRecord(res.body.data) ? res.body.data.id : undefined;
  if (typeof id !== 'string') throw new Error(`upload failed: ${res.status}`);
  return id;
}

/** A person with an address on a delegation's head seat, for the resend route. */
async function invitedPerson(meetingId: string): Promise<string> {
  const now = Date.now();
  const id = `person-${now}`;
  await demo.ts.server.participants.upsertParticipant({
    id,
    meetingId,
    seatKey: 'delegate:uz:head',
    delegationId: 'uz',
    name: 'A Person',
    title: '',
    email: 'person@example.org',
    language: 'en',
    enteredBy: 'secretariat',
    createdAt: now,
    updatedAt: now,
    mailStatus: 'none',
    mailError: null,
    mailAttempts: 0,
    mailedAt: null,
  });
  return id;
}

/**
 * One extra person of Uzbekistan per spare invite (the callers' `target`s, in the same order), so
 * that each caller of a deletion finds its own: `x-<target>`.
 */
async function extraPeople(meetingId: string): Promise<string> {
  const spare = (await invitesOf(demo.ts, meetingId)).filter(
    (i) => i.role === 'delegate' && i.seat === 'deputy' && i.delegationId !== 'uz',
  );
  const now = Date.now();
  for (const invite of spare)
    await demo.ts.server.participants.upsertParticipant({
      id: `x-${invite.id}`,
      meetingId,
      seatKey: null,
      delegationId: 'uz',
      name: 'An Adviser',
      title: '',
      email: null,
      language: 'en',
      enteredBy: 'secretariat',
      createdAt: now,
      updatedAt: now,
      mailStatus: 'none',
      mailError: null,
      mailAttempts: 0,
      mailedAt: null,
    });
  return '';
}

const PERSON_BODY = () => JSON.stringify({ name: 'Aziz Karimov', title: 'Adviser', email: '', language: 'en' });

/** A sign-in that fails: a fresh unknown email each time, so the per-account budget is not what answers. */
const WRONG_SIGN_IN = () =>
  JSON.stringify({ email: `nobody-${Math.random()}@example.org`, password: 'not the password' });

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/healthz', access: 'public', path: () => '/healthz' },
  { method: 'GET', route: '/readyz', access: 'public', path: () => '/readyz' },
  { method: 'GET', route: '/api/staff/session', access: 'session', path: () => '/api/staff/session' },
  // OpenID Connect, not configured here: whether it is on, and the flow's two navigations, which
  // send anyone back to the sign-in page with a reason and change nothing.
  { method: 'GET', route: '/api/staff/oidc', access: 'public', path: () => '/api/staff/oidc' },
  { method: 'GET', route: '/api/staff/oidc/start', access: 'redirect', path: () => '/api/staff/oidc/start' },
  {
    method: 'GET',
    route: '/api/staff/oidc/callback',
    access: 'redirect',
    path: () => '/api/staff/oidc/callback?code=forged&state=forged',
  },
  {
    method: 'POST',
    route: '/api/staff/signin',
    access: 'signin',
    path: () => '/api/staff/signin',
    body: WRONG_SIGN_IN,
  },
  { method: 'POST', route: '/api/staff/signout', access: 'public', path: () => '/api/staff/signout' },
  {
    method: 'POST',
    route: '/api/staff/signout-everywhere',
    access: 'session',
    path: () => '/api/staff/signout-everywhere',
  },
  { method: 'GET', route: '/api/staff/links/:token', access: 'oneTimeLink', path: () => '/api/staff/links/nope' },
  {
    method: 'POST',
    route: '/api/staff/links/:token',
    access: 'oneTimeLink',
    path: () => '/api/staff/links/nope',
    body: () => JSON.stringify({ email: 'x@example.org', name: 'X', password: 'a long enough password' }),
  },
  { method: 'GET', route: '/api/staff/accounts', access: 'session', path: () => '/api/staff/accounts' },
  {
    method: 'POST',
    route: '/api/staff/accounts',
    access: 'session',
    path: () => '/api/staff/accounts',
    body: () => JSON.stringify({ email: 'x@example.org', name: 'X', password: 'a long enough password' }),
  },
  {
    method: 'POST',
    route: '/api/staff/accounts/:id/disable',
    access: 'session',
    path: () => '/api/staff/accounts/nope/disable',
  },
  {
    method: 'POST',
    route: '/api/staff/accounts/:id/enable',
    access: 'session',
    path: () => '/api/staff/accounts/nope/enable',
  },
  {
    method: 'POST',
    route: '/api/staff/accounts/:id/password-link',
    access: 'session',
    path: () => '/api/staff/accounts/nope/password-link',
  },
  { method: 'GET', route: '/api/staff/meetings', access: 'session', path: () => '/api/staff/meetings' },
  {
    method: 'POST',
    route: '/api/staff/meetings/:id/managers',
    access: 'session',
    path: (m) => `/api/staff/meetings/${m}/managers`,
    body: () => JSON.stringify({ accountId: 'nope' }),
  },
  {
    method: 'POST',
    route: '/api/staff/meetings/:id/enter',
    access: 'session',
    path: (m) => `/api/staff/meetings/${m}/enter`,
    body: () => JSON.stringify({ role: 'secretariat' }),
  },
  // The meeting's lifecycle and managers (staff/lifecycle-routes.ts; lifecycle.test.ts).
  ...(['close', 'archive', 'unarchive'] as const).map((action): Endpoint => ({
    method: 'POST',
    route: `/api/staff/meetings/:id/${action}`,
    access: 'session',
    path: (m) => `/api/staff/meetings/${m}/${action}`,
  })),
  {
    method: 'GET',
    route: '/api/staff/meetings/:id/deletion',
    access: 'session',
    path: (m) => `/api/staff/meetings/${m}/deletion`,
  },
  { method: 'DELETE', route: '/api/staff/meetings/:id', access: 'session', path: (m) => `/api/staff/meetings/${m}` },
  {
    method: 'GET',
    route: '/api/staff/meetings/:id/managers',
    access: 'session',
    path: (m) => `/api/staff/meetings/${m}/managers`,
  },
  {
    method: 'DELETE',
    route: '/api/staff/meetings/:id/managers/:accountId',
    access: 'session',
    path: (m) => `/api/staff/meetings/${m}/managers/nope`,
  },
  { method: 'GET', route: '/metrics', access: 'admin', path: () => '/metrics' },
  {
    method: 'POST',
    route: '/api/meetings',
    access: 'admin',
    path: () => '/api/meetings',
    body: () => JSON.stringify(demoMeeting()),
  },
  { method: 'GET', route: '/api/meetings', access: 'admin', path: () => '/api/meetings' },
  { method: 'GET', route: '/api/meetings/:id', access: 'staff', path: (m) => `/api/meetings/${m}` },
  { method: 'GET', route: '/api/meetings/:id/links', access: 'staff', path: (m) => `/api/meetings/${m}/links` },
  { method: 'GET', route: '/api/meetings/:id/invites', access: 'staff', path: (m) => `/api/meetings/${m}/invites` },
  {
    method: 'POST',
    route: '/api/meetings/:id/invites/:inviteId/revoke',
    access: 'staff',
    path: (m, t) => `/api/meetings/${m}/invites/${t}/revoke`,
  },
  {
    method: 'POST',
    route: '/api/meetings/:id/invites/:inviteId/reissue',
    access: 'staff',
    path: (m, t) => `/api/meetings/${m}/invites/${t}/reissue`,
  },
  {
    method: 'GET',
    route: '/api/meetings/:id/links/lifetime',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/links/lifetime`,
  },
  {
    method: 'POST',
    route: '/api/meetings/:id/links/extend',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/links/extend`,
    body: () => JSON.stringify({ until: Date.now() + 24 * 60 * 60 * 1000 }),
  },
  { method: 'GET', route: '/api/session', access: 'token', path: () => '/api/session' },
  // Named participants (transport/participants-http.ts; participants.test.ts).
  {
    method: 'GET',
    route: '/api/meetings/:id/participants',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/participants`,
  },
  {
    method: 'GET',
    route: '/api/meetings/:id/participants.csv',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/participants.csv`,
  },
  {
    method: 'POST',
    route: '/api/meetings/:id/participants',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/participants`,
    body: () => JSON.stringify({ seatKey: null, delegationId: 'uz', name: 'Aziz Karimov', language: 'en' }),
  },
  {
    method: 'PUT',
    route: '/api/meetings/:id/participants/:pid',
    access: 'staff',
    path: (m, _t, person) => `/api/meetings/${m}/participants/${person}`,
    body: PERSON_BODY,
    prepare: invitedPerson,
  },
  {
    method: 'DELETE',
    route: '/api/meetings/:id/participants/:pid',
    access: 'staff',
    path: (m, target) => `/api/meetings/${m}/participants/x-${target}`,
    prepare: extraPeople,
  },
  { method: 'GET', route: '/api/session/participant', access: 'token', path: () => '/api/session/participant' },
  {
    method: 'PUT',
    route: '/api/session/participant',
    access: 'holder',
    path: () => '/api/session/participant',
    body: PERSON_BODY,
  },
  {
    method: 'GET',
    route: '/api/session/participants',
    access: 'delegation',
    path: () => '/api/session/participants',
  },
  {
    method: 'POST',
    route: '/api/session/participants',
    access: 'delegation',
    path: () => '/api/session/participants',
    body: PERSON_BODY,
  },
  {
    method: 'DELETE',
    route: '/api/session/participants/:pid',
    access: 'delegation',
    path: (_m, target) => `/api/session/participants/x-${target}`,
    prepare: extraPeople,
  },
  { method: 'GET', route: '/api/meetings/:id/results', access: 'staff', path: (m) => `/api/meetings/${m}/results` },
  {
    method: 'GET',
    route: '/api/meetings/:id/results.json',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/results.json`,
  },
  {
    method: 'GET',
    route: '/api/meetings/:id/results.csv',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/results.csv`,
  },
  {
    method: 'GET',
    route: '/api/meetings/:id/minutes',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/minutes?format=md&lang=en`,
  },
  { method: 'GET', route: '/api/meetings/:id/verify', access: 'staff', path: (m) => `/api/meetings/${m}/verify` },
  {
    method: 'POST',
    route: '/api/meetings/:id/files',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/files?name=a.pdf`,
    body: () => TINY_PDF,
    contentType: 'application/pdf',
  },
  {
    method: 'GET',
    route: '/api/meetings/:id/files/:fileId',
    access: 'participant',
    path: (m, _t, file) => `/api/meetings/${m}/files/${file}`,
    prepare: uploadedFileId,
  },
  // Invitations by email (mail/routes.ts; invitations.test.ts). The matrix's server has an SMTP
  // server nobody listens on: a person sent to fails in the background, the routes answer 202.
  {
    method: 'GET',
    route: '/api/meetings/:id/invitations',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/invitations`,
  },
  {
    method: 'POST',
    route: '/api/meetings/:id/invitations/send',
    access: 'staff',
    path: (m) => `/api/meetings/${m}/invitations/send`,
    body: () => JSON.stringify({}),
  },
  {
    method: 'POST',
    route: '/api/meetings/:id/participants/:pid/invitation',
    access: 'staff',
    path: (m, _t, person) => `/api/meetings/${m}/participants/${person}/invitation`,
    prepare: invitedPerson,
  },
];

/** What a caller gets from an endpoint: 2xx, or the refusal status and code. */
function expected(
  access: Access,
  caller: HttpCaller,
): { status: 'ok' } | { status: 401 | 403 | 404; code: 'unauthorized' | 'forbidden' | 'not_found' } {
  const unauthorized = { status: 401, code: 'unauthorized' } as const;
  const forbidden = { status: 403, code: 'forbidden' } as const;
  switch (access) {
    case 'public':
    case 'redirect':
      return { status: 'ok' };
    case 'session':
    case 'signin':
      return unauthorized;
    case 'oneTimeLink':
      return { status: 404, code: 'not_found' };
    case 'admin':
      return caller === 'admin' ? { status: 'ok' } : unauthorized;
    case 'token':
      return caller === 'admin' || caller === 'none' || caller === 'expired' ? unauthorized : { status: 'ok' };
    case 'holder':
      if (caller === 'admin' || caller === 'none' || caller === 'expired') return unauthorized;
      // The shared links (observer, secretariat) name no one.
      return caller === 'observer' || caller === 'secretariat' ? forbidden : { status: 'ok' };
    case 'delegation':
      if (caller === 'admin' || caller === 'none' || caller === 'expired') return unauthorized;
      return caller === 'delegate' || caller === 'deputy' ? { status: 'ok' } : forbidden;
    case 'participant':
      if (caller === 'none' || caller === 'expired') return unauthorized;
      return caller === 'otherMeeting' ? forbidden : { status: 'ok' };
    case 'staff':
      if (caller === 'admin' || caller === 'chair' || caller === 'secretariat') return { status: 'ok' };
      if (caller === 'none' || caller === 'expired') return unauthorized;
      return forbidden;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** `METHOD path` of every route the HTTP app serves (read from Express's router). */
function servedRoutes(): string[] {
  // Express 5's router is a function with a `stack` of layers; route layers carry path and methods.
  const stack: unknown = demo.ts.server.app.router.stack;
  if (!Array.isArray(stack)) throw new Error('unexpected Express router');
  const routes: string[] = [];
  for (const layer of stack) {
    if (!isRecord(layer) || !isRecord(layer.route)) continue;
    const { path, methods } = layer.route;
    if (!isRecord(methods)) continue;
    const paths: unknown[] = Array.isArray(path) ? path : [path];
    for (const p of paths) {
      for (const [method, on] of Object.entries(methods))
        if (on === true && method !== '_all') routes.push(`${method.toUpperCase()} ${String(p)}`);
    }
  }
  return routes;
}

describe('the REST matrix', () => {
  it('has an access rule for every route the server serves', () => {
    const known = new Set(ENDPOINTS.map((e) => `${e.method} ${e.route}`));
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(5);
    expect(
      served.filter((r) => !known.has(r)),
      'routes without an entry in ENDPOINTS',
    ).toEqual([]);
    expect(
      [...known].filter((r) => !served.includes(r)),
      'entries for routes that are not served',
    ).toEqual([]);
  });

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.route}`, e] as const))('%s', async (_name, endpoint) => {
    const meeting = await createDemoMeeting(demo.ts);
    const tokens = await tokensFor(meeting);
    // Invites nobody here uses (deputies of other delegations), one per call.
    const prepared = (await endpoint.prepare?.(meeting.id)) ?? '';
    const spare = (await invitesOf(demo.ts, meeting.id))
      .filter((i) => i.role === 'delegate' && i.seat === 'deputy' && i.delegationId !== 'uz')
      .map((i) => i.id);
    for (const caller of HTTP_CALLERS) {
      const target = spare.shift() ?? 'none';
      const token = caller === 'admin' ? ADMIN_TOKEN : tokens[caller];
      const before = {
        record: await recordOf(demo.ts, meeting.id),
        invites: await invitesOf(demo.ts, meeting.id),
        files: await demo.ts.server.registry.store.listFiles(meeting.id),
        meetings: demo.ts.server.registry.size,
      };
      const body = endpoint.body?.();
      if (endpoint.access === 'redirect') {
        const res = await fetch(`${demo.ts.url}${endpoint.path(meeting.id, target, prepared)}`, {
          redirect: 'manual',
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        });
        expect([302, 303], `${caller} on ${endpoint.route}`).toContain(res.status);
        expect(res.headers.get('location') ?? '').toMatch(/^\/signin\?error=/);
        expect(await recordOf(demo.ts, meeting.id)).toEqual(before.record);
        continue;
      }
      const res = await requestJson(demo.ts, endpoint.path(meeting.id, target, prepared), {
        method: endpoint.method,
        ...(token === undefined ? {} : { token }),
        ...(body === undefined ? {} : { body }),
        ...(endpoint.contentType === undefined ? {} : { contentType: endpoint.contentType }),
      });
      const want = expected(endpoint.access, caller);
      if (want.status === 'ok') {
        expect(
          res.status,
          `${caller} on ${endpoint.method} ${endpoint.route}: ${JSON.stringify(res.body)}`,
        ).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(300);
        continue;
      }
      expect({ caller, status: res.status, body: res.body }).toMatchObject({
        caller,
        status: want.status,
        body: { ok: false, error: { code: want.code } },
      });
      const after = {
        record: await recordOf(demo.ts, meeting.id),
        invites: await invitesOf(demo.ts, meeting.id),
        files: await demo.ts.server.registry.store.listFiles(meeting.id),
        meetings: demo.ts.server.registry.size,
      };
      expect(after, `${caller} on ${endpoint.method} ${endpoint.route} changed something`).toEqual(before);
    }
  });

  it("lets no meeting's staff revoke or re-issue another meeting's invites through their own meeting", async () => {
    const meeting = await createDemoMeeting(demo.ts);
    const victim = (await invitesOf(demo.ts, meeting.id)).find((i) => i.role === 'chair');
    if (!victim) throw new Error('no chair invite');
    const before = await invitesOf(demo.ts, meeting.id);
    for (const action of ['revoke', 'reissue']) {
      for (const token of [other.token('secretariat'), other.token('chair')]) {
        const res = await requestJson(demo.ts, `/api/meetings/${other.id}/invites/${victim.id}/${action}`, {
          method: 'POST',
          token,
        });
        expect(res).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
      }
    }
    expect(await invitesOf(demo.ts, meeting.id)).toEqual(before);
  });
});

/**
 * Staff sessions on the meeting routes (staff/routes.ts): a secretariat account that manages the
 * meeting is let through every `staff` route but the document files (invite or admin token only);
 * one that does not manage it is `forbidden`, and a write without the CSRF token too, changing
 * nothing. The session routes themselves are in staff.test.ts.
 */
describe('the REST matrix with staff sessions', () => {
  const SESSION_ROUTES = ENDPOINTS.filter((e) => e.access === 'staff' && !e.route.includes('/files'));

  async function signedIn(email: string, role: 'admin' | 'secretariat'): Promise<{ client: StaffClient; id: string }> {
    const ts = demo.ts;
    const store = ts.server.staff.store;
    if ((await store.accountByEmail(email)) === null) {
      const made = await ts.server.staff.createAccount(
        {
          id: 'matrix',
          email: 'matrix@example.org',
          name: 'Matrix',
          role: 'admin',
          passwordHash: null,
          createdBy: null,
          createdAt: 0,
          disabledAt: null,
        },
        { email, name: email, role, password: 'a long enough password' },
      );
      if (!made) throw new Error('account not made');
    }
    const client = new StaffClient(ts);
    await client.signIn(email, 'a long enough password');
    const account = await store.accountByEmail(email);
    if (!account) throw new Error('no account');
    return { client, id: account.id };
  }

  it.each(SESSION_ROUTES.map((e) => [`${e.method} ${e.route}`, e] as const))('%s', async (_name, endpoint) => {
    const meeting = await createDemoMeeting(demo.ts);
    const prepared = (await endpoint.prepare?.(meeting.id)) ?? '';
    const spare = (await invitesOf(demo.ts, meeting.id))
      .filter((i) => i.role === 'delegate' && i.seat === 'deputy' && i.delegationId !== 'uz')
      .map((i) => i.id);
    const manager = await signedIn('manager@example.org', 'secretariat');
    const stranger = await signedIn('stranger@example.org', 'secretariat');
    await demo.ts.server.staff.store.addManager(meeting.id, manager.id, Date.now());
    const call = (client: StaffClient, csrf?: null) => {
      const body = endpoint.body?.();
      return client.request(endpoint.path(meeting.id, spare.shift() ?? 'none', prepared), {
        method: endpoint.method,
        ...(body === undefined ? {} : { body: JSON.parse(body) as unknown }),
        ...(csrf === null ? { csrf } : {}),
      });
    };
    const snapshot = async () => ({
      record: await recordOf(demo.ts, meeting.id),
      invites: await invitesOf(demo.ts, meeting.id),
    });
    const before = await snapshot();
    const refused = [await call(stranger.client)];
    if (endpoint.method === 'POST') refused.push(await call(manager.client, null));
    for (const res of refused)
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 403,
        body: { ok: false, error: { code: 'forbidden' } },
      });
    expect(await snapshot()).toEqual(before);
    const ok = await call(manager.client);
    expect(ok.status, JSON.stringify(ok.body)).toBeGreaterThanOrEqual(200);
    expect(ok.status).toBeLessThan(300);
  });
});
