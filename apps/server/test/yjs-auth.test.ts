import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, encodeYjsAuth, LIMITS, notesTextName, readState, yjsRoom } from '@rostrum/core';
import type { Config } from '../src/platform/config.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  createDemoMeeting,
  requestJson,
  room,
  startDemo,
  waitFor,
  yClient,
  type TestMeeting,
  type TestServer,
} from './harness.js';
import { expiredToken, invitesOf } from './record.js';

/**
 * The Yjs endpoint authenticates by the client's first message, never by a token in the URL
 * (URLs end up in access logs): docs/protocol.md, *Yjs documents*.
 */

let cleanup: Cleanup | null = null;

afterEach(async () => {
  await cleanup?.run();
  cleanup = null;
});

async function demo(overrides: Partial<Config> = {}): Promise<{ ts: TestServer; meeting: TestMeeting }> {
  const started = await startDemo(overrides);
  cleanup = started.cleanup;
  return started;
}

function current(): Cleanup {
  if (!cleanup) throw new Error('no server');
  return cleanup;
}

function track<T>(value: T, close: (value: T) => void): T {
  return current().add(value, close);
}

/** A bare WebSocket that records every frame the server sends and how it ends. */
function socket(url: string): {
  ws: WebSocket;
  frames: Buffer[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
} {
  const ws = track(new WebSocket(url), (w) => w.terminate());
  const frames: Buffer[] = [];
  ws.on('message', (data: RawData) => frames.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, frames, opened, closed };
}

function syncStep1(doc = new Y.Doc()): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeSyncStep1(enc, doc);
  return encoding.toUint8Array(enc);
}

function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeUpdate(enc, update);
  return encoding.toUint8Array(enc);
}

/** Message sync (0), step 2 (1): the server's answer to sync step 1, i.e. the document. */
const isStep2 = (frame: Buffer) => frame[0] === 0 && frame[1] === 1;

function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)),
  ]);
}

