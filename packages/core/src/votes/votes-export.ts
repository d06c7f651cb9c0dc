import { csvRecord, type CsvValue } from '../csv.js';
import type { Seat } from '../roles.js';
import type { MeetingWorld } from '../rules.js';
import type { Lang, MeetingText } from '../text.js';
import type { BallotChoice, Decision, DecisionOutcome, PollResult } from './votes-state.js';
import { orderedDecisions, orderedPolls } from './votes-state.js';

/**
 * The results and decisions export for the chair and the secretariat (GET
 * /api/meetings/:id/results.json|csv). Built from the whole world, so it is the one place
 * where the secret ballots meet a report: anonymous polls list who voted, never what.
 */

type Delegation = { delegationId: string; delegation: MeetingText | null };

export type ExportBallot = Delegation & { choice: BallotChoice; at: number; castBy: Seat | null };
export type ExportVoter = Delegation & { at: number; castBy: Seat | null };

export type ExportPoll = {
  id: string;
  proposalId: string;
  proposalTitle: MeetingText | null;
  agendaItemId: string;
  method: string;
  secrecy: string;
  majority: string;
  quorum: number;
  status: string;
  openedAt: number;
  closesAt: number | null;
  closedAt: number | null;
  closedBy: string | null;
  /** Null while the poll is open: totals of an anonymous poll exist only once it closes. */
  result: PollResult | null;
  /** Who has a ballot in (both kinds of poll). */
  voters: ExportVoter[];
  /** Roll-call polls only; null for anonymous polls. */
  ballots: ExportBallot[] | null;
};

export type ExportDecision = Decision & { agendaItem: MeetingText | null; proposalTitle: MeetingText | null };

export type ResultsExport = {
  meeting: { id: string; title: MeetingText; timeZone: string; languages: Lang[] };
  exportedAt: number;
  polls: ExportPoll[];
  decisions: ExportDecision[];
};

export function resultsExport(
  world: MeetingWorld,
  now: number,
  seatOf: (inviteId: string) => Seat | null = () => null,
): ResultsExport {
  const { state, secret } = world;
  const name = (id: string) => state.roster.delegations[id]?.name ?? null;
  const proposalTitle = (id: string | null) => (id === null ? null : (state.votes.proposals[id]?.title ?? null));

  const polls = orderedPolls(state.votes).map((poll): ExportPoll => {
    const ballots = secret.ballots[poll.id] ?? {};
    const cast = poll.entitled.flatMap((d) => {
      const b = ballots[d];
      return b ? [{ d, b }] : [];
    });
    return {
      id: poll.id,
      proposalId: poll.proposalId,
      proposalTitle: proposalTitle(poll.proposalId),
      agendaItemId: poll.agendaItemId,
      method: poll.method,
      secrecy: poll.secrecy,
      majority: poll.majority,
      quorum: poll.quorum,
      status: poll.status,
      openedAt: poll.openedAt,
      closesAt: poll.closesAt,
      closedAt: poll.closedAt,
      closedBy: poll.closedBy,
      result: poll.result,
      voters: cast.map(({ d, b }) => ({ delegationId: d, delegation: name(d), at: b.at, castBy: seatOf(b.inviteId) })),
      // Built field by field: an anonymous poll's choices never enter the report at all.
      ballots:
        poll.secrecy === 'roll_call'
          ? cast.map(({ d, b }) => ({
              delegationId: d,
              delegation: name(d),
              choice: b.choice,
              at: b.at,
              castBy: seatOf(b.inviteId),
            }))
          : null,
    };
  });

  const decisions = orderedDecisions(state.votes).map((d) => ({
    ...d,
    agendaItem: state.agenda.items[d.agendaItemId]?.title ?? null,
    proposalTitle: proposalTitle(d.proposalId),
  }));

  return {
    meeting: {
      id: state.meta.id,
      title: state.meta.title,
      timeZone: state.meta.timeZone,
      languages: [...state.meta.languages],
    },
    exportedAt: now,
    polls,
    decisions,
  };
}

/**
 * The columns of the CSV; `name_*` stands for one column per language of the meeting, in its
 * order (`proposal_en`, `proposal_ru` for the 8 June meeting; `proposal_fr`, `proposal_ar`…).
 */
