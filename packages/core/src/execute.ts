import * as agenda from './agenda.js';
import type { RuleContext, RuleOutcome } from './agenda.js';
import type { Command } from './commands.js';
import { fail } from './errors.js';
import { mayRun } from './permissions.js';
import type { Principal } from './roles.js';
import type { MeetingState } from './state.js';

/**
 * Applies one validated command for a principal: permission first (deny by default), then
 * the rule. Pure: the input state is never mutated; a refused command returns an error and
 * no state. A successful command bumps the meeting revision.
 */
export function execute(state: MeetingState, principal: Principal, command: Command, ctx: RuleContext): RuleOutcome {
  if (principal.meetingId !== state.meta.id) return fail('forbidden', 'the token is for another meeting');
  if (!mayRun(principal, command.type)) return fail('forbidden', `a ${principal.role} may not ${command.type}`);
  const outcome = apply(state, command, ctx);
  if (!outcome.ok) return outcome;
  const next = { ...outcome.state, meta: { ...outcome.state.meta, revision: state.meta.revision + 1 } };
  return { ...outcome, state: next };
}

function apply(state: MeetingState, command: Command, ctx: RuleContext): RuleOutcome {
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
  }
}
