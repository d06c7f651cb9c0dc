import type { CommandOf } from '../commands.js';
import { conflict, fail } from '../errors.js';
import type { Principal } from '../roles.js';
import type { MeetingWorld, RuleContext, WorldOutcome, WorldRules } from '../rules.js';
import type { SecretBallot, SecretState } from '../secret.js';
import type { MeetingState } from '../state.js';
import { isPastDeadline, pollResult, tallyOf } from './poll-result.js';
import { SYSTEM_INVITE_ID } from './system-close.js';
import type { VoteCommandType } from './vote-commands.js';
import type { Decision, Poll, Proposal, VotesState } from './votes-state.js';

/**
 * Rules of proposals, polls and decisions. Pure: (world, principal, command, context) in,
 * next world or a refusal out. Ballots go to the secret part of the world; the public part
 * gets only what everyone may see (see votes-state.ts).
 */

type Outcome = WorldOutcome;

function okWorld(state: MeetingState, secret: SecretState, createdId?: string): Outcome {
  return createdId === undefined
    ? { ok: true, world: { state, secret } }
    : { ok: true, world: { state, secret }, createdId };
}

function withVotes(state: MeetingState, patch: Partial<VotesState>): MeetingState {
  return { ...state, votes: { ...state.votes, ...patch } };
}

function withPoll(state: MeetingState, poll: Poll, patch: Partial<VotesState> = {}): MeetingState {
  return withVotes(state, { polls: { ...state.votes.polls, [poll.id]: poll }, ...patch });
}

export function proposalUnderVote(state: MeetingState, proposalId: string): boolean {
  const open = state.votes.openPollId === null ? undefined : state.votes.polls[state.votes.openPollId];
  return open?.proposalId === proposalId;
}

function addProposal(world: MeetingWorld, cmd: CommandOf<'proposal.add'>, ctx: RuleContext): Outcome {
  const { state } = world;
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  if (!state.agenda.items[cmd.agendaItemId]) return conflict('item_not_found', `no agenda item "${cmd.agendaItemId}"`);
  const sponsor = cmd.sponsorDelegationId ?? null;
  if (sponsor !== null && !state.roster.delegations[sponsor]) return fail('invalid', `no delegation "${sponsor}"`);
  const id = ctx.newId();
  const proposal: Proposal = {
    id,
    agendaItemId: cmd.agendaItemId,
    title: cmd.title,
    text: cmd.text,
    sponsorDelegationId: sponsor,
    documents: cmd.documents ?? [],
  };
  const next = withVotes(state, {
    proposals: { ...state.votes.proposals, [id]: proposal },
    proposalOrder: [...state.votes.proposalOrder, id],
  });
  return okWorld(next, world.secret, id);
}

function editProposal(world: MeetingWorld, cmd: CommandOf<'proposal.edit'>): Outcome {
  const { state } = world;
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const current = state.votes.proposals[cmd.proposalId];
  if (!current) return conflict('proposal_not_found', `no proposal "${cmd.proposalId}"`);
  // Delegations vote on the text they see: it cannot change under them.
  if (proposalUnderVote(state, cmd.proposalId)) return conflict('proposal_in_vote', 'the proposal is being voted on');
  if (cmd.agendaItemId !== undefined && !state.agenda.items[cmd.agendaItemId])
    return conflict('item_not_found', `no agenda item "${cmd.agendaItemId}"`);
  if (cmd.sponsorDelegationId && !state.roster.delegations[cmd.sponsorDelegationId])
    return fail('invalid', `no delegation "${cmd.sponsorDelegationId}"`);
  const edited: Proposal = {
    ...current,
    agendaItemId: cmd.agendaItemId ?? current.agendaItemId,
    title: cmd.title ?? current.title,
    text: cmd.text ?? current.text,
    sponsorDelegationId: cmd.sponsorDelegationId === undefined ? current.sponsorDelegationId : cmd.sponsorDelegationId,
    documents: cmd.documents ?? current.documents,
  };
  return okWorld(withVotes(state, { proposals: { ...state.votes.proposals, [edited.id]: edited } }), world.secret);
}