const CSV_COLUMNS = [
  'record',
  'poll_id',
  'proposal_id',
  'proposal_*',
  'agenda_item_id',
  'method',
  'secrecy',
  'majority',
  'quorum',
  'status',
  'opened_at',
  'closed_at',
  'entitled',
  'present',
  'voted',
  'support',
  'object',
  'abstain',
  'quorum_required',
  'quorum_met',
  'majority_met',
  'outcome',
  'delegation_id',
  'delegation_*',
  'cast_by',
  'choice',
  'cast_at',
  'decision_id',
  'decision_outcome',
  'text_*',
  'recorded_at',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type PerLanguage = Extract<Column, `${string}_*`>;
type Cell = Exclude<Column, PerLanguage>;
type Row = Partial<Record<Cell, CsvValue>> & Partial<Record<PerLanguage, MeetingText | null>>;

function csvColumns(languages: readonly Lang[]): string[] {
  return CSV_COLUMNS.flatMap((c) => (c.endsWith('_*') ? languages.map((l) => c.replace('*', l)) : [c]));
}

function csvCells(row: Row, languages: readonly Lang[]): CsvValue[] {
  return CSV_COLUMNS.flatMap((c): CsvValue[] => {
    if (isPerLanguage(c)) {
      const text = row[c];
      return languages.map((l) => text?.[l] ?? null);
    }
    return [row[c] ?? null];
  });
}

function isPerLanguage(c: Column): c is PerLanguage {
  return c.endsWith('_*');
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The export as one CSV table, one row per record: `poll` (its result), `ballot` (a roll-call
 * choice), `voter` (someone voted in an anonymous poll; no choice), `decision`.
 */
export function resultsCsv(report: ResultsExport): string {
  const rows: Row[] = [];
  for (const p of report.polls) {
    const r = p.result;
    const pollCells: Row = {
      poll_id: p.id,
      proposal_id: p.proposalId,
      'proposal_*': p.proposalTitle,
      agenda_item_id: p.agendaItemId,
    };
    rows.push({
      record: 'poll',
      ...pollCells,
      method: p.method,
      secrecy: p.secrecy,
      majority: p.majority,
      quorum: p.quorum,
      status: p.status,
      opened_at: iso(p.openedAt),
      closed_at: iso(p.closedAt),
      entitled: r?.entitled ?? null,
      present: r?.present ?? null,
      voted: r?.voted ?? p.voters.length,
      support: r?.tally.support ?? null,
      object: r?.tally.object ?? null,
      abstain: r?.tally.abstain ?? null,
      quorum_required: r?.quorumRequired ?? null,
      quorum_met: r?.quorumMet ?? null,
      majority_met: r?.majorityMet ?? null,
      outcome: r?.outcome ?? null,
    });
    if (p.ballots) {
      for (const b of p.ballots) {
        rows.push({
          record: 'ballot',
          ...pollCells,
          delegation_id: b.delegationId,
          'delegation_*': b.delegation,
          cast_by: b.castBy,
          choice: b.choice,
          cast_at: iso(b.at),
        });
      }
    } else {
      for (const v of p.voters) {
        rows.push({
          record: 'voter',
          ...pollCells,
          delegation_id: v.delegationId,
          'delegation_*': v.delegation,
          cast_by: v.castBy,
          cast_at: iso(v.at),
        });
      }
    }
  }
  for (const d of report.decisions) {
    rows.push({
      record: 'decision',
      poll_id: d.pollId,
      proposal_id: d.proposalId,
      'proposal_*': d.proposalTitle,
      agenda_item_id: d.agendaItemId,
      decision_id: d.id,
      decision_outcome: d.outcome satisfies DecisionOutcome,
      'text_*': d.text,
      recorded_at: iso(d.recordedAt),
    });
  }
  // Every cell through the one writer (csv.ts): quoted, and defused against formulas.
  const languages = report.meeting.languages;
  const lines = [csvRecord(csvColumns(languages)), ...rows.map((row) => csvRecord(csvCells(row, languages)))];
  return `${lines.join('\r\n')}\r\n`;
}
