import { formatFileSize, LANGUAGES, showText, type Lang, type MeetingText } from '@rostrum/core';
import type { Block, Layout, Section } from './blocks.js';
import { Formatter, LOCALES } from './format.js';
import { LABELS, originalMark, plural, type Labels } from './labels.js';
import type {
  Minutes,
  MinutesDocument,
  MinutesItem,
  MinutesNotes,
  MinutesPerson,
  MinutesPoll,
  MinutesProposal,
} from './model.js';

/**
 * What the minutes say, in one language: the header, attendance, one section per agenda item,
 * the annexes and the record's digest. The structure depends only on the minutes, never on
 * the language, so that bilingual renderers can pair the blocks of two layouts.
 *
 * A meeting text missing in the language is given in the meeting's original, followed by a
 * mark in the minutes' language ("[Original: English]"): never blank, never passed off as a
 * translation.
 */
export function layoutMinutes(minutes: Minutes, lang: Lang): Layout {
  const c = context(minutes, lang);
  const sections: Section[] = [
    header(minutes, c),
    attendance(minutes, c),
    ...minutes.items.map((item) => agendaItem(item, c)),
    speakingAnnex(minutes, c),
    timingAnnex(minutes, c),
    // The list of participants only when people were named (minutes of earlier releases had none).
    ...(minutes.annexes.participants.length > 0 ? [participantsAnnex(minutes, c)] : []),
    record(minutes, c),
  ];
  return { lang, title: `${c.L.minutes}: ${c.t(minutes.meeting.title)}`, sections };
}

/** One language's words, formats, and the meeting's texts in it. */
type Ctx = {
  lang: Lang;
  L: Labels;
  f: Formatter;
  languages: readonly Lang[];
  /** A meeting text in the language, or the original followed by its mark. */
  t: (text: MeetingText) => string;
  /** A free text (proposal, decision) as a block: in the language, or the original's with the mark after it. */
  text: (text: MeetingText) => Block;
  /** "Label: value" with the language's colon. */
  field: (label: string, value: string, mono?: boolean) => Block;
};

function context(minutes: Minutes, lang: Lang): Ctx {
  const L = LABELS[lang];
  const languages = minutes.meeting.languages;
  // What stands between a label and its colon: nothing, or a no-break space in French.
  const beforeColon = L.colon.slice(0, -1);
  return {
    lang,
    L,
    f: new Formatter(lang, minutes.meeting.timeZone),
    languages,
    t: (text) => {
      const shown = showText(text, lang, languages);
      return shown.state === 'reading' ? shown.text : `${shown.text} ${originalMark(lang, shown.lang)}`;
    },
    text: (text) => {
      const shown = showText(text, lang, languages);
      if (shown.state === 'reading') return { kind: 'text', text: shown.text };
      return { kind: 'text', text: shown.text, lang: shown.lang, mark: originalMark(lang, shown.lang) };
    },
    field: (label, value, mono) => ({
      kind: 'field',
      label: `${label}${beforeColon}`,
      value,
      ...(mono ? { mono } : {}),
    }),
  };
}

/** "Report: https://…; English version: report.pdf (PDF, 1.2 MB)": the link and each uploaded file by name. */
function documentLine(d: MinutesDocument, c: Ctx): string {
  const { L } = c;
  const parts = d.url === null ? [] : [d.url];
  for (const version of LANGUAGES) {
    const file = d.files[version];
    if (file)
      parts.push(
        `${L.fileVersion[version]}${L.colon} ${file.name} (${file.kind.toUpperCase()}, ${formatFileSize(file.size, LOCALES[c.lang])})`,
      );
  }
  return `${c.t(d.title)}${L.colon} ${parts.join(L.semicolon)}`;
}

function person(p: MinutesPerson, c: Ctx): string {
  const title = p.title ? `${c.L.comma}${c.t(p.title)}` : '';
  const delegation = p.delegation ? ` (${c.t(p.delegation)})` : '';
  return `${c.t(p.name)}${title}${delegation}`;
}

