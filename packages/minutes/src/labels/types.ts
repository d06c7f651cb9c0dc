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
  /** The list of participants by delegation (only when people were named). */
  annexParticipants: string;
  /** The group of people who speak for no delegation (a presenter of the WCO, the secretariat). */
  otherParticipants: string;
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
