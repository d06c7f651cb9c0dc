import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../limits.js';
import type { MeetingState } from '../state.js';
import type { Lang, MeetingText } from '../text.js';
import { VOTE_TEXT_LIMITS } from '../votes/votes-state.js';
import { chair, delegate, frenchArabicWorld, must, run, secretariat } from '../testing/languages-world.js';
import type { TextTarget } from './language-commands.js';

const translate = (target: TextTarget, lang: Lang, text: string) =>
  ({ type: 'text.translate', target, lang, text }) as const;

/** A world with a recorded decision, so that every kind of text has one to translate. */
function worldWithDecision() {
  return must(frenchArabicWorld(), {
    type: 'decision.record',
    agendaItemId: 'divers',
    text: { fr: 'La réunion a pris note.' },
    outcome: 'noted',
  });
}

/** Every kind of target, with where its text is read in the state. */
const TARGETS: Array<{ target: TextTarget; read: (s: MeetingState) => MeetingText | undefined }> = [
  { target: { kind: 'meeting.title' }, read: (s) => s.meta.title },
  { target: { kind: 'chair.name' }, read: (s) => s.roster.chair.name },
  { target: { kind: 'item.title', itemId: 'labo' }, read: (s) => s.agenda.items['labo']?.title },
  {
    target: { kind: 'document.title', itemId: 'labo', index: 0 },
    read: (s) => s.agenda.items['labo']?.documents[0]?.title,
  },
  { target: { kind: 'delegation.name', delegationId: 'tn' }, read: (s) => s.roster.delegations['tn']?.name },
  { target: { kind: 'presenter.name', presenterId: 'sg' }, read: (s) => s.roster.presenters['sg']?.name },
  { target: { kind: 'presenter.title', presenterId: 'sg' }, read: (s) => s.roster.presenters['sg']?.title },
  { target: { kind: 'proposal.title', proposalId: 'prop' }, read: (s) => s.votes.proposals['prop']?.title },
  { target: { kind: 'proposal.text', proposalId: 'prop' }, read: (s) => s.votes.proposals['prop']?.text },
  {
    target: { kind: 'decision.text', decisionId: 'n1' },
    read: (s) => Object.values(s.votes.decisions)[0]?.text,
  },
];

