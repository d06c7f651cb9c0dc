import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '@rostrum/core';
import type { MailConfig } from '../src/platform/config.js';
import type { ParticipantRecord } from '../src/store/participant-types.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  createMeeting,
  freshDataDir,
  requestJson,
  restartServer,
  startManagedServer,
  type TestMeeting,
  type TestServer,
} from './harness.js';
import { linksIn, startSmtpServer, type Refusal, type TestSmtpServer } from './smtp-test-server.js';

/**
 * Invitations by email against a real SMTP server in this process (smtp-server on 127.0.0.1):
 * every seat's person gets their link in their language; a 550 is a bounce, never tried again; a
 * 451 is tried again; a second "send" sends nothing twice; no SMTP: mail_not_configured; the
 * staff only.
 */
let cleanup = new Cleanup();
afterEach(async () => {
  await cleanup.run();
  cleanup = new Cleanup();
});

const definition = {
  languages: ['en', 'fr', 'ru', 'ar'],
  title: {
    en: 'Europe Region Heads of Customs Meeting',
    fr: 'Réunion des Directeurs généraux des douanes de la région Europe',
    ru: 'Совещание руководителей таможенных служб Европейского региона',
    ar: 'اجتماع رؤساء إدارات الجمارك في إقليم أوروبا',
  },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  videoLink: 'https://meet.example.org/hoc-2021',
  interpretationLinks: { fr: 'https://interpret.example.org/fr' },
  chair: { name: { en: 'Safar Mehdiyev' }, delegationId: 'AZ' },
  delegations: [
    { id: 'AZ', name: { en: 'Azerbaijan', fr: 'Azerbaïdjan' } },
    { id: 'FR', name: { en: 'France', fr: 'France' } },
    { id: 'UZ', name: { en: 'Uzbekistan', ru: 'Узбекистан' } },
  ],
  agenda: [{ id: 'opening', title: { en: 'Opening <b>remarks</b>' }, plannedMinutes: 10 }],
};

/** Waits for an asynchronous condition (the harness's `waitFor` checks synchronously). */
async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Person = { seatKey: string | null; name: string; email: string | null; language: Lang; title?: string };

const PEOPLE: Person[] = [
  { seatKey: 'chair', name: 'Safar Mehdiyev', email: 'chair@az.example', language: 'en', title: 'Mr.' },
  { seatKey: 'delegate:AZ:head', name: 'Aysel Mammadova', email: 'head@az.example', language: 'ru' },
  { seatKey: 'delegate:AZ:deputy', name: 'Rashad <Aliyev>', email: 'deputy@az.example', language: 'en' },
  { seatKey: 'delegate:FR:head', name: 'Claire Martin', email: 'head@fr.example', language: 'fr' },
  { seatKey: 'delegate:FR:deputy', name: 'Luc Bernard', email: null, language: 'fr' },
  { seatKey: 'delegate:UZ:head', name: 'Bakhtiyor Karimov', email: 'head@uz.example', language: 'ar' },
  { seatKey: null, name: 'Extra Person', email: 'extra@uz.example', language: 'en' },
];

async function addPeople(ts: TestServer, meetingId: string, people: Person[]): Promise<ParticipantRecord[]> {
  const records = people.map((p, i): ParticipantRecord => {
    const delegationId = p.seatKey?.startsWith('delegate:')
      ? (p.seatKey.split(':')[1] ?? null)
      : p.seatKey
        ? null
        : 'UZ';
    return {
      id: `p${i}`,
      meetingId,
      seatKey: p.seatKey,
      delegationId,
      name: p.name,
      title: p.title ?? '',
      email: p.email,
      language: p.language,
      enteredBy: 'secretariat',
      createdAt: 1000 + i,
      updatedAt: 1000 + i,
      mailStatus: 'none',
      mailError: null,
      mailAttempts: 0,
      mailedAt: null,
    };
  });
  for (const r of records) await ts.server.participants.upsertParticipant(r);
  return records;
}

