import { describe, expect, it } from 'vitest';
import { meetingDefinitionSchema, type CommandInput } from '../index.js';
import { frenchArabicDefinition, frenchArabicWorld, must, run } from '../testing/languages-world.js';
import { meetingTexts, missingCounts, textTargetKey } from './missing-texts.js';

/** Commands carrying texts, each built around one text to check. */
const WITH_TEXT: Array<[string, (text: Record<string, string>) => CommandInput]> = [
  ['agenda.add', (title) => ({ type: 'agenda.add', title, plannedMinutes: 5 })],
  ['agenda.edit', (title) => ({ type: 'agenda.edit', itemId: 'divers', title })],
  [
    'agenda.setDocuments',
    (title) => ({
      type: 'agenda.setDocuments',
      itemId: 'labo',
      documents: [{ title, url: 'https://example.org/a.pdf' }],
    }),
  ],
  ['roster.import', (name) => ({ type: 'roster.import', delegations: [{ id: 'dz', name }] })],
  ['proposal.add', (text) => ({ type: 'proposal.add', agendaItemId: 'labo', title: { fr: 'Titre' }, text })],
  ['proposal.edit', (title) => ({ type: 'proposal.edit', proposalId: 'prop', title })],
  ['decision.record', (text) => ({ type: 'decision.record', agendaItemId: 'labo', text, outcome: 'noted' })],
];

describe('the texts of commands, checked by execute against the meeting languages', () => {
  it.each(WITH_TEXT)('%s: taken in the original with translations into the meeting languages', (_type, build) => {
    expect(run(frenchArabicWorld(), build({ fr: 'Texte', ar: 'نص' })).ok).toBe(true);
    expect(run(frenchArabicWorld(), build({ fr: 'Texte' })).ok).toBe(true);
  });

  it.each(WITH_TEXT)('%s: refused without the original, or in a language the meeting does not have', (_type, build) => {
    const w = frenchArabicWorld();
    expect(run(w, build({ ar: 'نص' }))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'text_original_missing' },
    });
    expect(run(w, build({ fr: 'Texte', en: 'Text' }))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'language_not_in_meeting' },
    });
  });

  it('checks the decision edited and the proposal’s documents too', () => {
    const w = must(frenchArabicWorld(), {
      type: 'decision.record',
      agendaItemId: 'labo',
      text: { fr: 'Décision' },
      outcome: 'noted',
    });
    const decisionId = Object.keys(w.state.votes.decisions)[0] ?? '';
    expect(run(w, { type: 'decision.edit', decisionId, text: { ru: 'Решение' } })).toMatchObject({
      ok: false,
      error: { reason: 'text_original_missing' },
    });
    expect(
      run(w, {
        type: 'proposal.add',
        agendaItemId: 'labo',
        title: { fr: 'Titre' },
        text: { fr: 'Texte' },
        documents: [{ title: { fr: 'Annexe', es: 'Anexo' }, url: 'https://example.org/annexe.pdf' }],
      }),
    ).toMatchObject({ ok: false, error: { reason: 'language_not_in_meeting' } });
  });

  it('follows a language added: its texts are then taken', () => {
    const w = frenchArabicWorld();
    const add = { type: 'agenda.add', title: { fr: 'Divers', es: 'Varios' }, plannedMinutes: 5 } as const;
    expect(run(w, add).ok).toBe(false);
    expect(run(must(w, { type: 'meeting.addLanguage', lang: 'es' }), add).ok).toBe(true);
  });
});

describe('the texts of a definition', () => {
  it('defaults to English and Russian, as meetings were before: French texts are then refused', () => {
    const { languages: _none, ...legacy } = frenchArabicDefinition();
    const parsed = meetingDefinitionSchema.safeParse(legacy);
    expect(parsed.success).toBe(false);
    const english = meetingDefinitionSchema.parse({
      ...legacy,
      title: { en: 'Meeting', ru: 'Совещание' },
      chair: { name: { en: 'Chair' } },
      delegations: [{ id: 'ma', name: { en: 'Morocco' } }],
      presenters: [],
      agenda: [{ id: 'a', title: { en: 'Item' }, plannedMinutes: 5 }],
      proposals: [],
    });
    expect(english.languages).toEqual(['en', 'ru']);
  });

  it('names the field of every text missing its original or in a foreign language', () => {
    const def = frenchArabicDefinition();
    const bad = {
      ...def,
      chair: { name: { ar: 'الرئيس' } },
      delegations: [def.delegations[0], { id: 'tn', name: { fr: 'Douane tunisienne', en: 'Tunisian Customs' } }],
      agenda: [
        {
          ...def.agenda[0],
          documents: [{ title: { es: 'Informe' }, url: 'https://example.org/informe.pdf' }],
        },
        def.agenda[1],
      ],
      proposals: [{ ...def.proposals?.[0], text: { ar: 'إنشاء المختبر.' } }],
    };
    const parsed = meetingDefinitionSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const paths = (parsed.error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths.sort()).toEqual(
      ['chair.name', 'delegations.1.name', 'agenda.0.documents.0.title', 'proposals.0.text'].sort(),
    );
  });

  it('refuses a language listed twice, or none', () => {
    expect(meetingDefinitionSchema.safeParse({ ...frenchArabicDefinition(), languages: ['fr', 'fr'] }).success).toBe(
      false,
    );
    expect(meetingDefinitionSchema.safeParse({ ...frenchArabicDefinition(), languages: [] }).success).toBe(false);
  });
});

describe('the texts of a meeting, to translate', () => {
  it('lists every text in reading order, with the target a translation names it by', () => {
    const texts = meetingTexts(frenchArabicWorld().state);
    expect(texts.map((t) => textTargetKey(t.target))).toEqual([
      'meeting.title',
      'chair.name',
      'item.title:labo',
      'document.title:labo:0',
      'item.title:divers',
      'presenter.name:sg',
      'presenter.title:sg',
      'delegation.name:ma',
      'delegation.name:tn',
      'proposal.title:prop',
      'proposal.text:prop',
    ]);
    expect(texts[0]?.text).toEqual({ fr: 'Réunion régionale', ar: 'الاجتماع الإقليمي' });
  });

  it('counts what is missing per language; the original misses nothing', () => {
    const w = frenchArabicWorld();
    // Untranslated into Arabic: chair, item labo, its document, presenter name and title, Tunisia, proposal title.
    expect(missingCounts(w.state)).toEqual({ fr: 0, ar: 7 });
    const translated = must(w, {
      type: 'text.translate',
      target: { kind: 'delegation.name', delegationId: 'tn' },
      lang: 'ar',
      text: 'الجمارك التونسية',
    });
    expect(missingCounts(translated.state)).toEqual({ fr: 0, ar: 6 });
    const withSpanish = must(translated, { type: 'meeting.addLanguage', lang: 'es' });
    expect(missingCounts(withSpanish.state)).toEqual({ fr: 0, ar: 6, es: 11 });
  });
});
