import { formatFileSize, LANGUAGES, type Bilingual, type Lang } from '@rostrum/core';
import type { Block, Layout, Section } from './blocks.js';
import { Formatter, LOCALES } from './format.js';
import { LABELS, plural, type Labels } from './labels.js';
import type { Minutes, MinutesDocument, MinutesItem, MinutesPerson, MinutesPoll, MinutesProposal } from './model.js';

/**
 * What the minutes say, in one language: the header, attendance, one section per agenda item,
 * the annexes and the record's digest. The structure depends only on the minutes, never on
 * the language, so that bilingual renderers can pair the blocks of two layouts.
 */
export function layoutMinutes(minutes: Minutes, lang: Lang): Layout {
  const L = LABELS[lang];
  const f = new Formatter(lang, minutes.meeting.timeZone);
  const t = (b: Bilingual) => b[lang];
  const sections: Section[] = [
    header(minutes, lang, L, f),
    attendance(minutes, lang, L, f),
    ...minutes.items.map((item) => agendaItem(item, lang, L, f)),
    speakingAnnex(minutes, lang, L, f),
    timingAnnex(minutes, lang, L, f),
    record(minutes, L, f),
  ];
  return { lang, title: `${L.minutes}: ${t(minutes.meeting.title)}`, sections };
}

/** "Report: https://…; English version: report.pdf (PDF, 1.2 MB)": the link and each uploaded file by name. */
function documentLine(d: MinutesDocument, lang: Lang, L: Labels): string {
  const parts = d.url === null ? [] : [d.url];
  for (const version of LANGUAGES) {
    const file = d.files[version];
    if (file)
      parts.push(
        `${L.fileVersion[version]}: ${file.name} (${file.kind.toUpperCase()}, ${formatFileSize(file.size, LOCALES[lang])})`,
      );
  }
  return `${d.title[lang]}: ${parts.join('; ')}`;
}

function person(p: MinutesPerson, lang: Lang): string {
  const title = p.title ? `, ${p.title[lang]}` : '';
  const delegation = p.delegation ? ` (${p.delegation[lang]})` : '';
  return `${p.name[lang]}${title}${delegation}`;
}

function header(m: Minutes, lang: Lang, L: Labels, f: Formatter): Section {
  const meeting = m.meeting;
  const blocks: Block[] = [
    { kind: 'para', text: L.minutes, tone: 'strong' },
    { kind: 'heading', level: 1, text: meeting.title[lang] },
  ];
  const day = meeting.openedAt ?? meeting.plannedStart;
  blocks.push({ kind: 'field', label: L.date, value: f.date(day) });
  if (meeting.openedAt !== null) {
    blocks.push({ kind: 'field', label: L.time, value: f.range(meeting.openedAt, meeting.closedAt) });
  } else {
    blocks.push({ kind: 'field', label: L.time, value: f.time(meeting.plannedStart) });
  }
  blocks.push({ kind: 'field', label: L.timeZone, value: f.zone(day) });
  blocks.push({
    kind: 'field',
    label: L.duration,
    value: `${meeting.durationMs === null ? '—' : f.duration(meeting.durationMs)} (${L.plannedDuration} ${f.duration(meeting.plannedMs)})`,
  });
  blocks.push({ kind: 'field', label: L.status, value: L.meetingStatus[meeting.status] });
  if (meeting.status === 'open') blocks.push({ kind: 'para', text: L.draft, tone: 'warning' });
  if (meeting.status === 'scheduled') blocks.push({ kind: 'para', text: L.notOpened, tone: 'warning' });
  blocks.push({ kind: 'field', label: L.chair, value: person(meeting.chair, lang) });
  if (meeting.presenters.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.participantsOfNote });
    blocks.push({ kind: 'list', items: meeting.presenters.map((p) => person(p, lang)) });
  }
  return { id: 'header', blocks };
}

