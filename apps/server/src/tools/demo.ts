import type { MeetingDefinitionInput } from '@rostrum/core';

/**
 * The WCO Europe Region's member administrations (53), as delegations of the demo meeting.
 * [id, English, Russian]
 */
const MEMBERS: ReadonlyArray<readonly [string, string, string]> = [
  ['al', 'Albania', 'Албания'],
  ['ad', 'Andorra', 'Андорра'],
  ['am', 'Armenia', 'Армения'],
  ['at', 'Austria', 'Австрия'],
  ['az', 'Azerbaijan', 'Азербайджан'],
  ['by', 'Belarus', 'Беларусь'],
  ['be', 'Belgium', 'Бельгия'],
  ['ba', 'Bosnia and Herzegovina', 'Босния и Герцеговина'],
  ['bg', 'Bulgaria', 'Болгария'],
  ['hr', 'Croatia', 'Хорватия'],
  ['cy', 'Cyprus', 'Кипр'],
  ['cz', 'Czech Republic', 'Чешская Республика'],
  ['dk', 'Denmark', 'Дания'],
  ['ee', 'Estonia', 'Эстония'],
  ['eu', 'European Union', 'Европейский союз'],
  ['fi', 'Finland', 'Финляндия'],
  ['fr', 'France', 'Франция'],
  ['ge', 'Georgia', 'Грузия'],
  ['de', 'Germany', 'Германия'],
  ['gr', 'Greece', 'Греция'],
  ['hu', 'Hungary', 'Венгрия'],
  ['is', 'Iceland', 'Исландия'],
  ['ie', 'Ireland', 'Ирландия'],
  ['il', 'Israel', 'Израиль'],
  ['it', 'Italy', 'Италия'],
  ['kz', 'Kazakhstan', 'Казахстан'],
  ['xk', 'Kosovo', 'Косово'],
  ['kg', 'Kyrgyzstan', 'Кыргызстан'],
  ['lv', 'Latvia', 'Латвия'],
  ['lt', 'Lithuania', 'Литва'],
  ['lu', 'Luxembourg', 'Люксембург'],
  ['mt', 'Malta', 'Мальта'],
  ['md', 'Moldova', 'Молдова'],
  ['me', 'Montenegro', 'Черногория'],
  ['nl', 'Netherlands', 'Нидерланды'],
  ['mk', 'North Macedonia', 'Северная Македония'],
  ['no', 'Norway', 'Норвегия'],
  ['pl', 'Poland', 'Польша'],
  ['pt', 'Portugal', 'Португалия'],
  ['ro', 'Romania', 'Румыния'],
  ['ru', 'Russian Federation', 'Российская Федерация'],
  ['rs', 'Serbia', 'Сербия'],
  ['sk', 'Slovakia', 'Словакия'],
  ['si', 'Slovenia', 'Словения'],
  ['es', 'Spain', 'Испания'],
  ['se', 'Sweden', 'Швеция'],
  ['ch', 'Switzerland', 'Швейцария'],
  ['tj', 'Tajikistan', 'Таджикистан'],
  ['tr', 'Türkiye', 'Турция'],
  ['tm', 'Turkmenistan', 'Туркменистан'],
  ['ua', 'Ukraine', 'Украина'],
  ['gb', 'United Kingdom', 'Великобритания'],
  ['uz', 'Uzbekistan', 'Узбекистан'],
];

/**
 * The demo meeting: the Europe Region Heads of Customs Meeting held online on 8 June 2021,
 * chaired by the Vice-Chair (Azerbaijan's State Customs Committee).
 */
