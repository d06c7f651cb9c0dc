import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './test.js';
import { accessible, startFreshServer, type FreshServer } from './fresh-server.js';

/**
 * The end of a meeting from the staff home page: a secretariat adds and removes a colleague as a
 * manager, changes a detail from the chair's console, closes the meeting, downloads its minutes
 * and its record, archives it, and deletes it after reading what goes and typing its title. It is
 * gone from the lists, a delegate's open page is cut off and its link no longer opens.
 *
 * Its own server process on a fresh data folder, on E2E_LIFECYCLE_PORT (default: the e2e port + 31).
 */
const PORT = Number(process.env.E2E_LIFECYCLE_PORT ?? Number(process.env.E2E_PORT ?? 8137) + 31);
const BASE = `http://127.0.0.1:${PORT}`;
const TITLE = 'Audit Committee';

let fresh: FreshServer | null = null;

test.beforeAll(async () => {
  fresh = await startFreshServer('lifecycle', PORT);
});

test.afterAll(async () => {
  await fresh?.stop();
});

/** Creates a small meeting with the page's staff session; returns its id and a delegate's link. */
async function createMeeting(request: APIRequestContext): Promise<{ id: string; delegateUrl: string }> {
  const session = (await (await request.get('/api/staff/session')).json()) as { data: { csrfToken: string } };
  const res = await request.post('/api/meetings', {
    headers: { 'x-csrf-token': session.data.csrfToken },
    data: {
      languages: ['en'],
      title: { en: TITLE },
      startsAt: '2027-05-10T10:00:00+02:00',
      timeZone: 'Europe/Brussels',
      chair: { name: { en: 'Ana Chair' } },
      delegations: [
        { id: 'be', name: { en: 'Belgium' } },
        { id: 'fr', name: { en: 'France' } },
      ],
      agenda: [{ id: 'opening', title: { en: 'Opening' }, plannedMinutes: 5 }],
    },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { data: { id: string; links: Array<{ role: string; url: string }> } };
  const delegate = body.data.links.find((l) => l.role === 'delegate');
  if (!delegate) throw new Error('no delegate link');
  return { id: body.data.id, delegateUrl: delegate.url.replace(/^https?:\/\/[^/]+/, '') };
}

test('a secretariat closes a meeting, downloads its minutes and record, and deletes it', async ({ browser }) => {
  test.setTimeout(180_000);
  const setupUrl = fresh?.setupUrl ?? '';
  const adminContext = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const admin = await adminContext.newPage();
  await admin.goto(setupUrl.replace(/^https?:\/\/[^/]+/, ''));
  await admin.getByTestId('setup-email').fill('admin@example.org');
  await admin.getByTestId('setup-name').fill('Ada Admin');
  await admin.getByTestId('setup-password').fill('correct horse battery');
  await admin.getByTestId('setup-submit').click();
  await admin.getByTestId('nav-accounts').click();
  for (const { email, name } of [
    { email: 'sec@example.org', name: 'Sam Secretariat' },
    { email: 'bob@example.org', name: 'Bob Colleague' },
  ]) {
    await admin.getByTestId('new-email').fill(email);
    await admin.getByTestId('new-name').fill(name);
    await admin.getByTestId('new-password').fill('a long enough password');
    await admin.getByTestId('new-submit').click();
    await expect(admin.locator(`[data-testid="account-row"][data-email="${email}"]`)).toBeVisible();
  }
  await adminContext.close();

  const context = await browser.newContext({ baseURL: BASE, locale: 'en-GB', timezoneId: 'Europe/Brussels' });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByTestId('signin-email').fill('sec@example.org');
  await page.getByTestId('signin-password').fill('a long enough password');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('no-meetings')).toBeVisible();
  const meeting = await createMeeting(page.request);
  await page.reload();
  const row = page.locator(`[data-testid="staff-meeting"][data-meeting-id="${meeting.id}"]`);
  await expect(row).toContainText(TITLE);

  // Managers: Bob is added, then removed again.
  await row.getByTestId('manage-meeting').click();
  const managers = row.getByTestId('managers');
  await expect(managers.getByTestId('manager')).toHaveCount(1);
  await managers.getByTestId('manager-candidate').selectOption({ label: 'Bob Colleague (bob@example.org)' });
  await managers.getByTestId('manager-add').click();
  await expect(managers.getByTestId('manager')).toHaveCount(2);
  await accessible(page);
  await managers.getByRole('button', { name: 'Remove Bob Colleague from the managers' }).click();
  await expect(managers.getByTestId('manager')).toHaveCount(1);
  // Not held yet: nothing to close, nothing to delete.
  await expect(row.getByTestId('deletion-blockers')).toContainText('The meeting is not closed yet.');

  // A delegate follows along.
  const delegateContext = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const delegate = await delegateContext.newPage();
  await delegate.goto(meeting.delegateUrl);
  await expect(delegate.locator('[data-role="delegate"]')).toBeVisible();

  // The chair's console opens the meeting, and its details can be changed there.
  await row.getByTestId('enter-chair').click();
  await expect(page.locator('[data-role="chair"]')).toBeVisible();
  await page.getByTestId('btn-open').click();
  await expect(page.getByTestId('btn-close')).toBeVisible();
  await page.getByTestId('chair-details').locator('summary').click();
  await page.getByTestId('links-video').fill('https://meet.example.org/audit');
  await page.getByTestId('links-save').click();
  await expect(delegate.getByTestId('video-link')).toHaveAttribute('href', 'https://meet.example.org/audit');

  // Back on the home page: closed from there, then the downloads.
  await page.goto('/');
  await row.getByTestId('manage-meeting').click();
  await row.getByTestId('meeting-close').click();
  await page.getByTestId('confirm-ok').click();
  await expect(row.getByTestId('download-minutes')).toBeVisible();
  await expect(row.getByTestId('deletion-blockers')).toContainText('The minutes have not been downloaded');
  await expect(row.getByTestId('deletion-counts')).toContainText('links');
  const [minutes] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-minutes').click()]);
  expect(minutes.suggestedFilename()).toMatch(/\.pdf$/);
  // The PDF is built in a worker: the stamp follows once it was sent.
  await expect(row.getByTestId('minutes-stamp')).not.toContainText('not downloaded', { timeout: 30_000 });
  const [record] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-record').click()]);
  expect(record.suggestedFilename()).toMatch(/results\.csv$/);
  await expect(row.getByTestId('deletion-blockers')).toHaveCount(0, { timeout: 30_000 });

  // Archived: off the current list, on the archived one.
  await row.getByTestId('meeting-archive').click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('show-archived').click();
  await expect(row).toContainText(TITLE);
  await row.getByTestId('manage-meeting').click();

  // What goes is said; the title typed; deleted.
  await expect(row.getByTestId('deletion-counts')).toContainText(/\d+ commands of the record/);
  await expect(row.getByTestId('meeting-delete')).toBeDisabled();
  await row.getByTestId('delete-confirm').fill('Audit');
  await expect(row.getByTestId('meeting-delete')).toBeDisabled();
  await row.getByTestId('delete-confirm').fill(TITLE);
  await accessible(page);
  await row.getByTestId('meeting-delete').click();
  await expect(page.getByTestId('home-notice')).toContainText(`“${TITLE}” was deleted.`);
  await expect(row).toHaveCount(0);
  await page.getByTestId('show-current').click();
  await expect(page.getByTestId('no-meetings')).toBeVisible();

  // The delegate's page is cut off, and the link no longer opens.
  await expect(delegate.getByTestId('link-refused')).toBeVisible();
  const again = await delegateContext.newPage();
  await again.goto(meeting.delegateUrl);
  await expect(again.getByTestId('gate-error')).toBeVisible();
  await delegateContext.close();
  await context.close();
});
