import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOSE_CODES,
  COMMAND_ROLES,
  COMMAND_TYPES,
  commandSchema,
  yjsRoom,
  type Ack,
  type CommandResult,
  type Role,
} from '@rostrum/core';
import { demoMeeting } from '../src/tools/demo.js';
import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  commandId,
  connectErrorCode,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  rawYjsSocket,
  requestJson,
  sendCommand,
  startManagedServer,
  waitFor,
  type ClientSocket,
  type TestMeeting,
  type TestServer,
} from './harness.js';
import {
  CALLERS,
  FIXTURES,
  mayCall,
  prepareLive,
  PROPOSAL,
  ROLE_OF,
  type Caller,
  type Fixture,
  type Ids,
} from './command-fixtures.js';
import { expiredToken, invitesOf, recordOf, tokenOf } from './record.js';

/**
 * The authorisation matrix: every command of the protocol and every REST endpoint, for every
 * kind of caller. It is generated from the command list (COMMAND_TYPES, read from the schema)
 * and from the routes the HTTP app actually serves, so a new command or endpoint without a
 * fixture and a reviewed rule (command-fixtures.ts) or an access rule (ENDPOINTS) fails this file.
 *
 * For commands: a refused caller gets `unauthorized` (its connection is refused) or
 * `forbidden`, and the meeting's record (state, ballots, Yjs bytes, command log) is unchanged;
 * an allowed caller is never refused for who it is (the first one must succeed; later ones may
 * meet a conflict, because the first one changed the state).
 */

let cleanup: Cleanup;
let ts: TestServer;
/** A second meeting: its staff must not reach the first. */
let other: TestMeeting;

beforeAll(async () => {
  cleanup = new Cleanup();
  // No flush interval: the matrix prepares many meetings and sends many commands one by one.
  // Its refused callers present hundreds of expired and foreign tokens from one address: past the
  // failed-token budget they would be `rate_limited` (rate-limits.test.ts), not what this file
  // checks; and the connections of every prepared meeting stay open until the end (over 200, and
  // one per command type for the other meeting's chair link).
  ts = await startManagedServer(cleanup, freshDataDir(cleanup), {
    minFlushIntervalMs: 0,
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      failedAuthPerAddress: 1e9,
      connectionsPerAddress: 1e9,
      connectionsPerInvite: 1e9,
    },
  });
  other = await createDemoMeeting(ts);
});

afterAll(async () => {
  await cleanup.run();
});

/** A meeting with a connection for every caller that can connect. */
type Prepared = {
  meeting: TestMeeting;
  ids: Ids;
  sockets: Partial<Record<Caller, ClientSocket>>;
  tokens: Record<Caller, string | undefined>;
};