function header(m: Minutes, c: Ctx): Section {
  const { L, f } = c;
  const meeting = m.meeting;
  const blocks: Block[] = [
    { kind: 'para', text: L.minutes, tone: 'strong' },
    { kind: 'heading', level: 1, text: c.t(meeting.title) },
  ];
  const day = meeting.openedAt ?? meeting.plannedStart;
  blocks.push(c.field(L.date, f.date(day)));
  if (meeting.openedAt !== null) {
    blocks.push(c.field(L.time, f.range(meeting.openedAt, meeting.closedAt)));
  } else {
    blocks.push(c.field(L.time, f.time(meeting.plannedStart)));
  }
  blocks.push(c.field(L.timeZone, f.zone(day)));
  blocks.push(
    c.field(
      L.duration,
      `${meeting.durationMs === null ? '—' : f.duration(meeting.durationMs)} (${L.plannedDuration} ${f.duration(meeting.plannedMs)})`,
    ),
  );
  blocks.push(c.field(L.status, L.meetingStatus[meeting.status]));
  if (meeting.status === 'open') blocks.push({ kind: 'para', text: L.draft, tone: 'warning' });
  if (meeting.status === 'scheduled') blocks.push({ kind: 'para', text: L.notOpened, tone: 'warning' });
  blocks.push(c.field(L.chair, person(meeting.chair, c)));
  if (meeting.presenters.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.participantsOfNote });
    blocks.push({ kind: 'list', items: meeting.presenters.map((p) => person(p, c)) });
  }
  return { id: 'header', blocks };
}

function attendance(m: Minutes, c: Ctx): Section {
  const { L, f } = c;
  const a = m.attendance;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: L.attendance },
    c.field(L.delegationsPresent, `${f.number(a.present.length)} / ${f.number(a.entitled)}`),
  ];
  if (a.present.length === 0) blocks.push({ kind: 'para', text: L.nobodyPresent, tone: 'muted' });
  else {
    blocks.push({
      kind: 'table',
      head: [L.delegation, L.connected, L.timePresent],
      numeric: [false, false, true],
      rows: a.present.map((d) => [
        c.t(d.name),
        d.spans
          .map((s) => (s.to === null ? `${f.time(s.from)}– (${L.stillConnected})` : f.range(s.from, s.to)))
          .join(L.semicolon),
        f.duration(d.presentMs),
      ]),
    });
  }
  if (a.absent.length === 0) {
    if (a.present.length > 0) blocks.push({ kind: 'para', text: L.everyonePresent, tone: 'muted' });
  } else {
    blocks.push(c.field(L.notPresent, a.absent.map((d) => c.t(d.name)).join(L.comma)));
  }
  return { id: 'attendance', blocks };
}

/**
 * The notes of an item in the language; where the secretariat wrote none in it but wrote some
 * in the original, those, marked. Their direction follows their first letter unless the
 * language is right to left (`auto`, blocks.ts).
 */
function notesBlock(notes: MinutesNotes, c: Ctx): Block {
  const own = notes[c.lang];
  if (own !== undefined) return { kind: 'text', text: own, auto: true };
  const original = c.languages[0];
  const fallback = original === undefined ? undefined : notes[original];
  if (original === undefined || fallback === undefined) return { kind: 'para', text: c.L.noNotes, tone: 'muted' };
  return { kind: 'text', text: fallback, auto: true, lang: original, mark: originalMark(c.lang, original) };
}

