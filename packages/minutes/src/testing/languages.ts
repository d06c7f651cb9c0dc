import type { MeetingDefinitionInput } from '@rostrum/core';
import type { MinutesInput } from '../model.js';
import { MeetingScript } from './script.js';

/**
 * Meetings held in languages other than English and Russian, played through the real rules:
 * a French meeting with Arabic (some texts and notes not translated into Arabic, so that the
 * Arabic minutes show the original with its mark), and a meeting in Spanish only.
 */

/** 14 March 2024, hh:mm:ss in Tunis (UTC+1, all year). */
export function tunis(hh: number, mm: number, ss = 0): number {
  return Date.UTC(2024, 2, 14, hh - 1, mm, ss);
}

/** Texts of the French and Arabic meeting left without an Arabic translation. */
export const UNTRANSLATED_IN_ARABIC = {
  itemTitle: 'Rapport annuel du Bureau régional de renforcement des capacités',
  presenter: 'Nadia Benali',
  delegation: 'Liban',
  proposalText: 'La réunion appuie la création d’un laboratoire régional des douanes à Casablanca.',
  notes: 'Le Directeur du BRRC a présenté le rapport annuel et les activités de formation.',
} as const;

export function frenchArabicDefinition(): MeetingDefinitionInput {
  return {
    title: {
      fr: 'Réunion des Directeurs généraux des douanes de la région Afrique du Nord, Proche et Moyen-Orient',
      ar: 'اجتماع رؤساء إدارات الجمارك في إقليم شمال أفريقيا والشرق الأدنى والأوسط',
    },
    languages: ['fr', 'ar'],
    startsAt: '2024-03-14T10:00:00+01:00',
    timeZone: 'Africa/Tunis',
    videoLink: null,
    chair: { name: { fr: 'Le Vice-Président', ar: 'نائب الرئيس' }, delegationId: 'ma' },
    delegations: [
      { id: 'ma', name: { fr: 'Maroc', ar: 'المغرب' } },
      { id: 'tn', name: { fr: 'Tunisie', ar: 'تونس' } },
      { id: 'dz', name: { fr: 'Algérie', ar: 'الجزائر' } },
      { id: 'eg', name: { fr: 'Égypte', ar: 'مصر' } },
      { id: 'lb', name: { fr: UNTRANSLATED_IN_ARABIC.delegation } },
    ],
    presenters: [
      {
        id: 'vp',
        name: { fr: UNTRANSLATED_IN_ARABIC.presenter },
        title: { fr: 'Vice-Président', ar: 'نائب الرئيس' },
        delegationId: 'ma',
      },
      {
        id: 'rocb',
        name: { fr: 'Directeur du BRRC', ar: 'مدير المكتب الإقليمي لبناء القدرات' },
        title: { fr: 'BRRC', ar: 'المكتب الإقليمي لبناء القدرات' },
        delegationId: null,
      },
    ],
    agenda: [
      {
        id: 'ouverture',
        title: { fr: 'Ouverture de la réunion', ar: 'افتتاح الاجتماع' },
        plannedMinutes: 10,
        presenterIds: ['vp'],
      },
      {
        id: 'rapport',
        title: { fr: UNTRANSLATED_IN_ARABIC.itemTitle },
        plannedMinutes: 20,
        presenterIds: ['rocb'],
        documents: [
          { title: { fr: 'Rapport écrit', ar: 'التقرير المكتوب' }, url: 'https://example.org/brrc-2024.pdf' },
        ],
      },
      {
        id: 'labo',
        title: { fr: 'Proposition de laboratoire régional des douanes', ar: 'مقترح إنشاء مختبر جمركي إقليمي' },
        plannedMinutes: 15,
        presenterIds: [],
      },
      {
        id: 'cloture',
        title: { fr: 'Clôture de la réunion', ar: 'اختتام الاجتماع' },
        plannedMinutes: 5,
        presenterIds: [],
      },
    ],
    proposals: [
      {
        id: 'labo-casa',
        agendaItemId: 'labo',
        title: { fr: 'Laboratoire régional à Casablanca', ar: 'مختبر إقليمي في الدار البيضاء' },
        text: { fr: UNTRANSLATED_IN_ARABIC.proposalText },
        sponsorDelegationId: 'ma',
        documents: [],
      },
    ],
  };
}

