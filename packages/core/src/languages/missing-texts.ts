import { orderedDecisions, orderedProposals } from '../votes/votes-state.js';
import { orderedItems, type MeetingState } from '../state.js';
import { originalText, type Lang, type MeetingText } from '../text.js';
import type { TextTarget } from './language-commands.js';

/** One text of the meeting with the target a `text.translate` command names it by. */
export type MeetingTextEntry = { target: TextTarget; text: MeetingText };

/**
 * Every text of a meeting, in the order a secretariat reads them: the meeting, the chair, the
 * agenda (each item, then its documents), presenters, delegations, proposals, decisions.
 */
export function meetingTexts(state: MeetingState): MeetingTextEntry[] {
  const { roster } = state;
  const languages = state.meta.languages;
  const out: MeetingTextEntry[] = [
    { target: { kind: 'meeting.title' }, text: state.meta.title },
    { target: { kind: 'chair.name' }, text: roster.chair.name },
  ];
  for (const item of orderedItems(state)) {
    out.push({ target: { kind: 'item.title', itemId: item.id }, text: item.title });
    item.documents.forEach((d, index) =>
      out.push({
        target: { kind: 'document.title', itemId: item.id, index, original: originalText(d.title, languages).text },
        text: d.title,
      }),
    );
  }
  for (const p of Object.values(roster.presenters)) {
    out.push({ target: { kind: 'presenter.name', presenterId: p.id }, text: p.name });
    out.push({ target: { kind: 'presenter.title', presenterId: p.id }, text: p.title });
  }
  for (const id of roster.delegationOrder) {
    const d = roster.delegations[id];
    if (d) out.push({ target: { kind: 'delegation.name', delegationId: id }, text: d.name });
  }
  for (const p of orderedProposals(state.votes)) {
    out.push({ target: { kind: 'proposal.title', proposalId: p.id }, text: p.title });
    out.push({ target: { kind: 'proposal.text', proposalId: p.id }, text: p.text });
  }
  for (const d of orderedDecisions(state.votes))
    out.push({ target: { kind: 'decision.text', decisionId: d.id }, text: d.text });
  return out;
}

/** How many texts are still missing in each language of the meeting (the original: none). */
export function missingCounts(state: MeetingState): Partial<Record<Lang, number>> {
  const counts: Partial<Record<Lang, number>> = {};
  const texts = meetingTexts(state);
  for (const lang of state.meta.languages) counts[lang] = texts.filter((t) => !t.text[lang]).length;
  return counts;
}

/** A stable key of a target, for React lists and for the web's drafts. */
export function textTargetKey(target: TextTarget): string {
  // A document's guard (`original`) is no part of what the target names.
  if (target.kind === 'document.title') return `${target.kind}:${target.itemId}:${target.index}`;
  return Object.values(target).join(':');
}