describe('text.translate', () => {
  it.each(TARGETS.map((t) => [t.target.kind, t] as const))(
    'sets and removes the Arabic of a %s, the original kept',
    (_kind, { target, read }) => {
      const start = worldWithDecision();
      const decisionId = Object.keys(start.state.votes.decisions)[0] ?? '';
      const aimed: TextTarget = target.kind === 'decision.text' ? { ...target, decisionId } : target;
      const before = read(start.state);
      if (!before?.fr) throw new Error('the fixture has no French text there');
      const translated = must(start, translate(aimed, 'ar', '  نص عربي  '), secretariat);
      expect(read(translated.state)).toEqual({ ...before, ar: 'نص عربي' });
      expect(translated.state.meta.revision).toBe(start.state.meta.revision + 1);
      const removed = must(translated, translate(aimed, 'ar', ''));
      const { ar: _gone, ...withoutArabic } = before;
      expect(read(removed.state)).toEqual(withoutArabic);
      // The original corrected, never removed.
      const corrected = must(removed, translate(aimed, 'fr', 'Texte corrigé'));
      expect(read(corrected.state)?.fr).toBe('Texte corrigé');
      expect(run(corrected, translate(aimed, 'fr', '   '))).toMatchObject({
        ok: false,
        error: { code: 'conflict', reason: 'text_original_missing' },
      });
    },
  );

  it('names what it did not find', () => {
    const w = worldWithDecision();
    const refusal = (target: TextTarget) => {
      const out = run(w, translate(target, 'ar', 'نص'));
      return out.ok ? null : out.error.reason;
    };
    expect(refusal({ kind: 'item.title', itemId: 'nowhere' })).toBe('item_not_found');
    expect(refusal({ kind: 'document.title', itemId: 'nowhere', index: 0 })).toBe('item_not_found');
    expect(refusal({ kind: 'document.title', itemId: 'labo', index: 1 })).toBe('document_not_found');
    expect(refusal({ kind: 'document.title', itemId: 'divers', index: 0 })).toBe('document_not_found');
    // The guard: the client saw another document at that place (the list was reordered since).
    expect(refusal({ kind: 'document.title', itemId: 'labo', index: 0, original: 'Annexe' })).toBe(
      'document_not_found',
    );
    expect(refusal({ kind: 'document.title', itemId: 'labo', index: 0, original: 'Rapport' })).toBeNull();
    expect(refusal({ kind: 'delegation.name', delegationId: 'ly' })).toBe('delegation_not_found');
    expect(refusal({ kind: 'presenter.name', presenterId: 'nobody' })).toBe('presenter_not_found');
    expect(refusal({ kind: 'presenter.title', presenterId: 'nobody' })).toBe('presenter_not_found');
    expect(refusal({ kind: 'proposal.title', proposalId: 'nothing' })).toBe('proposal_not_found');
    expect(refusal({ kind: 'proposal.text', proposalId: 'nothing' })).toBe('proposal_not_found');
    expect(refusal({ kind: 'decision.text', decisionId: 'nothing' })).toBe('decision_not_found');
    // Ids of Object.prototype are no ids: "constructor" is not found, not an inherited function.
    expect(refusal({ kind: 'delegation.name', delegationId: 'constructor' })).toBe('delegation_not_found');
  });

  it('holds each text to its own length limit', () => {
    const w = worldWithDecision();
    const decisionId = Object.keys(w.state.votes.decisions)[0] ?? '';
    const limits: Array<[TextTarget, number]> = [
      [{ kind: 'meeting.title' }, TEXT_LIMITS.shortText],
      [{ kind: 'item.title', itemId: 'labo' }, TEXT_LIMITS.shortText],
      [{ kind: 'delegation.name', delegationId: 'tn' }, TEXT_LIMITS.name],
      [{ kind: 'document.title', itemId: 'labo', index: 0 }, TEXT_LIMITS.name],
      [{ kind: 'presenter.title', presenterId: 'sg' }, TEXT_LIMITS.name],
      [{ kind: 'proposal.title', proposalId: 'prop' }, TEXT_LIMITS.shortText],
      [{ kind: 'proposal.text', proposalId: 'prop' }, VOTE_TEXT_LIMITS.proposalText],
      [{ kind: 'decision.text', decisionId }, VOTE_TEXT_LIMITS.decisionText],
    ];
    for (const [target, max] of limits) {
      expect(run(w, translate(target, 'ar', 'ب'.repeat(max))).ok, `${target.kind} at ${max}`).toBe(true);
      expect(run(w, translate(target, 'ar', 'ب'.repeat(max + 1))), `${target.kind} over ${max}`).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
  });

  it('refuses a language the meeting does not have, and a closed meeting', () => {
    const w = frenchArabicWorld();
    expect(run(w, translate({ kind: 'meeting.title' }, 'en', 'Regional meeting'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'language_not_in_meeting' },
    });
    const closed = must(must(w, { type: 'meeting.open' }), { type: 'meeting.close' });
    expect(run(closed, translate({ kind: 'meeting.title' }, 'ar', 'اجتماع'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'meeting_closed' },
    });
  });

  it('keeps the original of a proposal under vote, while its translations may still be filled in', () => {
    const open = must(must(frenchArabicWorld(), { type: 'meeting.open' }), {
      type: 'poll.open',
      proposalId: 'prop',
      method: 'vote',
      secrecy: 'roll_call',
      quorum: 0,
    });
    for (const kind of ['proposal.title', 'proposal.text'] as const) {
      expect(run(open, translate({ kind, proposalId: 'prop' }, 'fr', 'Autre texte'))).toMatchObject({
        ok: false,
        error: { code: 'conflict', reason: 'proposal_in_vote' },
      });
      const translated = must(open, translate({ kind, proposalId: 'prop' }, 'ar', 'ترجمة'));
      expect(translated.state.votes.proposals['prop']?.[kind === 'proposal.title' ? 'title' : 'text'].ar).toBe('ترجمة');
    }
  });

  it('is for the chair and the secretariat only', () => {
    const w = frenchArabicWorld();
    expect(run(w, translate({ kind: 'meeting.title' }, 'ar', 'اجتماع'), delegate)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(w, translate({ kind: 'meeting.title' }, 'ar', 'اجتماع'), chair).ok).toBe(true);
  });
});

describe('meeting.addLanguage', () => {
  it('appends a language, the original staying first, and nothing else changes', () => {
    const w = frenchArabicWorld();
    const added = must(w, { type: 'meeting.addLanguage', lang: 'es' }, secretariat);
    expect(added.state.meta.languages).toEqual(['fr', 'ar', 'es']);
    expect(added.state.agenda).toEqual(w.state.agenda);
    expect(added.state.roster).toEqual(w.state.roster);
    // Its texts are now accepted, in commands as in translations.
    expect(
      must(added, translate({ kind: 'item.title', itemId: 'labo' }, 'es', 'Laboratorio')).state.agenda.items['labo']
        ?.title,
    ).toEqual({ fr: 'Laboratoire', es: 'Laboratorio' });
  });

  it('refuses a language the meeting has, a closed meeting, and a delegate', () => {
    const w = frenchArabicWorld();
    for (const lang of ['fr', 'ar'] as const)
      expect(run(w, { type: 'meeting.addLanguage', lang } as const)).toMatchObject({
        ok: false,
        error: { code: 'conflict', reason: 'language_exists' },
      });
    const closed = must(must(w, { type: 'meeting.open' }), { type: 'meeting.close' });
    expect(run(closed, { type: 'meeting.addLanguage', lang: 'en' })).toMatchObject({
      ok: false,
      error: { reason: 'meeting_closed' },
    });
    expect(run(w, { type: 'meeting.addLanguage', lang: 'en' }, delegate)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('stops at five languages: a sixth is one the meeting has', () => {
    let w = frenchArabicWorld();
    for (const lang of ['en', 'es', 'ru'] as const) w = must(w, { type: 'meeting.addLanguage', lang });
    expect(w.state.meta.languages).toEqual(['fr', 'ar', 'en', 'es', 'ru']);
    expect(run(w, { type: 'meeting.addLanguage', lang: 'en' }).ok).toBe(false);
  });
});
