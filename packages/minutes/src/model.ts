import {
  orderedItems,
  orderedDecisions,
  orderedPolls,
  orderedProposals,
  type Bilingual,
  type BallotChoice,
  type DecisionOutcome,
  type EntryKind,
  type FileKind,
  type FileRef,
  type ItemDocument,
  type ItemStatus,
  type Lang,
  type Majority,
  type MeetingState,
  type MeetingStatus,
  type Poll,
  type PollMethod,
  type PollOutcome,
  type PollSecrecy,
  type Tally,
} from '@rostrum/core';

/**
 * The minutes model: everything the minutes say, as plain data with both languages, built
 * from the meeting's record by a pure function. Every renderer (Markdown, HTML, DOCX, PDF)
 * formats this model; the JSON export is this model as it is, for other tools.
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

const MINUTE = 60_000;

/**
 * Characters that no document format can carry (C0 controls but tab and newline, lone
 * surrogates, U+FFFE/U+FFFF): a DOCX with one of them does not open in Word. Users' texts
 * (notes above all, which are free Yjs text) are cleaned once here, for every format.
 */
const UNCARRIABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNCARRIABLE, '');
}

function clean(b: Bilingual): Bilingual {
  return { en: cleanText(b.en), ru: cleanText(b.ru) };
}

function minutesFile(ref: FileRef | undefined): MinutesFile | null {
  return ref ? { name: cleanText(ref.name), size: ref.size, kind: ref.kind } : null;
}

function minutesDocument(d: ItemDocument): MinutesDocument {
  return {
    title: clean(d.title),
    url: d.url === undefined ? null : cleanText(d.url),
    files: { en: minutesFile(d.files?.en), ru: minutesFile(d.files?.ru) },
  };
}

/** Overlap of [from, to) with [start, end). */
function overlap(from: number, to: number, start: number, end: number): number {
  return Math.max(0, Math.min(to, end) - Math.max(from, start));
}

/** Attendance spans per delegation from join/leave events (a join while present is ignored). */
export function attendanceSpans(events: readonly AttendanceEvent[]): Map<string, Span[]> {
  const spans = new Map<string, Span[]>();
  const sorted = [...events].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    const list = spans.get(e.delegationId) ?? [];
    const open = list.at(-1);
    if (e.kind === 'join') {
      if (!open || open.to !== null) list.push({ from: e.at, to: null });
    } else if (open && open.to === null) {
      open.to = e.at;
    }
    spans.set(e.delegationId, list);
  }
  return spans;
}

