import fc from 'fast-check';
import { COMMAND_TYPES, type CommandType } from '@rostrum/core';
import { FIXTURES, type Ids } from './command-fixtures.js';
import { hostileValue, PROTO_KEYS, withProtoKey } from './fuzz-hostile.js';

/** A valid command of a type, with the ids of the prepared meeting. */
function validCommand(ids: Ids, type: CommandType, id: string): Record<string, unknown> {
  const fixture = FIXTURES[type];
  if (!fixture) throw new Error(`no fixture for ${type}`);
  return { id, type, ...fixture.payload(ids, 'chair') };
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'proto'; key: (typeof PROTO_KEYS)[number] }
  | { kind: 'type'; value: unknown }
  | { kind: 'id'; value: unknown }
  | { kind: 'wrap'; inArray: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'none' }),
  fc.nat().map((at): Mutation => ({ kind: 'drop', at })),
  fc.tuple(fc.nat(), hostileValue).map(([at, value]): Mutation => ({ kind: 'replace', at, value })),
  fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', 'then')),
      hostileValue,
    )
    .map(([key, value]): Mutation => ({ kind: 'extra', key, value })),
  fc.constantFrom(...PROTO_KEYS).map((key): Mutation => ({ kind: 'proto', key })),
  fc
    .oneof(
      hostileValue,
      fc.constantFrom<unknown>(
        'agenda.jump',
        'AGENDA.NEXT',
        'agenda.next ',
        'meeting',
        'poll.vote\u0000',
        'floor.request.x',
      ),
    )
    .map((value): Mutation => ({ kind: 'type', value })),
  fc
    .oneof(
      hostileValue,
      fc.constantFrom<unknown>('short', 'has space in it', '../../etc/passwd', 'x'.repeat(65), '__proto__'),
    )
    .map((value): Mutation => ({ kind: 'id', value })),
  fc.boolean().map((inArray): Mutation => ({ kind: 'wrap', inArray })),
);

function mutate(command: Record<string, unknown>, m: Mutation): unknown {
  const keys = Object.keys(command);
  const keyAt = (at: number) => keys[at % keys.length] ?? 'id';
  switch (m.kind) {
    case 'none':
      return command;
    case 'drop': {
      const copy = { ...command };
      delete copy[keyAt(m.at)];
      return copy;
    }
    case 'replace':
      return { ...command, [keyAt(m.at)]: m.value };
    case 'extra':
      return Object.assign({ ...command }, { [m.key]: m.value });
    case 'proto':
      return withProtoKey(m.key, command);
    case 'type':
      return { ...command, type: m.value };
    case 'id':
      return { ...command, id: m.value };
    case 'wrap':
      return m.inArray ? [command] : { command };
  }
}

/** One Socket.IO event to send. */
export type SocketCase =
  | { kind: 'command'; payload: unknown }
  | { kind: 'commandNoAck'; payload: unknown }
  | { kind: 'commandExtraArgs'; payload: unknown; extra: unknown }
  | { kind: 'event'; name: string | number; args: unknown[]; withAck: boolean }
  | { kind: 'session' | 'time'; args: unknown[] };

/** Socket.IO events for the prepared meeting: near-valid commands, hostile payloads, unknown events. */
export function socketCases(ids: Ids): fc.Arbitrary<SocketCase> {
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.tuple(fc.constantFrom(...COMMAND_TYPES), mutation).map(([type, m]): SocketCase => ({
        kind: 'command',
        payload: mutate(validCommand(ids, type, `fuzz-${type.replace('.', '-')}-x`), m),
      })),
    },
    { weight: 4, arbitrary: hostileValue.map((payload): SocketCase => ({ kind: 'command', payload })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...COMMAND_TYPES), mutation).map(([type, m]): SocketCase => ({
        kind: 'commandNoAck',
        payload: mutate(validCommand(ids, type, 'fuzz-noack-x'), m),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(hostileValue, hostileValue)
        .map(([payload, extra]): SocketCase => ({ kind: 'commandExtraArgs', payload, extra })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.integer(),
            fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString', 'command ', 'Command'),
          ),
          fc.array(hostileValue, { maxLength: 3 }),
          fc.boolean(),
        )
        .filter(
          ([name]) => name !== 'command' && name !== 'session' && name !== 'time' && !RESERVED_EVENTS.has(String(name)),
        )
        .map(([name, args, withAck]): SocketCase => ({ kind: 'event', name, args, withAck })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom<'session' | 'time'>('session', 'time'), fc.array(hostileValue, { maxLength: 2 }))
        .map(([kind, args]): SocketCase => ({ kind, args })),
    },
  );
}

/** Names socket.io-client refuses to emit. */
const RESERVED_EVENTS = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

function containsBinary(v: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) return true;
  if (Array.isArray(v)) return v.some((x) => containsBinary(x, depth + 1));
  if (typeof v === 'object' && v !== null) return Object.values(v).some((x) => containsBinary(x, depth + 1));
  return false;
}

/** What the server receives: Socket.IO sends JSON (NaN becomes null, undefined keys vanish). */
export function onTheWire(payload: unknown): unknown {
  if (containsBinary(payload)) return { binary: true };
  try {
    const text = JSON.stringify(payload);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return { unserialisable: true };
  }
}
