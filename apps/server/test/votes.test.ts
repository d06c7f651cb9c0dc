import { describe, expect, it } from 'vitest';
import { BALLOT_CHOICES, type Ack, type BallotChoice, type CommandResult } from '@rostrum/core';
import { commandId, connectSocket, mustCommand, room, sendCommand, type ClientSocket } from './harness.js';
import { useVotingMeeting } from './votes-meeting.js';

const voting = useVotingMeeting();
const { demo, tokenOf, delegationIds, poll, openPoll, visit } = voting;

describe('a vote storm', () => {
  it('53 delegations vote at once, each retrying 3 times across reconnects, some changing their vote: the tally is exact', async () => {
    const ids = delegationIds();
    expect(ids).toHaveLength(53);
    const pollId = await openPoll({ secrecy: 'anonymous' });
    const revisionBefore = room(demo.ts, demo.meeting.id).state.meta.revision;
    const first = new Map<string, { id: string; choice: BallotChoice }>();
    ids.forEach((d, i) => first.set(d, { id: commandId(`ballot-${d}`), choice: BALLOT_CHOICES[i % 3] ?? 'support' }));

    // Every delegation at once; each sends its ballot three times with the same id, on three connections.
    const acks = await Promise.all(
      ids.map(async (d) => {
        const b = first.get(d);
        if (!b) throw new Error('no ballot');
        const mine: Array<Ack<CommandResult>> = [];
        for (let attempt = 0; attempt < 3; attempt++)
          mine.push(await visit(tokenOf(d), { id: b.id, type: 'poll.vote', pollId, choice: b.choice }));
        return mine;
      }),
    );
    for (const mine of acks) {
      expect(mine[0]?.ok).toBe(true);
      // A retry returns the first ack: same receipt time, same revision.
      expect(mine[1]).toEqual(mine[0]);
      expect(mine[2]).toEqual(mine[0]);
    }
    expect(poll(pollId).votedCount).toBe(53);
    expect(room(demo.ts, demo.meeting.id).state.meta.revision).toBe(revisionBefore + 53);

    // Every fourth delegation changes its vote (a new command id); then an old retry arrives late.
    const changers = ids.filter((_, i) => i % 4 === 0);
    const final = new Map([...first].map(([d, b]) => [d, b.choice]));
    await Promise.all(
      changers.map(async (d) => {
        const b = first.get(d);
        if (!b) throw new Error('no ballot');
        const next = BALLOT_CHOICES[(BALLOT_CHOICES.indexOf(b.choice) + 1) % 3] ?? 'support';
        final.set(d, next);
        const change = commandId(`change-${d}`);
        const changed = await visit(tokenOf(d), { id: change, type: 'poll.vote', pollId, choice: next });
        expect(changed.ok).toBe(true);
        expect(await visit(tokenOf(d), { id: change, type: 'poll.vote', pollId, choice: next })).toEqual(changed);
        const late = await visit(tokenOf(d), { id: b.id, type: 'poll.vote', pollId, choice: b.choice });
        expect(late).toEqual(acks[ids.indexOf(d)]?.[0]);
      }),
    );
    expect(room(demo.ts, demo.meeting.id).state.meta.revision).toBe(revisionBefore + 53 + changers.length);
    for (const [d, choice] of final)
      expect(room(demo.ts, demo.meeting.id).secret.ballots[pollId]?.[d]?.choice).toBe(choice);

    await mustCommand(voting.chair, { type: 'poll.close', pollId });
    const expected = { support: 0, object: 0, abstain: 0 };
    for (const choice of final.values()) expected[choice] += 1;
    expect(expected.support + expected.object + expected.abstain).toBe(53);
    expect(poll(pollId).result).toMatchObject({
      entitled: 53,
      voted: 53,
      present: 53,
      tally: expected,
      quorumMet: true,
    });
    expect(poll(pollId).tally).toEqual(expected);
  });
});