/** Builds the minutes model from the record. Pure: the same input gives the same minutes. */
export function buildMinutes(input: MinutesInput): Minutes {
  const { state } = input;
  const now = input.generatedAt;
  const delegationName = (id: string | null): Bilingual | null => {
    if (id === null) return null;
    const d = state.roster.delegations[id];
    return d ? clean(d.name) : { en: id, ru: id };
  };
  const presenter = (id: string): MinutesPerson | null => {
    const p = state.roster.presenters[id];
    return p ? { name: clean(p.name), title: clean(p.title), delegation: delegationName(p.delegationId) } : null;
  };

  const { openedAt, closedAt } = state.meta;
  const end = closedAt ?? now;
  const durationMs = openedAt === null ? null : Math.max(0, end - openedAt);

  // Attendance: spans that touch the meeting's open period (all spans before it opens).
  const spans = attendanceSpans(input.attendance);
  const present: Minutes['attendance']['present'] = [];
  const absent: Minutes['attendance']['absent'] = [];
  for (const id of state.roster.delegationOrder) {
    const name = delegationName(id) ?? { en: id, ru: id };
    const all = spans.get(id) ?? [];
    const relevant = openedAt === null ? all : all.filter((s) => (s.to ?? now) >= openedAt && s.from <= end);
    if (relevant.length === 0) {
      absent.push({ delegationId: id, name });
      continue;
    }
    const presentMs =
      openedAt === null ? 0 : relevant.reduce((sum, s) => sum + overlap(s.from, s.to ?? now, openedAt, end), 0);
    present.push({ delegationId: id, name, spans: relevant.map((s) => ({ ...s })), presentMs });
  }

  const speeches = Object.values(state.floor.speeches).sort(
    (a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id),
  );
  const proposals = orderedProposals(state.votes);
  const polls = orderedPolls(state.votes);
  const decisions = orderedDecisions(state.votes);

  const minutesPoll = (poll: Poll): MinutesPoll => {
    const rollCall =
      poll.secrecy === 'roll_call'
        ? poll.entitled.flatMap((d) => {
            const entry = poll.rollCall[d];
            return entry
              ? [{ delegationId: d, name: delegationName(d) ?? { en: d, ru: d }, choice: entry.choice }]
              : [];
          })
        : null;
    const voters =
      poll.secrecy === 'anonymous'
        ? (input.voters?.[poll.id] ?? []).map((d) => ({ delegationId: d, name: delegationName(d) ?? { en: d, ru: d } }))
        : null;
    const r = poll.result;
    return {
      id: poll.id,
      method: poll.method,
      secrecy: poll.secrecy,
      majority: poll.majority,
      quorum: poll.quorum,
      status: poll.status,
      openedAt: poll.openedAt,
      closedAt: poll.closedAt,
      result: r
        ? {
            entitled: r.entitled,
            present: r.present,
            voted: r.voted,
            tally: { ...r.tally },
            quorumRequired: r.quorumRequired,
            quorumMet: r.quorumMet,
            majorityMet: r.majorityMet,
            outcome: r.outcome,
          }
        : null,
      rollCall,
      voters,
    };
  };

  const items: MinutesItem[] = orderedItems(state).map((item, index) => {
    const actualMs = item.spentMs + (item.activeSince === null ? 0 : Math.max(0, now - item.activeSince));
    return {
      number: index + 1,
      id: item.id,
      title: clean(item.title),
      status: item.status,
      plannedMs: item.plannedMinutes * MINUTE,
      actualMs,
      startedAt: item.startedAt,
      endedAt: item.status === 'active' ? null : item.endedAt,
      presenters: item.presenterIds.map(presenter).filter((p): p is MinutesPerson => p !== null),
      documents: item.documents.map(minutesDocument),
      speeches: speeches
        .filter((s) => s.itemId === item.id)
        .map((s) => {
          const p = s.presenterId === null ? null : presenter(s.presenterId);
          return {
            speaker: p ? p.name : delegationName(s.delegationId),
            delegation: p ? p.delegation : null,
            kind: s.kind,
            startedAt: s.startedAt,
            spokeMs: s.spokeMs,
            limitMs: s.limitMs,
          };
        }),
      notes: cleanText(input.notes[item.id] ?? '').trimEnd(),
      proposals: proposals
        .filter((p) => p.agendaItemId === item.id)
        .map((p) => ({
          id: p.id,
          title: clean(p.title),
          text: clean(p.text),
          sponsor: delegationName(p.sponsorDelegationId),
          documents: p.documents.map((d) => ({ title: clean(d.title), url: cleanText(d.url) })),
          polls: polls.filter((poll) => poll.proposalId === p.id).map(minutesPoll),
        })),
      decisions: decisions
        .filter((d) => d.agendaItemId === item.id)
        .map((d) => {
          const proposal = d.proposalId === null ? undefined : state.votes.proposals[d.proposalId];
          return {
            id: d.id,
            text: clean(d.text),
            outcome: d.outcome,
            proposalTitle: proposal ? clean(proposal.title) : null,
            recordedAt: d.recordedAt,
            updatedAt: d.updatedAt,
          };
        }),
    };
  });

  // Speaking time per delegation; a presenter who speaks for none is listed by name.
  const byKey = new Map<string, { key: string; name: Bilingual; speeches: number; totalMs: number }>();
  for (const s of speeches) {
    const p = s.presenterId === null ? undefined : state.roster.presenters[s.presenterId];
    const delegationId = s.delegationId ?? p?.delegationId ?? null;
    const key = delegationId !== null ? `delegation:${delegationId}` : p ? `presenter:${p.id}` : 'unnamed';
    const name = delegationId !== null ? delegationName(delegationId) : p ? clean(p.name) : null;
    const row = byKey.get(key) ?? { key, name: name ?? { en: '—', ru: '—' }, speeches: 0, totalMs: 0 };
    row.speeches += 1;
    row.totalMs += s.spokeMs;
    byKey.set(key, row);
  }
  const speakingTime = [...byKey.values()].sort((a, b) => b.totalMs - a.totalMs || a.key.localeCompare(b.key));

  const presenterIds = [...new Set(orderedItems(state).flatMap((i) => i.presenterIds))];
  const chairDelegation = delegationName(state.roster.chair.delegationId);

  return {
    schema: MINUTES_SCHEMA,
    meeting: {
      id: state.meta.id,
      title: clean(state.meta.title),
      status: state.meta.status,
      timeZone: state.meta.timeZone,
      plannedStart: Date.parse(state.meta.startsAt),
      openedAt,
      closedAt,
      durationMs,
      plannedMs: items.filter((i) => i.status !== 'deferred').reduce((sum, i) => sum + i.plannedMs, 0),
      chair: { name: clean(state.roster.chair.name), title: null, delegation: chairDelegation },
      presenters: presenterIds.map(presenter).filter((p): p is MinutesPerson => p !== null),
    },
    attendance: { entitled: state.roster.delegationOrder.length, present, absent },
    items,
    annexes: {
      speakingTime,
      timing: items.map((i) => ({
        number: i.number,
        itemId: i.id,
        title: i.title,
        plannedMs: i.plannedMs,
        actualMs: i.actualMs,
        status: i.status,
        startedAt: i.startedAt,
      })),
    },
    record: { ...input.log },
    generatedAt: now,
  };
}
