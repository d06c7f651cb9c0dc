import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { requestJson } from './harness.js';
import { recordOf } from './record.js';
import { COUNTS, SEED, useFuzzedMeeting } from './fuzz-setup.js';
import { hostileValue } from './fuzz-hostile.js';

/** The fuzz test (fuzz-setup.ts): raw Engine.IO / Socket.IO frames. */
const fuzz = useFuzzedMeeting();
const { demo, tokens, tried } = fuzz;

/** A raw Socket.IO connection (Engine.IO v4 over WebSocket), joined to the main namespace. */
async function rawEngine(token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${demo.ts.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  demo.cleanup.add(ws, (w) => w.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', function onMessage(data: Buffer) {
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
      else if (text.startsWith('40')) {
        ws.off('message', onMessage);
        resolve();
      }
    });
  });
  return ws;
}

const rawFrame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom<string | Uint8Array>(
    '4',
    '42',
    '42[',
    '42{}',
    '42"command"',
    '42[]',
    '42[null]',
    '42[1]',
    '42[{}]',
    '42[[]]',
    '42["command"]',
    '42["command",',
    '42["__proto__",{}]',
    '43',
    '43[',
    '431[]',
    '4399999999999999999999[]',
    '44',
    '44{}',
    '45',
    '451-',
    '451-["command"]',
    '459999-["command",{"_placeholder":true,"num":0}]',
    '451-["command",{"_placeholder":true,"num":0}]',
    '452-["command",{"_placeholder":true,"num":5}]',
    '42/other,["command",{}]',
    '40/admin,{}',
    '2',
    '3',
    '5',
    '6',
    '7',
    '9',
    '',
    ' ',
    '\u0000',
    '42["command",{"id":"abcdefgh-1","type":"meeting.close"}]',
    new Uint8Array([4, 2]),
    new Uint8Array([0xff, 0xfe, 0xfd]),
  ),
  // Nesting far deeper than a client library can encode: JSON as text, straight on the wire.
  fc
    .tuple(fc.nat(1_000_000), fc.constantFrom(5_000, 50_000, 200_000), fc.boolean())
    .map(([id, depth, arrays]) =>
      arrays
        ? `42${id}["command",${'['.repeat(depth)}${']'.repeat(depth)}]`
        : `42${id}["command",${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`,
    ),
  fc.string({ maxLength: 80 }),
  fc.string({ maxLength: 80 }).map((s) => `42${s}`),
  fc.tuple(fc.nat(1_000_000), hostileValue).map(([id, v]) => {
    try {
      return `42${id}${JSON.stringify(['command', v]) ?? ''}`;
    } catch {
      return `42${id}[]`;
    }
  }),
  fc.uint8Array({ maxLength: 64 }),
);

describe('raw Socket.IO frames', () => {
  it(
    `survives ${COUNTS.rawFrames} of them: each leaves the connection answering, or closes it`,
    { timeout: 60_000 },
    async () => {
      const frames = fc.sample(rawFrame, { seed: SEED + 1, numRuns: COUNTS.rawFrames });
      let ws = await rawEngine(tokens.chair);
      let ackId = 10_000_000;
      const outcomes = { answered: 0, closed: 0, silent: 0 };
      for (const frame of frames) {
        tried.rawFrames += 1;
        if (ws.readyState !== WebSocket.OPEN) ws = await rawEngine(tokens.chair);
        ackId += 1;
        const id = ackId;
        const outcome = await new Promise<'answered' | 'closed' | 'silent'>((resolve) => {
          const timer = setTimeout(() => finish('silent'), 300);
          const onMessage = (data: Buffer) => {
            if (data.toString().startsWith(`43${id}[`)) finish('answered');
          };
          const onClose = () => finish('closed');
          function finish(o: 'answered' | 'closed' | 'silent') {
            clearTimeout(timer);
            ws.off('message', onMessage);
            ws.off('close', onClose);
            resolve(o);
          }
          ws.on('message', onMessage);
          ws.once('close', onClose);
          ws.send(frame);
          ws.send(`42${id}["time"]`);
        });
        outcomes[outcome] += 1;
        // A frame that left the namespace (41) gets no answer on it: start again.
        if (outcome !== 'answered') ws.terminate();
      }
      tried.closes += outcomes.closed;
      expect(outcomes.answered).toBeGreaterThan(COUNTS.rawFrames / 4);
      expect((await requestJson(demo.ts, '/healthz')).status).toBe(200);
      expect(await recordOf(demo.ts, demo.meeting.id)).toEqual(fuzz.before);
    },
  );
});
