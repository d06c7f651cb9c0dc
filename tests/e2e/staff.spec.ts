import { expect, test } from './test.js';
import { accessible, startFreshServer, type FreshServer } from './fresh-server.js';
import { demoMeeting } from '@rostrum/server';

/**
 * Staff accounts on an empty install: the administrator opens the setup link printed at start,
 * creates a secretariat account; the secretariat signs in, sees its meetings, searches them and
 * opens a meeting's desk without an invite link.
 *
 * Its own server process on a fresh data folder (the shared server of the other specs has its
 * administrator already), on E2E_STAFF_PORT (default: the e2e port + 13).
 */
const PORT = Number(process.env.E2E_STAFF_PORT ?? Number(process.env.E2E_PORT ?? 8137) + 13);
const BASE = `http://127.0.0.1:${PORT}`;

let fresh: FreshServer | null = null;
let setupUrl = '';

test.beforeAll(async () => {
  fresh = await startFreshServer('staff', PORT);
  setupUrl = fresh.setupUrl;
});

test.afterAll(async () => {
  await fresh?.stop();
});

test('the administrator sets up the server; a secretariat signs in, finds a meeting and opens its desk', async ({
  browser,
}) => {
  // Starts a server of its own (and a provider): more than a minute on a loaded machine.
  test.setTimeout(120_000);
  // The administrator, from the printed link.
  const adminContext = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const admin = await adminContext.newPage();
  await admin.goto(setupUrl.replace(/^https?:\/\/[^/]+/, ''));
  await admin.getByTestId('setup-email').fill('admin@example.org');
  await admin.getByTestId('setup-name').fill('Ada Admin');
  await admin.getByTestId('setup-password').fill('correct horse battery');
  await admin.getByTestId('setup-submit').click();
  await expect(admin.getByTestId('staff-who')).toContainText('Ada Admin');
  await accessible(admin);
  // The administrator sees every meeting (the demo meeting made at first start).
  await expect(admin.getByTestId('staff-meeting')).toHaveCount(1);

  // The setup link works once.
  const again = await browser.newPage({ baseURL: BASE });
  await again.goto(setupUrl.replace(/^https?:\/\/[^/]+/, ''));
  await expect(again.getByTestId('setup-used')).toBeVisible();
  await again.close();

  await admin.getByTestId('nav-accounts').click();
  await admin.getByTestId('new-email').fill('sec@example.org');
  await admin.getByTestId('new-name').fill('Sam Secretariat');
  await admin.getByTestId('new-password').fill('a long enough password');
  await admin.getByTestId('new-submit').click();
  const secRow = admin.locator('[data-testid="account-row"][data-email="sec@example.org"]');
  await expect(secRow).toBeVisible();
  // A forgotten password: the administrator makes a one-time link to hand over.
  await secRow.getByTestId('account-password-link').click();
  const issued = admin.getByTestId('password-link-made');
  await expect(issued).toContainText('Sam Secretariat');
  const passwordLink = (await issued.locator('code').textContent()) ?? '';
  expect(passwordLink).toMatch(/\/setup\/[A-Za-z0-9_-]+$/);
  await accessible(admin);
  await adminContext.close();

  // The secretariat: the welcome page, then sign-in.
  const context = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await accessible(page);
  await page.getByTestId('go-signin').click();
  await page.getByTestId('signin-email').fill('sec@example.org');
  await page.getByTestId('signin-password').fill('wrong password here');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signin-error')).toBeVisible();
  await accessible(page);
  await page.getByTestId('signin-password').fill('a long enough password');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('staff-who')).toContainText('Sam Secretariat');
  await expect(page.getByTestId('no-meetings')).toBeVisible();

  // Two meetings of its own, made with its session (as a script in the page would, with the CSRF token).
  const session = (await (await page.request.get('/api/staff/session')).json()) as { data: { csrfToken: string } };
  for (const title of ['Budget Committee', 'Enforcement Working Group']) {
    const res = await page.request.post('/api/meetings', {
      headers: { 'X-CSRF-Token': session.data.csrfToken, Origin: BASE },
      data: { ...demoMeeting(), title: { en: title } },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await page.reload();
  await expect(page.getByTestId('staff-meeting')).toHaveCount(2);
  await page.getByTestId('meeting-search').fill('enforcement');
  await expect(page.getByTestId('staff-meeting')).toHaveCount(1);
  await expect(page.getByTestId('staff-meeting')).toContainText('Enforcement Working Group');
  await page.getByTestId('enter-secretariat').click();
  await expect(page).toHaveURL(/\/m\/[A-Za-z0-9_-]+$/);
  await expect(page.locator('[data-role="secretariat"]')).toBeVisible();
  await expect(page.locator('.header h1')).toContainText('Enforcement Working Group');
  await context.close();

  // The password link, used later: a new password, and the person is signed in with it.
  const reset = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const resetPage = await reset.newPage();
  await resetPage.goto(passwordLink.replace(/^https?:\/\/[^/]+/, ''));
  await resetPage.getByTestId('setup-password').fill('a brand new long password');
  await resetPage.getByTestId('setup-submit').click();
  await expect(resetPage.getByTestId('staff-who')).toContainText('Sam Secretariat');
  await reset.close();
});