function attendance(m: Minutes, lang: Lang, L: Labels, f: Formatter): Section {
  const a = m.attendance;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: L.attendance },
    { kind: 'field', label: L.delegationsPresent, value: `${f.number(a.present.length)} / ${f.number(a.entitled)}` },
  ];
  if (a.present.length === 0) blocks.push({ kind: 'para', text: L.nobodyPresent, tone: 'muted' });
  else {
    blocks.push({
      kind: 'table',
      head: [L.delegation, L.connected, L.timePresent],
      numeric: [false, false, true],
      rows: a.present.map((d) => [
        d.name[lang],
        d.spans
          .map((s) => (s.to === null ? `${f.time(s.from)}– (${L.stillConnected})` : f.range(s.from, s.to)))
          .join('; '),
        f.duration(d.presentMs),
      ]),
    });
  }
  if (a.absent.length === 0) {
    if (a.present.length > 0) blocks.push({ kind: 'para', text: L.everyonePresent, tone: 'muted' });
  } else {
    blocks.push({ kind: 'field', label: L.notPresent, value: a.absent.map((d) => d.name[lang]).join(', ') });
  }
  return { id: 'attendance', blocks };
}

function agendaItem(item: MinutesItem, lang: Lang, L: Labels, f: Formatter): Section {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: `${item.number}. ${item.title[lang]}` },
    { kind: 'field', label: L.status, value: L.itemStatus[item.status] },
  ];
  if (item.startedAt === null) {
    blocks.push({ kind: 'field', label: L.planned, value: f.duration(item.plannedMs) });
    blocks.push({ kind: 'para', text: L.notTakenUp, tone: 'muted' });
  } else {
    blocks.push({ kind: 'field', label: L.time, value: f.range(item.startedAt, item.endedAt) });
    blocks.push({
      kind: 'field',
      label: L.duration,
      value: `${f.duration(item.actualMs)} (${L.plannedDuration} ${f.duration(item.plannedMs)}; ${f.signedDuration(item.actualMs - item.plannedMs)})`,
    });
  }
  if (item.presenters.length > 0) {
    blocks.push({ kind: 'field', label: L.presenters, value: item.presenters.map((p) => person(p, lang)).join('; ') });
  }
  if (item.documents.length > 0) {
    blocks.push({ kind: 'para', text: L.documents, tone: 'strong' });
    blocks.push({ kind: 'list', items: item.documents.map((d) => documentLine(d, lang, L)) });
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
            ? `${s.speaker[lang]} (${s.delegation[lang]})`
            : s.speaker[lang],
        L.entryKind[s.kind],
        f.time(s.startedAt),
        f.clock(s.spokeMs),
        f.clock(s.limitMs),
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 3, text: L.notes });
  if (item.notes.trim() === '') blocks.push({ kind: 'para', text: L.noNotes, tone: 'muted' });
  else blocks.push({ kind: 'text', text: item.notes, shared: true });

  if (item.proposals.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.proposals });
    for (const p of item.proposals) blocks.push(...proposal(p, lang, L, f));
  }

  if (item.decisions.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.decisions });
    for (const d of item.decisions) {
      const on = d.proposalTitle ? ` (${L.onProposal}: ${d.proposalTitle[lang]})` : '';
      blocks.push({ kind: 'para', text: `${L.decisionOutcome[d.outcome]}${on}`, tone: 'strong' });
      blocks.push({ kind: 'text', text: d.text[lang] });
      if (d.updatedAt !== null)
        blocks.push({ kind: 'para', text: `${L.edited} ${f.time(d.updatedAt)}`, tone: 'muted' });
    }
  }
  return { id: `item-${item.id}`, blocks };
}

function proposal(p: MinutesProposal, lang: Lang, L: Labels, f: Formatter): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 4, text: p.title[lang] },
    { kind: 'text', text: p.text[lang] },
  ];
  if (p.sponsor) blocks.push({ kind: 'field', label: L.sponsor, value: p.sponsor[lang] });
  if (p.documents.length > 0) {
    blocks.push({ kind: 'para', text: L.documents, tone: 'strong' });
    blocks.push({ kind: 'list', items: p.documents.map((d) => `${d.title[lang]}: ${d.url}`) });
  }
  if (p.polls.length === 0) blocks.push({ kind: 'para', text: L.notPolled, tone: 'muted' });
  for (const poll of p.polls) blocks.push(...pollBlocks(poll, lang, L, f));
  return blocks;
}

