import { describe, expect, it } from 'vitest';
import { BALLOT_CHOICES, type Ack, type BallotChoice, type CommandResult } from '@rostrum/core';
import { commandId, connectSocket, mustCommand, restartServer, room, sendCommand, waitFor } from './harness.js';
import { useVotingMeeting } from './votes-meeting.js';

const voting = useVotingMeeting();
const { demo, tokenOf, delegationIds, poll, openPoll, visit } = voting;

describe('durability', () => {
  it('counts the ballots cast before a restart: the secret ballots are replayed from the log', async () => {
    const ids = delegationIds().slice(0, 15);
    const pollId = await openPoll({ secrecy: 'anonymous', quorum: 0 });
    const expected = new Map<string, BallotChoice>();
    const firstAcks = new Map<string, { id: string; ack: Ack<CommandResult>; choice: BallotChoice }>();
    for (const [i, d] of ids.slice(0, 10).entries()) {
      const choice = BALLOT_CHOICES[i % 3] ?? 'support';
      const id = commandId();
      firstAcks.set(d, { id, choice, ack: await visit(tokenOf(d), { id, type: 'poll.vote', pollId, choice }) });
      expect(firstAcks.get(d)?.ack.ok).toBe(true);
      expected.set(d, choice);
    }
    for (const d of ids.slice(0, 2)) {
      await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf(d)), {
        type: 'poll.vote',
        pollId,
        choice: 'object',
      });
      expected.set(d, 'object');
    }
    const secretBefore = structuredClone(room(demo.ts, demo.meeting.id).secret);
    const stateBefore = structuredClone(room(demo.ts, demo.meeting.id).state);

    demo.ts = await restartServer(demo.cleanup, demo.ts);
    expect(room(demo.ts, demo.meeting.id).secret).toEqual(secretBefore);
    expect(room(demo.ts, demo.meeting.id).state).toEqual(stateBefore);
    voting.chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));

    // A retry from before the restart is still a retry: same ack, no change.
    const [d0, first] = [...firstAcks][0] ?? [];
    if (!d0 || !first) throw new Error('no first ballot');
    expect(await visit(tokenOf(d0), { id: first.id, type: 'poll.vote', pollId, choice: first.choice })).toEqual(
      first.ack,
    );
    for (const [i, d] of ids.slice(10).entries()) {
      const choice = BALLOT_CHOICES[i % 3] ?? 'support';
      await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf(d)), { type: 'poll.vote', pollId, choice });
      expected.set(d, choice);
    }
    await mustCommand(voting.chair, { type: 'poll.close', pollId });
    const tally = { support: 0, object: 0, abstain: 0 };
    for (const c of expected.values()) tally[c] += 1;
    expect(poll(pollId).result).toMatchObject({ voted: 15, tally });
  });

  it('closes a no-objection procedure at its deadline by itself, also when the server restarted meanwhile', async () => {
    const pollId = await openPoll({
      method: 'no_objection',
      secrecy: 'roll_call',
      majority: 'consensus',
      quorum: 0,
      durationSeconds: 2,
    });
    const closesAt = poll(pollId).closesAt ?? 0;
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('de')), {
      type: 'poll.vote',
      pollId,
      choice: 'object',
    });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('de')), {
      type: 'poll.vote',
      pollId,
      choice: 'support',
    }); // withdrawn
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    await waitFor(() => poll(pollId).status === 'closed', 8000, 'the server to close the poll');
    expect(poll(pollId)).toMatchObject({
      closedBy: 'deadline',
      result: { outcome: 'passed', tally: { support: 1, object: 0 } },
    });
    expect(poll(pollId).closedAt).toBeGreaterThanOrEqual(closesAt);
    // A ballot after the deadline is refused.
    const late = await sendCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('fr')), {
      id: commandId(),
      type: 'poll.vote',
      pollId,
      choice: 'object',
    });
    expect(late).toMatchObject({ ok: false, error: { reason: 'poll_closed' } });
  });
});
