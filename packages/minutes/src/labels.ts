import type {
  BallotChoice,
  DecisionOutcome,
  EntryKind,
  ItemStatus,
  Lang,
  Majority,
  MeetingStatus,
  PollMethod,
  PollOutcome,
  PollSecrecy,
} from '@rostrum/core';

/**
 * The minutes' own fixed words, in both languages. Sentences with a count are written so
 * that the number stands apart ("Delegations present: 40 of 53"), which keeps Russian
 * grammatical without a plural form for every noun; where a plural is needed it is chosen
 * with Intl.PluralRules (`plural`).
 */
export type Labels = {
  minutes: string;
  draft: string;
  notOpened: string;
  date: string;
  time: string;
  timeZone: string;
  duration: string;
  plannedDuration: string;
  chair: string;
  participantsOfNote: string;
  attendance: string;
  delegationsPresent: string;
  notPresent: string;
  everyonePresent: string;
  nobodyPresent: string;
  delegation: string;
  connected: string;
  timePresent: string;
  stillConnected: string;
  status: string;
  itemStatus: Record<ItemStatus, string>;
  meetingStatus: Record<MeetingStatus, string>;
  planned: string;
  actual: string;
  difference: string;
  notTakenUp: string;
  presenters: string;
  speakers: string;
  number: string;
  speaker: string;
  kind: string;
  started: string;
  spoke: string;
  limit: string;
  noSpeeches: string;
  unnamedSpeaker: string;
  entryKind: Record<EntryKind, string>;
  notes: string;
  noNotes: string;
  proposals: string;
  sponsor: string;
  documents: string;
  /** An uploaded file of a document, by its language. */
  fileVersion: Record<Lang, string>;
  poll: string;
  pollMethod: Record<PollMethod, string>;
  secrecy: Record<PollSecrecy, string>;
  majority: Record<Majority, string>;
  quorum: string;
  opened: string;
  closed: string;
  pollStillOpen: string;
  notPolled: string;
  result: string;
  outcome: Record<PollOutcome, string>;
  choice: Record<BallotChoice, string>;
  present: string;
  voted: string;
  /** `{n}`: the number of delegations. */
  quorumNeeded: string;
  rollCall: string;
  position: string;
  anonymousVoters: string;
  noVoters: string;
  decisions: string;
  decisionOutcome: Record<DecisionOutcome, string>;
  onProposal: string;
  edited: string;
  annexSpeaking: string;
  speeches: string;
  totalTime: string;
  noSpeakingTime: string;
  annexTiming: string;
  item: string;
  chartCaption: string;
  record: string;
  commandsInLog: string;
  digest: string;
  intact: string;
  broken: string;
  verifyHow: string;
  generated: string;
  units: { h: string; min: string; s: string };
  /** "English", "Русский": the heads of the two columns of bilingual minutes. */
  languageName: string;
  /** Plural forms for "speech" (annex totals in running text). */
  speechCount: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
};

