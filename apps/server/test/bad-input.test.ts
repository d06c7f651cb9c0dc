import { io, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, yjsRoom } from '@rostrum/core';
import { demoMeeting } from '../src/tools/demo.js';
import { TokenService } from '../src/room/tokens.js';
import { useDemoServer } from './fixture.js';
import {
  ADMIN_TOKEN,
  closed,
  commandId,
  connectErrorCode,
  connectSocket,
  createDemoMeeting,
  rawYjsSocket,
  requestJson,
  room,
  sendCommand,
  waitFor,
  type ClientSocket,
} from './harness.js';

/**
 * One server for the whole file: every bad input below is thrown at the same process, and
 * at the end it must still be up and its meeting untouched.
 */
const demo = useDemoServer({}, { scope: 'file' });
let chair: ClientSocket;

beforeAll(async () => {
  chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
});

/** An untyped client, for events and shapes the typed protocol does not allow. */
async function rawSocket(token: string): Promise<Socket> {
  const socket: Socket = io(demo.ts.url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  demo.cleanup.add(socket, (s) => void s.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('malformed commands', () => {
  const invalid: Array<[string, unknown]> = [
    ['a string', 'agenda.next'],
    ['a number', 42],
    ['null', null],
    ['an array', [{ id: 'abcdefgh-1', type: 'agenda.next' }]],
    ['no type', { id: 'abcdefgh-2' }],
    ['an unknown type', { id: 'abcdefgh-3', type: 'agenda.jump' }],
    ['no id', { type: 'agenda.next' }],
    ['a short id', { id: 'short', type: 'agenda.next' }],
    ['an id with bad characters', { id: 'abc def ghi/../', type: 'agenda.next' }],
    ['an extra key', { id: 'abcdefgh-4', type: 'agenda.next', force: true }],
    ['a wrong field type', { id: 'abcdefgh-5', type: 'agenda.start', itemId: 7 }],
    ['a missing field', { id: 'abcdefgh-6', type: 'agenda.start' }],
    ['a non-integer', { id: 'abcdefgh-7', type: 'agenda.move', itemId: 'aob', toIndex: 1.5 }],
    ['a blank translation', { id: 'abcdefgh-8', type: 'agenda.add', title: { en: 'x', ru: '  ' }, plannedMinutes: 5 }],
    [
      'planned minutes as a string',
      { id: 'abcdefgh-9', type: 'agenda.add', title: { en: 'x', ru: 'х' }, plannedMinutes: '5' },
    ],
  ];

  it.each(invalid)('refuses %s with invalid', async (_label, command) => {
    const before = structuredClone(room(demo.ts, demo.meeting.id).state);
    const ack = await chair.timeout(3000).emitWithAck('command', command);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.any(String) } });
    expect(room(demo.ts, demo.meeting.id).state).toEqual(before);
  });

  it('refuses a __proto__ key with invalid (and pollutes nothing)', async () => {
    // JSON.parse makes "__proto__" an own key, as a client would send it.
    const command: unknown = JSON.parse('{"id":"abcdefgh-10","type":"meeting.open","__proto__":{"polluted":true}}');
    const ack = await chair.timeout(3000).emitWithAck('command', command);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(room(demo.ts, demo.meeting.id).state.meta.status).toBe('scheduled');
  });

  it('refuses a command over 16 KiB with payload_too_large', async () => {
    const big = {
      id: commandId(),
      type: 'agenda.add',
      title: { en: 'x'.repeat(17 * 1024), ru: 'х' },
      plannedMinutes: 5,
    };
    const ack = await sendCommand(chair, big);
    expect(ack).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect(room(demo.ts, demo.meeting.id).state.agenda.order).toHaveLength(8);
  });

  it('answers a command without an ack callback with protocol_error, and stays up', async () => {
    const socket = await rawSocket(demo.meeting.token('chair'));
    const error = new Promise<unknown>((resolve) => socket.once('protocol_error', resolve));
    socket.emit('command', { id: commandId(), type: 'meeting.open' });
    expect(await error).toMatchObject({ code: 'invalid', message: expect.any(String) });
    expect(room(demo.ts, demo.meeting.id).state.meta.status).toBe('scheduled');
    // The same socket is still served.
    const time: unknown = await socket.timeout(3000).emitWithAck('time');
    expect(time).toMatchObject({ ok: true, data: { serverNow: expect.any(Number) } });
    expect(socket.connected).toBe(true);
  });

  it('answers an unknown event with invalid through its ack, or protocol_error without one', async () => {
    const socket = await rawSocket(demo.meeting.token('delegate', 'uz'));
    const ack: unknown = await socket.timeout(3000).emitWithAck('vote.cast', { id: commandId() });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const error = new Promise<unknown>((resolve) => socket.once('protocol_error', resolve));
    socket.emit('awareness', { cursor: 1 });
    expect(await error).toMatchObject({ code: 'invalid' });
    expect(socket.connected).toBe(true);
  });

  it('answers session with who the token is for', async () => {
    const delegate = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const session = await delegate.timeout(3000).emitWithAck('session');
    expect(session).toMatchObject({
      ok: true,
      data: { meetingId: demo.meeting.id, role: 'delegate', delegationId: 'uz', protocolVersion: 1 },
    });
  });
});

