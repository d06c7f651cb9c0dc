import { z } from 'zod';
import { ROSTER_MAX_DELEGATIONS, TEXT_LIMITS } from './limits.js';
import {
  idSchema,
  ITEM_DOCUMENTS_MAX,
  LEGACY_LANGUAGES,
  linkDocumentSchema,
  meetingLanguagesSchema,
  meetingTextSchema,
  textProblem,
  type Lang,
  type MeetingText,
} from './text.js';
import { foreignLinkLanguage, interpretationLinksSchema } from './meeting/meeting-links.js';
import { checkProposals, proposalDefinitionSchema } from './votes/votes-state.js';
import { checkParticipants, participantDefinitionSchema, PARTICIPANTS_MAX } from './participants.js';

/** An IANA time zone the runtime knows ("Europe/Brussels"). */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, 'unknown IANA time zone');

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const delegationSchema = z.object({
  id: idSchema,
  name: meetingTextSchema(TEXT_LIMITS.name),
});

export const presenterSchema = z.object({
  id: idSchema,
  name: meetingTextSchema(TEXT_LIMITS.name),
  /** What they are: "WCO Secretary General", "Director, ROCB Europe". */
  title: meetingTextSchema(TEXT_LIMITS.name),
  /** The administration they belong to, if they speak for one. */
  delegationId: idSchema.nullable().default(null),
});

export const agendaItemDefinitionSchema = z.object({
  id: idSchema,
  title: meetingTextSchema(),
  plannedMinutes: z.number().int().min(1).max(600),
  presenterIds: z.array(idSchema).max(20).default([]),
  /** The item's documents (reports, papers), linked for every participant; files are uploaded later. */
  documents: z.array(linkDocumentSchema).max(ITEM_DOCUMENTS_MAX).default([]),
});

/**
 * What the secretariat prepares before the meeting. Validated on `POST /api/meetings`;
 * cross-references (presenters, delegations) are checked by `checkDefinition`.
 */
export const meetingDefinitionSchema = z
  .object({
    /**
     * The meeting's languages, the original first: every text is required in the original and
     * may be given in the others. Omitted: English and Russian, as meetings were before.
     */
    languages: meetingLanguagesSchema.default([...LEGACY_LANGUAGES]),
    title: meetingTextSchema(),
    /** Planned start, ISO 8601 with offset. */
    startsAt: z.iso.datetime({ offset: true }),
    timeZone: timeZoneSchema,
    videoLink: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .default(null),
    /** One interpretation link per language of the meeting (https), as `meeting.setLinks` sets them. */
    interpretationLinks: interpretationLinksSchema.default({}),
    chair: z.object({
      name: meetingTextSchema(TEXT_LIMITS.name),
      delegationId: idSchema.nullable().default(null),
    }),
    delegations: z.array(delegationSchema).min(1).max(ROSTER_MAX_DELEGATIONS),
    presenters: z.array(presenterSchema).max(100).default([]),
    agenda: z.array(agendaItemDefinitionSchema).min(1).max(200),
    /** Proposals prepared for the agenda items; more can be added during the meeting. */
    proposals: z.array(proposalDefinitionSchema).max(200).default([]),
    /**
     * The people who hold the links, and extra people of the delegations (participants.ts). The
     * server keeps them apart from the meeting's record: it takes them out of the definition it
     * stores and never puts them in a document (their emails are private).
     */
    participants: z.array(participantDefinitionSchema).max(PARTICIPANTS_MAX).optional(),
  })
  .superRefine((def, ctx) => {
    for (const problem of checkDefinition(def)) ctx.addIssue({ code: 'custom', message: problem });
    for (const problem of checkProposals(def)) ctx.addIssue({ code: 'custom', message: problem });
    for (const { path, problem } of checkDefinitionTexts(def)) ctx.addIssue({ code: 'custom', path, message: problem });
    for (const { path, problem } of checkParticipants(def)) ctx.addIssue({ code: 'custom', path, message: problem });
    const foreign = foreignLinkLanguage(def.interpretationLinks, def.languages);
    if (foreign !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['interpretationLinks', foreign],
        message: `interpretationLinks.${foreign}: the meeting is not held in ${foreign}`,
      });
  });