const en: Labels = {
  minutes: 'Minutes',
  draft: 'Draft: the meeting is not closed; these minutes show the record so far.',
  notOpened: 'The meeting has not been opened.',
  date: 'Date',
  time: 'Time',
  timeZone: 'Time zone',
  duration: 'Duration',
  plannedDuration: 'planned',
  chair: 'Chair',
  participantsOfNote: 'Participants of note',
  attendance: 'Attendance',
  delegationsPresent: 'Delegations present',
  notPresent: 'Not present',
  everyonePresent: 'Every delegation was present.',
  nobodyPresent: 'No delegation was recorded as present.',
  delegation: 'Delegation',
  connected: 'Connected',
  timePresent: 'Time present',
  stillConnected: 'still connected',
  status: 'Status',
  itemStatus: { pending: 'Not taken up', active: 'Under way', done: 'Concluded', deferred: 'Deferred' },
  meetingStatus: { scheduled: 'Scheduled', open: 'Open', closed: 'Closed' },
  planned: 'Planned',
  actual: 'Actual',
  difference: 'Difference',
  notTakenUp: 'The item was not taken up.',
  presenters: 'Presenters',
  speakers: 'Speakers',
  number: 'No.',
  speaker: 'Speaker',
  kind: 'Kind',
  started: 'Started',
  spoke: 'Spoke',
  limit: 'Limit',
  noSpeeches: 'No one took the floor.',
  unnamedSpeaker: '(not named)',
  entryKind: {
    presentation: 'Presentation',
    statement: 'Statement',
    reply: 'Right of reply',
    point_of_order: 'Point of order',
  },
  notes: "Secretariat's notes",
  noNotes: 'No notes.',
  proposals: 'Proposals',
  sponsor: 'Sponsor',
  documents: 'Documents',
  fileVersion: { en: 'English version', ru: 'Russian version' },
  poll: 'Poll',
  pollMethod: { vote: 'Support vote', no_objection: 'No-objection procedure' },
  secrecy: { roll_call: 'roll call', anonymous: 'anonymous ballot' },
  majority: { simple: 'simple majority', two_thirds: 'two-thirds majority', consensus: 'consensus' },
  quorum: 'quorum',
  opened: 'opened',
  closed: 'closed',
  pollStillOpen: 'The poll is still open.',
  notPolled: 'No poll was held.',
  result: 'Result',
  outcome: { passed: 'Passed', failed: 'Not passed', no_quorum: 'No quorum' },
  choice: { support: 'Support', object: 'Object', abstain: 'Abstain' },
  present: 'Present',
  voted: 'Voted',
  quorumNeeded: '{n} needed for a quorum',
  rollCall: 'Roll call',
  position: 'Position',
  anonymousVoters: 'Delegations that voted (choices are secret)',
  noVoters: 'No delegation voted.',
  decisions: 'Decisions',
  decisionOutcome: {
    adopted: 'Adopted',
    supported: 'Supported',
    noted: 'Noted',
    rejected: 'Rejected',
    deferred: 'Deferred',
  },
  onProposal: 'On the proposal',
  edited: 'edited',
  annexSpeaking: 'Annex A. Speaking time per delegation',
  speeches: 'Speeches',
  totalTime: 'Time',
  noSpeakingTime: 'No speeches were recorded.',
  annexTiming: 'Annex B. Planned and actual time per item',
  item: 'Item',
  chartCaption: 'Minutes per agenda item, planned and actual',
  record: 'Record',
  commandsInLog: 'Commands in the log',
  digest: 'Final digest of the log (SHA-256)',
  intact: 'The log was recomputed from the store when these minutes were made: it is intact.',
  broken: 'The log does NOT match its hash chain: the record was altered after it was written.',
  verifyHow: 'To check later: GET /api/meetings/{id}/verify or npm run verify -- {id}, and compare the digest.',
  generated: 'Generated',
  units: { h: 'h', min: 'min', s: 's' },
  languageName: 'English',
  speechCount: { one: 'speech', other: 'speeches' },
};