function openPoll(world: MeetingWorld, cmd: CommandOf<'poll.open'>, ctx: RuleContext): Outcome {
  const { state } = world;
  if (state.meta.status === 'scheduled') return conflict('meeting_not_open', 'the meeting is not open yet');
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const proposal = state.votes.proposals[cmd.proposalId];
  if (!proposal) return conflict('proposal_not_found', `no proposal "${cmd.proposalId}"`);
  if (state.votes.openPollId !== null) return conflict('poll_already_open', 'another poll is open; close it first');
  const duration = cmd.durationSeconds ?? null;
  if (cmd.method === 'no_objection') {
    if (duration === null) return fail('invalid', 'a no-objection procedure needs a countdown (durationSeconds)');
    if (cmd.majority !== undefined && cmd.majority !== 'consensus')
      return fail('invalid', 'a no-objection procedure passes by consensus');
  }
  const id = ctx.newId();
  const poll: Poll = {
    id,
    proposalId: proposal.id,
    agendaItemId: proposal.agendaItemId,
    method: cmd.method,
    secrecy: cmd.secrecy,
    majority: cmd.method === 'no_objection' ? 'consensus' : (cmd.majority ?? 'simple'),
    quorum: cmd.quorum,
    status: 'open',
    openedAt: ctx.now,
    closesAt: duration === null ? null : ctx.now + duration * 1000,
    closedAt: null,
    closedBy: null,
    entitled: [...state.roster.delegationOrder],
    votedCount: 0,
    rollCall: {},
    tally: cmd.secrecy === 'roll_call' ? { support: 0, object: 0, abstain: 0 } : null,
    result: null,
  };
  const next = withPoll(state, poll, { pollOrder: [...state.votes.pollOrder, id], openPollId: id });
  const secret: SecretState = { ...world.secret, ballots: { ...world.secret.ballots, [id]: {} } };
  return okWorld(next, secret, id);
}

function closePoll(world: MeetingWorld, principal: Principal, cmd: CommandOf<'poll.close'>, ctx: RuleContext): Outcome {
  const { state } = world;
  const poll = state.votes.polls[cmd.pollId];
  if (!poll) return conflict('poll_not_found', `no poll "${cmd.pollId}"`);
  if (poll.status === 'closed') return conflict('poll_closed', 'the poll is already closed');
  const connected = ctx.presentDelegations?.() ?? [];
  const result = pollResult(poll, world.secret.ballots[poll.id] ?? {}, connected, ctx.now);
  const closed: Poll = {
    ...poll,
    status: 'closed',
    closedAt: ctx.now,
    closedBy: principal.inviteId === SYSTEM_INVITE_ID ? 'deadline' : 'chair',
    // The totals become public with the result, in anonymous polls too.
    tally: result.tally,
    result,
  };
  return okWorld(
    withPoll(state, closed, { openPollId: state.votes.openPollId === poll.id ? null : state.votes.openPollId }),
    world.secret,
  );
}

function castBallot(world: MeetingWorld, principal: Principal, cmd: CommandOf<'poll.vote'>, ctx: RuleContext): Outcome {
  const { state } = world;
  const delegationId = principal.delegationId;
  const poll = state.votes.polls[cmd.pollId];
  if (!poll) return conflict('poll_not_found', `no poll "${cmd.pollId}"`);
  if (delegationId === null || !poll.entitled.includes(delegationId))
    return fail('forbidden', 'only a delegation on the roster may vote');
  const seat = principal.seat ?? 'head';
  const holder = state.votes.voterSeats[delegationId] ?? 'head';
  if (seat !== holder) return fail('forbidden', `the ${holder} of the delegation holds the voting right`);
  if (poll.status === 'closed' || isPastDeadline(poll, ctx.now)) return conflict('poll_closed', 'the poll is closed');

  const ballot: SecretBallot = { choice: cmd.choice, at: ctx.now, inviteId: principal.inviteId, commandId: cmd.id };
  const pollBallots = { ...(world.secret.ballots[poll.id] ?? {}), [delegationId]: ballot };
  const secret: SecretState = { ...world.secret, ballots: { ...world.secret.ballots, [poll.id]: pollBallots } };
  const votedCount = Object.keys(pollBallots).length;
  let next: Poll = { ...poll, votedCount };
  if (poll.secrecy === 'roll_call') {
    const rollCall = { ...poll.rollCall, [delegationId]: { choice: cmd.choice, at: ctx.now } };
    next = { ...next, rollCall, tally: tallyOf(Object.values(rollCall)) };
  }
  return okWorld(withPoll(state, next), secret);
}