const mailConfig = (smtp: TestSmtpServer): MailConfig => ({
  host: '127.0.0.1',
  port: smtp.port,
  secure: false,
  // The test's SMTP server offers no STARTTLS (see the test that requires it).
  requireTls: false,
  auth: { user: 'test', pass: 'secret' },
  from: 'WCO Secretariat <meetings@wco.example>',
  replyTo: 'secretariat@wco.example',
  retryDelaysMs: [50, 100],
});

type Row = {
  seatKey: string | null;
  role: string | null;
  skip: string | null;
  participant: {
    id: string;
    email: string | null;
    mailStatus: string;
    mailError: string | null;
    mailAttempts: number;
  } | null;
};

async function rows(ts: TestServer, meetingId: string, token = ADMIN_TOKEN): Promise<Row[]> {
  const res = await requestJson(ts, `/api/meetings/${meetingId}/invitations`, { token });
  expect(res.status).toBe(200);
  return (res.body as { data: { rows: Row[] } }).data.rows;
}

const statusOf = async (ts: TestServer, meetingId: string, participantId: string) =>
  (await rows(ts, meetingId)).find((r) => r.participant?.id === participantId)?.participant;

async function setup(
  refuse?: (recipient: string, attempt: number) => Refusal | null,
): Promise<{ ts: TestServer; smtp: TestSmtpServer; meeting: TestMeeting }> {
  const smtp = cleanup.add(await startSmtpServer(refuse), (s) => s.close());
  const ts = await startManagedServer(cleanup, freshDataDir(cleanup), { mail: mailConfig(smtp) });
  const meeting = await createMeeting(ts, definition);
  await addPeople(ts, meeting.id, PEOPLE);
  return { ts, smtp, meeting };
}

const send = (ts: TestServer, meetingId: string, body: unknown = {}, token = ADMIN_TOKEN) =>
  requestJson(ts, `/api/meetings/${meetingId}/invitations/send`, { method: 'POST', token, body: JSON.stringify(body) });