export type MeetingDefinitionInput = z.input<typeof meetingDefinitionSchema>;
export type MeetingDefinition = z.output<typeof meetingDefinitionSchema>;
export type DelegationDefinition = z.output<typeof delegationSchema>;
export type PresenterDefinition = z.output<typeof presenterSchema>;
export type AgendaItemDefinition = z.output<typeof agendaItemDefinitionSchema>;

type DefinitionShape = {
  delegations: { id: string }[];
  presenters: { id: string; delegationId: string | null }[];
  agenda: { id: string; presenterIds: string[] }[];
  chair: { delegationId: string | null };
};

/** Cross-reference checks a schema cannot express: unique ids, known references. */
export function checkDefinition(def: DefinitionShape): string[] {
  const problems: string[] = [];
  const duplicates = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
  const delegationIds = new Set(def.delegations.map((d) => d.id));
  const presenterIds = new Set(def.presenters.map((p) => p.id));
  for (const id of duplicates(def.delegations.map((d) => d.id))) problems.push(`duplicate delegation id "${id}"`);
  for (const id of duplicates(def.presenters.map((p) => p.id))) problems.push(`duplicate presenter id "${id}"`);
  for (const id of duplicates(def.agenda.map((a) => a.id))) problems.push(`duplicate agenda item id "${id}"`);
  for (const p of def.presenters) {
    if (p.delegationId !== null && !delegationIds.has(p.delegationId))
      problems.push(`presenter "${p.id}" names unknown delegation "${p.delegationId}"`);
  }
  if (def.chair.delegationId !== null && !delegationIds.has(def.chair.delegationId))
    problems.push(`chair names unknown delegation "${def.chair.delegationId}"`);
  for (const item of def.agenda) {
    for (const pid of item.presenterIds) {
      if (!presenterIds.has(pid)) problems.push(`agenda item "${item.id}" names unknown presenter "${pid}"`);
    }
  }
  return problems;
}

type TextsShape = {
  languages: readonly Lang[];
  title: MeetingText;
  chair: { name: MeetingText };
  delegations: { name: MeetingText }[];
  presenters: { name: MeetingText; title: MeetingText }[];
  agenda: { title: MeetingText; documents: { title: MeetingText }[] }[];
  proposals: { title: MeetingText; text: MeetingText; documents: { title: MeetingText }[] }[];
};

/** Every text of a definition, with where it is (for an error shown at the field). */
function definitionTexts(def: TextsShape): { path: (string | number)[]; text: MeetingText }[] {
  return [
    { path: ['title'], text: def.title },
    { path: ['chair', 'name'], text: def.chair.name },
    ...def.delegations.map((d, i) => ({ path: ['delegations', i, 'name'], text: d.name })),
    ...def.presenters.flatMap((p, i) => [
      { path: ['presenters', i, 'name'], text: p.name },
      { path: ['presenters', i, 'title'], text: p.title },
    ]),
    ...def.agenda.flatMap((a, i) => [
      { path: ['agenda', i, 'title'], text: a.title },
      ...a.documents.map((d, j) => ({ path: ['agenda', i, 'documents', j, 'title'], text: d.title })),
    ]),
    ...def.proposals.flatMap((p, i) => [
      { path: ['proposals', i, 'title'], text: p.title },
      { path: ['proposals', i, 'text'], text: p.text },
      ...p.documents.map((d, j) => ({ path: ['proposals', i, 'documents', j, 'title'], text: d.title })),
    ]),
  ];
}

/** Every text in the meeting's original language, and in none the meeting does not have. */
export function checkDefinitionTexts(def: TextsShape): { path: (string | number)[]; problem: string }[] {
  return definitionTexts(def).flatMap(({ path, text }) => {
    const problem = textProblem(text, def.languages);
    return problem === null ? [] : [{ path, problem: `${path.join('.')}: ${problem}` }];
  });
}