export function demoMeeting(): MeetingDefinitionInput {
  return {
    // Held in English and Russian, English the original (the meeting's working documents).
    languages: ['en', 'ru'],
    title: {
      en: 'WCO Europe Region Heads of Customs Meeting',
      ru: 'Совещание руководителей таможенных служб региона Европы ВТамО',
    },
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Europe/Brussels',
    videoLink: 'https://meet.jit.si/wco-europe-hoc-2021',
    chair: {
      name: { en: 'Safar Mehdiyev, Vice-Chair', ru: 'Сафар Мехдиев, заместитель Председателя' },
      delegationId: 'az',
    },
    delegations: MEMBERS.map(([id, en, ru]) => ({ id, name: { en: `${en} Customs`, ru: `Таможня: ${ru}` } })),
    presenters: [
      {
        id: 'vice-chair',
        name: { en: 'Safar Mehdiyev', ru: 'Сафар Мехдиев' },
        title: {
          en: 'Chairman, State Customs Committee of Azerbaijan; Vice-Chair',
          ru: 'Председатель Государственного таможенного комитета Азербайджана; заместитель Председателя',
        },
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
        id: 'rilo-cis',
        name: { en: 'RILO CIS representative', ru: 'Представитель РИЛО СНГ' },
        title: {
          en: 'Regional Intelligence Liaison Office for the CIS',
          ru: 'Региональное бюро по связи в области правоприменения для СНГ',
        },
        delegationId: null,
      },
      {
        id: 'rilo-ece',
        name: { en: 'RILO ECE representative', ru: 'Представитель РИЛО ВЦЕ' },
        title: { en: 'RILO for Eastern and Central Europe', ru: 'РИЛО для Восточной и Центральной Европы' },
        delegationId: null,
      },
      {
        id: 'rilo-we',
        name: { en: 'RILO WE representative', ru: 'Представитель РИЛО ЗЕ' },
        title: { en: 'RILO for Western Europe', ru: 'РИЛО для Западной Европы' },
        delegationId: null,
      },
      {
        id: 'uz-customs',
        name: { en: 'Uzbekistan Customs representative', ru: 'Представитель таможни Узбекистана' },
        title: { en: 'State Customs Committee of Uzbekistan', ru: 'Государственный таможенный комитет Узбекистана' },
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
        id: 'council',
        title: { en: 'Topics of the forthcoming Council Session', ru: 'Вопросы предстоящей сессии Совета' },
        plannedMinutes: 30,
        presenterIds: ['sg'],
      },
      {
        id: 'rocb-report',
        title: {
          en: 'ROCB Europe annual progress report 2020/2021',
          ru: 'Годовой отчёт РБСП Европа о проделанной работе за 2020/2021 год',
        },
        plannedMinutes: 20,
        presenterIds: ['rocb'],
        // Circulated beforehand, in both languages.
        documents: [
          {
            title: {
              en: 'ROCB Europe annual progress report 2020/2021 (English)',
              ru: 'Годовой отчёт РБСП Европа 2020/2021 (английский)',
            },
            url: 'https://www.wcoomd.org/en/about-us/wco-members/regional-offices.aspx',
          },
          {
            title: {
              en: 'ROCB Europe annual progress report 2020/2021 (Russian)',
              ru: 'Годовой отчёт РБСП Европа 2020/2021 (русский)',
            },
            url: 'https://www.wcoomd.org/ru/about-us/wco-members/regional-offices.aspx',
          },
        ],
      },
      {
        id: 'rilo',
        title: {
          en: 'Activities of the Regional Intelligence Liaison Offices (RILOs)',
          ru: 'Деятельность региональных бюро по связи в области правоприменения (РИЛО)',
        },
        plannedMinutes: 25,
        presenterIds: ['rilo-cis', 'rilo-ece', 'rilo-we'],
      },
      {
        id: 'uz-lab',
        title: {
          en: "Uzbekistan Customs' proposal to establish a Regional Customs Laboratory",
          ru: 'Предложение таможни Узбекистана о создании Региональной таможенной лаборатории',
        },
        plannedMinutes: 15,
        presenterIds: ['uz-customs'],
      },
      { id: 'aob', title: { en: 'Any other business', ru: 'Разное' }, plannedMinutes: 10, presenterIds: [] },
      {
        id: 'closing',
        title: { en: 'Closing of the meeting', ru: 'Закрытие совещания' },
        plannedMinutes: 5,
        presenterIds: ['vice-chair'],
      },
    ],
    proposals: [
      {
        id: 'uz-lab-proposal',
        agendaItemId: 'uz-lab',
        sponsorDelegationId: 'uz',
        title: {
          en: 'Establishment of a Regional Customs Laboratory',
          ru: 'Создание Региональной таможенной лаборатории',
        },
        text: {
          en: 'Uzbekistan Customs proposes that a Regional Customs Laboratory be established for the WCO Europe Region, to carry out the analysis of goods for the Members of the Region, to train laboratory staff and to share laboratory methods and results among the Members.',
          ru: 'Таможня Узбекистана предлагает создать Региональную таможенную лабораторию региона Европы ВТамО для проведения анализа товаров в интересах членов региона, подготовки сотрудников лабораторий и обмена лабораторными методиками и результатами между членами региона.',
        },
      },
    ],
  };
}