function designateVoter(world: MeetingWorld, principal: Principal, cmd: CommandOf<'voter.designate'>): Outcome {
  const { state } = world;
  const delegationId = principal.delegationId;
  if (delegationId === null || !state.roster.delegations[delegationId])
    return fail('forbidden', 'only a delegation on the roster holds a voting right');
  if ((principal.seat ?? 'head') !== 'head')
    return fail('forbidden', 'only the head of delegation hands over the voting right');
  return okWorld(
    withVotes(state, { voterSeats: { ...state.votes.voterSeats, [delegationId]: cmd.seat } }),
    world.secret,
  );
}

function recordDecision(world: MeetingWorld, cmd: CommandOf<'decision.record'>, ctx: RuleContext): Outcome {
  const { state } = world;
  if (!state.agenda.items[cmd.agendaItemId]) return conflict('item_not_found', `no agenda item "${cmd.agendaItemId}"`);
  const pollId = cmd.pollId ?? null;
  const poll = pollId === null ? null : state.votes.polls[pollId];
  if (poll === undefined) return conflict('poll_not_found', `no poll "${String(pollId)}"`);
  if (poll && poll.status === 'open')
    return conflict('poll_still_open', 'close the poll before recording its decision');
  const proposalId = cmd.proposalId ?? poll?.proposalId ?? null;
  if (proposalId !== null && !state.votes.proposals[proposalId])
    return conflict('proposal_not_found', `no proposal "${proposalId}"`);
  if (poll && poll.proposalId !== proposalId) return fail('invalid', 'the poll was on another proposal');
  const id = ctx.newId();
  const decision: Decision = {
    id,
    agendaItemId: cmd.agendaItemId,
    proposalId,
    pollId,
    text: cmd.text,
    outcome: cmd.outcome,
    recordedAt: ctx.now,
    updatedAt: null,
  };
  const next = withVotes(state, {
    decisions: { ...state.votes.decisions, [id]: decision },
    decisionOrder: [...state.votes.decisionOrder, id],
  });
  return okWorld(next, world.secret, id);
}

function editDecision(world: MeetingWorld, cmd: CommandOf<'decision.edit'>, ctx: RuleContext): Outcome {
  const { state } = world;
  const current = state.votes.decisions[cmd.decisionId];
  if (!current) return conflict('decision_not_found', `no decision "${cmd.decisionId}"`);
  const edited: Decision = {
    ...current,
    text: cmd.text ?? current.text,
    outcome: cmd.outcome ?? current.outcome,
    updatedAt: ctx.now,
  };
  return okWorld(withVotes(state, { decisions: { ...state.votes.decisions, [edited.id]: edited } }), world.secret);
}

function readBack(world: MeetingWorld, cmd: CommandOf<'decision.readBack'>): Outcome {
  const { state } = world;
  if (cmd.decisionId !== null && !state.votes.decisions[cmd.decisionId])
    return conflict('decision_not_found', `no decision "${cmd.decisionId}"`);
  return okWorld(withVotes(state, { readBack: cmd.decisionId }), world.secret);
}

/** The votes' part of the dispatch table. Votes also change the secret part, so they take and return the whole world. */
export const voteRules: WorldRules<VoteCommandType> = {
  'proposal.add': (world, _principal, command, ctx) => addProposal(world, command, ctx),
  'proposal.edit': (world, _principal, command) => editProposal(world, command),
  'poll.open': (world, _principal, command, ctx) => openPoll(world, command, ctx),
  'poll.close': closePoll,
  'poll.vote': castBallot,
  'voter.designate': (world, principal, command) => designateVoter(world, principal, command),
  'decision.record': (world, _principal, command, ctx) => recordDecision(world, command, ctx),
  'decision.edit': (world, _principal, command, ctx) => editDecision(world, command, ctx),
  'decision.readBack': (world, _principal, command) => readBack(world, command),
};
