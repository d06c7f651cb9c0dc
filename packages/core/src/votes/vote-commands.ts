import { z } from 'zod';
import { commandBase } from '../command-base.js';
import { TEXT_LIMITS } from '../limits.js';
import { seatSchema } from '../roles.js';
import { meetingTextSchema, idSchema } from '../text.js';
import {
  BALLOT_CHOICES,
  DECISION_OUTCOMES,
  MAJORITIES,
  POLL_METHODS,
  POLL_SECRECY,
  proposalDocumentSchema,
  VOTE_TEXT_LIMITS,
} from './votes-state.js';

const proposalText = meetingTextSchema(VOTE_TEXT_LIMITS.proposalText);
const decisionText = meetingTextSchema(VOTE_TEXT_LIMITS.decisionText);
const documents = z.array(proposalDocumentSchema).max(VOTE_TEXT_LIMITS.documents);

/** Longest countdown or voting window the chair can set: a day. */
export const MAX_POLL_SECONDS = 24 * 60 * 60;

/** The delegation's ballot; a later one (with a new command id) replaces it until the poll closes. */
export const pollVoteCommandSchema = z.strictObject({
  ...commandBase,
  type: z.literal('poll.vote'),
  pollId: idSchema,
  choice: z.enum(BALLOT_CHOICES),
});

/** Commands of proposals, polls and the decision register (see docs/protocol.md). */
export const voteCommandSchemas = [
  z.strictObject({
    ...commandBase,
    type: z.literal('proposal.add'),
    agendaItemId: idSchema,
    title: meetingTextSchema(),
    text: proposalText,
    sponsorDelegationId: idSchema.nullable().optional(),
    documents: documents.optional(),
  }),
  /** Replaces the fields given; a proposal under vote cannot change. */
  z.strictObject({
    ...commandBase,
    type: z.literal('proposal.edit'),
    proposalId: idSchema,
    agendaItemId: idSchema.optional(),
    title: meetingTextSchema().optional(),
    text: proposalText.optional(),
    sponsorDelegationId: idSchema.nullable().optional(),
    documents: documents.optional(),
  }),
  z.strictObject({
    ...commandBase,
    type: z.literal('poll.open'),
    proposalId: idSchema,
    method: z.enum(POLL_METHODS),
    secrecy: z.enum(POLL_SECRECY),
    /** Omitted: simple for a vote; a no-objection procedure is always consensus. */
    majority: z.enum(MAJORITIES).optional(),
    quorum: z.number().min(0).max(1),
    /** The countdown of a no-objection procedure (required there), or an optional voting window. */
    durationSeconds: z.number().int().min(1).max(MAX_POLL_SECONDS).nullable().optional(),
  }),
  z.strictObject({ ...commandBase, type: z.literal('poll.close'), pollId: idSchema }),
  pollVoteCommandSchema,
  /** The head of delegation hands the voting right to the deputy, or takes it back. */
  z.strictObject({ ...commandBase, type: z.literal('voter.designate'), seat: seatSchema }),
  z.strictObject({
    ...commandBase,
    type: z.literal('decision.record'),
    agendaItemId: idSchema,
    proposalId: idSchema.nullable().optional(),
    pollId: idSchema.nullable().optional(),
    text: decisionText,
    outcome: z.enum(DECISION_OUTCOMES),
  }),
  z.strictObject({
    ...commandBase,
    type: z.literal('decision.edit'),
    decisionId: idSchema,
    text: decisionText.optional(),
    outcome: z.enum(DECISION_OUTCOMES).optional(),
  }),
  /** Shows a decision on the projector for read-back; null takes it down. */
  z.strictObject({ ...commandBase, type: z.literal('decision.readBack'), decisionId: idSchema.nullable() }),
] as const;

/** For length limits in forms. */
export const VOTE_FORM_LIMITS = { title: TEXT_LIMITS.shortText, ...VOTE_TEXT_LIMITS } as const;

export type VoteCommandType = z.infer<(typeof voteCommandSchemas)[number]>['type'];