function pollBlocks(poll: MinutesPoll, lang: Lang, L: Labels, f: Formatter): Block[] {
  const how = [
    L.pollMethod[poll.method],
    L.secrecy[poll.secrecy],
    L.majority[poll.majority],
    `${L.quorum} ${f.percent(poll.quorum)}`,
  ].join(', ');
  const when = `${L.opened} ${f.time(poll.openedAt)}${poll.closedAt === null ? '' : `, ${L.closed} ${f.time(poll.closedAt)}`}`;
  const blocks: Block[] = [{ kind: 'field', label: L.poll, value: `${how}; ${when}` }];
  const r = poll.result;
  if (poll.status === 'open' || r === null) {
    blocks.push({ kind: 'para', text: L.pollStillOpen, tone: 'muted' });
  } else {
    const tally = (['support', 'object', 'abstain'] as const)
      .map((c) => `${L.choice[c]}: ${f.number(r.tally[c])}`)
      .join(' · ');
    blocks.push({ kind: 'field', label: L.result, value: `${L.outcome[r.outcome]} — ${tally}` });
    blocks.push({
      kind: 'field',
      label: L.present,
      value: `${f.number(r.present)} / ${f.number(r.entitled)} (${L.quorumNeeded.replace('{n}', f.number(r.quorumRequired))})`,
    });
    blocks.push({ kind: 'field', label: L.voted, value: f.number(r.voted) });
  }
  if (poll.rollCall !== null && poll.rollCall.length > 0) {
    blocks.push({ kind: 'para', text: L.rollCall, tone: 'strong' });
    blocks.push({
      kind: 'table',
      head: [L.delegation, L.position],
      numeric: [false, false],
      rows: poll.rollCall.map((v) => [v.name[lang], L.choice[v.choice]]),
    });
  }
  if (poll.voters !== null) {
    blocks.push({
      kind: 'field',
      label: L.anonymousVoters,
      value: poll.voters.length === 0 ? L.noVoters : poll.voters.map((v) => v.name[lang]).join(', '),
    });
  }
  return blocks;
}

function speakingAnnex(m: Minutes, lang: Lang, L: Labels, f: Formatter): Section {
  const rows = m.annexes.speakingTime;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: L.annexSpeaking }];
  if (rows.length === 0) blocks.push({ kind: 'para', text: L.noSpeakingTime, tone: 'muted' });
  else {
    const total = rows.reduce((sum, r) => sum + r.speeches, 0);
    blocks.push({
      kind: 'para',
      text: `${f.number(total)} ${plural(lang, total, L.speechCount)}, ${f.duration(rows.reduce((s, r) => s + r.totalMs, 0))}`,
      tone: 'muted',
    });
    blocks.push({
      kind: 'table',
      head: [L.delegation, L.speeches, L.totalTime],
      numeric: [false, true, true],
      rows: rows.map((r) => [r.name[lang], f.number(r.speeches), f.clock(r.totalMs)]),
    });
  }
  return { id: 'annex-speaking', blocks };
}

function timingAnnex(m: Minutes, lang: Lang, L: Labels, f: Formatter): Section {
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
          r.title[lang],
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

function record(m: Minutes, L: Labels, f: Formatter): Section {
  const r = m.record;
  return {
    id: 'record',
    blocks: [
      { kind: 'heading', level: 2, text: L.record },
      { kind: 'field', label: L.commandsInLog, value: f.number(r.commands) },
      { kind: 'field', label: L.digest, value: r.digest, mono: true },
      r.intact ? { kind: 'para', text: L.intact } : { kind: 'para', text: L.broken, tone: 'warning' },
      { kind: 'para', text: L.verifyHow.replaceAll('{id}', m.meeting.id), tone: 'muted' },
      { kind: 'field', label: L.generated, value: f.dateTime(m.generatedAt) },
    ],
  };
}
