import {
  orderedItems,
  orderedDecisions,
  orderedPolls,
  orderedProposals,
  type FileRef,
  type ItemDocument,
  type Lang,
  type MeetingText,
  type Poll,
} from '@rostrum/core';
import { attendanceSpans } from './attendance.js';
import { clean, cleanText } from './clean-text.js';
import type {
  Minutes,
  MinutesDocument,
  MinutesFile,
  MinutesInput,
  MinutesItem,
  MinutesNotes,
  MinutesParticipantInput,
  MinutesPerson,
  MinutesPoll,
} from './model-types.js';
import { MINUTES_SCHEMA } from './model-types.js';

/**
 * The minutes model, built from the meeting's record by a pure function. Its types are in
 * model-types.ts; this module stays the one entry to the model for renderers and tests.
 */
export * from './model-types.js';
export { attendanceSpans } from './attendance.js';
export { cleanText } from './clean-text.js';
export { readMeetingNotes } from './notes.js';

const MINUTE = 60_000;

function minutesFile(ref: FileRef | undefined): MinutesFile | null {
  return ref ? { name: cleanText(ref.name), size: ref.size, kind: ref.kind } : null;
}

function minutesDocument(d: ItemDocument, languages: readonly Lang[]): MinutesDocument {
  const files: MinutesDocument['files'] = {};
  for (const lang of languages) files[lang] = minutesFile(d.files?.[lang]);
  return { title: clean(d.title), url: d.url === undefined ? null : cleanText(d.url), files };
}

/** An item's notes in each meeting language that has any (cleaned; trailing blank lines dropped). */
function minutesNotes(notes: MinutesNotes | undefined, languages: readonly Lang[]): MinutesNotes {
  const out: MinutesNotes = {};
  for (const lang of languages) {
    const text = cleanText(notes?.[lang] ?? '').trimEnd();
    if (text.trim() !== '') out[lang] = text;
  }
  return out;
}

/** Overlap of [from, to) with [start, end). */
function overlap(from: number, to: number, start: number, end: number): number {
  return Math.max(0, Math.min(to, end) - Math.max(from, start));
}

/** Builds the minutes model from the record. Pure: the same input gives the same minutes. */
export function buildMinutes(input: MinutesInput): Minutes {
  const { state } = input;
  const now = input.generatedAt;
  const languages = [...state.meta.languages];
  /** A name the record does not have (an id, a dash): the same in every language, given as the original. */
  const asIs = (text: string): MeetingText => ({ [languages[0] ?? 'en']: text });
  const delegationName = (id: string | null): MeetingText | null => {
    if (id === null) return null;
    const d = state.roster.delegations[id];
    return d ? clean(d.name) : asIs(id);
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
    const name = delegationName(id) ?? asIs(id);
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
            return entry ? [{ delegationId: d, name: delegationName(d) ?? asIs(d), choice: entry.choice }] : [];
          })
        : null;
    const voters =
      poll.secrecy === 'anonymous'
        ? (input.voters?.[poll.id] ?? []).map((d) => ({ delegationId: d, name: delegationName(d) ?? asIs(d) }))
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
      documents: item.documents.map((d) => minutesDocument(d, languages)),
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
      notes: minutesNotes(input.notes[item.id], languages),
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
  const byKey = new Map<string, { key: string; name: MeetingText; speeches: number; totalMs: number }>();
  for (const s of speeches) {
    const p = s.presenterId === null ? undefined : state.roster.presenters[s.presenterId];
    const delegationId = s.delegationId ?? p?.delegationId ?? null;
    const key = delegationId !== null ? `delegation:${delegationId}` : p ? `presenter:${p.id}` : 'unnamed';
    const name = delegationId !== null ? delegationName(delegationId) : p ? clean(p.name) : null;
    const row = byKey.get(key) ?? { key, name: name ?? asIs('—'), speeches: 0, totalMs: 0 };
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
      languages,
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
      participants: participantsByDelegation(input.participants ?? [], state.roster.delegationOrder, delegationName),
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

/**
 * The named participants grouped by delegation: the roster's delegations in their order, then a
 * delegation no longer on it, then the people of none. Texts are cleaned like the record's.
 */
function participantsByDelegation(
  people: readonly MinutesParticipantInput[],
  order: readonly string[],
  delegationName: (id: string | null) => MeetingText | null,
): Minutes['annexes']['participants'] {
  const ids: Array<string | null> = [...order];
  for (const p of people) if (!ids.includes(p.delegationId) && p.delegationId !== null) ids.push(p.delegationId);
  ids.push(null);
  return ids.flatMap((delegationId) => {
    const own = people
      .filter((p) => p.delegationId === delegationId)
      .map((p) => ({ name: cleanText(p.name), title: cleanText(p.title) }));
    return own.length === 0 ? [] : [{ delegationId, name: delegationName(delegationId), people: own }];
  });
}