async function tokensFor(meeting: TestMeeting): Promise<Record<Caller, string | undefined>> {
  return {
    chair: meeting.token('chair'),
    secretariat: meeting.token('secretariat'),
    presenter: meeting.token('presenter'),
    delegate: await tokenOf(
      ts,
      meeting.id,
      (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'head',
    ),
    deputy: await tokenOf(
      ts,
      meeting.id,
      (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'deputy',
    ),
    observer: meeting.token('observer'),
    none: undefined,
    expired: await expiredToken(ts, meeting.id, 'chair'),
    otherMeeting: other.token('chair'),
  };
}

async function prepare(setup: Fixture['setup'], then: Fixture['then']): Promise<Prepared> {
  const meeting = await createDemoMeeting(ts);
  const tokens = await tokensFor(meeting);
  const sockets: Partial<Record<Caller, ClientSocket>> = {};
  const connectable: Caller[] = ['chair', 'secretariat', 'presenter', 'delegate', 'deputy', 'observer', 'otherMeeting'];
  await Promise.all(
    connectable.map(async (c) => {
      sockets[c] = await connectSocket(cleanup, ts, tokens[c]);
    }),
  );
  const chair = sockets.chair;
  const delegate = sockets.delegate;
  const presenter = sockets.presenter;
  if (!chair || !delegate || !presenter) throw new Error('connections missing');
  const ids: Ids =
    setup === 'live'
      ? await prepareLive(chair, delegate, presenter)
      : { pollId: 'none', proposalId: PROPOSAL, decisionId: 'none', delegateEntry: 'none', presenterEntry: 'none' };
  for (const command of then?.(ids) ?? []) await mustCommand(chair, command);
  return { meeting, ids, sockets, tokens };
}

const isRefusal = (ack: Ack<CommandResult>) =>
  !ack.ok && (ack.error.code === 'forbidden' || ack.error.code === 'unauthorized');

describe('the command matrix', () => {
  it('has a fixture and a rule for every command type, and no fixture for an unknown one', () => {
    const missingFixture = COMMAND_TYPES.filter((t) => FIXTURES[t] === undefined);
    const missingRule = COMMAND_TYPES.filter(
      (t) => !Array.isArray((COMMAND_ROLES as Partial<Record<string, readonly Role[]>>)[t]),
    );
    const unknown = Object.keys(FIXTURES).filter((t) => !(COMMAND_TYPES as readonly string[]).includes(t));
    expect(missingFixture, 'commands without a fixture in command-fixtures.ts').toEqual([]);
    expect(missingRule, 'commands without a rule in COMMAND_ROLES').toEqual([]);
    expect(unknown).toEqual([]);
    expect(COMMAND_TYPES.length).toBeGreaterThanOrEqual(32);
    for (const t of COMMAND_TYPES)
      expect([...COMMAND_ROLES[t]].sort(), `the rule of ${t} differs from the reviewed one`).toEqual(
        [...(FIXTURES[t]?.roles ?? [])].sort(),
      );
  });

  // One meeting per command, prepared for it; refused callers first (they must change nothing),
  // then allowed ones.
  it.each(COMMAND_TYPES.map((t) => [t]))('%s', async (type) => {
    const fixture = FIXTURES[type];
    if (!fixture) throw new Error(`no fixture for ${type}: add one to FIXTURES`);
    const { meeting, ids, sockets, tokens } = await prepare(fixture.setup, fixture.then);
    const build = (caller: Caller) => ({ id: commandId('authz'), type, ...fixture.payload(ids, caller) });
    const parsed = commandSchema.safeParse(build('chair'));
    expect(
      parsed.success,
      `the fixture of ${type} is not a valid command: ${JSON.stringify(parsed.error?.issues)}`,
    ).toBe(true);

    const allowed = CALLERS.filter((c) => mayCall(c, type));
    const refused = CALLERS.filter((c) => !mayCall(c, type));
    expect(allowed.length, `nobody may send ${type}`).toBeGreaterThan(0);

    for (const caller of refused) {
      const before = await recordOf(ts, meeting.id);
      if (caller === 'none' || caller === 'expired') {
        // The connection itself is refused: no command can be sent.
        const err = await connectSocket(cleanup, ts, tokens[caller]).then(
          () => new Error(`${caller} connected`),
          (e: unknown) => e,
        );
        expect(connectErrorCode(err), `${caller} connecting`).toBe('unauthorized');
      } else {
        const socket = sockets[caller];
        if (!socket) throw new Error(`no socket for ${caller}`);
        const ack = await sendCommand(socket, build(caller));
        if (caller === 'otherMeeting') {
          // A socket belongs to its token's meeting: its commands cannot reach this one at all.
          const session: unknown = await socket.timeout(3000).emitWithAck('session');
          expect(session).toMatchObject({ ok: true, data: { meetingId: other.id } });
        } else {
          expect(ack, `${caller} sending ${type}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        }
      }
      expect(await recordOf(ts, meeting.id), `${caller} changed the record with ${type}`).toEqual(before);
    }

    for (const [i, caller] of allowed.entries()) {
      const socket = sockets[caller];
      if (!socket) throw new Error(`no socket for ${caller}`);
      const ack = await sendCommand(socket, build(caller));
      expect(isRefusal(ack), `${caller} was refused ${type}: ${JSON.stringify(ack)}`).toBe(false);
      if (i === 0) expect(ack, `${caller} sending ${type} on a state prepared for it`).toMatchObject({ ok: true });
      else if (!ack.ok) expect(ack.error.code, `${caller} sending ${type}`).toBe('conflict');
    }
  });
});

// -------------------------------------------------------------------------------------------
// REST

type Access = 'public' | 'admin' | 'staff' | 'token' | 'participant';
type HttpCaller = Caller | 'admin';
const HTTP_CALLERS: readonly HttpCaller[] = ['admin', ...CALLERS];

type Endpoint = {
  method: 'GET' | 'POST';
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
  const res = await requestJson(ts, `/api/meetings/${meetingId}/files?name=a.pdf`, {
    method: 'POST',
    token: ADMIN_TOKEN,
    body: TINY_PDF,
    contentType: 'application/pdf',
  });
  const id = isRecord(res.body) && isRecord(res.body.data) ? res.body.data.id : undefined;
  if (typeof id !== 'string') throw new Error(`upload failed: ${res.status}`);
  return id;
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/healthz', access: 'public', path: () => '/healthz' },
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
  { method: 'GET', route: '/api/session', access: 'token', path: () => '/api/session' },
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
];

/** What a caller gets from an endpoint: 2xx, or the refusal status and code. */
function expected(
  access: Access,
  caller: HttpCaller,
): { status: 'ok' } | { status: 401 | 403; code: 'unauthorized' | 'forbidden' } {
  const unauthorized = { status: 401, code: 'unauthorized' } as const;
  const forbidden = { status: 403, code: 'forbidden' } as const;
  switch (access) {
    case 'public':
      return { status: 'ok' };
    case 'admin':
      return caller === 'admin' ? { status: 'ok' } : unauthorized;
    case 'token':
      return caller === 'admin' || caller === 'none' || caller === 'expired' ? unauthorized : { status: 'ok' };
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
  const stack: unknown = ts.server.app.router.stack;
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
    const meeting = await createDemoMeeting(ts);
    const tokens = await tokensFor(meeting);
    // Invites nobody here uses (deputies of other delegations), one per call.
    const prepared = (await endpoint.prepare?.(meeting.id)) ?? '';
    const spare = (await invitesOf(ts, meeting.id))
      .filter((i) => i.role === 'delegate' && i.seat === 'deputy' && i.delegationId !== 'uz')
      .map((i) => i.id);
    for (const caller of HTTP_CALLERS) {
      const target = spare.shift() ?? 'none';
      const token = caller === 'admin' ? ADMIN_TOKEN : tokens[caller];
      const before = {
        record: await recordOf(ts, meeting.id),
        invites: await invitesOf(ts, meeting.id),
        files: await ts.server.registry.store.listFiles(meeting.id),
        meetings: ts.server.registry.size,
      };
      const body = endpoint.body?.();
      const res = await requestJson(ts, endpoint.path(meeting.id, target, prepared), {
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
        record: await recordOf(ts, meeting.id),
        invites: await invitesOf(ts, meeting.id),
        files: await ts.server.registry.store.listFiles(meeting.id),
        meetings: ts.server.registry.size,
      };
      expect(after, `${caller} on ${endpoint.method} ${endpoint.route} changed something`).toEqual(before);
    }
  });

  it("lets no meeting's staff revoke or re-issue another meeting's invites through their own meeting", async () => {
    const meeting = await createDemoMeeting(ts);
    const victim = (await invitesOf(ts, meeting.id)).find((i) => i.role === 'chair');
    if (!victim) throw new Error('no chair invite');
    const before = await invitesOf(ts, meeting.id);
    for (const action of ['revoke', 'reissue']) {
      for (const token of [other.token('secretariat'), other.token('chair')]) {
        const res = await requestJson(ts, `/api/meetings/${other.id}/invites/${victim.id}/${action}`, {
          method: 'POST',
          token,
        });
        expect(res).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
      }
    }
    expect(await invitesOf(ts, meeting.id)).toEqual(before);
  });
});

// -------------------------------------------------------------------------------------------
// Yjs documents

const MESSAGE_SYNC = 0;

function syncStep1(): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(enc, new Y.Doc());
  return encoding.toUint8Array(enc);
}

function forgedUpdateFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('status', 'closed');
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeUpdate(enc, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(enc);
}

/** Opens a raw Yjs connection: resolves `synced` when the server answers sync step 1, or the close code. */
function tryYjs(roomName: string, token: string | undefined, frames: Uint8Array[] = []): Promise<'synced' | number> {
  const ws = rawYjsSocket(cleanup, ts, roomName, token ?? null);
  return new Promise((resolve) => {
    ws.once('close', (code) => resolve(code));
    ws.once('open', () => {
      for (const f of frames) ws.send(f);
      ws.send(syncStep1());
    });
    ws.on('message', (data: Buffer) => {
      // messageSync (0) + sync step 2 (1): the document came back.
      if (data[0] === 0 && data[1] === 1) {
        resolve('synced');
        ws.close();
      }
    });
  });
}

describe('the Yjs matrix', () => {
  it('serves the meeting document read-only to every role, the notes to the staff only, and nothing without a valid token', async () => {
    const meeting = await createDemoMeeting(ts);
    const tokens = await tokensFor(meeting);
    const notesReaders: Caller[] = ['chair', 'secretariat'];
    for (const caller of CALLERS) {
      const before = await recordOf(ts, meeting.id);
      const onMeeting = await tryYjs(yjsRoom.meeting(meeting.id), tokens[caller], [forgedUpdateFrame()]);
      const onNotes = await tryYjs(yjsRoom.notes(meeting.id), tokens[caller]);
      const refusedCode = caller === 'none' || caller === 'expired' ? CLOSE_CODES.unauthorized : CLOSE_CODES.forbidden;
      expect({ caller, onMeeting }).toEqual({ caller, onMeeting: ROLE_OF[caller] ? 'synced' : refusedCode });
      expect({ caller, onNotes }).toEqual({ caller, onNotes: notesReaders.includes(caller) ? 'synced' : refusedCode });
      // The forged update sent first was dropped, whoever sent it.
      expect(await recordOf(ts, meeting.id)).toEqual(before);
    }
    await waitFor(
      () => ts.server.registry.get(meeting.id)?.meetingDoc.connectionCount === 0,
      2000,
      'connections closed',
    );
  });
});