/** The French and Arabic meeting played through: notes in both languages, one item's only in French. */
export function frenchArabicMeeting(): MeetingScript {
  const s = new MeetingScript('m-2024-03-14', frenchArabicDefinition(), tunis(9, 50));
  const chair = s.asChair;
  s.at(tunis(9, 55)).join('ma', 'tn', 'dz', 'lb');
  s.at(tunis(10, 0)).run(chair, { type: 'meeting.open' });
  s.at(tunis(10, 0, 30)).run(chair, { type: 'agenda.next' });
  s.at(tunis(10, 1)).run(chair, { type: 'floor.next' });
  s.at(tunis(10, 3)).run(s.delegate('tn'), { type: 'floor.request', kind: 'statement' });
  s.at(tunis(10, 6)).run(chair, { type: 'floor.next' });
  s.at(tunis(10, 8)).run(chair, { type: 'floor.end' });
  s.note(
    'ouverture',
    'Le Vice-Président a ouvert la réunion et souhaité la bienvenue aux Membres.\n\nIl a remercié le Maroc.',
  );
  s.note('ouverture', 'افتتح نائب الرئيس الاجتماع ورحّب بالأعضاء.\n\nوشكر المغرب.', 'ar');

  s.at(tunis(10, 10)).run(chair, { type: 'agenda.next' });
  s.at(tunis(10, 10, 30)).run(chair, { type: 'floor.next' });
  s.at(tunis(10, 28)).run(chair, { type: 'floor.end' });
  s.at(tunis(10, 29)).run(s.asSecretariat, {
    type: 'decision.record',
    agendaItemId: 'rapport',
    outcome: 'noted',
    text: { fr: 'La réunion a pris note du rapport annuel du BRRC.', ar: 'أحاط الاجتماع علمًا بالتقرير السنوي.' },
  });
  s.note('rapport', UNTRANSLATED_IN_ARABIC.notes);

  s.at(tunis(10, 30)).run(chair, { type: 'agenda.next' });
  s.at(tunis(10, 31)).join('eg');
  s.at(tunis(10, 32)).run(s.delegate('eg'), { type: 'floor.request', kind: 'statement' });
  s.at(tunis(10, 33)).run(chair, { type: 'floor.next' });
  s.at(tunis(10, 35)).run(chair, { type: 'floor.end' });
  const poll = s.at(tunis(10, 36)).run(chair, {
    type: 'poll.open',
    proposalId: 'labo-casa',
    method: 'vote',
    secrecy: 'roll_call',
    majority: 'simple',
    quorum: 0.5,
  });
  if (poll === undefined) throw new Error('no poll id');
  for (const [d, choice] of [
    ['ma', 'support'],
    ['tn', 'support'],
    ['dz', 'abstain'],
    ['eg', 'support'],
    ['lb', 'object'],
  ] as const)
    s.advance(10_000).run(s.delegate(d), { type: 'poll.vote', pollId: poll, choice });
  s.at(tunis(10, 40)).run(chair, { type: 'poll.close', pollId: poll });
  s.at(tunis(10, 41)).run(chair, {
    type: 'decision.record',
    agendaItemId: 'labo',
    pollId: poll,
    outcome: 'supported',
    text: {
      fr: 'La réunion a appuyé la création d’un laboratoire régional des douanes à Casablanca.',
      ar: 'أيّد الاجتماع إنشاء مختبر جمركي إقليمي في الدار البيضاء.',
    },
  });
  s.note('labo', 'Les Membres ont appuyé la proposition. L’Égypte a demandé une estimation des coûts.');
  s.note('labo', 'أيّد الأعضاء المقترح. وطلبت مصر تقديرًا للتكاليف.', 'ar');

  s.at(tunis(10, 45)).run(chair, { type: 'agenda.next' });
  s.at(tunis(10, 50)).run(chair, { type: 'meeting.close' });
  s.at(tunis(10, 51)).leave('ma', 'tn', 'dz', 'lb', 'eg');
  return s;
}

export const LANGUAGES_FIXTURE_AT = tunis(11, 0);

export function frenchArabicInput(): MinutesInput {
  return frenchArabicMeeting().input(LANGUAGES_FIXTURE_AT);
}

export function spanishDefinition(): MeetingDefinitionInput {
  return {
    title: { es: 'Reunión de Directores Generales de Aduanas de la región Américas y el Caribe' },
    languages: ['es'],
    startsAt: '2024-03-14T10:00:00-03:00',
    timeZone: 'America/Argentina/Buenos_Aires',
    videoLink: null,
    chair: { name: { es: 'El Vicepresidente' }, delegationId: 'ar' },
    delegations: [
      { id: 'ar', name: { es: 'Argentina' } },
      { id: 'cl', name: { es: 'Chile' } },
      { id: 'mx', name: { es: 'México' } },
    ],
    presenters: [],
    agenda: [
      { id: 'apertura', title: { es: 'Apertura de la reunión' }, plannedMinutes: 10, presenterIds: [] },
      { id: 'clausura', title: { es: 'Clausura de la reunión' }, plannedMinutes: 5, presenterIds: [] },
    ],
    proposals: [],
  };
}

/** A meeting held in Spanish only. */
export function spanishInput(): MinutesInput {
  const start = Date.UTC(2024, 2, 14, 13, 0);
  const s = new MeetingScript('m-2024-03-14-es', spanishDefinition(), start - 10 * 60_000);
  const chair = s.asChair;
  s.at(start - 5 * 60_000).join('ar', 'cl');
  s.at(start).run(chair, { type: 'meeting.open' });
  s.at(start + 30_000).run(chair, { type: 'agenda.next' });
  s.at(start + 60_000).run(s.delegate('cl'), { type: 'floor.request', kind: 'statement' });
  s.at(start + 90_000).run(chair, { type: 'floor.next' });
  s.at(start + 240_000).run(chair, { type: 'floor.end' });
  s.at(start + 300_000).run(s.asSecretariat, {
    type: 'decision.record',
    agendaItemId: 'apertura',
    outcome: 'noted',
    text: { es: 'La reunión tomó nota de la declaración de Chile.' },
  });
  s.note('apertura', 'El Vicepresidente abrió la reunión y dio la bienvenida a los Miembros.');
  s.at(start + 600_000).run(chair, { type: 'agenda.next' });
  s.at(start + 900_000).run(chair, { type: 'meeting.close' });
  s.at(start + 960_000).leave('ar', 'cl');
  return s.input(start + 1_200_000);
}
