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
 * The minutes' own fixed words, in each language a meeting may be held in, as a WCO
 * secretariat writes them (docs/glossary.md). Sentences with a count are written so that the
 * number stands apart ("Delegations present: 40 / 53"), which keeps Russian and Arabic
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
  /** A delegation's choice (the roll call). */
  choice: Record<BallotChoice, string>;
  /** The totals of a poll ("Abstentions: 2" in French, where one delegation's is "Abstention"). */
  tally: Record<BallotChoice, string>;
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
  /** "English", "Русский", "العربية": the language's own name, the head of its column side by side. */
  languageName: string;
  /** The meeting's languages as this language names them in running text ("anglais", "английский"). */
  languageNames: Record<Lang, string>;
  /**
   * After a text shown in the meeting's original because it is not translated into this
   * language: `{language}` is the original's name ("[Original: English]").
   */
  originalMark: string;
  /** Punctuation: what stands before a value (fr: a no-break space and a colon), between items of a list. */
  colon: string;
  comma: string;
  semicolon: string;
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
  fileVersion: {
    en: 'English version',
    fr: 'French version',
    es: 'Spanish version',
    ru: 'Russian version',
    ar: 'Arabic version',
  },
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
  tally: { support: 'Support', object: 'Object', abstain: 'Abstain' },
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
  languageNames: { en: 'English', fr: 'French', es: 'Spanish', ru: 'Russian', ar: 'Arabic' },
  originalMark: '[Original: {language}]',
  colon: ':',
  comma: ', ',
  semicolon: '; ',
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
  fileVersion: {
    en: 'английская версия',
    fr: 'французская версия',
    es: 'испанская версия',
    ru: 'русская версия',
    ar: 'арабская версия',
  },
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
  tally: { support: 'Поддерживает', object: 'Возражает', abstain: 'Воздерживается' },
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
  languageNames: { en: 'английский', fr: 'французский', es: 'испанский', ru: 'русский', ar: 'арабский' },
  originalMark: '[Оригинал: {language}]',
  colon: ':',
  comma: ', ',
  semicolon: '; ',
  speechCount: { one: 'выступление', few: 'выступления', many: 'выступлений', other: 'выступления' },
};