function agendaItem(item: MinutesItem, c: Ctx): Section {
  const { L, f } = c;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: `${item.number}. ${c.t(item.title)}` },
    c.field(L.status, L.itemStatus[item.status]),
  ];
  if (item.startedAt === null) {
    blocks.push(c.field(L.planned, f.duration(item.plannedMs)));
    blocks.push({ kind: 'para', text: L.notTakenUp, tone: 'muted' });
  } else {
    blocks.push(c.field(L.time, f.range(item.startedAt, item.endedAt)));
    blocks.push(
      c.field(
        L.duration,
        `${f.duration(item.actualMs)} (${L.plannedDuration} ${f.duration(item.plannedMs)}${L.semicolon}${f.signedDuration(item.actualMs - item.plannedMs)})`,
      ),
    );
  }
  if (item.presenters.length > 0) {
    blocks.push(c.field(L.presenters, item.presenters.map((p) => person(p, c)).join(L.semicolon)));
  }
  if (item.documents.length > 0) {
    blocks.push({ kind: 'para', text: L.documents, tone: 'strong' });
    blocks.push({ kind: 'list', items: item.documents.map((d) => documentLine(d, c)) });
  }

  blocks.push({ kind: 'heading', level: 3, text: L.speakers });
  if (item.speeches.length === 0) blocks.push({ kind: 'para', text: L.noSpeeches, tone: 'muted' });
  else {
    blocks.push({
      kind: 'table',
      head: [L.number, L.speaker, L.kind, L.started, L.spoke, L.limit],
      numeric: [true, false, false, false, true, true],
      rows: item.speeches.map((s, i) => [
        f.number(i + 1),
        s.speaker === null
          ? L.unnamedSpeaker
          : s.delegation
            ? `${c.t(s.speaker)} (${c.t(s.delegation)})`
            : c.t(s.speaker),
        L.entryKind[s.kind],
        f.time(s.startedAt),
        f.clock(s.spokeMs),
        f.clock(s.limitMs),
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 3, text: L.notes });
  blocks.push(notesBlock(item.notes, c));

  if (item.proposals.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.proposals });
    for (const p of item.proposals) blocks.push(...proposal(p, c));
  }

  if (item.decisions.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.decisions });
    for (const d of item.decisions) {
      const on = d.proposalTitle ? ` (${L.onProposal}${L.colon} ${c.t(d.proposalTitle)})` : '';
      blocks.push({ kind: 'para', text: `${L.decisionOutcome[d.outcome]}${on}`, tone: 'strong' });
      blocks.push(c.text(d.text));
      if (d.updatedAt !== null)
        blocks.push({ kind: 'para', text: `${L.edited} ${f.time(d.updatedAt)}`, tone: 'muted' });
    }
  }
  return { id: `item-${item.id}`, blocks };
}

function proposal(p: MinutesProposal, c: Ctx): Block[] {
  const { L } = c;
  const blocks: Block[] = [{ kind: 'heading', level: 4, text: c.t(p.title) }, c.text(p.text)];
  if (p.sponsor) blocks.push(c.field(L.sponsor, c.t(p.sponsor)));
  if (p.documents.length > 0) {
    blocks.push({ kind: 'para', text: L.documents, tone: 'strong' });
    blocks.push({ kind: 'list', items: p.documents.map((d) => `${c.t(d.title)}${L.colon} ${d.url}`) });
  }
  if (p.polls.length === 0) blocks.push({ kind: 'para', text: L.notPolled, tone: 'muted' });
  for (const poll of p.polls) blocks.push(...pollBlocks(poll, c));
  return blocks;
}

function pollBlocks(poll: MinutesPoll, c: Ctx): Block[] {
  const { L, f } = c;
  const how = [
    L.pollMethod[poll.method],
    L.secrecy[poll.secrecy],
    L.majority[poll.majority],
    `${L.quorum} ${f.percent(poll.quorum)}`,
  ].join(L.comma);
  const when = `${L.opened} ${f.time(poll.openedAt)}${poll.closedAt === null ? '' : `${L.comma}${L.closed} ${f.time(poll.closedAt)}`}`;
  const blocks: Block[] = [c.field(L.poll, `${how}${L.semicolon}${when}`)];
  const r = poll.result;
  if (poll.status === 'open' || r === null) {
    blocks.push({ kind: 'para', text: L.pollStillOpen, tone: 'muted' });
  } else {
    const tally = (['support', 'object', 'abstain'] as const)
      .map((choice) => `${L.tally[choice]}${L.colon} ${f.number(r.tally[choice])}`)
      .join(' · ');
    blocks.push(c.field(L.result, `${L.outcome[r.outcome]} — ${tally}`));
    blocks.push(
      c.field(
        L.present,
        `${f.number(r.present)} / ${f.number(r.entitled)} (${L.quorumNeeded.replace('{n}', f.number(r.quorumRequired))})`,
      ),
    );
    blocks.push(c.field(L.voted, f.number(r.voted)));
  }
  if (poll.rollCall !== null && poll.rollCall.length > 0) {
    blocks.push({ kind: 'para', text: L.rollCall, tone: 'strong' });
    blocks.push({
      kind: 'table',
      head: [L.delegation, L.position],
      numeric: [false, false],
      rows: poll.rollCall.map((v) => [c.t(v.name), L.choice[v.choice]]),
    });
  }
  if (poll.voters !== null) {
    blocks.push(
      c.field(
        L.anonymousVoters,
        poll.voters.length === 0 ? L.noVoters : poll.voters.map((v) => c.t(v.name)).join(L.comma),
      ),
    );
  }
  return blocks;
}

