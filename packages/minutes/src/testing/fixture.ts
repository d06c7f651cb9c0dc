import type { MeetingDefinitionInput } from '@rostrum/core';
import type { MinutesInput } from '../model.js';
import { MeetingScript } from './script.js';

/** Hostile texts: they must come out as the characters typed in every format. */
export const HOSTILE = {
  itemTitle: {
    en: 'Any other business <script>alert("x")</script> **bold** | pipe # [link](http://x.test) _u_ `code`',
    ru: 'Разное <script>alert("х")</script> **жирный** | черта # [ссылка](http://x.test)',
  },
  notes: '<script>alert("notes")</script>\n- not a list\n1. not numbered\n    not code | pipe & amp\n# not a heading',
  decision: {
    en: '<img src=x onerror=alert(1)> The Meeting noted **nothing** | else.\n# not a heading',
    ru: '<img src=x onerror=alert(1)> Совещание приняло к сведению **ничего** | иного.\n# не заголовок',
  },
} as const;

const MEMBERS: ReadonlyArray<readonly [string, string, string]> = [
  ['az', 'Azerbaijan', 'Азербайджан'],
  ['by', 'Belarus', 'Беларусь'],
  ['de', 'Germany', 'Германия'],
  ['kz', 'Kazakhstan', 'Казахстан'],
  ['tr', 'Türkiye', 'Турция'],
  ['ua', 'Ukraine', 'Украина'],
  ['uz', 'Uzbekistan', 'Узбекистан'],
];

/** A shortened 8 June 2021 Europe Region meeting, with a hostile agenda item. */
export function fixtureDefinition(): MeetingDefinitionInput {
  return {
    title: {
      en: 'WCO Europe Region Heads of Customs Meeting',
      ru: 'Совещание руководителей таможенных служб региона Европы ВТамО',
    },
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Europe/Brussels',
    videoLink: null,
    chair: {
      name: { en: 'Safar Mehdiyev, Vice-Chair', ru: 'Сафар Мехдиев, заместитель Председателя' },
      delegationId: 'az',
    },
    delegations: MEMBERS.map(([id, en, ru]) => ({ id, name: { en: `${en} Customs`, ru: `Таможня: ${ru}` } })),
    presenters: [
      {
        id: 'vice-chair',
        name: { en: 'Safar Mehdiyev', ru: 'Сафар Мехдиев' },
        title: { en: 'Vice-Chair', ru: 'заместитель Председателя' },
        delegationId: 'az',
      },
      {
        id: 'sg',
        name: { en: 'Dr. Kunio Mikuriya', ru: 'Д-р Кунио Микурия' },
        title: { en: 'Secretary General, WCO', ru: 'Генеральный секретарь ВТамО' },
        delegationId: null,
      },
      {
        id: 'rocb',
        name: { en: 'Eser Çengel', ru: 'Эсер Ченгель' },
        title: { en: 'Director, ROCB Europe', ru: 'Директор РБСП Европа' },
        delegationId: null,
      },
      {
        id: 'uz-customs',
        name: { en: 'Uzbekistan Customs representative', ru: 'Представитель таможни Узбекистана' },
        title: { en: 'State Customs Committee', ru: 'Государственный таможенный комитет' },
        delegationId: 'uz',
      },
    ],
    agenda: [
      {
        id: 'opening',
        title: { en: 'Opening remarks by the Vice-Chair', ru: 'Вступительное слово заместителя Председателя' },
        plannedMinutes: 10,
        presenterIds: ['vice-chair'],
      },
      {
        id: 'sg-address',
        title: { en: 'Address by the WCO Secretary General', ru: 'Выступление Генерального секретаря ВТамО' },
        plannedMinutes: 15,
        presenterIds: ['sg'],
      },
      {
        id: 'rocb-report',
        title: { en: 'ROCB Europe annual progress report 2020/2021', ru: 'Годовой отчёт РБСП Европа за 2020/2021 год' },
        plannedMinutes: 20,
        presenterIds: ['rocb'],
        documents: [
          { title: { en: 'Written report', ru: 'Письменный доклад' }, url: 'https://example.org/rocb-report-2021.pdf' },
        ],
      },
      {
        id: 'council',
        title: { en: 'Topics of the forthcoming Council Session', ru: 'Вопросы предстоящей сессии Совета' },
        plannedMinutes: 30,
        presenterIds: ['sg'],
      },
      {
        id: 'uz-lab',
        title: {
          en: 'Proposal to establish a Regional Customs Laboratory',
          ru: 'Предложение о создании Региональной таможенной лаборатории',
        },
        plannedMinutes: 15,
        presenterIds: ['uz-customs'],
      },
      { id: 'aob', title: { ...HOSTILE.itemTitle }, plannedMinutes: 10, presenterIds: [] },
      {
        id: 'closing',
        title: { en: 'Closing of the meeting', ru: 'Закрытие совещания' },
        plannedMinutes: 5,
        presenterIds: ['vice-chair'],
      },
    ],
    proposals: [
      {
        id: 'lab',
        agendaItemId: 'uz-lab',
        title: { en: 'Regional Customs Laboratory in Tashkent', ru: 'Региональная таможенная лаборатория в Ташкенте' },
        text: {
          en: 'The Meeting supports the establishment of a Regional Customs Laboratory hosted by Uzbekistan Customs.',
          ru: 'Совещание поддерживает создание Региональной таможенной лаборатории на базе таможни Узбекистана.',
        },
        sponsorDelegationId: 'uz',
        documents: [
          { title: { en: 'Concept note', ru: 'Концептуальная записка' }, url: 'https://example.org/lab-concept.pdf' },
        ],
      },
    ],
  };
}

