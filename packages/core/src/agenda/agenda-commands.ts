import { z } from 'zod';
import { commandBase } from '../command-base.js';
import { meetingTextSchema, idSchema, ITEM_DOCUMENTS_MAX, itemDocumentSchema } from '../text.js';

/** Commands of the meeting and its agenda (the chair runs it; the secretariat prepares it). */
export const agendaCommandSchemas = [
  z.strictObject({ ...commandBase, type: z.literal('meeting.open') }),
  z.strictObject({ ...commandBase, type: z.literal('meeting.close') }),
  z.strictObject({ ...commandBase, type: z.literal('agenda.start'), itemId: idSchema }),
  z.strictObject({ ...commandBase, type: z.literal('agenda.next') }),
  z.strictObject({ ...commandBase, type: z.literal('agenda.previous') }),
  z.strictObject({ ...commandBase, type: z.literal('agenda.complete'), itemId: idSchema }),
  z.strictObject({ ...commandBase, type: z.literal('agenda.defer'), itemId: idSchema }),
  z.strictObject({
    ...commandBase,
    type: z.literal('agenda.add'),
    title: meetingTextSchema(),
    plannedMinutes: z.number().int().min(1).max(600),
    /** Insert after this item; null puts it first. Omitted: at the end. */
    afterItemId: idSchema.nullable().optional(),
  }),
  z.strictObject({
    ...commandBase,
    type: z.literal('agenda.move'),
    itemId: idSchema,
    toIndex: z.number().int().min(0).max(1000),
  }),
  z
    .strictObject({
      ...commandBase,
      type: z.literal('agenda.edit'),
      itemId: idSchema,
      title: meetingTextSchema().optional(),
      plannedMinutes: z.number().int().min(1).max(600).optional(),
    })
    .refine((c) => c.title !== undefined || c.plannedMinutes !== undefined, 'nothing to change'),
  z.strictObject({
    ...commandBase,
    type: z.literal('agenda.setDocuments'),
    itemId: idSchema,
    documents: z.array(itemDocumentSchema).max(ITEM_DOCUMENTS_MAX),
  }),
] as const;

export type AgendaCommandType = z.infer<(typeof agendaCommandSchemas)[number]>['type'];