const ru: Labels = {
  minutes: 'Протокол',
  draft: 'Проект: совещание не закрыто; протокол отражает запись на данный момент.',
  notOpened: 'Совещание ещё не открыто.',
  date: 'Дата',
  time: 'Время',
  timeZone: 'Часовой пояс',
  duration: 'Продолжительность',
  plannedDuration: 'по плану',
  chair: 'Председатель',
  participantsOfNote: 'Основные участники',
  attendance: 'Присутствие',
  delegationsPresent: 'Присутствующие делегации',
  notPresent: 'Отсутствовали',
  everyonePresent: 'Присутствовали все делегации.',
  nobodyPresent: 'Присутствие делегаций не зафиксировано.',
  delegation: 'Делегация',
  connected: 'Подключение',
  timePresent: 'Время присутствия',
  stillConnected: 'подключена',
  status: 'Статус',
  itemStatus: { pending: 'Не рассматривался', active: 'Рассматривается', done: 'Рассмотрен', deferred: 'Отложен' },
  meetingStatus: { scheduled: 'Запланировано', open: 'Открыто', closed: 'Закрыто' },
  planned: 'По плану',
  actual: 'Фактически',
  difference: 'Разница',
  notTakenUp: 'Пункт не рассматривался.',
  presenters: 'Докладчики',
  speakers: 'Выступления',
  number: '№',
  speaker: 'Выступающий',
  kind: 'Вид',
  started: 'Начало',
  spoke: 'Время',
  limit: 'Лимит',
  noSpeeches: 'Выступлений не было.',
  unnamedSpeaker: '(не указан)',
  entryKind: {
    presentation: 'Доклад',
    statement: 'Выступление',
    reply: 'Право на ответ',
    point_of_order: 'Вопрос по порядку ведения',
  },
  notes: 'Заметки секретариата',
  noNotes: 'Заметок нет.',
  proposals: 'Предложения',
  sponsor: 'Автор',
  documents: 'Документы',
  fileVersion: { en: 'английская версия', ru: 'русская версия' },
  poll: 'Опрос',
  pollMethod: { vote: 'Голосование о поддержке', no_objection: 'Процедура отсутствия возражений' },
  secrecy: { roll_call: 'поимённое', anonymous: 'тайное' },
  majority: { simple: 'простое большинство', two_thirds: 'большинство в две трети', consensus: 'консенсус' },
  quorum: 'кворум',
  opened: 'открыт',
  closed: 'закрыт',
  pollStillOpen: 'Опрос ещё не закрыт.',
  notPolled: 'Опрос не проводился.',
  result: 'Итог',
  outcome: { passed: 'Принято', failed: 'Не принято', no_quorum: 'Нет кворума' },
  choice: { support: 'Поддерживает', object: 'Возражает', abstain: 'Воздерживается' },
  present: 'Присутствовали',
  voted: 'Проголосовали',
  quorumNeeded: 'для кворума требуется {n}',
  rollCall: 'Поимённые результаты',
  position: 'Позиция',
  anonymousVoters: 'Проголосовавшие делегации (выбор тайный)',
  noVoters: 'Ни одна делегация не проголосовала.',
  decisions: 'Решения',
  decisionOutcome: {
    adopted: 'Принято',
    supported: 'Поддержано',
    noted: 'Принято к сведению',
    rejected: 'Отклонено',
    deferred: 'Отложено',
  },
  onProposal: 'По предложению',
  edited: 'изменено',
  annexSpeaking: 'Приложение А. Время выступлений по делегациям',
  speeches: 'Выступления',
  totalTime: 'Время',
  noSpeakingTime: 'Выступления не зафиксированы.',
  annexTiming: 'Приложение Б. Плановое и фактическое время по пунктам',
  item: 'Пункт',
  chartCaption: 'Минуты по пунктам повестки дня: по плану и фактически',
  record: 'Запись',
  commandsInLog: 'Команд в журнале',
  digest: 'Итоговый хеш журнала (SHA-256)',
  intact: 'При составлении протокола журнал пересчитан по хранилищу: он не изменён.',
  broken: 'Журнал НЕ соответствует цепочке хешей: запись была изменена после её создания.',
  verifyHow: 'Для проверки: GET /api/meetings/{id}/verify или npm run verify -- {id}; сравните хеш.',
  generated: 'Сформирован',
  units: { h: 'ч', min: 'мин', s: 'с' },
  languageName: 'Русский',
  speechCount: { one: 'выступление', few: 'выступления', many: 'выступлений', other: 'выступления' },
};

export const LABELS: Record<Lang, Labels> = { en, ru };

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The form of a counted noun for a number, per the language's plural rules. */
export function plural(lang: Lang, n: number, forms: Labels['speechCount']): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return forms[rules.select(n)] ?? forms.other;
}
