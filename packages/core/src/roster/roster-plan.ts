import { LIMITS, ROSTER_IMPORT_CHUNK } from '../limits.js';
import type { MeetingState } from '../state.js';
import { LANGUAGES, type MeetingText } from '../text.js';

/** Room left in a command for its id, type and keys around the list. */
const COMMAND_ENVELOPE_BYTES = 512;

const utf8 = new TextEncoder();

/**
 * Splits a delegation list into `roster.import` commands that each fit the command size limit
 * (`LIMITS.commandBytes`, as JSON in UTF-8): 50 short names fit in one, but 50 official names
 * at the longest, in Cyrillic, are nearly twice the limit.
 */
export function rosterImportChunks<D extends { id: string; name: MeetingText }>(delegations: readonly D[]): D[][] {
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
  delegations: readonly { id: string; name: MeetingText }[],
): RosterImportPlan {
  const plan: RosterImportPlan = { added: [], renamed: [], unchanged: [] };
  for (const d of delegations) {
    const known = Object.hasOwn(state.roster.delegations, d.id) ? state.roster.delegations[d.id] : undefined;
    if (!known) plan.added.push(d.id);
    // Only the languages given count: the import keeps the others (see importRoster).
    else if (LANGUAGES.some((l) => d.name[l] !== undefined && known.name[l] !== d.name[l])) plan.renamed.push(d.id);
    else plan.unchanged.push(d.id);
  }
  return plan;
}
