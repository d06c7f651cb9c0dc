import type {
  BallotChoice,
  DecisionOutcome,
  EntryKind,
  FileKind,
  ItemStatus,
  Lang,
  Majority,
  MeetingState,
  MeetingStatus,
  MeetingText,
  PollMethod,
  PollOutcome,
  PollSecrecy,
  Tally,
} from '@rostrum/core';

/**
 * The minutes model's shape: everything the minutes say, as plain data in every language of
 * the meeting. `buildMinutes` (model.ts) makes it from the record; every renderer (Markdown,
 * HTML, DOCX, PDF) formats it in one or two of those languages; the JSON export is this model
 * as it is, for other tools.
 *
 * Version 2 (meetings have their own languages): every text is a `MeetingText`, a map from
 * the meeting's languages to the text (always in the original, the first of
 * `meeting.languages`; a translation may be missing); the notes of an item are such a map too;
 * a document's files are keyed by each meeting language. Version 1 had `{ en, ru }` texts and
 * one notes string per item.
 */
export const MINUTES_SCHEMA = 'rostrum.minutes/2';

/** The secretariat's notes of one item, per language of the meeting (written, never translated by the server). */
export type MinutesNotes = Partial<Record<Lang, string>>;

/** A delegation joining (its first person connects) or leaving (its last person disconnects). */
export type AttendanceEvent = { delegationId: string; kind: 'join' | 'leave'; at: number };

/** What the minutes are built from. */
export type MinutesInput = {
  /** The public record of the meeting. */
  state: MeetingState;
  /**
   * The secretariat's notes, per agenda item id, per language (`readMeetingNotes`): a language
   * left out has no notes.
   */
  notes: Readonly<Record<string, MinutesNotes>>;
  /** Durable attendance events, in the order they happened. */
  attendance: readonly AttendanceEvent[];
  /** The hash-chained command log, as just recomputed. */
  log: { commands: number; digest: string; intact: boolean };
  /**
   * Delegations that cast a ballot, per poll, in the order they first voted (read from the log).
   * For anonymous polls this is all the minutes say about ballots: who voted, never what.
   */
  voters?: Readonly<Record<string, readonly string[]>>;
  /**
   * The people named for the meeting (name and title; never their addresses), as the server keeps
   * them apart from the record: the list of participants annexed to the minutes. Omitted: none.
   */
  participants?: readonly MinutesParticipantInput[];
  /** When the minutes are built (server time). */
  generatedAt: number;
};

/** A named participant as the minutes take one: in the order the list gives them within a delegation. */
export type MinutesParticipantInput = { delegationId: string | null; name: string; title: string };

export type Span = { from: number; to: number | null };

export type MinutesPerson = { name: MeetingText; title: MeetingText | null; delegation: MeetingText | null };

export type MinutesSpeech = {
  /** Who spoke: the presenter's name, else the delegation's; null when the record names nobody. */
  speaker: MeetingText | null;
  /** The delegation they spoke for, when the speaker is a presenter of one. */
  delegation: MeetingText | null;
  kind: EntryKind;
  startedAt: number;
  spokeMs: number;
  limitMs: number;
};

export type MinutesPoll = {
  id: string;
  method: PollMethod;
  secrecy: PollSecrecy;
  majority: Majority;
  /** Share of the entitled delegations required present, 0..1. */
  quorum: number;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt: number | null;
  result: {
    entitled: number;
    present: number;
    voted: number;
    tally: Tally;
    quorumRequired: number;
    quorumMet: boolean;
    majorityMet: boolean;
    outcome: PollOutcome;
  } | null;
  /** Roll-call polls: each delegation's choice. Null for anonymous polls. */
  rollCall: Array<{ delegationId: string; name: MeetingText; choice: BallotChoice }> | null;
  /** Anonymous polls: who voted (never what). Null for roll-call polls (the roll call says it). */
  voters: Array<{ delegationId: string; name: MeetingText }> | null;
};

export type MinutesProposal = {
  id: string;
  title: MeetingText;
  text: MeetingText;
  sponsor: MeetingText | null;
  documents: Array<{ title: MeetingText; url: string }>;
  polls: MinutesPoll[];
};

export type MinutesDecision = {
  id: string;
  text: MeetingText;
  outcome: DecisionOutcome;
  proposalTitle: MeetingText | null;
  recordedAt: number;
  updatedAt: number | null;
};

/** An uploaded file of a document: named in the minutes, not embedded. */
export type MinutesFile = { name: string; size: number; kind: FileKind };
/** `files`: one key per language of the meeting, null where no file was uploaded in it. */
export type MinutesDocument = {
  title: MeetingText;
  url: string | null;
  files: Partial<Record<Lang, MinutesFile | null>>;
};

export type MinutesItem = {
  number: number;
  id: string;
  title: MeetingText;
  status: ItemStatus;
  plannedMs: number;
  actualMs: number;
  startedAt: number | null;
  endedAt: number | null;
  presenters: MinutesPerson[];
  /** The item's documents (reports, papers) as linked or uploaded in the agenda. */
  documents: MinutesDocument[];
  speeches: MinutesSpeech[];
  /** Per language of the meeting; a language with no notes is absent. */
  notes: MinutesNotes;
  proposals: MinutesProposal[];
  decisions: MinutesDecision[];
};

export type Minutes = {
  schema: typeof MINUTES_SCHEMA;
  meeting: {
    id: string;
    /** The meeting's languages, the original first: the languages the texts may be in. */
    languages: Lang[];
    title: MeetingText;
    status: MeetingStatus;
    timeZone: string;
    plannedStart: number;
    openedAt: number | null;
    closedAt: number | null;
    /** Open to close (or to now while open); null before the meeting opens. */
    durationMs: number | null;
    plannedMs: number;
    chair: MinutesPerson;
    /** Presenters of the agenda: the participants of note. */
    presenters: MinutesPerson[];
  };
  attendance: {
    entitled: number;
    present: Array<{ delegationId: string; name: MeetingText; spans: Span[]; presentMs: number }>;
    absent: Array<{ delegationId: string; name: MeetingText }>;
  };
  items: MinutesItem[];
  annexes: {
    /** Per delegation (or per presenter speaking for none), most time first. */
    speakingTime: Array<{ key: string; name: MeetingText; speeches: number; totalMs: number }>;
    /**
     * The list of participants: per delegation in the roster's order, then those of none
     * (`delegationId` null); empty when nobody was named (the annex is then left out).
     */
    participants: Array<{
      delegationId: string | null;
      name: MeetingText | null;
      people: Array<{ name: string; title: string }>;
    }>;
    timing: Array<{
      number: number;
      itemId: string;
      title: MeetingText;
      plannedMs: number;
      actualMs: number;
      status: ItemStatus;
      startedAt: number | null;
    }>;
  };
  record: { commands: number; digest: string; intact: boolean };
  generatedAt: number;
};
