import type { CommandOf } from '../commands.js';
import { conflict, fail, type ProtocolError } from '../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { publicRule, type RuleOutcome, type WorldRules } from '../rules.js';
import type { MeetingState } from '../state.js';
import { originalText, withTranslation, type Lang, type MeetingText } from '../text.js';
import { proposalUnderVote } from '../votes/vote-rules.js';
import { VOTE_TEXT_LIMITS } from '../votes/votes-state.js';
import type { LanguageCommandType, TextTarget } from './language-commands.js';

/** A text found for a target: what it says now, its length limit, and how to write it back. */
type Slot = { text: MeetingText; max: number; write: (text: MeetingText) => MeetingState };

/** The text a target names, or why there is none. */
function slotOf(state: MeetingState, target: TextTarget): Slot | ProtocolError {
  const { roster, agenda, votes } = state;
  switch (target.kind) {
    case 'meeting.title':
      return {
        text: state.meta.title,
        max: TEXT_LIMITS.shortText,
        write: (title) => ({ ...state, meta: { ...state.meta, title } }),
      };
    case 'chair.name':
      return {
        text: roster.chair.name,
        max: TEXT_LIMITS.name,
        write: (name) => ({ ...state, roster: { ...roster, chair: { ...roster.chair, name } } }),
      };
    case 'item.title':
    case 'document.title': {
      const item = Object.hasOwn(agenda.items, target.itemId) ? agenda.items[target.itemId] : undefined;
      if (!item) return conflict('item_not_found', `no agenda item "${target.itemId}"`).error;
      const withItem = (next: typeof item) => ({
        ...state,
        agenda: { ...agenda, items: { ...agenda.items, [item.id]: next } },
      });
      if (target.kind === 'item.title')
        return { text: item.title, max: TEXT_LIMITS.shortText, write: (title) => withItem({ ...item, title }) };
      const doc = item.documents[target.index];
      if (!doc) return conflict('document_not_found', `item "${item.id}" has no document ${target.index}`).error;
      if (target.original !== undefined && originalText(doc.title, state.meta.languages).text !== target.original)
        return conflict('document_not_found', `document ${target.index} of item "${item.id}" is another one now`).error;
      return {
        text: doc.title,
        max: TEXT_LIMITS.name,
        write: (title) =>
          withItem({ ...item, documents: item.documents.map((d, i) => (i === target.index ? { ...d, title } : d)) }),
      };
    }
    case 'delegation.name': {
      const d = Object.hasOwn(roster.delegations, target.delegationId)
        ? roster.delegations[target.delegationId]
        : undefined;
      if (!d) return conflict('delegation_not_found', `no delegation "${target.delegationId}"`).error;
      return {
        text: d.name,
        max: TEXT_LIMITS.name,
        write: (name) => ({
          ...state,
          roster: { ...roster, delegations: { ...roster.delegations, [d.id]: { ...d, name } } },
        }),
      };
    }
    case 'presenter.name':
    case 'presenter.title': {
      const p = Object.hasOwn(roster.presenters, target.presenterId)
        ? roster.presenters[target.presenterId]
        : undefined;
      if (!p) return conflict('presenter_not_found', `no presenter "${target.presenterId}"`).error;
      const field = target.kind === 'presenter.name' ? 'name' : 'title';
      return {
        text: p[field],
        max: TEXT_LIMITS.name,
        write: (text) => ({
          ...state,
          roster: { ...roster, presenters: { ...roster.presenters, [p.id]: { ...p, [field]: text } } },
        }),
      };
    }
    case 'proposal.title':
    case 'proposal.text': {
      const p = Object.hasOwn(votes.proposals, target.proposalId) ? votes.proposals[target.proposalId] : undefined;
      if (!p) return conflict('proposal_not_found', `no proposal "${target.proposalId}"`).error;
      const field = target.kind === 'proposal.title' ? 'title' : 'text';
      return {
        text: p[field],
        max: field === 'title' ? TEXT_LIMITS.shortText : VOTE_TEXT_LIMITS.proposalText,
        write: (text) => ({
          ...state,
          votes: { ...votes, proposals: { ...votes.proposals, [p.id]: { ...p, [field]: text } } },
        }),
      };
    }
    case 'decision.text': {
      const d = Object.hasOwn(votes.decisions, target.decisionId) ? votes.decisions[target.decisionId] : undefined;
      if (!d) return conflict('decision_not_found', `no decision "${target.decisionId}"`).error;
      return {
        text: d.text,
        max: VOTE_TEXT_LIMITS.decisionText,
        write: (text) => ({ ...state, votes: { ...votes, decisions: { ...votes.decisions, [d.id]: { ...d, text } } } }),
      };
    }
  }
}

/**
 * Sets one language of one text. The original can be corrected this way too but never removed;
 * a proposal's original wording cannot change while it is being voted on (its translations can:
 * they help delegations read what they vote on). Setting a text to what it already says is a
 * success that changes nothing but the revision, like any idempotent edit.
 */
export function translateText(state: MeetingState, cmd: CommandOf<'text.translate'>): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const languages = state.meta.languages;
  if (!languages.includes(cmd.lang))
    return conflict('language_not_in_meeting', `the meeting is not held in ${cmd.lang} (${languages.join(', ')})`);
  const slot = slotOf(state, cmd.target);
  if ('code' in slot) return { ok: false, error: slot };
  const value = cmd.text.trim();
  if (value.length > slot.max) return fail('invalid', `text: at most ${slot.max} characters for this text`);
  const isOriginal = cmd.lang === languages[0];
  if (isOriginal && value === '')
    return conflict('text_original_missing', `the original (${cmd.lang}) cannot be removed, only corrected`);
  if (
    isOriginal &&
    (cmd.target.kind === 'proposal.title' || cmd.target.kind === 'proposal.text') &&
    proposalUnderVote(state, cmd.target.proposalId)
  )
    return conflict('proposal_in_vote', 'the proposal is being voted on');
  return { ok: true, state: slot.write(withTranslation(slot.text, cmd.lang, value)) };
}

/** Adds a language at the end; nothing else changes (its texts show as not translated). */
export function addLanguage(state: MeetingState, lang: Lang): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  if (state.meta.languages.includes(lang)) return conflict('language_exists', `the meeting is held in ${lang} already`);
  return { ok: true, state: { ...state, meta: { ...state.meta, languages: [...state.meta.languages, lang] } } };
}

/** The languages' part of the dispatch table. */
export const languageRules: WorldRules<LanguageCommandType> = {
  'text.translate': publicRule((state, _principal, command) => translateText(state, command)),
  'meeting.addLanguage': publicRule((state, _principal, command) => addLanguage(state, command.lang)),
};
