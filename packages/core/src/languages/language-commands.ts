import { z } from 'zod';
import { commandBase } from '../command-base.js';
import { TEXT_LIMITS } from '../limits.js';
import { idSchema, langSchema } from '../text.js';
import { VOTE_TEXT_LIMITS } from '../votes/votes-state.js';

/**
 * What a translation is for: one text of the meeting, named by what holds it. Documents are
 * named by their place in the item's list (they have no id); `original`, the document's title
 * in the original language as the client saw it, guards against a list reordered meanwhile by
 * `agenda.setDocuments`: another document at that place is `document_not_found`, never
 * translated by mistake.
 */
export const textTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('meeting.title') }),
  z.strictObject({ kind: z.literal('chair.name') }),
  z.strictObject({ kind: z.literal('item.title'), itemId: idSchema }),
  z.strictObject({
    kind: z.literal('document.title'),
    itemId: idSchema,
    index: z.number().int().min(0).max(100),
    original: z.string().max(TEXT_LIMITS.name).optional(),
  }),
  z.strictObject({ kind: z.literal('delegation.name'), delegationId: idSchema }),
  z.strictObject({ kind: z.literal('presenter.name'), presenterId: idSchema }),
  z.strictObject({ kind: z.literal('presenter.title'), presenterId: idSchema }),
  z.strictObject({ kind: z.literal('proposal.title'), proposalId: idSchema }),
  z.strictObject({ kind: z.literal('proposal.text'), proposalId: idSchema }),
  z.strictObject({ kind: z.literal('decision.text'), decisionId: idSchema }),
]);
export type TextTarget = z.infer<typeof textTargetSchema>;
export type TextTargetKind = TextTarget['kind'];

/** Commands of the meeting's languages: translations filled in, a language added. */
export const languageCommandSchemas = [
  /**
   * Sets one text in one language of the meeting; a blank text removes that translation (never
   * the original's). The length limit is the longest text's (a proposal's); the rule applies the
   * target's own.
   */
  z.strictObject({
    ...commandBase,
    type: z.literal('text.translate'),
    target: textTargetSchema,
    lang: langSchema,
    text: z.string().max(VOTE_TEXT_LIMITS.proposalText),
  }),
  /** Adds a language at the end of the meeting's list; its texts start untranslated. */
  z.strictObject({ ...commandBase, type: z.literal('meeting.addLanguage'), lang: langSchema }),
] as const;

export type LanguageCommandType = z.infer<(typeof languageCommandSchemas)[number]>['type'];
