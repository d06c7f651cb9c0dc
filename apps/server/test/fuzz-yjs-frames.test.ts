import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES, encodeYjsAuth, LIMITS, notesTextName, yjsRoom } from '@rostrum/core';
import { requestJson, restartServer, room } from './harness.js';
import { recordOf } from './record.js';
import { COUNTS, SEED, useFuzzedMeeting } from './fuzz-setup.js';

/** The fuzz test (fuzz-setup.ts): hostile y-websocket frames. */
const fuzz = useFuzzedMeeting();
const { demo, tokens, tried } = fuzz;

/** Yjs frames with a documented close code (docs/protocol.md). */
const YJS_CLOSE_CODES: readonly number[] = [CLOSE_CODES.invalid, 1009];

function frame(write: (enc: encoding.Encoder) => void): Uint8Array {
  const enc = encoding.createEncoder();
  write(enc);
  return encoding.toUint8Array(enc);
}

/** Valid frames of every kind, to garble: they make the decoder go deep before it fails. */
function validYjsFrames(): Uint8Array[] {
  const forged = new Y.Doc();
  forged.getMap('meta').set('status', 'closed');
  forged.getMap('votes').set('openPollId', null);
  const notes = new Y.Doc();
  notes.getText(notesTextName('uz-lab', 'en', ['en', 'ru'])).insert(0, 'The meeting <b>noted</b> the proposal.');
  const meetingUpdate = Y.encodeStateAsUpdate(room(demo.ts, demo.meeting.id).meetingDoc.doc);
  const updates = [
    Y.encodeStateAsUpdate(forged),
    Y.encodeStateAsUpdate(notes),
    meetingUpdate,
    Y.encodeStateAsUpdateV2(notes),
  ];
  const out: Uint8Array[] = [];
  for (const u of updates) {
    out.push(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, u))));
    out.push(
      frame(
        (e) => (
          encoding.writeVarUint(e, 0),
          encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2),
          encoding.writeVarUint8Array(e, u)
        ),
      ),
    );
  }
  out.push(
    frame(
      (e) => (
        encoding.writeVarUint(e, 0),
        syncProtocol.writeSyncStep1(e, room(demo.ts, demo.meeting.id).meetingDoc.doc)
      ),
    ),
  );
  out.push(
    frame(
      (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, new Uint8Array([1, 200, 1, 5, 7, 123, 125]))),
    ),
  );
  return out;
}

type YjsTarget = { doc: 'meeting' | 'notes'; token: keyof typeof tokens };
const YJS_TARGETS: YjsTarget[] = [
  { doc: 'meeting', token: 'delegate' },
  { doc: 'meeting', token: 'observer' },
  { doc: 'meeting', token: 'chair' },
  { doc: 'notes', token: 'chair' },
  // The one writable connection: what it sends may become notes, but must never break the server.
  { doc: 'notes', token: 'secretariat' },
];

function yjsFrameArbitrary(valid: Uint8Array[]): fc.Arbitrary<Uint8Array | string> {
  const pickValid = fc.constantFrom(...valid);
  return fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([0, ...b])) },
    { weight: 4, arbitrary: fc.tuple(pickValid, fc.nat()).map(([f, at]) => f.slice(0, Math.max(1, at % f.length))) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(pickValid, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }))
        .map(([f, flips]) => {
          const copy = Uint8Array.from(f);
          for (const [at, byte] of flips) copy[at % copy.length] = byte;
          return copy;
        }),
    },
    { weight: 2, arbitrary: pickValid },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Uint8Array | string>(
        Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
        Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        Uint8Array.from([0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        Uint8Array.from([0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]),
        Uint8Array.from([0, 9]),
        Uint8Array.from([0]),
        Uint8Array.from([2, 0]),
        Uint8Array.from([3]),
        Uint8Array.from([]),
        'not binary',
        '{"type":"update"}',
      ),
    },
  );
}

