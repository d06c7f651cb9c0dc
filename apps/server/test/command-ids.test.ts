import { useDemoServer } from './fixture.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { deadlineCommandId } from '@rostrum/core/server';
import {
  commandId,
  connectSocket,
  mustCommand,
  restartServer,
  room,
  sendCommand,
  waitFor,
  type ClientSocket,
} from './harness.js';

/**
 * Command ids are per sender: a retry is the same sender with the same id and content; anyone
 * else's command with that id is their own. An attack run took the server's predictable
 * deadline id first, and the poll never closed.
 */
let chair: ClientSocket;

const demo = useDemoServer();

beforeEach(async () => {
  chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
  await mustCommand(chair, { type: 'meeting.open' });
  await mustCommand(chair, { type: 'agenda.start', itemId: 'uz-lab' });
});

const pollOf = (pollId: string) => room(demo.ts, demo.meeting.id).state.votes.polls[pollId];

describe('command ids', () => {
  it("a delegate who sends the server's deadline id first cannot keep the poll from closing at its deadline", async () => {
    const opened = await mustCommand(chair, {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'no_objection',
      secrecy: 'roll_call',
      quorum: 0,
      durationSeconds: 1,
    });
    const pollId = opened.createdId ?? '';
    const attacker = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    // The delegate's own command under that id is simply the delegate's command.
    const taken = await sendCommand(attacker, {
      id: deadlineCommandId(pollId),
      type: 'floor.request',
      kind: 'statement',
    });
    expect(taken.ok).toBe(true);
    await waitFor(() => pollOf(pollId)?.status === 'closed', 5000, 'the server to close the poll at its deadline');
    expect(pollOf(pollId)).toMatchObject({ closedBy: 'deadline' });
  });

  it("the same id from two people runs both commands, and each retry answers its sender's own result, also after a restart", async () => {
    const id = commandId('shared');
    const uz = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const kz = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'kz'));
    const first = await sendCommand(uz, { id, type: 'floor.request', kind: 'statement' });
    const second = await sendCommand(kz, { id, type: 'floor.request', kind: 'reply' });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.data.createdId).not.toBe(first.data.createdId);
    const queued = () =>
      Object.values(room(demo.ts, demo.meeting.id).state.floor.lists['uz-lab']?.entries ?? {}).map(
        (e) => e.delegationId,
      );
    expect(queued()).toEqual(expect.arrayContaining(['uz', 'kz']));

    const retries = async () => [
      await sendCommand(uz, { id, type: 'floor.request', kind: 'statement' }),
      await sendCommand(kz, { id, type: 'floor.request', kind: 'reply' }),
    ];
    expect(await retries()).toEqual([first, second]);
    const revision = room(demo.ts, demo.meeting.id).state.meta.revision;

    demo.ts = await restartServer(demo.cleanup, demo.ts);
    const uz2 = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const kz2 = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'kz'));
    expect(await sendCommand(uz2, { id, type: 'floor.request', kind: 'statement' })).toEqual(first);
    expect(await sendCommand(kz2, { id, type: 'floor.request', kind: 'reply' })).toEqual(second);
    // The same sender's id on other content stays refused.
    expect(await sendCommand(kz2, { id, type: 'floor.request', kind: 'statement' })).toMatchObject({
      ok: false,
      error: { reason: 'command_id_reused' },
    });
    expect(room(demo.ts, demo.meeting.id).state.meta.revision).toBe(revision);
  });
});
