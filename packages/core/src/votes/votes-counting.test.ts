import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BALLOT_CHOICES, majorityMet, pollResult, quorumRequired, tallyOf, type BallotChoice } from '../index.js';
import { replaySecret } from '../server.js';
import {
  chair,
  created,
  deputy,
  DELEGATIONS,
  head,
  log,
  must,
  pollOf,
  run,
  tally,
  withPoll,
} from '../testing/votes-world.js';

describe('counting rules', () => {
  it('tallies each choice', () => {
    expect(
      tallyOf([{ choice: 'support' }, { choice: 'object' }, { choice: 'support' }, { choice: 'abstain' }]),
    ).toEqual(tally(2, 1, 1));
    expect(tallyOf([])).toEqual(tally(0, 0, 0));
  });

  it('rounds the quorum up, without float noise', () => {
    expect(quorumRequired(53, 0.5)).toBe(27);
    expect(quorumRequired(52, 0.5)).toBe(26);
    expect(quorumRequired(10, 0.7)).toBe(7); // 0.7 × 10 is 7.000000000000001 in floating point
    expect(quorumRequired(3, 2 / 3)).toBe(2);
    expect(quorumRequired(53, 0)).toBe(0);
    expect(quorumRequired(53, 1)).toBe(53);
  });

  it('simple majority: more support than objections; ties and 0–0 fail; abstentions do not count', () => {
    expect(majorityMet('simple', tally(2, 1))).toBe(true);
    expect(majorityMet('simple', tally(1, 1))).toBe(false);
    expect(majorityMet('simple', tally(0, 0, 5))).toBe(false);
    expect(majorityMet('simple', tally(1, 0, 40))).toBe(true);
    expect(majorityMet('simple', tally(20, 21, 0))).toBe(false);
  });

  it('two thirds of the votes cast: exactly two thirds passes, just under fails, none cast fails', () => {
    expect(majorityMet('two_thirds', tally(2, 1))).toBe(true);
    expect(majorityMet('two_thirds', tally(20, 10))).toBe(true);
    expect(majorityMet('two_thirds', tally(19, 10))).toBe(false);
    expect(majorityMet('two_thirds', tally(3, 2))).toBe(false);
    expect(majorityMet('two_thirds', tally(1, 0, 50))).toBe(true);
    expect(majorityMet('two_thirds', tally(0, 0, 3))).toBe(false);
  });

  it('consensus: any objection fails; silence and abstentions pass', () => {
    expect(majorityMet('consensus', tally(52, 1))).toBe(false);
    expect(majorityMet('consensus', tally(0, 0, 0))).toBe(true);
    expect(majorityMet('consensus', tally(3, 0, 10))).toBe(true);
  });

  it('counts as present the delegations connected at close and those that voted', () => {
    const { world, pollId } = withPoll({ quorum: 0.5 });
    const poll = pollOf(world, pollId);
    const ballots = { uz: { choice: 'support' as const, at: 1, inviteId: 'x', commandId: 'c1' } };
    // 6 entitled → 3 required. uz voted and left; kz, az connected; a stranger is ignored.
    const r = pollResult(poll, ballots, ['kz', 'az', 'nobody'], 5000);
    expect(r).toMatchObject({
      entitled: 6,
      present: 3,
      presentDelegations: ['uz', 'kz', 'az'],
      voted: 1,
      quorumRequired: 3,
      quorumMet: true,
      outcome: 'passed',
    });
    expect(pollResult(poll, ballots, ['kz'], 5000)).toMatchObject({
      present: 2,
      quorumMet: false,
      outcome: 'no_quorum',
    });
  });
});

describe('replaying the log rebuilds the secret ballots', () => {
  it('gives exactly the live secret, ignoring refused and unrelated commands', () => {
    const { world: start, pollId } = withPoll();
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'support' }, head('uz'), { now: 2000 });
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('kz'), { now: 2001 });
    run(world, { type: 'poll.vote', pollId, choice: 'abstain' }, deputy('kz')); // refused: not logged
    world = must(world, { type: 'poll.vote', pollId, choice: 'abstain' }, head('kz'), { now: 2002 });
    world = must(world, { type: 'poll.close', pollId }, chair);
    const { world: w2, id: second } = created(world, {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'roll_call',
      quorum: 0,
    });
    must(w2, { type: 'poll.vote', pollId: second, choice: 'object' }, head('az'), { now: 3000 });
    const replayed = replaySecret([
      ...log,
      { commandId: 'junk-1', type: 'poll.vote', payload: { nonsense: true }, at: 1, principal: head('it') },
    ]);
    expect(replayed.ballots[pollId]).toEqual(world.secret.ballots[pollId]);
    expect(replayed.ballots[second]).toEqual({
      az: { choice: 'object', at: 3000, inviteId: 'inv-az', commandId: expect.any(String) },
    });
    expect(replayed.ballots[pollId]?.kz?.choice).toBe('abstain');
    expect(replayed.ballots[pollId]?.it).toBeUndefined();
  });

  it('for any sequence of ballots, the tally is the last choice of each delegation, live and replayed', () => {
    const ballot = fc.record({
      d: fc.constantFrom(...DELEGATIONS),
      choice: fc.constantFrom<BallotChoice>(...BALLOT_CHOICES),
    });
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 40 }), (ballots) => {
        const { world: start, pollId } = withPoll({ secrecy: 'anonymous', quorum: 0 });
        let world = start;
        const last = new Map<string, BallotChoice>();
        for (const [i, b] of ballots.entries()) {
          world = must(world, { type: 'poll.vote', pollId, choice: b.choice }, head(b.d), { now: 2000 + i });
          last.set(b.d, b.choice);
        }
        const replayed = replaySecret(log);
        world = must(world, { type: 'poll.close', pollId }, chair, { now: 9000 });
        const expected = tallyOf([...last.values()].map((choice) => ({ choice })));
        expect(pollOf(world, pollId).result?.tally).toEqual(expected);
        expect(pollOf(world, pollId).result?.voted).toBe(last.size);
        expect(replayed.ballots[pollId] ?? {}).toEqual(world.secret.ballots[pollId]);
      }),
      { numRuns: 60 },
    );
  });
});
