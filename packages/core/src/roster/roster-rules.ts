import type { RuleOutcome } from './agenda.js';
import type { Command, CommandOf } from './commands.js';
import { conflict, fail } from './errors.js';
import { LIMITS } from './protocol.js';
import type { MeetingState } from './state.js';

/** A meeting's roster holds at most this many delegations (as its definition does). */
export const ROSTER_MAX_DELEGATIONS = 500;
/** At most this many delegations per `roster.import` command; `rosterImportChunks` also keeps each under the size limit. */
export const ROSTER_IMPORT_CHUNK = 50;
/** Room left in a command for its id, type and keys around the list. */
const COMMAND_ENVELOPE_BYTES = 512;

const utf8 = new TextEncoder();

/**
 * Splits a delegation list into `roster.import` commands that each fit the command size limit
 * (`LIMITS.commandBytes`, as JSON in UTF-8): 50 short names fit in one, but 50 official names
 * at the longest, in Cyrillic, are nearly twice the limit.
 */
export function rosterImportChunks<D extends { id: string; name: { en: string; ru: string } }>(
  delegations: readonly D[],
): D[][] {
  const budget = LIMITS.commandBytes - COMMAND_ENVELOPE_BYTES;
  const chunks: D[][] = [];
  let chunk: D[] = [];
  let bytes = 0;
  for (const d of delegations) {
    const size = utf8.encode(JSON.stringify(d)).length + 1;
    if (chunk.length > 0 && (chunk.length >= ROSTER_IMPORT_CHUNK || bytes + size > budget)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(d);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** What an import would do to the roster, so that the desk can show it before anything is sent. */
export type RosterImportPlan = { added: string[]; renamed: string[]; unchanged: string[] };

export function planRosterImport(
  state: MeetingState,
  delegations: readonly { id: string; name: { en: string; ru: string } }[],
): RosterImportPlan {
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
  const known = [...plan.renamed, ...plan.unchanged];
  if (cmd.onlyNew && known.length > 0)
    return conflict('delegation_exists', `already on the roster: ${known.join(', ')}`);
  const total = state.roster.delegationOrder.length + plan.added.length;
  if (total > ROSTER_MAX_DELEGATIONS)
    return conflict('roster_full', `a meeting has at most ${ROSTER_MAX_DELEGATIONS} delegations`);
  const delegations = { ...state.roster.delegations };
  for (const d of cmd.delegations) delegations[d.id] = { id: d.id, name: d.name };
  const roster = { ...state.roster, delegations, delegationOrder: [...state.roster.delegationOrder, ...plan.added] };
  return { ok: true, state: { ...state, roster } };
}

/** The roster's commands; null for a command of another feature. */
export function applyRoster(state: MeetingState, command: Command): RuleOutcome | null {
  return command.type === 'roster.import' ? importRoster(state, command) : null;
}