describe('Yjs authentication by the first message', () => {
  it('gives the document to a y-websocket client that sends its token in the first message', async () => {
    const { ts, meeting } = await demo();
    const c = await yClient(current(), ts, yjsRoom.meeting(meeting.id), meeting.token('delegate', 'uz'));
    expect(readState(c.doc)?.meta.id).toBe(meeting.id);
    // The URL the provider opened carries no token.
    expect(c.provider.url).toBe(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);

    // The secretariat writes the notes over such a connection.
    const notes = await yClient(current(), ts, yjsRoom.notes(meeting.id), meeting.token('secretariat'));
    notes.doc.getText(notesTextName('opening', 'en', ['en', 'ru'])).insert(0, 'Opened at 10:00.');
    await waitFor(
      () =>
        room(ts, meeting.id)
          .notesDoc.doc.getText(notesTextName('opening', 'en', ['en', 'ru']))
          .toString() === 'Opened at 10:00.',
      3000,
      'the notes to reach the server',
    );
  });

  it('refuses a token in the URL by default with 4401, before sending anything of the document', async () => {
    const { ts, meeting } = await demo();
    const s = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}?token=${encodeURIComponent(meeting.token('chair'))}`);
    s.ws.once('open', () => s.ws.send(syncStep1()));
    expect((await withinMs(s.closed, 3000, 'close')).code).toBe(CLOSE_CODES.unauthorized);
    expect(s.frames).toEqual([]);
    // Also with the authentication frame after it: the token was in the URL, the client must change.
    const both = socket(
      `${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}?token=${encodeURIComponent(meeting.token('chair'))}`,
    );
    both.ws.once('open', () => both.ws.send(encodeYjsAuth(meeting.token('chair'))));
    expect((await withinMs(both.closed, 3000, 'close')).code).toBe(CLOSE_CODES.unauthorized);

    // The stock provider with `params: { token }` (the old way) is refused for good.
    const doc = new Y.Doc();
    const provider = track(
      new WebsocketProvider(ts.yjsUrl, yjsRoom.meeting(meeting.id), doc, {
        params: { token: meeting.token('chair') },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      }),
      (p) => p.destroy(),
    );
    const closedWith = await withinMs(
      new Promise<number>((resolve) => provider.once('closed', (event) => resolve(event.code))),
      3000,
      'the provider to give up',
    );
    expect(closedWith).toBe(CLOSE_CODES.unauthorized);
    expect(readState(doc)).toBeNull();
  });

  it('admits a token in the URL only when the deprecated YJS_TOKEN_IN_URL is on', async () => {
    const { ts, meeting } = await demo({ yjsTokenInUrl: true });
    const doc = new Y.Doc();
    const provider = track(
      new WebsocketProvider(ts.yjsUrl, yjsRoom.meeting(meeting.id), doc, {
        params: { token: meeting.token('observer') },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      }),
      (p) => p.destroy(),
    );
    await waitFor(() => provider.synced, 5000, 'sync with a token in the URL');
    expect(readState(doc)?.meta.id).toBe(meeting.id);
    // A bad one is still refused, and the first-message way works there too.
    const bad = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}?token=not-a-token`);
    expect((await withinMs(bad.closed, 3000, 'close')).code).toBe(CLOSE_CODES.unauthorized);
    const c = await yClient(current(), ts, yjsRoom.meeting(meeting.id), meeting.token('observer'));
    expect(readState(c.doc)?.meta.id).toBe(meeting.id);
  });

  it('closes a connection that does not authenticate in time with 4401', async () => {
    const { ts, meeting } = await demo({ yjsAuthTimeoutMs: 300 });
    const s = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);
    await s.opened;
    const started = Date.now();
    const { code } = await withinMs(s.closed, 3000, 'the authentication timeout');
    expect(code).toBe(CLOSE_CODES.unauthorized);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(s.frames).toEqual([]);
  });

  it('refuses a wrong, expired or empty token (4401), a malformed frame (4400), and any other first message (4401 or 4400)', async () => {
    const { ts, meeting } = await demo();
    const chair = meeting.token('chair');
    const [h, p, sig] = chair.split('.');
    const tampered = `${h}.${p}.${sig?.startsWith('A') ? 'B' : 'A'}${sig?.slice(1)}`;
    const auth = (token: string) => [encodeYjsAuth(token)];
    const cases: Array<[string, Array<Uint8Array | string>, number]> = [
      ['not a token', auth('not-a-token'), CLOSE_CODES.unauthorized],
      ['tampered', auth(tampered), CLOSE_CODES.unauthorized],
      ['expired', auth(await expiredToken(ts, meeting.id, 'chair')), CLOSE_CODES.unauthorized],
      ['empty', auth(''), CLOSE_CODES.unauthorized],
      ['too long', auth('a'.repeat(5000)), CLOSE_CODES.unauthorized],
      ['truncated frame', [encodeYjsAuth(chair).subarray(0, 20)], CLOSE_CODES.invalid],
      ['trailing bytes', [new Uint8Array([...encodeYjsAuth(chair), 0])], CLOSE_CODES.invalid],
      ['sync step 1 first', [syncStep1(), encodeYjsAuth(chair)], CLOSE_CODES.unauthorized],
      ['the token as text', [chair], CLOSE_CODES.invalid],
      ['another meeting', auth((await createDemoMeeting(ts)).token('chair')), CLOSE_CODES.forbidden],
    ];
    for (const [what, frames, expected] of cases) {
      const s = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);
      s.ws.once('open', () => {
        for (const f of frames) s.ws.send(f, { binary: typeof f !== 'string' });
        s.ws.send(syncStep1());
      });
      const { code } = await withinMs(s.closed, 3000, what);
      expect({ what, code, document: s.frames.some(isStep2) }).toEqual({ what, code: expected, document: false });
    }
  });

  it('loses nothing sent in the same tick as the authentication frame', async () => {
    const { ts, meeting } = await demo();
    // Read-only: sync step 1 and a query for awareness, right behind the token.
    const s = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);
    s.ws.once('open', () => {
      s.ws.send(encodeYjsAuth(meeting.token('delegate', 'uz')));
      s.ws.send(syncStep1());
      s.ws.send(new Uint8Array([3]));
    });
    await waitFor(
      () => s.frames.some(isStep2) && s.frames.some((f) => f[0] === 1),
      3000,
      'step 2 and the awareness answer',
    );
    const step2 = s.frames.find(isStep2);
    if (!step2) throw new Error('no step 2');
    const dec = decoding.createDecoder(step2);
    decoding.readVarUint(dec);
    decoding.readVarUint(dec);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decoding.readVarUint8Array(dec));
    expect(readState(doc)?.meta.id).toBe(meeting.id);

    // Writable: the secretariat's update right behind the token is applied.
    const text = new Y.Doc();
    text.getText(notesTextName('opening', 'en', ['en', 'ru'])).insert(0, 'typed before the server answered');
    const w = socket(`${ts.yjsUrl}/${yjsRoom.notes(meeting.id)}`);
    w.ws.once('open', () => {
      w.ws.send(encodeYjsAuth(meeting.token('secretariat')));
      w.ws.send(updateFrame(Y.encodeStateAsUpdate(text)));
    });
    await waitFor(
      () =>
        room(ts, meeting.id)
          .notesDoc.doc.getText(notesTextName('opening', 'en', ['en', 'ru']))
          .toString() === 'typed before the server answered',
      3000,
      'the update sent with the token',
    );
  });

  it('keeps read-only connections read-only, and ignores a second authentication frame', async () => {
    const { ts, meeting } = await demo();
    const r = room(ts, meeting.id);
    const forged = new Y.Doc();
    forged.getMap('meta').set('status', 'closed');
    forged.getText(notesTextName('opening', 'en', ['en', 'ru'])).insert(0, 'FORGED');
    const update = Y.encodeStateAsUpdate(forged);
    const before = { meeting: Y.encodeStateVector(r.meetingDoc.doc), notes: Y.encodeStateVector(r.notesDoc.doc) };
    const dropped = { meeting: r.meetingDoc.stats.dropped, notes: r.notesDoc.stats.dropped };

    // A delegate on the record; the chair on the notes (read-only), then claiming the secretariat's token.
    const delegate = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);
    delegate.ws.once('open', () => {
      delegate.ws.send(encodeYjsAuth(meeting.token('delegate', 'uz')));
      delegate.ws.send(updateFrame(update));
    });
    const chair = socket(`${ts.yjsUrl}/${yjsRoom.notes(meeting.id)}`);
    chair.ws.once('open', () => {
      chair.ws.send(encodeYjsAuth(meeting.token('chair')));
      chair.ws.send(encodeYjsAuth(meeting.token('secretariat')));
      chair.ws.send(updateFrame(update));
    });
    await waitFor(
      () => r.meetingDoc.stats.dropped > dropped.meeting && r.notesDoc.stats.dropped > dropped.notes,
      3000,
      'both updates to be dropped',
    );
    // A second authentication frame after admission is ignored too; the connection goes on.
    chair.ws.send(encodeYjsAuth(meeting.token('secretariat')));
    chair.ws.send(updateFrame(update));
    chair.ws.send(syncStep1());
    await waitFor(
      () => chair.frames.some(isStep2) && r.notesDoc.stats.dropped > dropped.notes + 1,
      3000,
      'the chair to be answered and its update dropped',
    );
    expect(chair.ws.readyState).toBe(WebSocket.OPEN);
    expect(Buffer.from(Y.encodeStateVector(r.meetingDoc.doc)).equals(Buffer.from(before.meeting))).toBe(true);
    expect(Buffer.from(Y.encodeStateVector(r.notesDoc.doc)).equals(Buffer.from(before.notes))).toBe(true);
  });

  it('refuses a connection whose link is revoked while its token is checked, and one that sends too much meanwhile', async () => {
    const { ts, meeting } = await demo();
    const registry = ts.server.registry;
    const authenticate = registry.authenticate.bind(registry);
    const token = meeting.token('delegate', 'uz');
    let checked = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The store has answered for this token (before the revocation), but the answer is held.
    registry.authenticate = async (t) => {
      const result = await authenticate(t);
      if (t === token) {
        checked += 1;
        await gate;
      }
      return result;
    };
    const s = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);
    s.ws.once('open', () => {
      s.ws.send(encodeYjsAuth(token));
      s.ws.send(syncStep1());
    });
    const big = socket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}`);
    big.ws.once('open', () => {
      big.ws.send(encodeYjsAuth(token));
      for (let i = 0; i < 5; i++) big.ws.send(new Uint8Array(LIMITS.yjsFrameBytes - 16));
    });
    await waitFor(() => checked === 2, 3000, 'both tokens to be checked');
    expect((await withinMs(big.closed, 3000, 'too much before admission')).code).toBe(CLOSE_CODES.invalid);

    const uz = (await invitesOf(ts, meeting.id)).find(
      (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'head',
    );
    if (!uz) throw new Error('no invite');
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uz.id}/revoke`, {
          method: 'POST',
          token: ADMIN_TOKEN,
        })
      ).status,
    ).toBe(200);
    release();
    expect(await withinMs(s.closed, 3000, 'the revoked link')).toEqual({
      code: CLOSE_CODES.unauthorized,
      reason: 'the link was revoked',
    });
    expect(s.frames.some(isStep2)).toBe(false);
  });
});