/** French: a no-break space before `:` and a narrow one before `;`, as French typography has them. */
const fr: Labels = {
  minutes: 'Procès-verbal',
  draft: 'Projet\u00a0: la réunion n’est pas close\u202f; le présent procès-verbal rend compte du registre à ce stade.',
  notOpened: 'La réunion n’a pas été ouverte.',
  date: 'Date',
  time: 'Heure',
  timeZone: 'Fuseau horaire',
  duration: 'Durée',
  plannedDuration: 'prévue',
  chair: 'Président',
  participantsOfNote: 'Principaux participants',
  attendance: 'Présence',
  delegationsPresent: 'Délégations présentes',
  notPresent: 'Délégations absentes',
  everyonePresent: 'Toutes les délégations étaient présentes.',
  nobodyPresent: 'Aucune délégation n’a été enregistrée comme présente.',
  delegation: 'Délégation',
  connected: 'Connexion',
  timePresent: 'Temps de présence',
  stillConnected: 'toujours connectée',
  status: 'Statut',
  itemStatus: { pending: 'Non examiné', active: 'En cours d’examen', done: 'Examiné', deferred: 'Reporté' },
  meetingStatus: { scheduled: 'Prévue', open: 'En séance', closed: 'Close' },
  planned: 'Prévu',
  actual: 'Effectif',
  difference: 'Écart',
  notTakenUp: 'Le point n’a pas été examiné.',
  presenters: 'Intervenants',
  speakers: 'Orateurs',
  number: 'N°',
  speaker: 'Orateur',
  kind: 'Type',
  started: 'Début',
  spoke: 'Durée',
  limit: 'Limite',
  noSpeeches: 'Personne n’a pris la parole.',
  unnamedSpeaker: '(non nommé)',
  entryKind: {
    presentation: 'Exposé',
    statement: 'Déclaration',
    reply: 'Droit de réponse',
    point_of_order: 'Motion d’ordre',
  },
  notes: 'Notes du Secrétariat',
  noNotes: 'Aucune note.',
  proposals: 'Propositions',
  sponsor: 'Présentée par',
  documents: 'Documents',
  fileVersion: {
    en: 'version anglaise',
    fr: 'version française',
    es: 'version espagnole',
    ru: 'version russe',
    ar: 'version arabe',
  },
  poll: 'Vote',
  pollMethod: { vote: 'Vote d’appui', no_objection: 'Procédure de non-objection' },
  secrecy: { roll_call: 'par appel nominal', anonymous: 'à bulletin secret' },
  majority: { simple: 'majorité simple', two_thirds: 'majorité des deux tiers', consensus: 'consensus' },
  quorum: 'quorum',
  opened: 'ouvert',
  closed: 'clos',
  pollStillOpen: 'Le vote est toujours ouvert.',
  notPolled: 'Aucun vote n’a eu lieu.',
  result: 'Résultat',
  outcome: { passed: 'Adoptée', failed: 'Non adoptée', no_quorum: 'Quorum non atteint' },
  choice: { support: 'Pour', object: 'Contre', abstain: 'Abstention' },
  tally: { support: 'Pour', object: 'Contre', abstain: 'Abstentions' },
  present: 'Délégations présentes',
  voted: 'Votants',
  quorumNeeded: 'quorum\u00a0: {n}',
  rollCall: 'Appel nominal',
  position: 'Position',
  anonymousVoters: 'Délégations ayant voté (vote secret)',
  noVoters: 'Aucune délégation n’a voté.',
  decisions: 'Décisions',
  decisionOutcome: {
    adopted: 'Adoptée',
    supported: 'Appuyée',
    noted: 'Pris note',
    rejected: 'Rejetée',
    deferred: 'Reportée',
  },
  onProposal: 'Sur la proposition',
  edited: 'modifiée à',
  annexSpeaking: 'Annexe A. Temps de parole par délégation',
  speeches: 'Interventions',
  totalTime: 'Durée',
  noSpeakingTime: 'Aucune intervention n’a été enregistrée.',
  annexTiming: 'Annexe B. Durée prévue et effective par point',
  item: 'Point',
  chartCaption: 'Minutes par point de l’ordre du jour, prévues et effectives',
  record: 'Registre',
  commandsInLog: 'Commandes dans le journal',
  digest: 'Empreinte finale du journal (SHA-256)',
  intact:
    'Le journal a été recalculé à partir de l’enregistrement lors de l’établissement du présent procès-verbal\u00a0: il est intact.',
  broken: 'Le journal NE correspond PAS à sa chaîne de hachage\u00a0: le registre a été modifié après avoir été écrit.',
  verifyHow:
    'Pour vérifier ultérieurement\u00a0: GET /api/meetings/{id}/verify ou npm run verify -- {id}, puis comparer l’empreinte.',
  generated: 'Établi le',
  units: { h: 'h', min: 'min', s: 's' },
  languageName: 'Français',
  languageNames: { en: 'anglais', fr: 'français', es: 'espagnol', ru: 'russe', ar: 'arabe' },
  originalMark: '[Original\u00a0: {language}]',
  colon: '\u00a0:',
  comma: ', ',
  semicolon: '\u202f; ',
  speechCount: { one: 'intervention', many: 'interventions', other: 'interventions' },
};

