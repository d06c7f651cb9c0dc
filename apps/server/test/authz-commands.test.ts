import { describe, expect, it } from 'vitest';
import { COMMAND_ROLES, COMMAND_TYPES, commandSchema, type Ack, type CommandResult, type Role } from '@rostrum/core';
import {
  commandId,
  connectErrorCode,
  connectSocket,
  createDemoMeeting,
  mustCommand,
  sendCommand,
  type ClientSocket,
  type TestMeeting,
} from './harness.js';
import {
  CALLERS,
  FIXTURES,
  mayCall,
  prepareLive,
  PROPOSAL,
  type Caller,
  type Fixture,
  type Ids,
} from './command-fixtures.js';
import { recordOf } from './record.js';
import { useAuthzServer } from './authz-setup.js';

/** The authorisation matrix (authz-setup.ts): every command, for every kind of caller. */
const { demo, other, tokensFor } = useAuthzServer();

/** A meeting with a connection for every caller that can connect. */
type Prepared = {
  meeting: TestMeeting;
  ids: Ids;
  sockets: Partial<Record<Caller, ClientSocket>>;
  tokens: Record<Caller, string | undefined>;
};

async function prepare(setup: Fixture['setup'], then: Fixture['then']): Promise<Prepared> {
  const meeting = await createDemoMeeting(demo.ts);
  const tokens = await tokensFor(meeting);
  const sockets: Partial<Record<Caller, ClientSocket>> = {};
  const connectable: Caller[] = ['chair', 'secretariat', 'presenter', 'delegate', 'deputy', 'observer', 'otherMeeting'];
  await Promise.all(
    connectable.map(async (c) => {
      sockets[c] = await connectSocket(demo.cleanup, demo.ts, tokens[c]);
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
      const before = await recordOf(demo.ts, meeting.id);
      if (caller === 'none' || caller === 'expired') {
        // The connection itself is refused: no command can be sent.
        const err = await connectSocket(demo.cleanup, demo.ts, tokens[caller]).then(
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
      expect(await recordOf(demo.ts, meeting.id), `${caller} changed the record with ${type}`).toEqual(before);
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
