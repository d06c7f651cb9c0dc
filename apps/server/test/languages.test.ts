import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readState, type Ack, type CommandResult, type MeetingDefinitionInput } from '@rostrum/core';
import {
  ADMIN_TOKEN,
  Cleanup,
  commandId,
  connectSocket,
  createMeeting,
  freshDataDir,
  mustCommand,
  requestJson,
  room,
  sendCommand,
  startManagedServer,
  waitFor,
  yClient,
  type ClientSocket,
  type TestMeeting,
  type TestServer,
} from './harness.js';

/**
 * A meeting held in French (its original) and Arabic, as the North Africa members hold theirs:
 * texts are checked against its languages at creation and in every command, translations are
 * filled in with `text.translate`, a language can be added, and the exports follow its languages.
 */
function frenchArabicMeeting(): MeetingDefinitionInput {
  return {
    languages: ['fr', 'ar'],
    title: {
      fr: 'Réunion des Directeurs généraux des douanes de la région Afrique du Nord',
      ar: 'اجتماع المديرين العامين للجمارك لمنطقة شمال أفريقيا',
    },
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Africa/Casablanca',
    chair: { name: { fr: 'Directeur général de la Douane marocaine' }, delegationId: 'ma' },
    delegations: [
      { id: 'ma', name: { fr: 'Douane marocaine', ar: 'الجمارك المغربية' } },
      // Not translated yet: the Arabic column stays empty, nothing is made up.
      { id: 'tn', name: { fr: 'Douane tunisienne' } },
      { id: 'dz', name: { fr: 'Douane algérienne', ar: 'الجمارك الجزائرية' } },
    ],
    presenters: [
      {
        id: 'sg',
        name: { fr: 'Secrétaire général' },
        title: { fr: 'Secrétaire général de l’OMD', ar: 'الأمين العام لمنظمة الجمارك العالمية' },
        delegationId: null,
      },
    ],
    agenda: [
      {
        id: 'ouverture',
        title: { fr: 'Ouverture de la réunion', ar: 'افتتاح الاجتماع' },
        plannedMinutes: 10,
        presenterIds: ['sg'],
      },
      { id: 'labo', title: { fr: 'Laboratoire régional des douanes' }, plannedMinutes: 20 },
    ],
    proposals: [
      {
        id: 'labo-prop',
        agendaItemId: 'labo',
        sponsorDelegationId: 'ma',
        title: { fr: 'Création d’un laboratoire régional des douanes', ar: 'إنشاء مختبر جمركي إقليمي' },
        text: { fr: 'La Douane marocaine propose la création d’un laboratoire régional des douanes.' },
      },
    ],
  };
}

let cleanup = new Cleanup();
let ts: TestServer;
let meeting: TestMeeting;
let chair: ClientSocket;

beforeEach(async () => {
  ts = await startManagedServer(cleanup, freshDataDir(cleanup));
  meeting = await createMeeting(ts, frenchArabicMeeting());
  chair = await connectSocket(cleanup, ts, meeting.token('chair'));
});
afterEach(async () => {
  await cleanup.run();
  cleanup = new Cleanup();
});

const state = () => room(ts, meeting.id).state;
const send = (socket: ClientSocket, command: Record<string, unknown>): Promise<Ack<CommandResult>> =>
  sendCommand(socket, { id: commandId('lang'), ...command });
const conflictOf = (reason: string) => ({ ok: false, error: { code: 'conflict', reason } });
const itemTitle = { kind: 'item.title', itemId: 'labo' } as const;

