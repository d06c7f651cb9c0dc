import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../platform/config.js';
import { classifySendError } from './mailer.js';
import { invitationMessage, meetingDate } from './templates.js';

describe('SMTP settings', () => {
  const mail = (env: NodeJS.ProcessEnv) => configFromEnv(env, null).mail;

  it('none without SMTP; SMTP_URL with its credentials; SMTP_HOST with its parts', () => {
    expect(mail({})).toBeNull();
    expect(mail({ SMTP_URL: 'smtps://me%40x.org:p%3Ass@mail.example.org', MAIL_FROM: 'WCO <m@x.org>' })).toMatchObject({
      host: 'mail.example.org',
      port: 465,
      secure: true,
      auth: { user: 'me@x.org', pass: 'p:ss' },
      from: 'WCO <m@x.org>',
      replyTo: null,
    });
    expect(
      mail({ SMTP_HOST: 'relay.local', SMTP_PORT: '25', MAIL_FROM: 'm@x.org', MAIL_REPLY_TO: 'sec@x.org' }),
    ).toMatchObject({ host: 'relay.local', port: 25, secure: false, auth: null, replyTo: 'sec@x.org' });
  });

  it('requires TLS unless told otherwise for a local relay', () => {
    expect(mail({ SMTP_URL: 'smtp://u:pw@mail.example.org:587', MAIL_FROM: 'm@x.org' })?.requireTls).toBe(true);
    expect(mail({ SMTP_HOST: 'localhost', SMTP_REQUIRE_TLS: '0', MAIL_FROM: 'm@x.org' })?.requireTls).toBe(false);
    expect(() => mail({ SMTP_HOST: 'h', SMTP_REQUIRE_TLS: 'yes', MAIL_FROM: 'm@x.org' })).toThrow(/SMTP_REQUIRE_TLS/);
  });

  it('refuses a half-configured mailer at start, without repeating the password', () => {
    expect(() => mail({ SMTP_URL: 'smtp://u:pw@h:25' })).toThrow(/MAIL_FROM is required/);
    expect(() => mail({ MAIL_FROM: 'm@x.org' })).toThrow(/need SMTP_URL or SMTP_HOST/);
    expect(() => mail({ SMTP_URL: 'http://u:secretpw@h', MAIL_FROM: 'm@x.org' })).toThrow(/^(?!.*secretpw)/);
    expect(() => mail({ SMTP_HOST: 'h', SMTP_USER: 'u', MAIL_FROM: 'm@x.org' })).toThrow(/set together/);
    expect(() => mail({ SMTP_HOST: 'h', SMTP_PORT: 'x', MAIL_FROM: 'm@x.org' })).toThrow(/SMTP_PORT/);
    expect(() => mail({ SMTP_HOST: 'h', MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
    expect(() => mail({ SMTP_HOST: 'h', SMTP_URL: 'smtp://h', MAIL_FROM: 'm@x.org' })).toThrow(/not both/);
  });
});

describe('SMTP refusals', () => {
  it('5xx is permanent with the reply; 4xx, no connection and a refused sign-in are for now', () => {
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' })).toEqual({
      ok: false,
      permanent: true,
      reason: '550 5.1.1 no such user',
    });
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 451, response: '451 later' }).permanent).toBe(false);
    expect(classifySendError({ code: 'ECONNECTION' })).toEqual({ ok: false, permanent: false, reason: 'ECONNECTION' });
    expect(classifySendError({ code: 'EAUTH', responseCode: 535, response: '535 bad' }).permanent).toBe(false);
    expect(
      classifySendError({ code: 'ETLS', responseCode: 500, response: '500 command not recognized' }).permanent,
    ).toBe(false);
  });
});

describe('the invitation message', () => {
  const base = {
    title: 'Heads <script>alert(1)</script> & Co',
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Europe/Brussels',
    name: 'Ana "A" Ruiz',
    personTitle: '',
    seat: { kind: 'delegate', head: true, delegation: 'Spain' } as const,
    videoLink: 'https://meet.example.org/x',
    interpretationLink: null,
    link: 'https://rostrum.example.org/m/abc#t=tok',
  };

  it('escapes every meeting text in the HTML part and keeps the link', () => {
    const m = invitationMessage({ ...base, language: 'es' });
    expect(m.subject).toBe('Invitación: Heads <script>alert(1)</script> & Co');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Heads &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(m.html).toContain('Ana &quot;A&quot; Ruiz');
    expect(m.html).toContain('href="https://rostrum.example.org/m/abc#t=tok"');
    expect(m.text).toContain('https://rostrum.example.org/m/abc#t=tok');
    expect(m.text).toContain('Jefe de delegación, Spain');
  });

  it('dates in the language and at the meeting’s zone; Arabic right to left with Western digits', () => {
    expect(meetingDate(base.startsAt, base.timeZone, 'en')).toMatch(/Tuesday,? 8 June 2021.*10:00/);
    expect(meetingDate(base.startsAt, 'Asia/Tashkent', 'ru')).toMatch(/8 июня 2021.*13:00/);
    const ar = invitationMessage({ ...base, language: 'ar' });
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.text).toMatch(/2021/);
    expect(ar.text).not.toMatch(/[٠-٩]/);
  });
});
