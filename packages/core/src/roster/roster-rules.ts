import type { CommandOf } from '../commands.js';
import { conflict, fail } from '../errors.js';
import { ROSTER_MAX_DELEGATIONS } from '../limits.js';
import { publicRule, type RuleOutcome, type WorldRules } from '../rules.js';
import type { MeetingState } from '../state.js';
import type { RosterCommandType } from './roster-commands.js';
import { planRosterImport } from './roster-plan.js';

/**
 * Adds delegations to the roster, or renames those it already has (same id), language by
 * language. Nothing is ever
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
  const known = [...plan.renamed, ...plan.unchanged];
  if (cmd.onlyNew && known.length > 0)
    return conflict('delegation_exists', `already on the roster: ${known.join(', ')}`);
  const total = state.roster.delegationOrder.length + plan.added.length;
  if (total > ROSTER_MAX_DELEGATIONS)
    return conflict('roster_full', `a meeting has at most ${ROSTER_MAX_DELEGATIONS} delegations`);
  const delegations = { ...state.roster.delegations };
  for (const d of cmd.delegations) {
    // A list in the original only (a spreadsheet of names) must not erase the translations the
    // secretariat filled in since: the languages given replace, the others stay.
    const known = Object.hasOwn(delegations, d.id) ? delegations[d.id] : undefined;
    delegations[d.id] = { id: d.id, name: known ? { ...known.name, ...d.name } : d.name };
  }
  const roster = { ...state.roster, delegations, delegationOrder: [...state.roster.delegationOrder, ...plan.added] };
  return { ok: true, state: { ...state, roster } };
}

/** The roster's part of the dispatch table. */
export const rosterRules: WorldRules<RosterCommandType> = {
  'roster.import': publicRule((state, _principal, command) => importRoster(state, command)),
};