const es: Labels = {
  minutes: 'Acta',
  draft: 'Proyecto: la reunión no está clausurada; la presente acta refleja el registro hasta el momento.',
  notOpened: 'La reunión no ha sido abierta.',
  date: 'Fecha',
  time: 'Hora',
  timeZone: 'Huso horario',
  duration: 'Duración',
  plannedDuration: 'prevista',
  chair: 'Presidente',
  participantsOfNote: 'Participantes principales',
  attendance: 'Asistencia',
  delegationsPresent: 'Delegaciones presentes',
  notPresent: 'Delegaciones ausentes',
  everyonePresent: 'Todas las delegaciones estuvieron presentes.',
  nobodyPresent: 'No se registró la presencia de ninguna delegación.',
  delegation: 'Delegación',
  connected: 'Conexión',
  timePresent: 'Tiempo de presencia',
  stillConnected: 'aún conectada',
  status: 'Estado',
  itemStatus: { pending: 'No examinado', active: 'En examen', done: 'Examinado', deferred: 'Aplazado' },
  meetingStatus: { scheduled: 'Prevista', open: 'En sesión', closed: 'Clausurada' },
  planned: 'Previsto',
  actual: 'Real',
  difference: 'Diferencia',
  notTakenUp: 'El punto no fue examinado.',
  presenters: 'Ponentes',
  speakers: 'Oradores',
  number: 'N.º',
  speaker: 'Orador',
  kind: 'Tipo',
  started: 'Inicio',
  spoke: 'Duración',
  limit: 'Límite',
  noSpeeches: 'Nadie hizo uso de la palabra.',
  unnamedSpeaker: '(sin nombre)',
  entryKind: {
    presentation: 'Presentación',
    statement: 'Declaración',
    reply: 'Derecho de réplica',
    point_of_order: 'Cuestión de orden',
  },
  notes: 'Notas de la Secretaría',
  noNotes: 'Sin notas.',
  proposals: 'Propuestas',
  sponsor: 'Presentada por',
  documents: 'Documentos',
  fileVersion: {
    en: 'versión en inglés',
    fr: 'versión en francés',
    es: 'versión en español',
    ru: 'versión en ruso',
    ar: 'versión en árabe',
  },
  poll: 'Votación',
  pollMethod: { vote: 'Votación de apoyo', no_objection: 'Procedimiento de no objeción' },
  secrecy: { roll_call: 'votación nominal', anonymous: 'votación secreta' },
  majority: { simple: 'mayoría simple', two_thirds: 'mayoría de dos tercios', consensus: 'consenso' },
  quorum: 'quórum',
  opened: 'abierta',
  closed: 'cerrada',
  pollStillOpen: 'La votación sigue abierta.',
  notPolled: 'No se celebró ninguna votación.',
  result: 'Resultado',
  outcome: { passed: 'Aprobada', failed: 'No aprobada', no_quorum: 'Sin quórum' },
  choice: { support: 'A favor', object: 'En contra', abstain: 'Abstención' },
  tally: { support: 'A favor', object: 'En contra', abstain: 'Abstenciones' },
  present: 'Delegaciones presentes',
  voted: 'Votantes',
  quorumNeeded: 'quórum: {n}',
  rollCall: 'Votación nominal',
  position: 'Posición',
  anonymousVoters: 'Delegaciones que votaron (votación secreta)',
  noVoters: 'Ninguna delegación votó.',
  decisions: 'Decisiones',
  decisionOutcome: {
    adopted: 'Aprobada',
    supported: 'Apoyada',
    noted: 'Se tomó nota',
    rejected: 'Rechazada',
    deferred: 'Aplazada',
  },
  onProposal: 'Sobre la propuesta',
  edited: 'modificada a las',
  annexSpeaking: 'Anexo A. Tiempo de intervención por delegación',
  speeches: 'Intervenciones',
  totalTime: 'Tiempo',
  noSpeakingTime: 'No se registró ninguna intervención.',
  annexTiming: 'Anexo B. Tiempo previsto y real por punto',
  item: 'Punto',
  chartCaption: 'Minutos por punto del orden del día, previstos y reales',
  record: 'Registro',
  commandsInLog: 'Comandos en el diario',
  digest: 'Huella final del diario (SHA-256)',
  intact: 'El diario se recalculó a partir del almacenamiento al elaborar la presente acta: está intacto.',
  broken: 'El diario NO coincide con su cadena de hash: el registro fue modificado después de escribirse.',
  verifyHow:
    'Para verificarlo más adelante: GET /api/meetings/{id}/verify o npm run verify -- {id}, y compare la huella.',
  generated: 'Elaborada el',
  units: { h: 'h', min: 'min', s: 's' },
  languageName: 'Español',
  languageNames: { en: 'inglés', fr: 'francés', es: 'español', ru: 'ruso', ar: 'árabe' },
  originalMark: '[Original: {language}]',
  colon: ':',
  comma: ', ',
  semicolon: '; ',
  speechCount: { one: 'intervención', many: 'intervenciones', other: 'intervenciones' },
};