function speakingAnnex(m: Minutes, c: Ctx): Section {
  const { L, f } = c;
  const rows = m.annexes.speakingTime;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: L.annexSpeaking }];
  if (rows.length === 0) blocks.push({ kind: 'para', text: L.noSpeakingTime, tone: 'muted' });
  else {
    const total = rows.reduce((sum, r) => sum + r.speeches, 0);
    blocks.push({
      kind: 'para',
      text: `${f.number(total)} ${plural(c.lang, total, L.speechCount)}${L.comma}${f.duration(rows.reduce((s, r) => s + r.totalMs, 0))}`,
      tone: 'muted',
    });
    blocks.push({
      kind: 'table',
      head: [L.delegation, L.speeches, L.totalTime],
      numeric: [false, true, true],
      rows: rows.map((r) => [c.t(r.name), f.number(r.speeches), f.clock(r.totalMs)]),
    });
  }
  return { id: 'annex-speaking', blocks };
}

/** Annex C: per delegation, the names and titles of its people ("Name, Title"). */
function participantsAnnex(m: Minutes, c: Ctx): Section {
  const { L } = c;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: L.annexParticipants }];
  for (const group of m.annexes.participants) {
    blocks.push({ kind: 'heading', level: 3, text: group.name ? c.t(group.name) : L.otherParticipants });
    blocks.push({
      kind: 'list',
      items: group.people.map((p) => (p.title ? `${p.name}${L.comma}${p.title}` : p.name)),
    });
  }
  return { id: 'annex-participants', blocks };
}

function timingAnnex(m: Minutes, c: Ctx): Section {
  const { L, f } = c;
  const rows = m.annexes.timing;
  return {
    id: 'annex-timing',
    blocks: [
      { kind: 'heading', level: 2, text: L.annexTiming },
      {
        kind: 'table',
        head: [L.number, L.item, L.planned, L.actual, L.difference],
        numeric: [true, false, true, true, true],
        rows: rows.map((r) => [
          f.number(r.number),
          c.t(r.title),
          f.duration(r.plannedMs),
          r.startedAt === null ? '—' : f.duration(r.actualMs),
          r.startedAt === null ? '—' : f.signedDuration(r.actualMs - r.plannedMs),
        ]),
      },
      {
        kind: 'chart',
        caption: L.chartCaption,
        legend: { planned: L.planned, actual: L.actual },
        rows: rows.map((r) => ({
          label: String(r.number),
          plannedMin: r.plannedMs / 60_000,
          actualMin: r.actualMs / 60_000,
        })),
      },
    ],
  };
}

function record(m: Minutes, c: Ctx): Section {
  const { L, f } = c;
  const r = m.record;
  return {
    id: 'record',
    blocks: [
      { kind: 'heading', level: 2, text: L.record },
      c.field(L.commandsInLog, f.number(r.commands)),
      c.field(L.digest, r.digest, true),
      r.intact ? { kind: 'para', text: L.intact } : { kind: 'para', text: L.broken, tone: 'warning' },
      { kind: 'para', text: L.verifyHow.replaceAll('{id}', m.meeting.id), tone: 'muted' },
      c.field(L.generated, f.dateTime(m.generatedAt)),
    ],
  };
}