describe('bad ballots', () => {
  it('refuses a ballot on a closed or unknown poll, from a deputy without the right, with a malformed choice; nothing changes', async () => {
    const pollId = await openPoll({ secrecy: 'roll_call' });
    const head = await connectSocket(demo.cleanup, demo.ts, tokenOf('uz', 'head'));
    const deputy = await connectSocket(demo.cleanup, demo.ts, tokenOf('uz', 'deputy'));
    const observer = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('observer'));
    await mustCommand(head, { type: 'poll.vote', pollId, choice: 'support' });
    const r = room(demo.ts, demo.meeting.id);
    const snapshot = () => structuredClone({ state: r.state, secret: r.secret });
    let before = snapshot();

    const refusals: Array<[ClientSocket, Record<string, unknown>, Record<string, unknown>]> = [
      [deputy, { pollId, choice: 'object' }, { code: 'forbidden' }],
      [head, { pollId, choice: 'maybe' }, { code: 'invalid' }],
      [head, { pollId, choice: 'support', extra: 1 }, { code: 'invalid' }],
      [head, { pollId: 'no-such-poll', choice: 'object' }, { code: 'conflict', reason: 'poll_not_found' }],
      [observer, { pollId, choice: 'object' }, { code: 'forbidden' }],
      [voting.chair, { pollId, choice: 'object' }, { code: 'forbidden' }],
    ];
    for (const [socket, payload, error] of refusals) {
      expect(await sendCommand(socket, { id: commandId(), type: 'poll.vote', ...payload })).toMatchObject({
        ok: false,
        error,
      });
      expect(snapshot()).toEqual(before);
    }
    // The deputy may not take the right; the head hands it over, and then only the deputy votes.
    expect(await sendCommand(deputy, { id: commandId(), type: 'voter.designate', seat: 'deputy' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await mustCommand(head, { type: 'voter.designate', seat: 'deputy' });
    expect(r.state.votes.voterSeats.uz).toBe('deputy');
    before = snapshot();
    expect(await sendCommand(head, { id: commandId(), type: 'poll.vote', pollId, choice: 'object' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(snapshot()).toEqual(before);
    await mustCommand(deputy, { type: 'poll.vote', pollId, choice: 'abstain' });
    expect(poll(pollId)).toMatchObject({ votedCount: 1, rollCall: { uz: { choice: 'abstain' } } });

    await mustCommand(voting.chair, { type: 'poll.close', pollId });
    before = snapshot();
    expect(await sendCommand(deputy, { id: commandId(), type: 'poll.vote', pollId, choice: 'support' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'poll_closed' },
    });
    expect(snapshot()).toEqual(before);
  });
});

describe('quorum', () => {
  it('counts the delegations connected when the poll closes', async () => {
    const ids = delegationIds();
    // 20 delegations connected (5 of them vote): 20 of 53 is under half.
    await Promise.all(ids.slice(0, 20).map((d) => connectSocket(demo.cleanup, demo.ts, tokenOf(d, 'deputy'))));
    const pollId = await openPoll({ quorum: 0.5 });
    for (const d of ids.slice(0, 5))
      await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf(d)), {
        type: 'poll.vote',
        pollId,
        choice: 'support',
      });
    await mustCommand(voting.chair, { type: 'poll.close', pollId });
    expect(poll(pollId).result).toMatchObject({
      present: 20,
      quorumRequired: 27,
      quorumMet: false,
      outcome: 'no_quorum',
    });
    // Ten more join: 30 present.
    await Promise.all(ids.slice(20, 30).map((d) => connectSocket(demo.cleanup, demo.ts, tokenOf(d))));
    const second = await openPoll({ quorum: 0.5 });
    await mustCommand(await connectSocket(demo.cleanup, demo.ts, tokenOf('uz')), {
      type: 'poll.vote',
      pollId: second,
      choice: 'support',
    });
    await mustCommand(voting.chair, { type: 'poll.close', pollId: second });
    expect(poll(second).result).toMatchObject({ present: 31, quorumMet: true, outcome: 'passed' });
  });
});