/** Modern Standard Arabic; the Arabic comma and semicolon; Western digits, as `Intl` writes `ar`. */
const ar: Labels = {
  minutes: 'المحضر',
  draft: 'مشروع: لم يُختتم الاجتماع؛ يعرض هذا المحضر السجل حتى الآن.',
  notOpened: 'لم يُفتتح الاجتماع بعد.',
  date: 'التاريخ',
  time: 'الوقت',
  timeZone: 'المنطقة الزمنية',
  duration: 'المدة',
  plannedDuration: 'المقررة',
  chair: 'الرئيس',
  participantsOfNote: 'أبرز المشاركين',
  attendance: 'الحضور',
  delegationsPresent: 'الوفود الحاضرة',
  notPresent: 'الوفود الغائبة',
  everyonePresent: 'حضرت جميع الوفود.',
  nobodyPresent: 'لم يُسجَّل حضور أي وفد.',
  delegation: 'الوفد',
  connected: 'الاتصال',
  timePresent: 'مدة الحضور',
  stillConnected: 'لا يزال متصلًا',
  status: 'الحالة',
  itemStatus: { pending: 'لم يُنظر فيه', active: 'قيد النظر', done: 'تم النظر فيه', deferred: 'مُرجأ' },
  meetingStatus: { scheduled: 'لم يُفتتح بعد', open: 'منعقد', closed: 'مختتم' },
  planned: 'المقرر',
  actual: 'الفعلي',
  difference: 'الفرق',
  notTakenUp: 'لم يُنظر في البند.',
  presenters: 'مقدّمو العروض',
  speakers: 'المتكلمون',
  number: 'الرقم',
  speaker: 'المتكلم',
  kind: 'النوع',
  started: 'البدء',
  spoke: 'المدة',
  limit: 'الحد',
  noSpeeches: 'لم يطلب أحد الكلمة.',
  unnamedSpeaker: '(غير مسمّى)',
  entryKind: {
    presentation: 'عرض',
    statement: 'مداخلة',
    reply: 'حق الرد',
    point_of_order: 'نقطة نظام',
  },
  notes: 'ملاحظات الأمانة',
  noNotes: 'لا توجد ملاحظات.',
  proposals: 'المقترحات',
  sponsor: 'مقدَّم من',
  documents: 'الوثائق',
  fileVersion: {
    en: 'النسخة الإنجليزية',
    fr: 'النسخة الفرنسية',
    es: 'النسخة الإسبانية',
    ru: 'النسخة الروسية',
    ar: 'النسخة العربية',
  },
  poll: 'التصويت',
  pollMethod: { vote: 'التصويت بالتأييد', no_objection: 'إجراء عدم الاعتراض' },
  secrecy: { roll_call: 'بنداء الأسماء', anonymous: 'بالاقتراع السري' },
  majority: { simple: 'الأغلبية البسيطة', two_thirds: 'أغلبية الثلثين', consensus: 'توافق الآراء' },
  quorum: 'النصاب القانوني',
  opened: 'فُتح',
  closed: 'أُغلق',
  pollStillOpen: 'لا يزال التصويت مفتوحًا.',
  notPolled: 'لم يُجرَ أي تصويت.',
  result: 'النتيجة',
  outcome: { passed: 'تمت الموافقة', failed: 'لم تتم الموافقة', no_quorum: 'لم يكتمل النصاب القانوني' },
  choice: { support: 'تأييد', object: 'اعتراض', abstain: 'امتناع عن التصويت' },
  tally: { support: 'المؤيدون', object: 'المعترضون', abstain: 'الممتنعون عن التصويت' },
  present: 'الوفود الحاضرة',
  voted: 'الوفود المصوّتة',
  quorumNeeded: 'النصاب القانوني: {n}',
  rollCall: 'التصويت بنداء الأسماء',
  position: 'الموقف',
  anonymousVoters: 'الوفود التي صوّتت (التصويت سري)',
  noVoters: 'لم يصوّت أي وفد.',
  decisions: 'القرارات',
  decisionOutcome: {
    adopted: 'اعتُمد',
    supported: 'أُيِّد',
    noted: 'أُحيط علمًا',
    rejected: 'رُفض',
    deferred: 'أُرجئ',
  },
  onProposal: 'بشأن المقترح',
  edited: 'عُدِّل في',
  annexSpeaking: 'المرفق ألف. مدة الكلمات حسب الوفد',
  speeches: 'المداخلات',
  totalTime: 'المدة',
  noSpeakingTime: 'لم تُسجَّل أي مداخلة.',
  annexTiming: 'المرفق باء. الوقت المقرر والفعلي لكل بند',
  item: 'البند',
  chartCaption: 'الدقائق لكل بند من بنود جدول الأعمال، المقررة والفعلية',
  record: 'السجل',
  commandsInLog: 'عدد الأوامر في السجل',
  digest: 'البصمة النهائية للسجل (SHA-256)',
  intact: 'أُعيد حساب السجل من المخزن عند إعداد هذا المحضر: السجل سليم.',
  broken: 'السجل لا يطابق سلسلة التجزئة: عُدِّل السجل بعد كتابته.',
  verifyHow: 'للتحقق لاحقًا: GET /api/meetings/{id}/verify أو npm run verify -- {id}، ثم قارنوا البصمة.',
  generated: 'تاريخ الإعداد',
  units: { h: 'س', min: 'د', s: 'ث' },
  languageName: 'العربية',
  languageNames: { en: 'الإنجليزية', fr: 'الفرنسية', es: 'الإسبانية', ru: 'الروسية', ar: 'العربية' },
  originalMark: '[الأصل: {language}]',
  colon: ':',
  comma: '، ',
  semicolon: '؛ ',
  speechCount: { zero: 'مداخلة', one: 'مداخلة', two: 'مداخلتان', few: 'مداخلات', many: 'مداخلة', other: 'مداخلة' },
};

export const LABELS: Record<Lang, Labels> = { en, fr, es, ru, ar };

/** The mark after a text shown in the original because it is missing in `lang`: "[Original: English]". */
export function originalMark(lang: Lang, original: Lang): string {
  const L = LABELS[lang];
  return L.originalMark.replace('{language}', L.languageNames[original]);
}

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
