import { z } from 'zod';

/** Kinds of floor requests, in the order they are heard (presentations are planned). */
export const ENTRY_KINDS = ['point_of_order', 'reply', 'presentation', 'statement'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** What a delegation may ask for. */
export const REQUEST_KINDS = ['statement', 'reply', 'point_of_order'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Bands of the speaker list: every point of order comes before every reply, which comes
 * before the rest (planned presentations and statements, in order of request).
 */
export function band(kind: EntryKind): number {
  return kind === 'point_of_order' ? 0 : kind === 'reply' ? 1 : 2;
}

const epochMs = z.number().int().nonnegative();
const seconds = z.number().int().min(10).max(3600);

export const speakingLimitsSchema = z.object({
  presentation: seconds,
  statement: seconds,
  reply: seconds,
  point_of_order: seconds,
});
export type SpeakingLimits = z.infer<typeof speakingLimitsSchema>;

export const DEFAULT_LIMITS: SpeakingLimits = { presentation: 900, statement: 180, reply: 60, point_of_order: 60 };

export const entrySchema = z.object({
  id: z.string(),
  kind: z.enum(ENTRY_KINDS),
  delegationId: z.string().nullable(),
  presenterId: z.string().nullable(),
  /** The invite (person) who asked; null for planned presenters and chair additions. */
  requestedBy: z.string().nullable(),
  requestedAt: epochMs,
});
export type QueueEntry = z.infer<typeof entrySchema>;

export const speakerListSchema = z.object({
  open: z.boolean(),
  limits: speakingLimitsSchema,
  entries: z.record(z.string(), entrySchema),
  order: z.array(z.string()),
});
export type SpeakerList = z.infer<typeof speakerListSchema>;

export const speakingSchema = z.object({
  entry: entrySchema,
  itemId: z.string(),
  startedAt: epochMs,
  /** Set while the chair has paused the clock. */
  pausedAt: epochMs.nullable(),
  /** Paused time already over, not counted as speaking. */
  pausedMs: z.number().int().nonnegative(),
  limitMs: z.number().int().nonnegative(),
});
export type Speaking = z.infer<typeof speakingSchema>;

export const speechSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  kind: z.enum(ENTRY_KINDS),
  delegationId: z.string().nullable(),
  presenterId: z.string().nullable(),
  startedAt: epochMs,
  endedAt: epochMs,
  spokeMs: z.number().int().nonnegative(),
  limitMs: z.number().int().nonnegative(),
});
export type Speech = z.infer<typeof speechSchema>;

export const floorStateSchema = z.object({
  /** One speaker list per agenda item. */
  lists: z.record(z.string(), speakerListSchema),
  speaking: speakingSchema.nullable(),
  /** The last speaker whose speech ended, so the chair can put them back. */
  lastSpeaker: entrySchema.nullable(),
  /** Every speech given, keyed by id (a map, so a new speech is a small update). */
  speeches: z.record(z.string(), speechSchema),
});
export type FloorState = z.infer<typeof floorStateSchema>;

/** Time the current speaker has spoken, not counting pauses. */
export function spokenMs(speaking: Speaking, now: number): number {
  const until = speaking.pausedAt ?? now;
  return Math.max(0, until - speaking.startedAt - speaking.pausedMs);
}

/** Time left of the speaker's limit; negative when they run over. */
export function remainingMs(speaking: Speaking, now: number): number {
  return speaking.limitMs - spokenMs(speaking, now);
}

/** 1-based place of a delegation's first entry in an item's list, or null. */
export function placeOf(list: SpeakerList | undefined, delegationId: string): number | null {
  if (!list) return null;
  const at = list.order.findIndex((id) => list.entries[id]?.delegationId === delegationId);
  return at < 0 ? null : at + 1;
}

/** Entries of a list in queue order. */
export function queuedEntries(list: SpeakerList | undefined): QueueEntry[] {
  if (!list) return [];
  const out: QueueEntry[] = [];
  for (const id of list.order) {
    const e = list.entries[id];
    if (e) out.push(e);
  }
  return out;
}

/** Total speaking time per delegation over all speeches (null key: speakers of no delegation). */
export function speakingTimeByDelegation(speeches: Record<string, Speech>): Map<string | null, number> {
  const totals = new Map<string | null, number>();
  for (const s of Object.values(speeches)) totals.set(s.delegationId, (totals.get(s.delegationId) ?? 0) + s.spokeMs);
  return totals;
}
