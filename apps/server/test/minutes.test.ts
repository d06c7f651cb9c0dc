import * as Y from 'yjs';
import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { notesTextName, yjsRoom } from '@rostrum/core';
import { MINUTES_FORMATS, type Minutes } from '@rostrum/minutes';
import {
  ADMIN_TOKEN,
  closed,
  connectSocket,
  createDemoMeeting,
  mustCommand,
  opened,
  rawYjsSocket,
  requestJson,
  room,
  waitFor,
  yClient,
  type ClientSocket,
} from './harness.js';
import { minutesDownloads, readable } from './minutes-download.js';

const demo = useDemoServer();
const { download, minutesPath } = minutesDownloads(demo);
/** The demo meeting is held in English and Russian (its original English): the notes' English text. */
const englishNotes = (itemId: string) => notesTextName(itemId, 'en', ['en', 'ru']);

/**
 * The demo meeting played through with real clients: delegations connect, the chair runs the
 * agenda and the floor, a roll-call and an anonymous poll are held and decided, the
 * secretariat writes notes (in both languages), a delegation leaves, the meeting closes.
 */
async function playDemoMeeting(): Promise<{ chair: ClientSocket; notes: Y.Doc }> {
  const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
  const secretariat = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('secretariat'));
  const delegations = ['az', 'kz', 'tr', 'uz', 'de', 'ua'];
  const delegates = new Map<string, ClientSocket>();
  for (const d of delegations)
    delegates.set(d, await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', d)));
  // A second person of Uzbekistan: the delegation is still one attendee.
  const uzSecond = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
  const delegate = (d: string) => {
    const s = delegates.get(d);
    if (!s) throw new Error(`no socket for ${d}`);
    return s;
  };

  const writer = await yClient(
    demo.cleanup,
    demo.ts,
    yjsRoom.notes(demo.meeting.id),
    demo.meeting.token('secretariat'),
  );
  const note = (itemId: string, text: string) => writer.doc.getText(englishNotes(itemId)).insert(0, text);

  await mustCommand(chair, { type: 'meeting.open' });
  await mustCommand(chair, { type: 'agenda.next' }); // opening
  await mustCommand(chair, { type: 'floor.next' }); // the Vice-Chair presents
  await mustCommand(delegate('kz'), { type: 'floor.request', kind: 'statement' });
  await mustCommand(chair, { type: 'floor.next' });
  await mustCommand(chair, { type: 'floor.end' });
  note('opening', 'The Vice-Chair opened the meeting and thanked the Members.');

  await mustCommand(chair, { type: 'agenda.next' }); // sg-address
  await mustCommand(chair, { type: 'floor.next' });
  note('sg-address', 'Генеральный секретарь рассказал о последних инициативах ВТамО.');

  await mustCommand(chair, { type: 'agenda.start', itemId: 'uz-lab' });
  await mustCommand(chair, { type: 'floor.next' });
  await mustCommand(delegate('de'), { type: 'floor.request', kind: 'statement' });
  await mustCommand(chair, { type: 'floor.next' });
  await mustCommand(chair, { type: 'floor.end' });
  const rollCall = await mustCommand(chair, {
    type: 'poll.open',
    proposalId: 'uz-lab-proposal',
    method: 'vote',
    secrecy: 'roll_call',
    majority: 'simple',
    quorum: 0.1,
  });
  const choices: Array<[string, string]> = [
    ['az', 'support'],
    ['kz', 'support'],
    ['tr', 'abstain'],
    ['uz', 'support'],
    ['de', 'object'],
  ];
  for (const [d, choice] of choices)
    await mustCommand(delegate(d), { type: 'poll.vote', pollId: rollCall.createdId, choice });
  await mustCommand(chair, { type: 'poll.close', pollId: rollCall.createdId });
  await mustCommand(chair, {
    type: 'decision.record',
    agendaItemId: 'uz-lab',
    pollId: rollCall.createdId,
    outcome: 'supported',
    text: {
      en: "The Meeting supported Uzbekistan Customs' proposal.",
      ru: 'Совещание поддержало предложение таможни Узбекистана.',
    },
  });
  const group = await mustCommand(secretariat, {
    type: 'proposal.add',
    agendaItemId: 'uz-lab',
    title: { en: 'Working group on laboratory standards', ru: 'Рабочая группа по стандартам лабораторий' },
    text: { en: 'Convene a working group.', ru: 'Созвать рабочую группу.' },
  });
  const secret = await mustCommand(chair, {
    type: 'poll.open',
    proposalId: group.createdId,
    method: 'vote',
    secrecy: 'anonymous',
    majority: 'simple',
    quorum: 0.1,
  });
  for (const [d, choice] of [
    ['az', 'object'],
    ['kz', 'support'],
    ['uz', 'support'],
  ] as const)
    await mustCommand(delegate(d), { type: 'poll.vote', pollId: secret.createdId, choice });
  await mustCommand(chair, { type: 'poll.close', pollId: secret.createdId });
  await mustCommand(chair, {
    type: 'decision.record',
    agendaItemId: 'uz-lab',
    pollId: secret.createdId,
    outcome: 'noted',
    text: {
      en: 'The Meeting took note of the working group proposal.',
      ru: 'Совещание приняло к сведению предложение о рабочей группе.',
    },
  });
  note('uz-lab', 'Members supported the laboratory.\nГермания запросила смету.');

  // Ukraine leaves; one of Uzbekistan's two people leaves (the delegation stays).
  delegate('ua').disconnect();
  uzSecond.disconnect();
  await mustCommand(chair, { type: 'agenda.next' });
  await mustCommand(chair, { type: 'meeting.close' });

  const r = room(demo.ts, demo.meeting.id);
  await waitFor(
    () => r.notesDoc.doc.getText(englishNotes('uz-lab')).toString().includes('смету'),
    3000,
    'the notes to reach the server',
  );
  return { chair, notes: writer.doc };
}

