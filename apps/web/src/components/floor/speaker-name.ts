import type { Lang, MeetingState, QueueEntry } from '@rostrum/core';

/** "Dr. Kunio Mikuriya" for a presenter, "Uzbekistan Customs" for a delegation. */
export function speakerName(
  meeting: MeetingState,
  entry: Pick<QueueEntry, 'presenterId' | 'delegationId'>,
  lang: Lang,
): string {
  if (entry.presenterId !== null) {
    const p = meeting.roster.presenters[entry.presenterId];
    if (p) return p.name[lang];
  }
  if (entry.delegationId !== null) {
    const d = meeting.roster.delegations[entry.delegationId];
    if (d) return d.name[lang];
  }
  return '—';
}
