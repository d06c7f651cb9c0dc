import { z } from 'zod';
import { TEXT_LIMITS } from '../limits.js';
import { SEATS } from '../roles.js';
import { meetingTextSchema, idSchema } from '../text.js';

/**
 * The public `votes` part of the meeting record: proposals, polls (progress and, once closed,
 * results), who holds each delegation's voting right, and the decision register.
 *
 * What is deliberately NOT here: the individual ballots of anonymous polls. They live in the
 * server's secret state (secret.ts) and in the command log; only their count is published
 * while the poll is open, and the totals once it closes.
 */

/** Longer texts than a title: a proposal's operative text, a decision's wording. */
export const VOTE_TEXT_LIMITS = { proposalText: 4000, decisionText: 2000, documents: 10, url: 500 } as const;

export const BALLOT_CHOICES = ['support', 'object', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

/** `vote`: support / object / abstain. `no_objection`: a countdown; it passes unless someone objects. */
export const POLL_METHODS = ['vote', 'no_objection'] as const;
export type PollMethod = (typeof POLL_METHODS)[number];

/** `roll_call`: who voted what is public. `anonymous`: only totals are public. */
export const POLL_SECRECY = ['roll_call', 'anonymous'] as const;
export type PollSecrecy = (typeof POLL_SECRECY)[number];

/**
 * `simple`: more support than objections among the votes cast (abstentions are not cast votes).
 * `two_thirds`: support is at least two thirds of support + object. `consensus`: no objection.
 */
export const MAJORITIES = ['simple', 'two_thirds', 'consensus'] as const;
export type Majority = (typeof MAJORITIES)[number];

export const POLL_OUTCOMES = ['passed', 'failed', 'no_quorum'] as const;
export type PollOutcome = (typeof POLL_OUTCOMES)[number];

export const DECISION_OUTCOMES = ['adopted', 'supported', 'noted', 'rejected', 'deferred'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

const epochMs = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

export const proposalDocumentSchema = z.object({
  title: meetingTextSchema(TEXT_LIMITS.name),
  url: z.url({ protocol: /^https?$/ }).max(VOTE_TEXT_LIMITS.url),
});
export type ProposalDocument = z.infer<typeof proposalDocumentSchema>;

/** A proposal as the secretariat prepares it in the meeting definition. */
export const proposalDefinitionSchema = z.object({
  id: idSchema,
  agendaItemId: idSchema,
  title: meetingTextSchema(),
  text: meetingTextSchema(VOTE_TEXT_LIMITS.proposalText),
  sponsorDelegationId: idSchema.nullable().default(null),
  documents: z.array(proposalDocumentSchema).max(VOTE_TEXT_LIMITS.documents).default([]),
});
export type ProposalDefinition = z.output<typeof proposalDefinitionSchema>;

export const proposalSchema = z.object({
  id: z.string(),
  agendaItemId: z.string(),
  title: meetingTextSchema(),
  text: meetingTextSchema(VOTE_TEXT_LIMITS.proposalText),
  sponsorDelegationId: z.string().nullable(),
  documents: z.array(z.object({ title: meetingTextSchema(TEXT_LIMITS.name), url: z.string() })),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const tallySchema = z.object({ support: count, object: count, abstain: count });
export type Tally = z.infer<typeof tallySchema>;

/** What the server snapshots when a poll closes, published to every screen. */
export const pollResultSchema = z.object({
  at: epochMs,
  /** Delegations entitled to vote (the roster when the poll opened). */
  entitled: count,
  /** Delegations connected at close, or that voted: the base of the quorum. */
  present: count,
  presentDelegations: z.array(z.string()),
  voted: count,
  tally: tallySchema,
  quorumRequired: count,
  quorumMet: z.boolean(),
  majorityMet: z.boolean(),
  outcome: z.enum(POLL_OUTCOMES),
});
export type PollResult = z.infer<typeof pollResultSchema>;

export const rollCallEntrySchema = z.object({ choice: z.enum(BALLOT_CHOICES), at: epochMs });

export const pollSchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  agendaItemId: z.string(),
  method: z.enum(POLL_METHODS),
  secrecy: z.enum(POLL_SECRECY),
  majority: z.enum(MAJORITIES),
  /** Share of the entitled delegations that must be present, 0..1. */
  quorum: z.number().min(0).max(1),
  status: z.enum(['open', 'closed']),
  openedAt: epochMs,
  /** Server time at which the server closes the poll by itself (the no-objection countdown). */
  closesAt: epochMs.nullable(),
  closedAt: epochMs.nullable(),
  closedBy: z.enum(['chair', 'deadline']).nullable(),
  entitled: z.array(z.string()),
  /** How many delegations have a ballot in: the progress everyone sees. */
  votedCount: count,
  /** Roll-call polls only: each delegation's current choice. Always empty in anonymous polls. */
  rollCall: z.record(z.string(), rollCallEntrySchema),
  /** Live totals in roll-call polls; in anonymous polls null until the poll closes. */
  tally: tallySchema.nullable(),
  result: pollResultSchema.nullable(),
});
export type Poll = z.infer<typeof pollSchema>;

export const decisionSchema = z.object({
  id: z.string(),
  agendaItemId: z.string(),
  proposalId: z.string().nullable(),
  pollId: z.string().nullable(),
  text: meetingTextSchema(VOTE_TEXT_LIMITS.decisionText),
  outcome: z.enum(DECISION_OUTCOMES),
  recordedAt: epochMs,
  updatedAt: epochMs.nullable(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const votesStateSchema = z.object({
  proposals: z.record(z.string(), proposalSchema),
  proposalOrder: z.array(z.string()),
  polls: z.record(z.string(), pollSchema),
  pollOrder: z.array(z.string()),
  /** At most one poll is open at a time: the one delegations are asked about. */
  openPollId: z.string().nullable(),
  /** Which seat of each delegation holds its voting right now. */
  voterSeats: z.record(z.string(), z.enum(SEATS)),
  decisions: z.record(z.string(), decisionSchema),
  decisionOrder: z.array(z.string()),
  /** The decision the chair shows on the projector for read-back, or null. */
  readBack: z.string().nullable(),
});
export type VotesState = z.infer<typeof votesStateSchema>;

/** The votes part of a new meeting: the prepared proposals; every head of delegation holds the right. */
export function initialVotes(def: {
  delegations: readonly { id: string }[];
  proposals: readonly ProposalDefinition[];
}): VotesState {
  const proposals: Record<string, Proposal> = {};
  for (const p of def.proposals) proposals[p.id] = { ...p };
  return {
    proposals,
    proposalOrder: def.proposals.map((p) => p.id),
    polls: {},
    pollOrder: [],
    openPollId: null,
    voterSeats: Object.fromEntries(def.delegations.map((d) => [d.id, 'head' as const])),
    decisions: {},
    decisionOrder: [],
    readBack: null,
  };
}

/** Cross-references of the prepared proposals: unique ids, known agenda items and sponsors. */
export function checkProposals(def: {
  delegations: { id: string }[];
  agenda: { id: string }[];
  proposals: { id: string; agendaItemId: string; sponsorDelegationId: string | null }[];
}): string[] {
  const problems: string[] = [];
  const items = new Set(def.agenda.map((a) => a.id));
  const delegations = new Set(def.delegations.map((d) => d.id));
  const seen = new Set<string>();
  for (const p of def.proposals) {
    if (seen.has(p.id)) problems.push(`duplicate proposal id "${p.id}"`);
    seen.add(p.id);
    if (!items.has(p.agendaItemId)) problems.push(`proposal "${p.id}" names unknown agenda item "${p.agendaItemId}"`);
    if (p.sponsorDelegationId !== null && !delegations.has(p.sponsorDelegationId))
      problems.push(`proposal "${p.id}" names unknown sponsor "${p.sponsorDelegationId}"`);
  }
  return problems;
}

/** The polls in the order they were opened. */
export function orderedPolls(votes: VotesState): Poll[] {
  return votes.pollOrder.map((id) => votes.polls[id]).filter((p): p is Poll => p !== undefined);
}

export function orderedProposals(votes: VotesState): Proposal[] {
  return votes.proposalOrder.map((id) => votes.proposals[id]).filter((p): p is Proposal => p !== undefined);
}

export function orderedDecisions(votes: VotesState): Decision[] {
  return votes.decisionOrder.map((id) => votes.decisions[id]).filter((d): d is Decision => d !== undefined);
}

/** The poll screens show: the open one, else the latest one on the item under way. */
export function featuredPoll(votes: VotesState, currentItemId: string | null): Poll | null {
  if (votes.openPollId !== null) return votes.polls[votes.openPollId] ?? null;
  const last = votes.pollOrder.at(-1);
  const poll = last === undefined ? undefined : votes.polls[last];
  return poll && poll.agendaItemId === currentItemId ? poll : null;
}
