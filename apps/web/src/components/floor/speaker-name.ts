import type { MeetingState, MeetingText, QueueEntry } from '@rostrum/core';

/**
 * "Dr. Kunio Mikuriya" for a presenter, "Uzbekistan Customs" for a delegation, in every
 * language the roster has it; `null` for a speaker no longer on the roster.
 */
export function speakerName(
  meeting: MeetingState,
  entry: Pick<QueueEntry, 'presenterId' | 'delegationId'>,
): MeetingText | null {
  if (entry.presenterId !== null) {
    const p = meeting.roster.presenters[entry.presenterId];
    if (p) return p.name;
  }
  if (entry.delegationId !== null) {
    const d = meeting.roster.delegations[entry.delegationId];
    if (d) return d.name;
  }
  return null;
}

/** Shown where a speaker is no longer on the roster. */
export const UNKNOWN_SPEAKER = '—';