/** Authenticates a fresh connection, sends a frame, then sync step 1: the server answers it, or closes. */
function yjsTry(
  target: YjsTarget,
  data: Uint8Array | string,
): Promise<{ outcome: 'answered' } | { outcome: 'closed'; code: number }> {
  const roomName = target.doc === 'meeting' ? yjsRoom.meeting(demo.meeting.id) : yjsRoom.notes(demo.meeting.id);
  const ws = new WebSocket(`${demo.ts.yjsUrl}/${roomName}`);
  const probe = frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, new Y.Doc())));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer and no close')), 5000);
    const done = (r: { outcome: 'answered' } | { outcome: 'closed'; code: number }) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(r);
    };
    ws.on('error', () => undefined);
    ws.once('open', () => {
      ws.send(encodeYjsAuth(tokens[target.token]));
      ws.send(data, { binary: typeof data !== 'string' });
      ws.send(probe);
    });
    ws.on('message', (msg: Buffer) => {
      // The answer to a sync step 1: message type 0 (sync), subtype 1 (step 2).
      if (msg[0] === 0 && msg[1] === 1) done({ outcome: 'answered' });
    });
    ws.once('close', (code) => done({ outcome: 'closed', code }));
  });
}

describe('hostile y-websocket frames', () => {
  it(
    `survives ${COUNTS.yjsFrames} of them on read-only and writable connections; the record is unchanged, and after a restart`,
    { timeout: 120_000 },
    async () => {
      const arbitrary = fc.tuple(fc.constantFrom(...YJS_TARGETS), yjsFrameArbitrary(validYjsFrames()));
      const cases = fc.sample(arbitrary, { seed: SEED + 2, numRuns: COUNTS.yjsFrames - 2 });
      // Oversized frames: closed with 1009.
      const big = new Uint8Array(LIMITS.yjsFrameBytes + 1);
      cases.push([{ doc: 'meeting', token: 'delegate' }, big], [{ doc: 'notes', token: 'secretariat' }, big]);
      const outcomes = new Map<string, number>();
      const bad: unknown[] = [];
      const CONCURRENCY = 16;
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++];
          if (!c) break;
          const [target, data] = c;
          tried.yjsFrames += 1;
          const r = await yjsTry(target, data);
          const key = r.outcome === 'answered' ? 'answered' : `closed ${r.code}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          if (r.outcome === 'closed') {
            tried.closes += 1;
            if (!YJS_CLOSE_CODES.includes(r.code))
              bad.push({ target, code: r.code, frame: Buffer.from(data).toString('hex').slice(0, 80) });
          }
          if (r.outcome === 'closed' && r.code === 1009 && data.length <= LIMITS.yjsFrameBytes)
            bad.push({ target, tooBig: data.length });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      console.log(`yjs outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
      expect(bad.slice(0, 5)).toEqual([]);
      expect(outcomes.get('answered') ?? 0).toBeGreaterThan(COUNTS.yjsFrames / 5);
      expect(outcomes.get(`closed ${CLOSE_CODES.invalid}`) ?? 0).toBeGreaterThan(COUNTS.yjsFrames / 10);
      expect(outcomes.get('closed 1009')).toBe(2);

      // Nothing reached the record; notes may have taken the secretariat's updates, and both
      // documents load again from the store as they are in memory.
      expect((await requestJson(demo.ts, '/healthz')).status).toBe(200);
      expect(await recordOf(demo.ts, demo.meeting.id)).toEqual(fuzz.before);
      const notesBefore = Y.encodeStateAsUpdate(room(demo.ts, demo.meeting.id).notesDoc.doc);
      demo.ts = await restartServer(demo.cleanup, demo.ts);
      expect(await recordOf(demo.ts, demo.meeting.id)).toEqual(fuzz.before);
      expect(
        Buffer.from(Y.encodeStateAsUpdate(room(demo.ts, demo.meeting.id).notesDoc.doc)).equals(
          Buffer.from(notesBefore),
        ),
      ).toBe(true);
    },
  );
});