describe('a meeting held in French and Arabic', () => {
  it('is created with its languages, and a definition whose text lacks the French original is refused at that field', async () => {
    expect(state().meta.languages).toEqual(['fr', 'ar']);
    expect(state().roster.delegations['tn']?.name).toEqual({ fr: 'Douane tunisienne' });
    // The links are labelled in the original language.
    const invites = await ts.server.store.listInvites(meeting.id);
    expect(invites.find((i) => i.role === 'chair')?.label).toBe('Chair: Directeur général de la Douane marocaine');
    expect(invites.find((i) => i.delegationId === 'tn' && i.seat === 'head')?.label).toBe('Douane tunisienne');

    const bad = frenchArabicMeeting();
    bad.agenda[1] = { id: 'labo', title: { ar: 'مختبر الجمارك الإقليمي' }, plannedMinutes: 20 };
    bad.delegations[1] = { id: 'tn', name: { fr: 'Douane tunisienne', en: 'Tunisian Customs' } };
    const res = await requestJson(ts, '/api/meetings', {
      method: 'POST',
      token: ADMIN_TOKEN,
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const issues = (res.body as { error: { issues: Array<{ path: string; message: string }> } }).error.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'agenda.1.title', message: expect.stringContaining('(fr)') }),
        expect.objectContaining({ path: 'delegations.1.name', message: expect.stringContaining('(en)') }),
      ]),
    );
    // Nothing was created.
    expect(ts.server.registry.size).toBe(1);
  });

  it('refuses an agenda item in English or without its French title, and takes one in French and Arabic', async () => {
    const revision = state().meta.revision;
    // In English only: the missing original is what is said first.
    expect(
      await send(chair, { type: 'agenda.add', title: { en: 'Any other business' }, plannedMinutes: 5 }),
    ).toMatchObject(conflictOf('text_original_missing'));
    expect(
      await send(chair, { type: 'agenda.add', title: { fr: 'Divers', en: 'Any other business' }, plannedMinutes: 5 }),
    ).toMatchObject(conflictOf('language_not_in_meeting'));
    expect(
      await send(chair, { type: 'agenda.add', title: { ar: 'ما يستجد من أعمال' }, plannedMinutes: 5 }),
    ).toMatchObject(conflictOf('text_original_missing'));
    expect(state().meta.revision).toBe(revision);
    const added = await mustCommand(chair, {
      type: 'agenda.add',
      title: { fr: 'Questions diverses', ar: 'ما يستجد من أعمال' },
      plannedMinutes: 5,
    });
    expect(state().agenda.items[added.createdId ?? '']?.title).toEqual({
      fr: 'Questions diverses',
      ar: 'ما يستجد من أعمال',
    });
  });

  it('takes a translation that every client’s document shows, and never loses the original', async () => {
    const delegate = await yClient(cleanup, ts, meeting.id, meeting.token('delegate', 'tn'));
    const translated = await mustCommand(chair, {
      type: 'text.translate',
      target: itemTitle,
      lang: 'ar',
      text: '  مختبر الجمارك الإقليمي  ',
    });
    await waitFor(
      () => readState(delegate.doc)?.meta.revision === translated.revision,
      3000,
      'the delegate’s document to follow',
    );
    expect(readState(delegate.doc)?.agenda.items['labo']?.title).toEqual({
      fr: 'Laboratoire régional des douanes',
      ar: 'مختبر الجمارك الإقليمي',
    });

    // The original is corrected, never removed.
    expect(await send(chair, { type: 'text.translate', target: itemTitle, lang: 'fr', text: '  ' })).toMatchObject(
      conflictOf('text_original_missing'),
    );
    await mustCommand(chair, { type: 'text.translate', target: itemTitle, lang: 'fr', text: 'Laboratoire régional' });
    // A blank translation removes it.
    await mustCommand(chair, { type: 'text.translate', target: itemTitle, lang: 'ar', text: '' });
    expect(state().agenda.items['labo']?.title).toEqual({ fr: 'Laboratoire régional' });

    // Texts of every kind, by what holds them; an unknown one is named in the refusal.
    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    await mustCommand(secretariat, {
      type: 'text.translate',
      target: { kind: 'delegation.name', delegationId: 'tn' },
      lang: 'ar',
      text: 'الجمارك التونسية',
    });
    expect(state().roster.delegations['tn']?.name).toEqual({ fr: 'Douane tunisienne', ar: 'الجمارك التونسية' });
    expect(
      await send(secretariat, {
        type: 'text.translate',
        target: { kind: 'delegation.name', delegationId: 'ly' },
        lang: 'ar',
        text: 'الجمارك الليبية',
      }),
    ).toMatchObject(conflictOf('delegation_not_found'));
  });

  it('adds a language once, then takes translations into it; a language it does not have is refused', async () => {
    expect(
      await send(chair, { type: 'text.translate', target: itemTitle, lang: 'es', text: 'Laboratorio' }),
    ).toMatchObject(conflictOf('language_not_in_meeting'));
    await mustCommand(chair, { type: 'meeting.addLanguage', lang: 'es' });
    expect(state().meta.languages).toEqual(['fr', 'ar', 'es']);
    expect(await send(chair, { type: 'meeting.addLanguage', lang: 'es' })).toMatchObject(conflictOf('language_exists'));
    // The admin's list of meetings gives the languages to read their titles in, and the live title.
    await mustCommand(chair, {
      type: 'text.translate',
      target: { kind: 'meeting.title' },
      lang: 'es',
      text: 'Reunión regional',
    });
    const list = await requestJson(ts, '/api/meetings', { token: ADMIN_TOKEN });
    expect(list.body).toMatchObject({
      ok: true,
      data: [{ id: meeting.id, languages: ['fr', 'ar', 'es'], title: { es: 'Reunión regional' } }],
    });
    expect(await send(chair, { type: 'meeting.addLanguage', lang: 'fr' })).toMatchObject(conflictOf('language_exists'));
    await mustCommand(chair, {
      type: 'text.translate',
      target: itemTitle,
      lang: 'es',
      text: 'Laboratorio regional de aduanas',
    });
    expect(state().agenda.items['labo']?.title).toEqual({
      fr: 'Laboratoire régional des douanes',
      es: 'Laboratorio regional de aduanas',
    });
    // Commands may now carry Spanish texts, and still no English.
    await mustCommand(chair, { type: 'agenda.add', title: { fr: 'Divers', es: 'Varios' }, plannedMinutes: 5 });
    expect(
      await send(chair, { type: 'agenda.add', title: { fr: 'Divers', en: 'Other' }, plannedMinutes: 5 }),
    ).toMatchObject(conflictOf('language_not_in_meeting'));
  });

  it('refuses translations and languages from delegates and observers', async () => {
    const delegate = await connectSocket(cleanup, ts, meeting.token('delegate', 'ma'));
    const observer = await connectSocket(cleanup, ts, meeting.token('observer'));
    const revision = state().meta.revision;
    for (const socket of [delegate, observer]) {
      expect(
        await send(socket, { type: 'text.translate', target: itemTitle, lang: 'ar', text: 'مختبر' }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await send(socket, { type: 'meeting.addLanguage', lang: 'en' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(state().meta.revision).toBe(revision);
    expect(state().meta.languages).toEqual(['fr', 'ar']);
  });

  it('answers a retried translation with its first result, changing nothing again', async () => {
    const id = commandId('translate');
    const command = { id, type: 'text.translate', target: itemTitle, lang: 'ar', text: 'مختبر الجمارك الإقليمي' };
    const first = await sendCommand(chair, command);
    expect(first.ok).toBe(true);
    // Corrected since; the retry (a reconnecting client) must not put the first wording back.
    await mustCommand(chair, {
      type: 'text.translate',
      target: itemTitle,
      lang: 'ar',
      text: 'المختبر الجمركي الإقليمي',
    });
    const revision = state().meta.revision;
    const again = await connectSocket(cleanup, ts, meeting.token('chair'));
    expect(await sendCommand(again, command)).toEqual(first);
    expect(state().meta.revision).toBe(revision);
    expect(state().agenda.items['labo']?.title['ar']).toBe('المختبر الجمركي الإقليمي');
  });

  it('exports its results with a column per meeting language', async () => {
    const ma = await connectSocket(cleanup, ts, meeting.token('delegate', 'ma'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.start', itemId: 'labo' });
    const pollId = (
      await mustCommand(chair, {
        type: 'poll.open',
        proposalId: 'labo-prop',
        method: 'vote',
        secrecy: 'roll_call',
        quorum: 0,
      })
    ).createdId;
    await mustCommand(ma, { type: 'poll.vote', pollId, choice: 'support' });
    await mustCommand(chair, { type: 'poll.close', pollId });
    await mustCommand(chair, {
      type: 'decision.record',
      agendaItemId: 'labo',
      proposalId: 'labo-prop',
      pollId,
      text: { fr: 'La réunion a adopté la proposition.', ar: 'اعتمد الاجتماع الاقتراح.' },
      outcome: 'adopted',
    });

    const res = await fetch(`${ts.url}/api/meetings/${meeting.id}/results.csv`, {
      headers: { authorization: `Bearer ${meeting.token('secretariat')}` },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const header = (lines[0] ?? '').split(',');
    for (const column of ['proposal_fr', 'proposal_ar', 'delegation_fr', 'delegation_ar', 'text_fr', 'text_ar'])
      expect(header).toContain(column);
    expect(header.filter((c) => /_(en|ru|es)$/.test(c))).toEqual([]);
    // French before Arabic, as the meeting lists them.
    expect(header.indexOf('proposal_fr')).toBeLessThan(header.indexOf('proposal_ar'));
    const cell = (line: string | undefined, column: string) => {
      const row = (line ?? '').split(',');
      return row[header.indexOf(column)];
    };
    const ballot = lines.find((l) => l.startsWith('ballot,'));
    expect(cell(ballot, 'delegation_fr')).toBe('Douane marocaine');
    expect(cell(ballot, 'delegation_ar')).toBe('الجمارك المغربية');
    expect(cell(ballot, 'proposal_ar')).toBe('إنشاء مختبر جمركي إقليمي');
    const decision = lines.find((l) => l.startsWith('decision,'));
    expect(cell(decision, 'text_ar')).toBe('اعتمد الاجتماع الاقتراح.');
  });
});
