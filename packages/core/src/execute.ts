import { agendaRules } from './agenda/agenda-rules.js';
import type { Command, CommandOf, CommandType } from './commands.js';
import { fail } from './errors.js';
import { floorRules, followAgenda } from './floor/floor-rules.js';
import { commandTextsProblem } from './languages/command-texts.js';
import { languageRules } from './languages/language-rules.js';
import { meetingRules } from './meeting/meeting-rules.js';
import { mayRun } from './permissions.js';
import type { Principal } from './roles.js';
import { rosterRules } from './roster/roster-rules.js';
import type { MeetingWorld, RuleContext, WorldOutcome, WorldRule, WorldRules } from './rules.js';
import { voteRules } from './votes/vote-rules.js';

/**
 * The dispatch table: one rule per command type. Its type names every `CommandType`, so a
 * command without a rule does not compile (as `COMMAND_ROLES` does for permissions). A speech
 * ends with the item (or meeting) it was given in: the agenda's rules are followed by the floor's.
 */
const RULES: WorldRules<CommandType> = {
  ...agendaRules(followAgenda),
  ...rosterRules,
  ...floorRules,
  ...voteRules,
  ...languageRules,
  ...meetingRules,
};

/** The rule of one command type; `undefined` only for a type outside the schema. */
function ruleFor<T extends CommandType>(type: T): WorldRule<CommandOf<T>> | undefined {
  return Object.hasOwn(RULES, type) ? RULES[type] : undefined;
}

/**
 * Applies one validated command for a principal: permission first (deny by default), then
 * the rule. Pure: the input is never mutated; a refused command returns an error and
 * nothing else. A successful command bumps the meeting revision.
 */
export function execute(world: MeetingWorld, principal: Principal, command: Command, ctx: RuleContext): WorldOutcome {
  if (principal.meetingId !== world.state.meta.id) return fail('forbidden', 'the token is for another meeting');
  if (!mayRun(principal, command.type)) return fail('forbidden', `a ${principal.role} may not ${command.type}`);
  const rule = ruleFor(command.type);
  if (!rule) return fail('invalid', `no rule for ${command.type}`);
  const textProblem = commandTextsProblem(command, world.state.meta.languages);
  if (textProblem) return { ok: false, error: textProblem };
  const outcome = rule(world, principal, command, ctx);
  if (!outcome.ok) return outcome;
  const state = outcome.world.state;
  const next = { ...state, meta: { ...state.meta, revision: world.state.meta.revision + 1 } };
  return { ...outcome, world: { ...outcome.world, state: next } };
}