describe('authentication', () => {
  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['garbage', 'not-a-token'],
  ])('refuses a socket with %s: connect_error unauthorized', async (_label, token) => {
    const err = await connectSocket(demo.cleanup, demo.ts, token).then(
      () => new Error('connected'),
      (e: unknown) => e,
    );
    expect(connectErrorCode(err)).toBe('unauthorized');
  });

  it('refuses a token signed with another secret, and a tampered token', async () => {
    const invites = await demo.ts.server.store.listInvites(demo.meeting.id);
    const chairInvite = invites.find((i) => i.role === 'chair');
    if (!chairInvite) throw new Error('no chair invite');
    const foreign = await new TokenService('another-secret').sign(chairInvite);
    const [header, payload, signature] = demo.meeting.token('chair').split('.');
    if (!header || !payload || !signature) throw new Error('not a JWT');
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...(claims as object), role: 'secretariat' })).toString('base64url');
    const tampered = [header, elevated, signature].join('.');
    for (const token of [foreign, tampered]) {
      const err = await connectSocket(demo.cleanup, demo.ts, token).then(
        () => new Error('connected'),
        (e: unknown) => e,
      );
      expect(connectErrorCode(err)).toBe('unauthorized');
    }
  });

  it('closes a Yjs connection without a token with 4401, and a bad token with 4401', async () => {
    // Without authentication: its first frame is sync step 1 (type 0, step 1, empty state vector).
    const none = rawYjsSocket(demo.cleanup, demo.ts, yjsRoom.meeting(demo.meeting.id), null);
    none.on('open', () => none.send(new Uint8Array([0, 0, 1, 0])));
    expect((await closed(none)).code).toBe(CLOSE_CODES.unauthorized);
    const bad = rawYjsSocket(demo.cleanup, demo.ts, yjsRoom.meeting(demo.meeting.id), 'not-a-token');
    expect((await closed(bad)).code).toBe(CLOSE_CODES.unauthorized);
  });

  it('closes a delegate opening the notes with 4403, and a token of another meeting with 4403', async () => {
    const notes = rawYjsSocket(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    expect((await closed(notes)).code).toBe(CLOSE_CODES.forbidden);
    for (const role of ['observer', 'presenter'] as const) {
      const ws = rawYjsSocket(demo.cleanup, demo.ts, yjsRoom.notes(demo.meeting.id), demo.meeting.token(role));
      expect((await closed(ws)).code).toBe(CLOSE_CODES.forbidden);
    }
    const other = await createDemoMeeting(demo.ts);
    const cross = rawYjsSocket(demo.cleanup, demo.ts, yjsRoom.meeting(demo.meeting.id), other.token('chair'));
    expect((await closed(cross)).code).toBe(CLOSE_CODES.forbidden);
  });

  it('closes a malformed Yjs frame with 4400', async () => {
    const ws = rawYjsSocket(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    const done = closed(ws);
    ws.on('open', () => ws.send(new Uint8Array([0, 9, 9])));
    expect((await done).code).toBe(CLOSE_CODES.invalid);
  });
});

