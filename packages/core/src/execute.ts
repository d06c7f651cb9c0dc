import * as agenda from './agenda/agenda-rules.js';
import type { Command } from './commands.js';
import { fail } from './errors.js';
import { applyFloor, followAgenda } from './floor/floor-rules.js';
import { mayRun } from './permissions.js';
import type { Principal } from './roles.js';
import { applyRoster } from './roster/roster-rules.js';
import type { MeetingWorld, RuleContext, RuleOutcome, WorldOutcome } from './rules.js';
import type { MeetingState } from './state.js';
import { applyVotes } from './votes/vote-rules.js';

/** Wraps a rule over the public state only. */
function publicOnly(world: MeetingWorld, outcome: RuleOutcome): WorldOutcome {
  if (!outcome.ok) return outcome;
  const result: WorldOutcome = { ok: true, world: { state: outcome.state, secret: world.secret } };
  if (outcome.createdId !== undefined) result.createdId = outcome.createdId;
  return result;
}

/**
 * Applies one validated command for a principal: permission first (deny by default), then
 * the rule. Pure: the input is never mutated; a refused command returns an error and
 * nothing else. A successful command bumps the meeting revision.
 */
export function execute(world: MeetingWorld, principal: Principal, command: Command, ctx: RuleContext): WorldOutcome {
  if (principal.meetingId !== world.state.meta.id) return fail('forbidden', 'the token is for another meeting');
  if (!mayRun(principal, command.type)) return fail('forbidden', `a ${principal.role} may not ${command.type}`);
  const outcome = apply(world, principal, command, ctx);
  if (!outcome.ok) return outcome;
  const state = outcome.world.state;
  const next = { ...state, meta: { ...state.meta, revision: world.state.meta.revision + 1 } };
  return { ...outcome, world: { ...outcome.world, state: next } };
}

/** Each feature answers its own commands and returns null for the others. */
function apply(world: MeetingWorld, principal: Principal, command: Command, ctx: RuleContext): WorldOutcome {
  const agendaOutcome = applyAgenda(world.state, command, ctx);
  // A speech ends with the item (or meeting) it was given in.
  if (agendaOutcome)
    return publicOnly(
      world,
      agendaOutcome.ok ? { ...agendaOutcome, state: followAgenda(agendaOutcome.state, ctx) } : agendaOutcome,
    );
  const rosterOutcome = applyRoster(world.state, command);
  if (rosterOutcome) return publicOnly(world, rosterOutcome);
  const floorOutcome = applyFloor(world.state, principal, command, ctx);
  if (floorOutcome) return publicOnly(world, floorOutcome);
  // Votes also change the secret part (the ballots), so they take and return the whole world.
  const votesOutcome = applyVotes(world, principal, command, ctx);
  if (votesOutcome) return votesOutcome;
  return publicOnly(world, unknownCommand(command, principal));
}

function unknownCommand(command: Command, _principal: Principal): RuleOutcome {
  return fail('invalid', `no rule for ${command.type}`);
}

/** The agenda's commands; null for a command of another feature. */
function applyAgenda(state: MeetingState, command: Command, ctx: RuleContext): RuleOutcome | null {
  switch (command.type) {
    case 'meeting.open':
      return agenda.openMeeting(state, ctx);
    case 'meeting.close':
      return agenda.closeMeeting(state, ctx);
    case 'agenda.start':
      return agenda.startItem(state, command, ctx);
    case 'agenda.next':
      return agenda.nextItem(state, ctx);
    case 'agenda.previous':
      return agenda.previousItem(state, ctx);
    case 'agenda.complete':
      return agenda.completeItem(state, command, ctx);
    case 'agenda.defer':
      return agenda.deferItem(state, command, ctx);
    case 'agenda.add':
      return agenda.addItem(state, command, ctx);
    case 'agenda.move':
      return agenda.moveItem(state, command);
    case 'agenda.edit':
      return agenda.editItem(state, command);
    case 'agenda.setDocuments':
      return agenda.setItemDocuments(state, command);
    default:
      return null;
  }
}