/** 8 June 2021, hh:mm:ss in Brussels (UTC+2 in summer). */
export function brussels(hh: number, mm: number, ss = 0): number {
  return Date.UTC(2021, 5, 8, hh - 2, mm, ss);
}

export const FIXTURE_GENERATED_AT = brussels(11, 30);

/**
 * The meeting played through: attendance, every kind of speech (presentation, statement,
 * point of order, an overrun), a deferred item, a roll-call and an anonymous poll, decisions
 * with and without a poll, notes in English, Russian and hostile text.
 */
export function recordedMeeting(): MeetingScript {
  const s = new MeetingScript('m-2021-06-08', fixtureDefinition(), brussels(9, 50));
  const chair = s.asChair;
  s.at(brussels(9, 55)).join('az', 'kz', 'tr', 'uz', 'de');
  s.at(brussels(10, 0)).run(chair, { type: 'meeting.open' });
  s.at(brussels(10, 0, 30)).run(chair, { type: 'agenda.next' });
  s.at(brussels(10, 1)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 3)).run(s.delegate('kz'), { type: 'floor.request', kind: 'statement' });
  s.at(brussels(10, 7)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 9, 10)).run(chair, { type: 'floor.end' });
  s.note(
    'opening',
    'The Vice-Chair opened the meeting and described the activities of Azerbaijan during its tenure.\n\nHe thanked the Members for their cooperation.',
  );

  s.at(brussels(10, 11)).run(chair, { type: 'agenda.next' });
  s.at(brussels(10, 11, 30)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 25, 30)).run(chair, { type: 'floor.end' });
  s.note(
    'sg-address',
    'Генеральный секретарь рассказал о последних инициативах ВТамО.\nОн поблагодарил членов за активное участие.',
  );

  s.at(brussels(10, 27)).run(chair, { type: 'agenda.next' });
  s.at(brussels(10, 27, 20)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 40)).join('ua');
  s.at(brussels(10, 41)).run(s.delegate('ua'), { type: 'floor.request', kind: 'statement' });
  s.at(brussels(10, 45)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 47)).run(s.delegate('az'), { type: 'floor.request', kind: 'point_of_order' });
  s.at(brussels(10, 48, 30)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 49, 10)).run(chair, { type: 'floor.end' });
  s.note(
    'rocb-report',
    'Mr. Çengel presented the annual report: the Coronavirus Bulletin, ROCB Europe Analytics and the E-Training Module.',
  );

  s.at(brussels(10, 50)).run(chair, { type: 'agenda.defer', itemId: 'council' });
  s.at(brussels(10, 50, 5)).run(chair, { type: 'agenda.next' });
  s.at(brussels(10, 50, 30)).run(chair, { type: 'floor.next' });
  s.at(brussels(10, 58, 30)).run(s.delegate('de'), { type: 'floor.request', kind: 'statement' });
  s.at(brussels(10, 58, 40)).run(chair, { type: 'floor.next' });
  s.at(brussels(11, 0, 30)).run(chair, { type: 'floor.end' });
  const rollCall = s.at(brussels(11, 1)).run(chair, {
    type: 'poll.open',
    proposalId: 'lab',
    method: 'vote',
    secrecy: 'roll_call',
    majority: 'simple',
    quorum: 0.5,
  });
  if (rollCall === undefined) throw new Error('no poll id');
  for (const [d, choice] of [
    ['az', 'support'],
    ['kz', 'support'],
    ['tr', 'abstain'],
    ['uz', 'support'],
    ['de', 'object'],
    ['ua', 'support'],
  ] as const) {
    s.advance(10_000).run(s.delegate(d), { type: 'poll.vote', pollId: rollCall, choice });
  }
  s.at(brussels(11, 3)).run(chair, { type: 'poll.close', pollId: rollCall });
  s.at(brussels(11, 3, 30)).run(chair, {
    type: 'decision.record',
    agendaItemId: 'uz-lab',
    pollId: rollCall,
    outcome: 'supported',
    text: {
      en: "The Meeting supported Uzbekistan Customs' proposal to establish a Regional Customs Laboratory.",
      ru: 'Совещание поддержало предложение таможни Узбекистана о создании Региональной таможенной лаборатории.',
    },
  });
  const group = s.at(brussels(11, 4)).run(s.asSecretariat, {
    type: 'proposal.add',
    agendaItemId: 'uz-lab',
    title: { en: 'Working group on laboratory standards', ru: 'Рабочая группа по стандартам лабораторий' },
    text: {
      en: 'Convene a working group on common laboratory standards.',
      ru: 'Созвать рабочую группу по общим стандартам лабораторий.',
    },
  });
  if (group === undefined) throw new Error('no proposal id');
  const secret = s.at(brussels(11, 4, 30)).run(chair, {
    type: 'poll.open',
    proposalId: group,
    method: 'vote',
    secrecy: 'anonymous',
    majority: 'simple',
    quorum: 0.5,
  });
  if (secret === undefined) throw new Error('no poll id');
  for (const [d, choice] of [
    ['az', 'object'],
    ['kz', 'support'],
    ['uz', 'support'],
  ] as const) {
    s.advance(5_000).run(s.delegate(d), { type: 'poll.vote', pollId: secret, choice });
  }
  s.at(brussels(11, 5)).leave('ua');
  s.at(brussels(11, 6)).run(chair, { type: 'poll.close', pollId: secret });
  s.at(brussels(11, 6, 30)).run(chair, {
    type: 'decision.record',
    agendaItemId: 'uz-lab',
    pollId: secret,
    outcome: 'noted',
    text: {
      en: 'The Meeting took note of the proposal for a working group.',
      ru: 'Совещание приняло к сведению предложение о рабочей группе.',
    },
  });
  s.note('uz-lab', 'Members supported the proposal. Germany asked for a cost estimate.');

  s.at(brussels(11, 8)).run(chair, { type: 'agenda.next' });
  s.at(brussels(11, 12)).run(s.asSecretariat, {
    type: 'decision.record',
    agendaItemId: 'aob',
    outcome: 'noted',
    text: { ...HOSTILE.decision },
  });
  s.note('aob', HOSTILE.notes);

  s.at(brussels(11, 15)).run(chair, { type: 'agenda.next' });
  s.at(brussels(11, 15, 20)).run(chair, { type: 'floor.next' });
  s.at(brussels(11, 17, 20)).run(chair, { type: 'floor.end' });
  s.at(brussels(11, 19)).run(chair, { type: 'meeting.close' });
  s.at(brussels(11, 20)).leave('az', 'kz', 'tr', 'uz');
  return s;
}

/** The minutes input of the recorded meeting, generated at 11:30. */
export function recordedInput(): MinutesInput {
  return recordedMeeting().input(FIXTURE_GENERATED_AT);
}