describe('REST API', () => {
  const post = (body: string, token: string | null = ADMIN_TOKEN) =>
    requestJson(demo.ts, '/api/meetings', token === null ? { method: 'POST', body } : { method: 'POST', token, body });

  it('answers bad JSON with 400 invalid', async () => {
    const res = await post('{"title": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('answers a too large body with 413 payload_too_large', async () => {
    const res = await post(JSON.stringify({ ...demoMeeting(), padding: 'x'.repeat(600 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('refuses to create a meeting without the admin token (401)', async () => {
    const before = demo.ts.server.registry.size;
    for (const token of [null, 'wrong-admin', demo.meeting.token('chair')]) {
      const res = await post(JSON.stringify(demoMeeting()), token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(demo.ts.server.registry.size).toBe(before);
  });

  it('answers an invalid definition with 400 and its issues', async () => {
    const def = demoMeeting();
    const first = def.agenda[0];
    if (!first) throw new Error('the demo has no agenda');
    const bad = { ...def, timeZone: 'Mars/Olympus', agenda: [...def.agenda, { ...first, presenterIds: ['nobody'] }] };
    const res = await post(JSON.stringify(bad));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'invalid', issues: expect.any(Array) } });
    const text = JSON.stringify(res.body);
    expect(text).toContain('timeZone');
    expect(text).toContain('duplicate agenda item id');
    expect(text).toContain('unknown presenter');
  });

  it('refuses "__proto__" as an id in a definition', async () => {
    const def = demoMeeting();
    const res = await post(
      JSON.stringify({ ...def, agenda: [{ id: '__proto__', title: { en: 'A', ru: 'А' }, plannedMinutes: 5 }] }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('agenda.0.id');
  });

  it('shows a meeting to its staff only: delegate 403, chair 200', async () => {
    const path = `/api/meetings/${demo.meeting.id}`;
    const asDelegate = await requestJson(demo.ts, path, { token: demo.meeting.token('delegate', 'uz') });
    expect(asDelegate.status).toBe(403);
    expect(asDelegate.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const asChair = await requestJson(demo.ts, path, { token: demo.meeting.token('chair') });
    expect(asChair.status).toBe(200);
    expect(asChair.body).toMatchObject({ ok: true, data: { id: demo.meeting.id, status: 'scheduled' } });
    const anonymous = await requestJson(demo.ts, path);
    expect(anonymous.status).toBe(401);
    const links = await requestJson(demo.ts, `${path}/links`, { token: demo.meeting.token('delegate', 'uz') });
    expect(links.status).toBe(403);
  });

  it('answers an unknown endpoint with 404 not_found', async () => {
    const res = await requestJson(demo.ts, '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('after all of that', () => {
  it('still answers /healthz, and the meeting was never changed', async () => {
    const res = await requestJson(demo.ts, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', protocolVersion: 1 });
    const r = room(demo.ts, demo.meeting.id);
    expect(r.state.meta.revision).toBe(0);
    expect(r.state.meta.status).toBe('scheduled');
    // And it still takes a valid command.
    const ack = await sendCommand(chair, { id: commandId(), type: 'meeting.open' });
    expect(ack).toMatchObject({ ok: true, data: { revision: 1 } });
    await waitFor(() => r.state.meta.status === 'open', 1000, 'the meeting to open');
  });
});
