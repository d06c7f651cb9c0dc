import { describe, expect, it } from 'vitest';
import { BALLOT_CHOICES, type Principal } from '../index.js';
import { initialSecret, initialState, systemPrincipal } from '../server.js';
import {
  chair,
  def,
  deputy,
  DELEGATIONS,
  head,
  must,
  openMeeting,
  pollOf,
  run,
  secretariat,
  tally,
  withPoll,
} from '../testing/votes-world.js';

describe('a poll on a proposal', () => {
  it('counts one ballot per delegation, the last one standing, and publishes only counts while anonymous', () => {
    const { world: start, pollId } = withPoll({ secrecy: 'anonymous' });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'), { now: 2000 });
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('kz'), { now: 2100 });
    world = must(world, { type: 'poll.vote', pollId, choice: 'abstain' }, head('az'), { now: 2200 });
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('kz'), { now: 2300 }); // kz changes its mind
    const open = pollOf(world, pollId);
    expect(open).toMatchObject({ status: 'open', votedCount: 3, tally: null, rollCall: {}, result: null });
    expect(world.secret.ballots[pollId]?.kz).toEqual({
      choice: 'support',
      at: 2300,
      inviteId: 'inv-kz',
      commandId: expect.any(String),
    });
    // Nothing of any delegation's choice is in the public record.
    const publicJson = JSON.stringify(world.state.votes.polls);
    for (const choice of BALLOT_CHOICES) expect(publicJson).not.toContain(choice);

    world = must(world, { type: 'poll.close', pollId }, chair, { now: 3000, present: ['uz', 'kz', 'az'] });
    const closed = pollOf(world, pollId);
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: 3000,
      closedBy: 'chair',
      tally: tally(2, 0, 1),
      rollCall: {},
    });
    expect(closed.result).toMatchObject({
      entitled: 6,
      present: 3,
      voted: 3,
      tally: tally(2, 0, 1),
      quorumRequired: 3,
      quorumMet: true,
      majorityMet: true,
      outcome: 'passed',
    });
    expect(world.state.votes.openPollId).toBeNull();
  });

  it('publishes who voted what in a roll-call poll', () => {
    const { world: start, pollId } = withPoll({ secrecy: 'roll_call' });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'), { now: 2000 });
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('kz'), { now: 2001 });
    expect(pollOf(world, pollId)).toMatchObject({
      votedCount: 2,
      tally: tally(1, 1),
      rollCall: { uz: { choice: 'support', at: 2000 }, kz: { choice: 'object', at: 2001 } },
    });
    world = must(world, { type: 'poll.close', pollId }, chair, { present: DELEGATIONS });
    // 1–1 is a tie: a simple majority fails.
    expect(pollOf(world, pollId).result).toMatchObject({ quorumMet: true, majorityMet: false, outcome: 'failed' });
  });

  it('reports no quorum when too few delegations are present', () => {
    const { world: start, pollId } = withPoll({ quorum: 0.5 });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'));
    world = must(world, { type: 'poll.close', pollId }, chair, { present: ['kz'] });
    expect(pollOf(world, pollId).result).toMatchObject({
      present: 2,
      quorumRequired: 3,
      quorumMet: false,
      majorityMet: true,
      outcome: 'no_quorum',
    });
  });

  it('refuses ballots on a closed or unknown poll, changing nothing', () => {
    const { world: start, pollId } = withPoll();
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'));
    world = must(world, { type: 'poll.close', pollId }, chair);
    expect(run(world, { type: 'poll.vote', pollId, choice: 'object' }, head('uz'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'poll_closed' },
    });
    expect(run(world, { type: 'poll.vote', pollId: 'nope', choice: 'object' }, head('uz'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'poll_not_found' },
    });
    expect(world.secret.ballots[pollId]?.uz?.choice).toBe('support');
    expect(run(world, { type: 'poll.close', pollId }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'poll_closed' },
    });
  });

  it('refuses ballots from anyone but the designated voter of a delegation on the roster', () => {
    const { world, pollId } = withPoll();
    const stranger: Principal = { ...head('xx'), delegationId: 'xx' };
    expect(run(world, { type: 'poll.vote', pollId, choice: 'support' }, deputy('uz'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(world, { type: 'poll.vote', pollId, choice: 'support' }, stranger)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(world, { type: 'poll.vote', pollId, choice: 'support' }, chair)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(world, { type: 'poll.vote', pollId, choice: 'support' }, { ...secretariat })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('lets the head hand the right to the deputy and take it back; the deputy cannot take it', () => {
    const { world: start, pollId } = withPoll();
    let world = start;
    expect(world.state.votes.voterSeats.uz).toBe('head');
    expect(run(world, { type: 'voter.designate', seat: 'deputy' }, deputy('uz'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('uz'));
    world = must(world, { type: 'voter.designate', seat: 'deputy' }, head('uz'));
    expect(world.state.votes.voterSeats.uz).toBe('deputy');
    expect(run(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // The deputy changes the delegation's one ballot; it does not add a second.
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, deputy('uz'));
    expect(pollOf(world, pollId).votedCount).toBe(1);
    expect(world.secret.ballots[pollId]?.uz).toMatchObject({ choice: 'support', inviteId: 'inv-uz-deputy' });
    world = must(world, { type: 'voter.designate', seat: 'head' }, head('uz'));
    expect(run(world, { type: 'poll.vote', pollId, choice: 'abstain' }, deputy('uz'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A token without a seat (issued before seats existed) is the head's.
    const { seat: _seat, ...legacy } = head('uz');
    expect(run(world, { type: 'poll.vote', pollId, choice: 'abstain' }, legacy).ok).toBe(true);
  });

  it('keeps one poll open at a time, and only when the meeting is open', () => {
    const { world } = withPoll();
    const again = {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'anonymous',
      quorum: 0,
    } as const;
    expect(run(world, again, chair)).toMatchObject({ ok: false, error: { reason: 'poll_already_open' } });
    const scheduled = { state: initialState('m1', def), secret: initialSecret() };
    expect(run(scheduled, again, chair)).toMatchObject({ ok: false, error: { reason: 'meeting_not_open' } });
    expect(run(openMeeting(), { ...again, proposalId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'proposal_not_found' },
    });
    expect(run(openMeeting(), again, secretariat)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(openMeeting(), again, head('uz'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('never mutates the input world', () => {
    const { world, pollId } = withPoll();
    const frozen = JSON.stringify(world);
    must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'));
    must(world, { type: 'poll.close', pollId }, chair);
    expect(JSON.stringify(world)).toBe(frozen);
  });
});

describe('the no-objection procedure', () => {
  const noObjection = {
    method: 'no_objection',
    secrecy: 'roll_call',
    majority: 'consensus',
    durationSeconds: 60,
    quorum: 0,
  } as const;

  it('needs a countdown and is always consensus', () => {
    const w = openMeeting();
    const base = {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'no_objection',
      secrecy: 'anonymous',
      quorum: 0,
    } as const;
    expect(run(w, base, chair)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(run(w, { ...base, durationSeconds: 60, majority: 'simple' }, chair)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const { world, pollId } = withPoll({ ...noObjection, majority: undefined }, { now: 10_000 });
    expect(pollOf(world, pollId)).toMatchObject({ majority: 'consensus', openedAt: 10_000, closesAt: 70_000 });
  });

  it('takes objections until just before the deadline and refuses them from the deadline on', () => {
    const { world, pollId } = withPoll(noObjection, { now: 10_000 });
    expect(run(world, { type: 'poll.vote', pollId, choice: 'object' }, head('kz'), { now: 69_999 }).ok).toBe(true);
    expect(run(world, { type: 'poll.vote', pollId, choice: 'object' }, head('kz'), { now: 70_000 })).toMatchObject({
      ok: false,
      error: { reason: 'poll_closed' },
    });
    expect(run(world, { type: 'poll.vote', pollId, choice: 'object' }, head('kz'), { now: 90_000 })).toMatchObject({
      ok: false,
      error: { reason: 'poll_closed' },
    });
  });

  it('passes at the deadline when nobody objects, closed by the server itself', () => {
    const { world, pollId } = withPoll(noObjection, { now: 10_000 });
    const closed = must(world, { type: 'poll.close', pollId }, systemPrincipal('m1'), { now: 70_000 });
    expect(pollOf(closed, pollId)).toMatchObject({ status: 'closed', closedBy: 'deadline', closedAt: 70_000 });
    expect(pollOf(closed, pollId).result).toMatchObject({
      voted: 0,
      tally: tally(0, 0),
      majorityMet: true,
      outcome: 'passed',
    });
  });

  it('fails when a single delegation objects', () => {
    const { world: start, pollId } = withPoll(noObjection, { now: 10_000 });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('de'), { now: 20_000 });
    world = must(world, { type: 'poll.close', pollId }, systemPrincipal('m1'), { now: 70_000 });
    expect(pollOf(world, pollId).result).toMatchObject({ tally: tally(0, 1), outcome: 'failed' });
  });

  it('passes when the only objection is withdrawn before the deadline', () => {
    const { world: start, pollId } = withPoll(noObjection, { now: 10_000 });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('de'), { now: 20_000 });
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('de'), { now: 30_000 });
    world = must(world, { type: 'poll.close', pollId }, systemPrincipal('m1'), { now: 70_000 });
    expect(pollOf(world, pollId).result?.outcome).toBe('passed');
  });
});
