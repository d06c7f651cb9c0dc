import type { Browser, Page } from '@playwright/test';
import { demoMeeting } from '@rostrum/server';
import { expect, test } from './test.js';
import { accessible, startFreshServer, type FreshServer } from './fresh-server.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';
import { linksIn, startSmtpServer, type TestSmtpServer } from '../../apps/server/test/smtp-test-server.js';

/**
 * The whole workspace from an empty install to a live meeting, as issue #16 tells it: the
 * administrator signs in through the setup link and makes a secretariat account; the secretariat
 * sets its password from its one-time link, creates the 8 June 2021 Europe Region Heads of
 * Customs Meeting in the wizard (no API call), imports the Region's 53 members from a CSV with its
 * own column names (heads of delegation and deputies with their emails and languages), and sends
 * the invitations from the Invitations panel. A real SMTP server in this test process receives one
 * message per person (53 heads, 53 deputies and the chair), each with a working personal link, but
 * for one address it refuses (550): that one is shown as bounced with the server's reply and not
 * tried again; the chair and a delegate open theirs and are live.
 *
 * Its own server on a fresh data folder, with SMTP_URL pointing at the test's SMTP server, on
 * E2E_JOURNEY_PORT (default: the e2e port + 29).
 */
const PORT = Number(process.env.E2E_JOURNEY_PORT ?? Number(process.env.E2E_PORT ?? 8137) + 29);
const BASE = `http://127.0.0.1:${PORT}`;

/** Members whose people read their invitations in Russian (the meeting's second language). */
const RUSSIAN = new Set(['am', 'az', 'by', 'ge', 'kz', 'kg', 'md', 'ru', 'tj', 'tm', 'ua', 'uz']);
const FIRST = ['Anna', 'Marco', 'Elena', 'Jonas', 'Sofia', 'Peter', 'Nino', 'Luca', 'Maria', 'Tomas', 'Ilse'];
const LAST = ['Novak', 'Rossi', 'Berg', 'Ivanova', 'Dubois', 'Kovacs', 'Larsen', 'Horvat', 'Silva', 'Weber'];

const members = demoMeeting().delegations.map((d, i) => ({
  id: d.id,
  en: d.name.en ?? d.id,
  ru: d.name.ru ?? '',
  head: `${FIRST[i % FIRST.length]} ${LAST[(i * 3) % LAST.length]}`,
  deputy: `${FIRST[(i + 5) % FIRST.length]} ${LAST[(i * 7 + 1) % LAST.length]}`,
  language: RUSSIAN.has(d.id) ? 'Russian' : 'English',
}));

/** The Region's members as a secretariat's spreadsheet has them: its own column names, semicolons. */
function membersCsv(): string {
  const cell = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = [
    'Member code',
    'Administration (English)',
    'Администрация (русский)',
    'Head of delegation',
    'Head of delegation e-mail',
    'Deputy',
    'Deputy e-mail',
    'Language',
  ];
  const rows = members.map((m) =>
    [m.id, m.en, m.ru, m.head, `head.${m.id}@customs.example`, m.deputy, `deputy.${m.id}@customs.example`, m.language]
      .map(cell)
      .join(';'),
  );
  return [header.join(';'), ...rows].join('\n');
}

const BOUNCING = 'deputy.xk@customs.example';
let smtp: TestSmtpServer | null = null;
let fresh: FreshServer | null = null;

test.beforeAll(async () => {
  // Kosovo's deputy's address does not exist: the receiving server refuses it for good.
  smtp = await startSmtpServer((to) =>
    to === BOUNCING ? { code: 550, message: '5.1.1 <deputy.xk@customs.example>: Recipient address rejected' } : null,
  );
  fresh = await startFreshServer('journey', PORT, {
    SMTP_URL: smtp.url,
    // The test's SMTP server on loopback offers no STARTTLS.
    SMTP_REQUIRE_TLS: '0',
    MAIL_FROM: 'WCO Europe Region Secretariat <meetings@wco.example>',
    MAIL_REPLY_TO: 'secretariat@wco.example',
  });
});

test.afterAll(async () => {
  await fresh?.stop();
  await smtp?.close();
});

