import { z } from 'zod';
import { floorStateSchema } from './floor/floor-state.js';
import { interpretationLinksSchema } from './meeting/meeting-links.js';
import { itemDocumentSchema, LEGACY_LANGUAGES, meetingLanguagesSchema, meetingTextSchema } from './text.js';
import { votesStateSchema } from './votes/votes-state.js';

/**
 * The public record of a meeting: exactly what the meeting's Yjs document holds, as plain data.
 * The server computes the next state with the pure rules and projects it into the document
 * (`writeState`); clients read it back with `readState`. Nothing private (ballots of
 * anonymous polls, tokens) may ever be put here.
 */
export const MEETING_STATUSES = ['scheduled', 'open', 'closed'] as const;
export const ITEM_STATUSES = ['pending', 'active', 'done', 'deferred'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export type ItemStatus = (typeof ITEM_STATUSES)[number];

const epochMs = z.number().int().nonnegative();

export const agendaItemStateSchema = z.object({
  id: z.string(),
  title: meetingTextSchema(),
  plannedMinutes: z.number().int().positive(),
  presenterIds: z.array(z.string()),
  /** Absent in meetings stored before documents existed: read as none. */
  documents: z.array(itemDocumentSchema).default([]),
  status: z.enum(ITEM_STATUSES),
  /** First time the item was started, and the last time it stopped being active. */
  startedAt: epochMs.nullable(),
  endedAt: epochMs.nullable(),
  /** Time spent in completed active periods; an item may be resumed after `previous`. */
  spentMs: z.number().int().nonnegative(),
  /** Start of the active period under way, or null. */
  activeSince: epochMs.nullable(),
});
export type AgendaItemState = z.infer<typeof agendaItemStateSchema>;

export const meetingStateSchema = z.object({
  meta: z.object({
    id: z.string(),
    title: meetingTextSchema(),
    /**
     * The meeting's languages, the original first. Absent in meetings stored before meetings had
     * their own: those were held in English and Russian, every text in both.
     */
    languages: meetingLanguagesSchema.default([...LEGACY_LANGUAGES]),
    startsAt: z.string(),
    timeZone: z.string(),
    videoLink: z.string().nullable(),
    /** One link per language of the meeting; absent in meetings stored before there were any. */
    interpretationLinks: interpretationLinksSchema.default({}),
    status: z.enum(MEETING_STATUSES),
    openedAt: epochMs.nullable(),
    closedAt: epochMs.nullable(),
    /** Bumped by every change the server applies; clients use it to tell fresh from stale. */
    revision: z.number().int().nonnegative(),
  }),
  roster: z.object({
    chair: z.object({ name: meetingTextSchema(), delegationId: z.string().nullable() }),
    delegations: z.record(z.string(), z.object({ id: z.string(), name: meetingTextSchema() })),
    delegationOrder: z.array(z.string()),
    presenters: z.record(
      z.string(),
      z.object({
        id: z.string(),
        name: meetingTextSchema(),
        title: meetingTextSchema(),
        delegationId: z.string().nullable(),
      }),
    ),
  }),
  agenda: z.object({
    order: z.array(z.string()),
    items: z.record(z.string(), agendaItemStateSchema),
  }),
  current: z.object({
    itemId: z.string().nullable(),
    since: epochMs.nullable(),
  }),
  floor: floorStateSchema,
  votes: votesStateSchema,
});
export type MeetingState = z.infer<typeof meetingStateSchema>;

/** The agenda items in their order; ids without an item (never expected) are skipped. */
export function orderedItems(state: MeetingState): AgendaItemState[] {
  const out: AgendaItemState[] = [];
  for (const id of state.agenda.order) {
    const item = state.agenda.items[id];
    if (item) out.push(item);
  }
  return out;
}

export function currentItem(state: MeetingState): AgendaItemState | null {
  const id = state.current.itemId;
  return id === null ? null : (state.agenda.items[id] ?? null);
}
