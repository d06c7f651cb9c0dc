import { z } from 'zod';
import { commandBase } from '../command-base.js';
import { timeZoneSchema } from '../definition.js';
import { TEXT_LIMITS } from '../limits.js';
import { idSchema, meetingTextSchema } from '../text.js';
import { httpsLinkSchema, interpretationLinksSchema } from './meeting-links.js';

/** At most this many presenters in a meeting (as in a definition). */
export const PRESENTERS_MAX = 100;
/** At most this many presenters on one agenda item (as in a definition). */
export const ITEM_PRESENTERS_MAX = 20;

const nameSchema = meetingTextSchema(TEXT_LIMITS.name);

/**
 * Commands of the meeting's details, which change before and during the meeting: its date and
 * time, its links, its chair and presenters. Validated as the definition validates them.
 */
export const meetingCommandSchemas = [
  z.strictObject({
    ...commandBase,
    type: z.literal('meeting.schedule'),
    /** Planned start, ISO 8601 with offset. */
    startsAt: z.iso.datetime({ offset: true }),
    timeZone: timeZoneSchema,
  }),
  /** Both links at once: what the desk shows is what the meeting has (a language left out has none). */
  z.strictObject({
    ...commandBase,
    type: z.literal('meeting.setLinks'),
    videoLink: httpsLinkSchema.nullable(),
    interpretation: interpretationLinksSchema,
  }),
  z.strictObject({
    ...commandBase,
    type: z.literal('meeting.setChair'),
    name: nameSchema,
    delegationId: idSchema.nullable(),
  }),
  /** A new presenter; the server issues their invite link in the same commit. */
  z.strictObject({
    ...commandBase,
    type: z.literal('presenter.add'),
    name: nameSchema,
    title: nameSchema,
    delegationId: idSchema.nullable(),
  }),
  /** The texts given replace the presenter's in every language (as `agenda.edit` does). */
  z
    .strictObject({
      ...commandBase,
      type: z.literal('presenter.edit'),
      presenterId: idSchema,
      name: nameSchema.optional(),
      title: nameSchema.optional(),
      delegationId: idSchema.nullable().optional(),
    })
    .refine((c) => c.name !== undefined || c.title !== undefined || c.delegationId !== undefined, 'nothing to change'),
  /** Who presents an item, in the order they speak. */
  z.strictObject({
    ...commandBase,
    type: z.literal('agenda.setPresenters'),
    itemId: idSchema,
    presenterIds: z.array(idSchema).max(ITEM_PRESENTERS_MAX),
  }),
] as const;

export type MeetingCommandType = z.infer<(typeof meetingCommandSchemas)[number]>['type'];