describe('invitations by email', () => {
  it('sends every seated person their own working link, in their language, once', async () => {
    const { ts, smtp, meeting } = await setup();
    const res = await send(ts, meeting.id);
    expect(res.status).toBe(202);
    const data = (res.body as { data: { queued: number; skipped: Array<{ participantId: string; reason: string }> } })
      .data;
    // Five with an address and a link; the deputy of France has no address, the extra person no link.
    expect(data.queued).toBe(5);
    expect(data.skipped).toEqual(
      expect.arrayContaining([
        { participantId: 'p4', reason: 'no_email' },
        { participantId: 'p6', reason: 'no_link' },
      ]),
    );
    await smtp.waitFor(5);
    await until(async () => (await statusOf(ts, meeting.id, 'p5'))?.mailStatus === 'sent');
    const byTo = new Map(smtp.received.map((m) => [m.to[0], m.parsed]));
    expect([...byTo.keys()].sort()).toEqual(
      ['chair@az.example', 'head@az.example', 'deputy@az.example', 'head@fr.example', 'head@uz.example'].sort(),
    );

    // French: the title in French, the date in French at the meeting's zone, the French interpretation channel.
    const fr = byTo.get('head@fr.example');
    expect(fr?.subject).toBe('Invitation : Réunion des Directeurs généraux des douanes de la région Europe');
    expect(fr?.text).toContain('Claire Martin');
    expect(fr?.text).toContain('mardi 8 juin 2021');
    expect(fr?.text).toContain('10:00');
    expect(fr?.text).toContain('https://interpret.example.org/fr');
    expect(fr?.text).toContain('Chef de délégation, France');
    expect(fr?.headers.get('content-language')).toBe('fr');
    expect(fr?.replyTo?.text).toBe('secretariat@wco.example');
    // Russian: its title; no interpretation link in Russian was set.
    const ru = byTo.get('head@az.example');
    expect(ru?.subject).toBe('Приглашение: Совещание руководителей таможенных служб Европейского региона');
    expect(ru?.text).toContain('8 июня 2021');
    expect(ru?.text).not.toContain('interpret.example.org');
    // Arabic: right to left in HTML, Western digits.
    const ar = byTo.get('head@uz.example');
    expect(ar?.subject).toBe('دعوة: اجتماع رؤساء إدارات الجمارك في إقليم أوروبا');
    expect(ar?.html).toContain('dir="rtl"');
    expect(ar?.text).toContain('2021');
    // The meeting's texts are escaped in the HTML part.
    const en = byTo.get('deputy@az.example');
    expect(en?.html).toContain('Rashad &lt;Aliyev&gt;');
    expect(en?.html).not.toContain('<Aliyev>');

    // Each link is the person's own seat, live.
    const expected: Record<string, { role: string; delegationId: string | null; seat: string | null }> = {
      'chair@az.example': { role: 'chair', delegationId: 'AZ', seat: null },
      'head@az.example': { role: 'delegate', delegationId: 'AZ', seat: 'head' },
      'deputy@az.example': { role: 'delegate', delegationId: 'AZ', seat: 'deputy' },
      'head@fr.example': { role: 'delegate', delegationId: 'FR', seat: 'head' },
      'head@uz.example': { role: 'delegate', delegationId: 'UZ', seat: 'head' },
    };
    for (const [to, mail] of byTo) {
      const links = linksIn(mail.text ?? '');
      expect(links).toHaveLength(1);
      const link = links[0] ?? '';
      expect(link.startsWith(`${ts.url}/m/${meeting.id}#t=`)).toBe(true);
      expect(mail.html).toContain(link);
      const session = await requestJson(ts, '/api/session', { token: link.split('#t=')[1] ?? '' });
      expect(session.status).toBe(200);
      expect((session.body as { data: unknown }).data).toMatchObject({ meetingId: meeting.id, ...expected[to ?? ''] });
    }

    // Pressed again, twice at once: nothing is sent twice.
    const twice = await Promise.all([send(ts, meeting.id), send(ts, meeting.id)]);
    for (const again of twice) {
      expect(again.status).toBe(202);
      expect((again.body as { data: { queued: number } }).data.queued).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(5);

    // A resend of one person sends theirs again, also after it was sent.
    const resend = await requestJson(ts, `/api/meetings/${meeting.id}/participants/p3/invitation`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    expect(resend.status).toBe(202);
    await smtp.waitFor(6);
    expect(smtp.received[5]?.to).toEqual(['head@fr.example']);
    const noAddress = await requestJson(ts, `/api/meetings/${meeting.id}/participants/p4/invitation`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    expect(noAddress.status).toBe(409);
    expect(noAddress.body).toMatchObject({ error: { code: 'conflict', reason: 'no_email' } });

    // The list: every live link, the projector's among them, with its person and status.
    const list = await rows(ts, meeting.id);
    expect(list.map((r) => r.role)).toEqual(expect.arrayContaining(['observer', 'projector', 'secretariat', 'chair']));
    expect(list.find((r) => r.seatKey === 'delegate:UZ:deputy')?.skip).toBe('no_participant');
    expect(list.find((r) => r.participant?.id === 'p4')?.skip).toBe('no_email');
    expect(list.find((r) => r.participant?.id === 'p6')?.skip).toBe('no_link');
  });

  it('a 550 is a bounce, kept with the reply and never tried again; a 451 is tried again and sent', async () => {
    const { ts, smtp, meeting } = await setup((to, attempt) => {
      if (to === 'head@fr.example') return { code: 550, message: '5.1.1 <head@fr.example>: mailbox unavailable' };
      if (to === 'head@uz.example' && attempt === 1) return { code: 451, message: '4.7.1 try again later' };
      if (to === 'chair@az.example') return { code: 421, message: '4.3.2 service not available' };
      return null;
    });
    expect((await send(ts, meeting.id)).status).toBe(202);
    await until(async () => {
      const list = await rows(ts, meeting.id);
      return list.every((r) => r.participant === null || r.participant.mailStatus !== 'sending');
    }, 10_000);
    const bounced = await statusOf(ts, meeting.id, 'p3');
    expect(bounced?.mailStatus).toBe('bounced');
    expect(bounced?.mailError).toContain('mailbox unavailable');
    expect(bounced?.mailAttempts).toBe(1);
    expect(smtp.attempts.get('head@fr.example')).toBe(1);
    const retried = await statusOf(ts, meeting.id, 'p5');
    expect(retried?.mailStatus).toBe('sent');
    expect(retried?.mailAttempts).toBe(2);
    // Refused for now three times: failed, with the last reply.
    const failed = await statusOf(ts, meeting.id, 'p0');
    expect(failed?.mailStatus).toBe('failed');
    expect(failed?.mailAttempts).toBe(3);
    expect(failed?.mailError).toContain('service not available');
    expect(smtp.attempts.get('chair@az.example')).toBe(3);

    // "Send all" again: the failed one is tried again, the bounced one is not.
    const again = await send(ts, meeting.id);
    expect((again.body as { data: { queued: number } }).data.queued).toBe(1);
    await until(
      async () =>
        (await statusOf(ts, meeting.id, 'p0'))?.mailStatus === 'failed' && smtp.attempts.get('chair@az.example') === 6,
      10_000,
    );
    expect(smtp.attempts.get('head@fr.example')).toBe(1);
  });

  it('a link revoked while its invitation waits for a retry is never mailed', async () => {
    const smtp = cleanup.add(
      await startSmtpServer((to, attempt) =>
        to === 'head@uz.example' && attempt === 1 ? { code: 451, message: '4.7.1 try again later' } : null,
      ),
      (s) => s.close(),
    );
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup), {
      mail: { ...mailConfig(smtp), retryDelaysMs: [1500, 1500] },
    });
    const meeting = await createMeeting(ts, definition);
    await addPeople(ts, meeting.id, PEOPLE);
    expect((await send(ts, meeting.id, { participantIds: ['p5'] })).status).toBe(202);
    await until(async () => smtp.attempts.get('head@uz.example') === 1);
    // The secretariat cuts that link off while the message waits for its second attempt.
    const invites = await requestJson(ts, `/api/meetings/${meeting.id}/invites`, { token: ADMIN_TOKEN });
    const uzHead = (
      invites.body as { data: Array<{ id: string; delegationId: string | null; seat: string | null }> }
    ).data.find((i) => i.delegationId === 'UZ' && i.seat === 'head');
    if (!uzHead) throw new Error('no link for the head of Uzbekistan');
    const revoked = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uzHead.id}/revoke`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    expect(revoked.status).toBe(200);
    await until(
      async () => (await ts.server.participants.getParticipant(meeting.id, 'p5'))?.mailStatus === 'failed',
      8000,
    );
    expect(await ts.server.participants.getParticipant(meeting.id, 'p5')).toMatchObject({
      mailError: 'no_link',
      mailAttempts: 1,
    });
    expect(smtp.attempts.get('head@uz.example')).toBe(1);
    expect(smtp.received).toHaveLength(0);
  });

  it('never sends in clear to a server that offers no STARTTLS, unless told to', async () => {
    const smtp = cleanup.add(await startSmtpServer(), (s) => s.close());
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup), {
      mail: { ...mailConfig(smtp), requireTls: true, retryDelaysMs: [] },
    });
    const meeting = await createMeeting(ts, definition);
    await addPeople(ts, meeting.id, PEOPLE);
    expect((await send(ts, meeting.id, { participantIds: ['p1'] })).status).toBe(202);
    await until(async () => (await ts.server.participants.getParticipant(meeting.id, 'p1'))?.mailStatus === 'failed');
    // Failed, not bounced: the address is fine, the connection was not safe enough.
    expect(smtp.received).toHaveLength(0);
  });

  it('two presses at once queue each person once', async () => {
    const { ts, smtp, meeting } = await setup();
    const [a, b] = await Promise.all([send(ts, meeting.id), send(ts, meeting.id)]);
    const queued = [a, b].reduce((sum, r) => sum + (r.body as { data: { queued: number } }).data.queued, 0);
    expect(queued).toBe(5);
    await smtp.waitFor(5);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(5);
  });

  it('a row left "sending" by a stop shows as failed (interrupted) after a restart, and is sent by the next "send all"', async () => {
    const { ts, smtp, meeting } = await setup();
    await ts.server.participants.setMailStatus(meeting.id, 'p1', {
      status: 'sending',
      error: null,
      attempts: 1,
      at: Date.now(),
    });
    const restarted = await restartServer(cleanup, ts, { mail: mailConfig(smtp) });
    const shown = await statusOf(restarted, meeting.id, 'p1');
    expect(shown).toMatchObject({ mailStatus: 'failed', mailError: 'interrupted' });
    // The Participants panel's list says the same.
    const listed = await requestJson(restarted, `/api/meetings/${meeting.id}/participants`, { token: ADMIN_TOKEN });
    const people = (
      listed.body as { data: { participants: Array<{ id: string; mailStatus: string; mailError: string | null }> } }
    ).data.participants;
    expect(people.find((p) => p.id === 'p1')).toMatchObject({ mailStatus: 'failed', mailError: 'interrupted' });
    const res = await send(restarted, meeting.id);
    expect((res.body as { data: { queued: number } }).data.queued).toBe(5);
    await smtp.waitFor(5);
  });

  it('sends to the people given with the meeting definition (POST /api/meetings), in the original language by default', async () => {
    const smtp = cleanup.add(await startSmtpServer(), (s) => s.close());
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup), { mail: mailConfig(smtp) });
    const meeting = await createMeeting(ts, {
      ...definition,
      participants: [
        { seatKey: 'delegate:FR:head', delegationId: 'FR', name: 'Claire Martin', email: 'Head@FR.example' },
        { seatKey: 'chair', name: 'Safar Mehdiyev', email: 'chair@az.example', language: 'ru' },
      ],
    });
    const res = await send(ts, meeting.id);
    expect((res.body as { data: { queued: number } }).data.queued).toBe(2);
    const received = await smtp.waitFor(2);
    const byTo = new Map(received.map((m) => [m.to[0], m.parsed]));
    expect(byTo.get('head@fr.example')?.subject).toBe('Invitation: Europe Region Heads of Customs Meeting');
    expect(byTo.get('chair@az.example')?.text).toContain('Председатель');
  });

  it('without SMTP: mail_not_configured; the list still says who has an address', async () => {
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup));
    const meeting = await createMeeting(ts, definition);
    await addPeople(ts, meeting.id, PEOPLE);
    const res = await send(ts, meeting.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'mail_not_configured' } });
    const one = await requestJson(ts, `/api/meetings/${meeting.id}/participants/p1/invitation`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    expect(one.body).toMatchObject({ error: { reason: 'mail_not_configured' } });
    const list = await requestJson(ts, `/api/meetings/${meeting.id}/invitations`, { token: ADMIN_TOKEN });
    expect(list.body).toMatchObject({ ok: true, data: { configured: false } });
  });

  it('is for the staff of the meeting only: a delegate or another meeting is refused, nothing is sent', async () => {
    const { ts, smtp, meeting } = await setup();
    const delegate = meeting.token('delegate', 'AZ');
    const refused = await send(ts, meeting.id, {}, delegate);
    expect(refused.status).toBe(403);
    expect((await requestJson(ts, `/api/meetings/${meeting.id}/invitations`, { token: delegate })).status).toBe(403);
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/participants/p1/invitation`, {
          method: 'POST',
          token: delegate,
        })
      ).status,
    ).toBe(403);
    expect((await send(ts, meeting.id, {}, 'not-a-token')).status).toBe(401);
    const other = await createMeeting(ts, definition);
    expect((await send(ts, meeting.id, {}, other.token('secretariat'))).status).toBe(403);
    // The secretariat's own link may send.
    expect((await send(ts, meeting.id, { participantIds: ['p1'] }, meeting.token('secretariat'))).status).toBe(202);
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect((await send(ts, meeting.id, { participantIds: 'p1' })).status).toBe(400);
  });
});
