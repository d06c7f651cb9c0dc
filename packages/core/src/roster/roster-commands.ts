import { z } from 'zod';
import { commandBase } from '../command-base.js';
import { delegationSchema } from '../definition.js';
import { ROSTER_IMPORT_CHUNK } from '../limits.js';

/** Commands of the roster: the secretariat adds or renames delegations, never removes one. */
export const rosterCommandSchemas = [
  z.strictObject({
    ...commandBase,
    type: z.literal('roster.import'),
    /** A longer list is sent in several commands (the command size limit). */
    delegations: z.array(delegationSchema).min(1).max(ROSTER_IMPORT_CHUNK),
    /** Add only: an id already on the roster is refused (`delegation_exists`) instead of renamed. */
    onlyNew: z.boolean().optional(),
  }),
] as const;

export type RosterCommandType = z.infer<(typeof rosterCommandSchemas)[number]>['type'];