describe('minutes of a meeting played through', () => {
  it('come out in every format and language, with the record, the notes and the attendance', async () => {
    await playDemoMeeting();
    const secretariat = demo.meeting.token('secretariat');

    // JSON: the model, to check the content precisely.
    const json = await download(minutesPath('json', 'en'), secretariat);
    expect(json.status).toBe(200);
    expect(json.type).toMatch(/^application\/json/);
    const minutes = JSON.parse(new TextDecoder().decode(json.body)) as Minutes;
    expect(minutes.meeting.status).toBe('closed');
    expect(minutes.items.map((i) => i.id)).toEqual([
      'opening',
      'sg-address',
      'council',
      'rocb-report',
      'rilo',
      'uz-lab',
      'aob',
      'closing',
    ]);
    const lab = minutes.items.find((i) => i.id === 'uz-lab');
    expect(lab?.speeches.map((s) => s.speaker?.en)).toEqual(['Uzbekistan Customs representative', 'Germany Customs']);
    expect(lab?.proposals[0]?.polls[0]?.result?.tally).toEqual({ support: 3, object: 1, abstain: 1 });
    expect(lab?.proposals[0]?.polls[0]?.rollCall?.map((v) => [v.delegationId, v.choice])).toEqual([
      ['az', 'support'],
      ['de', 'object'],
      ['kz', 'support'],
      ['tr', 'abstain'],
      ['uz', 'support'],
    ]);
    const anonymous = lab?.proposals[1]?.polls[0];
    expect(anonymous?.voters?.map((v) => v.delegationId)).toEqual(['az', 'kz', 'uz']);
    expect(anonymous?.rollCall).toBeNull();
    expect(JSON.stringify(anonymous)).not.toContain('"choice"');
    // Notes per language: this meeting's were written in its original (English) only.
    expect(lab?.notes).toEqual({ en: 'Members supported the laboratory.\nГермания запросила смету.' });
    // Attendance: six delegations came; Ukraine left, Uzbekistan stayed (one of two people left).
    const present = new Map(minutes.attendance.present.map((d) => [d.delegationId, d.spans]));
    expect([...present.keys()].sort()).toEqual(['az', 'de', 'kz', 'tr', 'ua', 'uz']);
    expect(present.get('ua')?.[0]?.to).not.toBeNull();
    expect(present.get('uz')).toHaveLength(1);
    expect(present.get('uz')?.[0]?.to).toBeNull();
    expect(minutes.attendance.absent).toHaveLength(53 - 6);
    expect(minutes.record.intact).toBe(true);

    // Every format and language, read back.
    for (const format of MINUTES_FORMATS) {
      for (const lang of format === 'json' ? ['en'] : ['en', 'ru', 'en+ru']) {
        const file = await download(minutesPath(format, lang), secretariat);
        expect(file.status, `${format} ${lang}`).toBe(200);
        expect(file.disposition).toMatch(
          new RegExp(`^attachment; filename="minutes-${demo.meeting.id}.*\\.${format}"$`),
        );
        // The binary formats are read back in full once, bilingual (both languages at once);
        // the unit tests read each language back. Here the others are checked to be files.
        if ((format === 'pdf' || format === 'docx') && lang !== 'en+ru') {
          expect(Buffer.from(file.body.subarray(0, 4)).toString()).toBe(format === 'pdf' ? '%PDF' : 'PK\u0003\u0004');
          continue;
        }
        const text = await readable(format, file.body);
        const squash = (s: string) => (format === 'pdf' ? s.replace(/\s+/g, '') : s);
        const langs =
          lang === 'en+ru' ? (['en', 'ru'] as const) : lang === 'ru' ? (['ru'] as const) : (['en'] as const);
        const expected: string[] = ['The Vice-Chair opened the meeting and thanked the Members.'];
        for (const l of langs) {
          if (format === 'json') break;
          for (const item of minutes.items) expected.push(item.title[l] ?? `(no ${l} title)`);
          expected.push(l === 'en' ? 'Germany Customs' : 'Таможня: Германия');
          expected.push(
            l === 'en' ? 'Support: 3 · Object: 1 · Abstain: 1' : 'Поддерживает: 3 · Возражает: 1 · Воздерживается: 1',
          );
          expected.push(
            l === 'en'
              ? "The Meeting supported Uzbekistan Customs' proposal."
              : 'Совещание поддержало предложение таможни Узбекистана.',
          );
          expected.push('Генеральный секретарь рассказал о последних инициативах ВТамО.');
        }
        const missing = expected.filter(
          (e) =>
            !squash(
              format === 'md' ? text.replace(/\\/g, '') : format === 'html' ? text.replace(/&#39;/g, "'") : text,
            ).includes(squash(e)),
        );
        expect(missing, `${format} ${lang}`).toEqual([]);
      }
    }

    // The chair and the admin may download too.
    expect((await download(minutesPath('md', 'ru'), demo.meeting.token('chair'))).status).toBe(200);
    expect((await download(minutesPath('html', 'en'), ADMIN_TOKEN)).status).toBe(200);
  });

  it('refuse delegates, observers and presenters, and name what is wrong in a request', async () => {
    for (const token of [
      demo.meeting.token('delegate', 'uz'),
      demo.meeting.token('observer'),
      demo.meeting.token('presenter'),
    ]) {
      const res = await requestJson(demo.ts, minutesPath('pdf', 'en'), { token });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await requestJson(demo.ts, `/api/meetings/${demo.meeting.id}/verify`, { token })).status).toBe(403);
    }
    expect((await requestJson(demo.ts, minutesPath('pdf', 'en'))).status).toBe(401);
    const staff = demo.meeting.token('secretariat');
    expect(await requestJson(demo.ts, minutesPath('odt', 'en'), { token: staff })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
    expect(await requestJson(demo.ts, minutesPath('md', 'fr'), { token: staff })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
    // `en+ru` sent unencoded arrives as "en ru": it is understood, as is `both`.
    expect((await download(`/api/meetings/${demo.meeting.id}/minutes?format=md&lang=en+ru`, staff)).status).toBe(200);
    expect((await download(`/api/meetings/${demo.meeting.id}/minutes?format=md&lang=both`, staff)).status).toBe(200);
    expect((await requestJson(demo.ts, '/api/meetings/nope/minutes?format=md', { token: ADMIN_TOKEN })).status).toBe(
      404,
    );
    // A token of this meeting does not open another meeting's minutes.
    const other = await createDemoMeeting(demo.ts);
    expect((await requestJson(demo.ts, `/api/meetings/${other.id}/minutes?format=md`, { token: staff })).status).toBe(
      403,
    );
  });

  it('never take a forged notes update from a delegate, nor a write from the read-only chair', async () => {
    const r = room(demo.ts, demo.meeting.id);
    const writer = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('secretariat'),
    );
    writer.doc.getText(englishNotes('opening')).insert(0, 'Written by the secretariat.');
    await waitFor(
      () => r.notesDoc.doc.getText(englishNotes('opening')).toString() === 'Written by the secretariat.',
      3000,
      'the note',
    );

    // A delegate cannot open the notes document at all: the connection is refused before any update.
    const forger = new Y.Doc();
    forger.getText(englishNotes('opening')).insert(0, 'FORGED BY A DELEGATE ');
    const ws = rawYjsSocket(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    await opened(ws);
    const update = Y.encodeStateAsUpdate(forger);
    // y-websocket framing: message sync (0), update (2), the update as a var-length byte array.
    const frame = new Uint8Array([0, 2, ...varUint(update.length), ...update]);
    ws.send(frame);
    expect((await closed(ws)).code).toBe(4403);

    // On the meeting document (read-only for everyone) the same update is dropped.
    const delegateClient = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    const droppedBefore = r.meetingDoc.stats.dropped;
    delegateClient.doc.getText(englishNotes('opening')).insert(0, 'FORGED INTO THE RECORD ');
    await waitFor(() => r.meetingDoc.stats.dropped > droppedBefore, 3000, 'the forged update to be dropped');

    // The chair reads the notes but cannot write them.
    const chair = await yClient(demo.cleanup, demo.ts, yjsRoom.notes(demo.meeting.id), demo.meeting.token('chair'));
    const notesDropped = r.notesDoc.stats.dropped;
    chair.doc.getText(englishNotes('opening')).insert(0, 'CHAIR EDIT ');
    // Dropped where it arrives: nothing of it can be stored later (meeting-room.test.ts, in memory).
    await waitFor(() => r.notesDoc.stats.dropped > notesDropped, 3000, "the chair's update to be dropped");

    const md = new TextDecoder().decode(
      (await download(minutesPath('md', 'en'), demo.meeting.token('secretariat'))).body,
    );
    expect(md).toContain('Written by the secretariat.');
    expect(md).not.toMatch(/FORGED|CHAIR EDIT/);
    expect(r.notesDoc.doc.getText(englishNotes('opening')).toString()).toBe('Written by the secretariat.');
  });
});

function varUint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}