/** Opens a link from a message in a browser of its own (as the person would, from their mail). */
async function openFromMail(browser: Browser, link: string, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Brussels' });
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

test('from an empty install to invitations by email: the chair and a delegate open theirs and are live', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  if (!fresh || !smtp) throw new Error('not started');
  const mail = smtp;

  // The administrator, from the link printed at the first start, makes a secretariat account with a one-time link.
  const adminContext = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const admin = await adminContext.newPage();
  await admin.goto(fresh.setupUrl.replace(/^https?:\/\/[^/]+/, ''));
  await admin.getByTestId('setup-email').fill('admin@wco.example');
  await admin.getByTestId('setup-name').fill('Ada Admin');
  await admin.getByTestId('setup-password').fill('correct horse battery');
  await admin.getByTestId('setup-submit').click();
  await admin.getByTestId('nav-accounts').click();
  await admin.getByTestId('new-email').fill('secretariat@wco.example');
  await admin.getByTestId('new-name').fill('Sam Secretariat');
  await admin.getByLabel('Send a one-time link to set the password instead').check();
  await admin.getByTestId('new-submit').click();
  const setPasswordUrl = (await admin.getByTestId('set-password-link').locator('code').textContent()) ?? '';
  expect(setPasswordUrl).toMatch(/\/setup\/[A-Za-z0-9_-]+$/);
  await adminContext.close();

  // The secretariat sets its password from its link and is signed in.
  const context = await browser.newContext({ baseURL: BASE, locale: 'en-GB', timezoneId: 'Europe/Brussels' });
  const page = await context.newPage();
  await page.goto(setPasswordUrl.replace(/^https?:\/\/[^/]+/, ''));
  await page.getByTestId('setup-password').fill('a long enough password');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('no-meetings')).toBeVisible();

  // The meeting of 8 June 2021, from nothing, in the wizard: whatever order its steps come in.
  await page.getByTestId('new-meeting').click();
  const demo = demoMeeting();
  let imported = false;
  for (let step = 0; step < 6; step++) {
    const visible = page.locator('[data-testid^="wizard-step-"]');
    await expect(visible).toHaveCount(1);
    const name = ((await visible.getAttribute('data-testid')) ?? '').replace('wizard-step-', '');
    if (name === 'basics') {
      await page.getByTestId('wizard-add-language').selectOption('ru');
      await page.getByTestId('wizard-add-language-submit').click();
      await page.getByTestId('wizard-title-en').fill('Europe Region Heads of Customs Meeting');
      await page.getByTestId('wizard-title-ru').fill('Совещание руководителей таможенных служб Европейского региона');
      await page.getByTestId('wizard-date').fill('2021-06-08');
      await page.getByTestId('wizard-time').fill('10:00');
      await page.getByTestId('wizard-time-zone').fill('Europe/Brussels');
      await page.getByTestId('wizard-video-link').fill('https://meet.example.org/wco-europe-hoc-2021');
    } else if (name === 'delegations') {
      await page.getByTestId('wizard-delegations-paste').fill(membersCsv());
      // The code column is not guessed from "Member code": chosen by hand; the people's columns are.
      await page.getByTestId('wizard-map-id').selectOption('0');
      await expect(page.getByTestId('wizard-map-en')).toHaveValue('1');
      await expect(page.getByTestId('wizard-map-ru')).toHaveValue('2');
      await expect(page.getByTestId('wizard-map-headName')).toHaveValue('3');
      await expect(page.getByTestId('wizard-map-headEmail')).toHaveValue('4');
      await expect(page.getByTestId('wizard-map-deputyName')).toHaveValue('5');
      await expect(page.getByTestId('wizard-map-deputyEmail')).toHaveValue('6');
      await expect(page.getByTestId('wizard-map-language')).toHaveValue('7');
      await expect(page.getByTestId('wizard-import-summary')).toContainText('53 delegations');
      await page.getByTestId('wizard-import-submit').click();
      await expect(page.getByTestId('wizard-delegation')).toHaveCount(53);
      await expect(page.getByTestId('wizard-delegation-4-head-email')).toHaveValue('head.az@customs.example');
      imported = true;
    } else if (name === 'people') {
      await page.getByTestId('wizard-chair-en').fill('Safar Mehdiyev');
      await page.getByTestId('wizard-chair-ru').fill('Сафар Мехтиев');
      if (imported) await page.getByTestId('wizard-chair-delegation').selectOption('az');
      await page.getByTestId('wizard-chair-person-name').fill('Safar Mehdiyev');
      await page.getByTestId('wizard-chair-person-email').fill('chair@customs.example');
      await page.getByTestId('wizard-chair-person-language').selectOption('ru');
    } else if (name === 'agenda') {
      const titles = demo.agenda.map((a, i) => `${i + 1}. ${a.title.en ?? a.id}`).join('\n');
      await page.getByTestId('wizard-agenda-paste').fill(titles);
      await page.getByTestId('wizard-agenda-paste-submit').click();
      await expect(page.getByTestId('wizard-item')).toHaveCount(demo.agenda.length);
    }
    if (name === 'proposals' || (await page.getByTestId('wizard-review').count()) > 0) break;
    await page.getByTestId('wizard-next').click();
  }
  // The chair's delegation when the people came before the delegations: back to it is not needed for the journey.
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-review')).toBeVisible();
  await page.getByTestId('wizard-create').click();
  await expect(page).toHaveURL(/\/m\/[A-Za-z0-9_-]+$/);
  const meetingId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect(page.locator('[data-role="secretariat"]')).toBeVisible();

  // The Invitations panel: 107 people to invite (53 heads, 53 deputies, the chair), none sent.
  const panel = page.getByTestId('invitations-panel');
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByTestId('invitation-count-none')).toHaveAttribute('data-count', '107');
  await expect(panel.locator('[data-testid="invitation-row"][data-role="projector"]')).toHaveCount(1);
  await expect(panel.locator('[data-testid="invitation-row"][data-role="observer"]')).toHaveCount(1);
  await panel.getByTestId('invitations-send').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('invitations-status')).toContainText('107 invitations are being sent');

  // The SMTP server receives one message per person but the one it refuses, each with its own link.
  const received = await mail.waitFor(106, 120_000);
  await expect(panel.getByTestId('invitation-count-sent')).toHaveAttribute('data-count', '106', { timeout: 30_000 });
  // The refused address is shown, with the server's reply, and not tried again.
  await expect(panel.getByTestId('invitation-count-bounced')).toHaveAttribute('data-count', '1');
  const bounced = panel.locator('[data-testid="invitation-row"][data-seat="delegate:xk:deputy"]');
  await expect(bounced).toHaveAttribute('data-status', 'bounced');
  await expect(bounced.getByTestId('invitation-error')).toContainText('Recipient address rejected');
  await expect(panel.getByTestId('invitations-send')).toBeDisabled();
  expect(mail.attempts.get(BOUNCING)).toBe(1);
  // Sent again by hand (the secretariat may have fixed the server, or wants to see it again): refused again.
  await bounced.getByTestId('invitation-resend').click();
  await expect(page.getByTestId('invitations-status')).toContainText('is being sent again');
  await expect.poll(() => mail.attempts.get(BOUNCING)).toBe(2);
  await expect(bounced).toHaveAttribute('data-status', 'bounced');
  const recipients = received.map((m) => m.to[0] ?? '');
  expect(new Set(recipients).size).toBe(106);
  expect(recipients).not.toContain(BOUNCING);
  const delegations = received.filter((m) => /^(head|deputy)\./.test(m.to[0] ?? ''));
  expect(delegations).toHaveLength(105);
  const links = received.map((m) => {
    const found = linksIn(m.parsed.text ?? '');
    expect(found, m.to[0]).toHaveLength(1);
    return found[0] ?? '';
  });
  expect(new Set(links).size).toBe(106);
  for (const link of links) expect(link.startsWith(`${BASE}/m/${meetingId}#t=`)).toBe(true);
  const byTo = new Map(received.map((m, i) => [m.to[0] ?? '', { mail: m.parsed, link: links[i] ?? '' }]));
  const uzbekistan = byTo.get('head.uz@customs.example');
  expect(uzbekistan?.mail.subject).toBe('Приглашение: Совещание руководителей таможенных служб Европейского региона');
  expect(uzbekistan?.mail.text).toContain('8 июня 2021');
  const belgium = byTo.get('deputy.be@customs.example');
  expect(belgium?.mail.subject).toBe('Invitation: Europe Region Heads of Customs Meeting');
  expect(belgium?.mail.text).toContain('Deputy, Belgium');
  expect(belgium?.mail.text).toContain('https://meet.example.org/wco-europe-hoc-2021');
  const chairMail = byTo.get('chair@customs.example');
  expect(chairMail?.mail.text).toContain('Председатель');

  // The chair and Uzbekistan's head open theirs, from the links in their mails, and are live.
  const chair = await openFromMail(browser, chairMail?.link ?? '', 'ru-RU');
  await expect(chair.locator('[data-role="chair"]')).toBeVisible();
  await expect(chair.getByTestId('connection')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  const delegate = await openFromMail(browser, uzbekistan?.link ?? '', 'ru-RU');
  await expect(delegate.locator('[data-role="delegate"]')).toBeVisible();
  await expect(delegate.getByTestId('connection')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await expect(delegate.locator('.header h1')).toContainText('Совещание руководителей таможенных служб');
});

test('without SMTP the Invitations panel says so and points to the mail-merge CSV, which stays', async ({
  browser,
  request,
}) => {
  // The shared e2e server has no SMTP settings.
  const meeting = await createMeeting(request, {
    ...demoMeeting(),
    participants: [
      { seatKey: 'delegate:uz:head', delegationId: 'uz', name: 'Bakhtiyor Karimov', email: 'head.uz@customs.example' },
    ],
  });
  const page = await openAs(browser, linkFor(meeting, 'secretariat').url);
  const panel = page.getByTestId('invitations-panel');
  await expect(panel.getByTestId('invitations-not-configured')).toContainText('Email is not configured');
  await expect(panel.getByTestId('invitations-send')).toBeDisabled();
  await expect(panel.locator('[data-testid="invitation-row"][data-seat="delegate:uz:head"]')).toHaveAttribute(
    'data-status',
    'none',
  );
  await expect(panel.locator('[data-testid="invitation-row"][data-seat="delegate:uz:deputy"]')).toHaveAttribute(
    'data-status',
    'no_participant',
  );
  await expect(page.getByTestId('links-csv')).toBeAttached();
  await accessible(page);
});
