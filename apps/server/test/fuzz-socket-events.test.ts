import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { commandSchema, ERROR_CODES, LIMITS } from '@rostrum/core';
import { requestJson } from './harness.js';
import { recordOf } from './record.js';
import { COUNTS, SEED, useFuzzedMeeting } from './fuzz-setup.js';
import { onTheWire, socketCases } from './fuzz-socket-cases.js';

/** The fuzz test (fuzz-setup.ts): hostile Socket.IO events. */
const fuzz = useFuzzedMeeting();
const { demo, tokens, tried } = fuzz;

type Answer = { ok: boolean; error?: { code?: unknown; message?: unknown } };

function isAnswer(v: unknown): v is Answer {
  return typeof v === 'object' && v !== null && 'ok' in v && typeof v.ok === 'boolean';
}

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

describe('hostile Socket.IO events', () => {
  it(`answers ${COUNTS.socketEvents} of them with stable codes and changes nothing`, { timeout: 120_000 }, async () => {
    const cases = fc.sample(socketCases(fuzz.ids), { seed: SEED, numRuns: COUNTS.socketEvents });
    const sockets = {
      chair: await rawSocket(tokens.chair),
      delegate: await rawSocket(tokens.delegate),
      observer: await rawSocket(tokens.observer),
    };
    const protocolErrors = { chair: 0, delegate: 0, observer: 0 };
    for (const [name, s] of Object.entries(sockets) as Array<[keyof typeof sockets, Socket]>)
      s.on('protocol_error', (e: unknown) => {
        expect(e).toMatchObject({ code: expect.toBeOneOf([...ERROR_CODES]) });
        protocolErrors[name] += 1;
      });
    const codes = new Map<string, number>();
    const unexpected: unknown[] = [];
    const expectedProtocolErrors = { chair: 0, delegate: 0, observer: 0 };
    let validSeen = 0;

    const BATCH = 250;
    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      const waits = batch.map(async (c, i): Promise<void> => {
        const n = start + i;
        tried.socketEvents += 1;
        // A command the schema accepts (as it arrives) goes to the observer, who may send none:
        // hostile input is thrown at the chair and a delegate, valid input must be refused anyway.
        const wire = c.kind === 'command' || c.kind === 'commandNoAck' ? onTheWire(c.payload) : undefined;
        const valid = wire !== undefined && commandSchema.safeParse(wire).success;
        if (valid) validSeen += 1;
        const who: keyof typeof sockets = valid ? 'observer' : n % 2 === 0 ? 'chair' : 'delegate';
        const socket = sockets[who];
        const call = (event: string | number, args: unknown[]): Promise<unknown> =>
          (
            socket.timeout(15_000) as unknown as {
              emitWithAck: (ev: string | number, ...a: unknown[]) => Promise<unknown>;
            }
          ).emitWithAck(event, ...args);
        let answer: unknown;
        switch (c.kind) {
          case 'command':
            answer = await call('command', [c.payload]);
            break;
          case 'commandExtraArgs':
            answer = await call('command', [c.payload, c.extra]);
            break;
          case 'session':
          case 'time':
            answer = await call(c.kind, c.args);
            if (!isAnswer(answer) || !answer.ok) unexpected.push({ case: c.kind, answer });
            return;
          case 'event':
            if (!c.withAck) {
              expectedProtocolErrors[who] += 1;
              (socket as unknown as { emit: (ev: string | number, ...a: unknown[]) => void }).emit(c.name, ...c.args);
              return;
            }
            answer = await call(c.name, c.args);
            break;
          case 'commandNoAck':
            expectedProtocolErrors[who] += 1;
            socket.emit('command', c.payload);
            return;
        }
        if (!isAnswer(answer) || answer.ok || !answer.error) {
          unexpected.push({ n, case: c.kind, answer: JSON.stringify(answer)?.slice(0, 300) });
          return;
        }
        const code = String(answer.error.code);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        const allowed = valid ? ['forbidden'] : ['invalid', 'payload_too_large'];
        if (!allowed.includes(code) || typeof answer.error.message !== 'string')
          unexpected.push({ n, case: c.kind, valid, code, message: answer.error.message });
      });
      await Promise.all(waits);
      for (const s of Object.values(sockets)) expect(s.connected).toBe(true);
    }
    // protocol_error answers arrive on their own: wait for all of them.
    const deadline = Date.now() + 5000;
    while (
      Date.now() < deadline &&
      Object.entries(expectedProtocolErrors).some(([k, v]) => protocolErrors[k as keyof typeof protocolErrors] < v)
    )
      await new Promise((r) => setTimeout(r, 20));
    expect(protocolErrors).toEqual(expectedProtocolErrors);
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect([...codes.keys()].every((c) => (ERROR_CODES as readonly string[]).includes(c))).toBe(true);
    // The generator reached both sides of the schema.
    expect(validSeen).toBeGreaterThan(50);
    expect(codes.get('invalid') ?? 0).toBeGreaterThan(3000);
    expect(await recordOf(demo.ts, demo.meeting.id)).toEqual(fuzz.before);
  });

  it('drops a connection that sends a message over 1 MiB, and stays up', async () => {
    const socket = await rawSocket(tokens.chair);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit(
      'command',
      {
        id: 'fuzz-huge-000',
        type: 'agenda.add',
        title: { en: 'x'.repeat(LIMITS.socketMessageBytes + 10), ru: 'x' },
        plannedMinutes: 5,
      },
      () => undefined,
    );
    tried.socketEvents += 1;
    tried.closes += 1;
    expect(await gone).toBe('transport close');
    expect((await requestJson(demo.ts, '/healthz')).status).toBe(200);
    expect(await recordOf(demo.ts, demo.meeting.id)).toEqual(fuzz.before);
  });
});
