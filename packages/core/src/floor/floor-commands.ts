import { z } from 'zod';
import { commandBase } from '../command-base.js';
import { REQUEST_KINDS, speakingLimitsSchema } from './floor-state.js';
import { idSchema } from '../text.js';

/** Commands of the speaker queue. All act on the agenda item under way, except setLimits. */
export const floorCommandSchemas = [
  z.strictObject({
    ...commandBase,
    type: z.literal('floor.request'),
    kind: z.enum(REQUEST_KINDS),
    /**
     * The item the request is for (the one on screen when it was made). Refused when another
     * item is under way: a request made offline must not land on the next item.
     */
    itemId: idSchema.optional(),
  }),
  z.strictObject({ ...commandBase, type: z.literal('floor.withdraw'), entryId: idSchema }),
  z.strictObject({ ...commandBase, type: z.literal('floor.remove'), entryId: idSchema }),
  z.strictObject({
    ...commandBase,
    type: z.literal('floor.move'),
    entryId: idSchema,
    toIndex: z.number().int().min(0).max(1000),
  }),
  z.strictObject({ ...commandBase, type: z.literal('floor.next') }),
  /** Give the floor to a queued entry, or to any delegation or presenter not in the queue. */
  z.strictObject({
    ...commandBase,
    type: z.literal('floor.give'),
    entryId: idSchema.optional(),
    delegationId: idSchema.optional(),
    presenterId: idSchema.optional(),
  }),
  z.strictObject({ ...commandBase, type: z.literal('floor.end') }),
  z.strictObject({ ...commandBase, type: z.literal('floor.readd') }),
  z.strictObject({ ...commandBase, type: z.literal('floor.close') }),
  z.strictObject({ ...commandBase, type: z.literal('floor.reopen') }),
  z.strictObject({ ...commandBase, type: z.literal('floor.pause') }),
  z.strictObject({ ...commandBase, type: z.literal('floor.resume') }),
  z.strictObject({ ...commandBase, type: z.literal('floor.extend'), seconds: z.number().int().min(10).max(3600) }),
  z.strictObject({
    ...commandBase,
    type: z.literal('floor.setLimits'),
    itemId: idSchema,
    limits: speakingLimitsSchema.partial(),
  }),
] as const;

export type FloorCommandType = z.infer<(typeof floorCommandSchemas)[number]>['type'];
