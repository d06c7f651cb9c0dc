import { z } from 'zod';
import { agendaCommandSchemas } from './agenda/agenda-commands.js';
import { floorCommandSchemas } from './floor/floor-commands.js';
import { languageCommandSchemas } from './languages/language-commands.js';
import { meetingCommandSchemas } from './meeting/meeting-commands.js';
import { rosterCommandSchemas } from './roster/roster-commands.js';
import { voteCommandSchemas } from './votes/vote-commands.js';

/**
 * Every command a client can send, as one tagged union. Each carries a client-made `id`
 * (unique per meeting) that makes it idempotent: a retry returns the first result.
 * Objects are strict: an unknown key (including `__proto__`) makes the command invalid.
 */
export const commandSchema = z.discriminatedUnion('type', [
  ...agendaCommandSchemas,
  ...rosterCommandSchemas,
  ...floorCommandSchemas,
  ...voteCommandSchemas,
  ...languageCommandSchemas,
  ...meetingCommandSchemas,
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
  /**
   * Stored, but this node cannot reach the other nodes now (Redis down): clients on other nodes
   * see the change when the link returns. Set on the ack only, never stored.
   */
  degraded?: true;
};
