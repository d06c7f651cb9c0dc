import type {
  Bilingual,
  BallotChoice,
  DecisionOutcome,
  EntryKind,
  FileKind,
  ItemStatus,
  Lang,
  Majority,
  MeetingState,
  MeetingStatus,
  PollMethod,
  PollOutcome,
  PollSecrecy,
  Tally,
} from '@rostrum/core';

/**
 * The minutes model's shape: everything the minutes say, as plain data with both languages.
 * `buildMinutes` (model.ts) makes it from the record; every renderer (Markdown, HTML, DOCX, PDF)
 * formats it; the JSON export is this model as it is, for other tools.
 */
export const MINUTES_SCHEMA = 'rostrum.minutes/1';

/** A delegation joining (its first person connects) or leaving (its last person disconnects). */
export type AttendanceEvent = { delegationId: string; kind: 'join' | 'leave'; at: number };

/** What the minutes are built from. */
export type MinutesInput = {
  /** The public record of the meeting. */
  state: MeetingState;
  /** The secretariat's notes, per agenda item id. */
  notes: Readonly<Record<string, string>>;
  /** Durable attendance events, in the order they happened. */
  attendance: readonly AttendanceEvent[];
  /** The hash-chained command log, as just recomputed. */
  log: { commands: number; digest: string; intact: boolean };
  /**
   * Delegations that cast a ballot, per poll, in the order they first voted (read from the log).
   * For anonymous polls this is all the minutes say about ballots: who voted, never what.
   */
  voters?: Readonly<Record<string, readonly string[]>>;
  /** When the minutes are built (server time). */
  generatedAt: number;
};

export type Span = { from: number; to: number | null };

export type MinutesPerson = { name: Bilingual; title: Bilingual | null; delegation: Bilingual | null };

export type MinutesSpeech = {
  /** Who spoke: the presenter's name, else the delegation's; null when the record names nobody. */
  speaker: Bilingual | null;
  /** The delegation they spoke for, when the speaker is a presenter of one. */
  delegation: Bilingual | null;
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
  rollCall: Array<{ delegationId: string; name: Bilingual; choice: BallotChoice }> | null;
  /** Anonymous polls: who voted (never what). Null for roll-call polls (the roll call says it). */
  voters: Array<{ delegationId: string; name: Bilingual }> | null;
};

export type MinutesProposal = {
  id: string;
  title: Bilingual;
  text: Bilingual;
  sponsor: Bilingual | null;
  documents: Array<{ title: Bilingual; url: string }>;
  polls: MinutesPoll[];
};

export type MinutesDecision = {
  id: string;
  text: Bilingual;
  outcome: DecisionOutcome;
  proposalTitle: Bilingual | null;
  recordedAt: number;
  updatedAt: number | null;
};

/** An uploaded file of a document: named in the minutes, not embedded. */
export type MinutesFile = { name: string; size: number; kind: FileKind };
export type MinutesDocument = { title: Bilingual; url: string | null; files: Record<Lang, MinutesFile | null> };

export type MinutesItem = {
  number: number;
  id: string;
  title: Bilingual;
  status: ItemStatus;
  plannedMs: number;
  actualMs: number;
  startedAt: number | null;
  endedAt: number | null;
  presenters: MinutesPerson[];
  /** The item's documents (reports, papers) as linked or uploaded in the agenda. */
  documents: MinutesDocument[];
  speeches: MinutesSpeech[];
  notes: string;
  proposals: MinutesProposal[];
  decisions: MinutesDecision[];
};

export type Minutes = {
  schema: typeof MINUTES_SCHEMA;
  meeting: {
    id: string;
    title: Bilingual;
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
    present: Array<{ delegationId: string; name: Bilingual; spans: Span[]; presentMs: number }>;
    absent: Array<{ delegationId: string; name: Bilingual }>;
  };
  items: MinutesItem[];
  annexes: {
    /** Per delegation (or per presenter speaking for none), most time first. */
    speakingTime: Array<{ key: string; name: Bilingual; speeches: number; totalMs: number }>;
    timing: Array<{
      number: number;
      itemId: string;
      title: Bilingual;
      plannedMs: number;
      actualMs: number;
      status: ItemStatus;
      startedAt: number | null;
    }>;
  };
  record: { commands: number; digest: string; intact: boolean };
  generatedAt: number;
};
