import { z } from 'zod';
import { commandBase } from './command-base.js';
import { delegationSchema } from './definition.js';
import { ROSTER_IMPORT_CHUNK } from './roster.js';
import { floorCommandSchemas } from './floor-commands.js';
import { bilingualSchema, idSchema, ITEM_DOCUMENTS_MAX, itemDocumentSchema } from './text.js';
import { voteCommandSchemas } from './vote-commands.js';

/**
 * Every command a client can send, as one tagged union. Each carries a client-made `id`
 * (unique per meeting) that makes it idempotent: a retry returns the first result.
 * Objects are strict: an unknown key (including `__proto__`) makes the command invalid.
 */
const base = commandBase;

export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('meeting.open') }),
  z.strictObject({ ...base, type: z.literal('meeting.close') }),
  z.strictObject({ ...base, type: z.literal('agenda.start'), itemId: idSchema }),
  z.strictObject({ ...base, type: z.literal('agenda.next') }),
  z.strictObject({ ...base, type: z.literal('agenda.previous') }),
  z.strictObject({ ...base, type: z.literal('agenda.complete'), itemId: idSchema }),
  z.strictObject({ ...base, type: z.literal('agenda.defer'), itemId: idSchema }),
  z.strictObject({
    ...base,
    type: z.literal('agenda.add'),
    title: bilingualSchema(),
    plannedMinutes: z.number().int().min(1).max(600),
    /** Insert after this item; null puts it first. Omitted: at the end. */
    afterItemId: idSchema.nullable().optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('agenda.move'),
    itemId: idSchema,
    toIndex: z.number().int().min(0).max(1000),
  }),
  z
    .strictObject({
      ...base,
      type: z.literal('agenda.edit'),
      itemId: idSchema,
      title: bilingualSchema().optional(),
      plannedMinutes: z.number().int().min(1).max(600).optional(),
    })
    .refine((c) => c.title !== undefined || c.plannedMinutes !== undefined, 'nothing to change'),
  z.strictObject({
    ...base,
    type: z.literal('agenda.setDocuments'),
    itemId: idSchema,
    documents: z.array(itemDocumentSchema).max(ITEM_DOCUMENTS_MAX),
  }),
  z.strictObject({
    ...base,
    type: z.literal('roster.import'),
    /** A longer list is sent in several commands (the command size limit). */
    delegations: z.array(delegationSchema).min(1).max(ROSTER_IMPORT_CHUNK),
    /** Add only: an id already on the roster is refused (`delegation_exists`) instead of renamed. */
    onlyNew: z.boolean().optional(),
  }),
  ...floorCommandSchemas,
  ...voteCommandSchemas,
]);

export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
/** A command as a client builds it, before it adds the idempotency id. */
export type CommandInput = Command extends unknown
  ? Command extends infer C
    ? C extends Command
      ? Omit<C, 'id'>
      : never
    : never
  : never;

/** All command types, read from the schema so that a new command cannot be forgotten. */
export const COMMAND_TYPES: readonly CommandType[] = commandSchema.options.map((o) => o.shape.type.value);

/** What a successful command returns in its ack. */
export type CommandResult = {
  /** The meeting revision after the command. */
  revision: number;
  /** Server time at which the command took effect (ms since epoch). */
  at: number;
  /** Id of what the command created, if anything (e.g. a new agenda item). */
  createdId?: string;
};
