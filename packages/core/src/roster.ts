import type { RuleOutcome } from './agenda.js';
import type { Command, CommandOf } from './commands.js';
import { conflict, fail } from './errors.js';
import type { MeetingState } from './state.js';

/** A meeting's roster holds at most this many delegations (as its definition does). */
export const ROSTER_MAX_DELEGATIONS = 500;
/**
 * Delegations per `roster.import` command. A command stays under the command size limit
 * (16 KB) with long names in both languages; the desk sends a longer list in several commands.
 */
export const ROSTER_IMPORT_CHUNK = 50;

/** What an import would do to the roster, so that the desk can show it before anything is sent. */
export type RosterImportPlan = { added: string[]; renamed: string[]; unchanged: string[] };

export function planRosterImport(state: MeetingState, delegations: readonly { id: string; name: { en: string; ru: string } }[]): RosterImportPlan {
  const plan: RosterImportPlan = { added: [], renamed: [], unchanged: [] };
  for (const d of delegations) {
    const known = Object.hasOwn(state.roster.delegations, d.id) ? state.roster.delegations[d.id] : undefined;
    if (!known) plan.added.push(d.id);
    else if (known.name.en !== d.name.en || known.name.ru !== d.name.ru) plan.renamed.push(d.id);
    else plan.unchanged.push(d.id);
  }
  return plan;
}

/**
 * Adds delegations to the roster, or renames those it already has (same id). Nothing is ever
 * removed: ballots, speeches and attendance name delegations by id, and the record keeps them.
 * New delegations are entitled to vote in polls opened after the import, not in an open one
 * (a poll's electorate is fixed when it opens).
 */
export function importRoster(state: MeetingState, cmd: CommandOf<'roster.import'>): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const ids = cmd.delegations.map((d) => d.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) return fail('invalid', `delegation "${twice}" is listed twice`);
  const plan = planRosterImport(state, cmd.delegations);
  const total = state.roster.delegationOrder.length + plan.added.length;
  if (total > ROSTER_MAX_DELEGATIONS) return conflict('roster_full', `a meeting has at most ${ROSTER_MAX_DELEGATIONS} delegations`);
  const delegations = { ...state.roster.delegations };
  for (const d of cmd.delegations) delegations[d.id] = { id: d.id, name: d.name };
  const roster = { ...state.roster, delegations, delegationOrder: [...state.roster.delegationOrder, ...plan.added] };
  return { ok: true, state: { ...state, roster } };
}

/** The roster's commands; null for a command of another feature. */
export function applyRoster(state: MeetingState, command: Command): RuleOutcome | null {
  return command.type === 'roster.import' ? importRoster(state, command) : null;
}
