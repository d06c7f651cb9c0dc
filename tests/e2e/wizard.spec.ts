import { expect, test } from './test.js';
import { accessible, startFreshServer, type FreshServer } from './fresh-server.js';

/**
 * A secretariat creates a meeting with the wizard alone, no JSON: English and French, a pasted
 * numbered agenda, three delegations from a pasted CSV with its own column names, a chair. The
 * meeting is on the home page and its desk opens with the agenda. A wizard left halfway is
 * offered again after a reload.
 *
 * Its own server process on a fresh data folder (its administrator is set up here, as in
 * staff.spec.ts), on E2E_WIZARD_PORT (default: the e2e port + 19).
 */
const PORT = Number(process.env.E2E_WIZARD_PORT ?? Number(process.env.E2E_PORT ?? 8137) + 19);
const BASE = `http://127.0.0.1:${PORT}`;

let fresh: FreshServer | null = null;
let setupUrl = '';

test.beforeAll(async () => {
  fresh = await startFreshServer('wizard', PORT);
  setupUrl = fresh.setupUrl;
});

test.afterAll(async () => {
  await fresh?.stop();
});

test('a secretariat creates a meeting in the wizard; a draft left halfway is offered again', async ({ browser }) => {
  // A long journey (an account set up, two meetings created, axe on every step): a minute is not
  // enough on a loaded machine.
  test.setTimeout(180_000);
  // The administrator from the printed link, then a secretariat account (as staff.spec.ts does).
  const adminContext = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const admin = await adminContext.newPage();
  await admin.goto(setupUrl.replace(/^https?:\/\/[^/]+/, ''));
  await admin.getByTestId('setup-email').fill('admin@example.org');
  await admin.getByTestId('setup-name').fill('Ada Admin');
  await admin.getByTestId('setup-password').fill('correct horse battery');
  await admin.getByTestId('setup-submit').click();
  await admin.getByTestId('nav-accounts').click();
  await admin.getByTestId('new-email').fill('sec@example.org');
  await admin.getByTestId('new-name').fill('Sam Secretariat');
  await admin.getByTestId('new-password').fill('a long enough password');
  await admin.getByTestId('new-submit').click();
  await expect(admin.locator('[data-testid="account-row"][data-email="sec@example.org"]')).toBeVisible();
  await adminContext.close();

  const context = await browser.newContext({ baseURL: BASE, locale: 'en-GB', timezoneId: 'Europe/Brussels' });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByTestId('signin-email').fill('sec@example.org');
  await page.getByTestId('signin-password').fill('a long enough password');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('no-meetings')).toBeVisible();

  // Step 1, then left halfway: the draft is offered again after a reload.
  await page.getByTestId('new-meeting').click();
  await expect(page.getByTestId('wizard-step-basics')).toBeVisible();
  await expect(page.getByTestId('wizard-time-zone')).toHaveValue('Europe/Brussels');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-title-en-error')).toBeVisible();
  await expect(page.getByTestId('wizard-date-error')).toBeVisible();
  await page.getByTestId('wizard-add-language').selectOption('fr');
  await page.getByTestId('wizard-add-language-submit').click();
  await page.getByTestId('wizard-title-en').fill('Enforcement Committee');
  await page.reload();
  await expect(page.getByTestId('wizard-draft-offer')).toBeVisible();
  await accessible(page);
  await page.getByTestId('wizard-draft-resume').click();
  await expect(page.getByTestId('wizard-title-en')).toHaveValue('Enforcement Committee');
  await page.getByTestId('wizard-title-fr').fill('Comité de la lutte contre la fraude');
  await page.getByTestId('wizard-date').fill('2027-03-15');
  await page.getByTestId('wizard-time').fill('09:30');
  await page.getByTestId('wizard-next').click();

  // Step 2: three delegations from a pasted CSV with its own column names (before the people: the
  // chair's delegation is chosen from them).
  await expect(page.getByTestId('wizard-step-delegations')).toBeVisible();
  await page
    .getByTestId('wizard-delegations-paste')
    .fill('Code;Country (English);Pays en français\nBE;Belgium;Belgique\nFR;France;France\nDE;Germany;Allemagne\n');
  await expect(page.getByTestId('wizard-map-id')).toHaveValue('0');
  await expect(page.getByTestId('wizard-map-fr')).toHaveValue('2');
  await expect(page.getByTestId('wizard-import-summary')).toContainText('3 delegations');
  await accessible(page);
  await page.getByTestId('wizard-import-submit').click();
  await expect(page.getByTestId('wizard-delegation')).toHaveCount(3);
  // The same list again: every row flagged with the delegation already there, none added.
  await page.getByTestId('wizard-delegations-paste').fill('id,name\nBE,Belgium\n');
  await expect(page.getByTestId('wizard-import-duplicate')).toContainText('Belgium');
  await page.getByTestId('wizard-delegations-paste').fill('');
  await page.getByTestId('wizard-next').click();

  // Step 3: the chair, of a delegation entered at step 2.
  await expect(page.getByTestId('wizard-step-people')).toBeVisible();
  await page.getByTestId('wizard-chair-en').fill('Ana Chair');
  await page.getByTestId('wizard-chair-fr').fill('Ana Présidente');
  await page.getByTestId('wizard-chair-delegation').selectOption('BE');
  await page.getByTestId('wizard-next').click();

  // Step 4: a numbered agenda pasted; sub-numbering stays in the title.
  await expect(page.getByTestId('wizard-step-agenda')).toBeVisible();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-agenda-error')).toBeVisible();
  await page
    .getByTestId('wizard-agenda-paste')
    .fill('1. Opening\n2) Adoption of the agenda\n3 Report of the Secretary General\n3.1 Financial matters');
  await page.getByTestId('wizard-agenda-paste-submit').click();
  await expect(page.getByTestId('wizard-item')).toHaveCount(4);
  await expect(page.getByTestId('wizard-item-3-title-en')).toHaveValue('3.1 Financial matters');
  await expect(page.getByTestId('wizard-item-1-id')).toHaveValue('adoption-of-the-agenda');
  await page.getByTestId('wizard-item-0-minutes').fill('5');
  await accessible(page);
  await page.getByTestId('wizard-next').click();

  // Step 5 (optional): a proposal on an item, sponsored by an imported delegation.
  await expect(page.getByTestId('wizard-step-proposals')).toBeVisible();
  await page.getByTestId('wizard-add-proposal').click();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-proposal-0-item-error')).toBeVisible();
  await page.getByTestId('wizard-proposal-0-item').selectOption('adoption-of-the-agenda');
  await page.getByTestId('wizard-proposal-0-title-en').fill('Adoption of the agenda');
  await page.getByTestId('wizard-proposal-0-text-en').fill('The Committee adopts its agenda.');
  await page.getByTestId('wizard-proposal-0-sponsor').selectOption('BE');
  await page.getByTestId('wizard-next').click();

  // Review and create: the new meeting's desk opens as secretariat, with the agenda.
  await expect(page.getByTestId('wizard-review')).toContainText('4 items, 50 min');
  await expect(page.getByTestId('wizard-review')).toContainText('1 proposal');
  await accessible(page);
  await page.getByTestId('wizard-create').click();
  await expect(page).toHaveURL(/\/m\/[A-Za-z0-9_-]+$/);
  const meetingId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect(page.locator('[data-role="secretariat"]')).toBeVisible();
  await expect(page.locator('.header h1')).toContainText('Enforcement Committee');
  await expect(page.getByTestId('agenda-item-opening')).toBeVisible();
  await expect(page.getByTestId('agenda-item-3-1-financial-matters')).toContainText('3.1 Financial matters');

  // On the home page; the finished draft is gone.
  await page.goto('/');
  await expect(page.getByTestId('staff-meeting')).toHaveCount(1);
  await expect(page.getByTestId('staff-meeting')).toContainText('Enforcement Committee');
  await page.getByTestId('new-meeting').click();
  await expect(page.getByTestId('wizard-step-basics')).toBeVisible();
  await expect(page.getByTestId('wizard-draft-offer')).toHaveCount(0);

  // Started from that meeting: its chair, delegations and agenda skeleton, without its date or title.
  await page.getByTestId('wizard-previous').selectOption(meetingId);
  await page.getByTestId('wizard-previous-submit').click();
  await expect(page.locator('[data-testid="wizard-language"]')).toHaveCount(2);
  await expect(page.getByTestId('wizard-date')).toHaveValue('');
  await page.getByTestId('wizard-title-en').fill('Enforcement Committee, second session');
  await page.getByTestId('wizard-date').fill('2027-10-04');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-delegation')).toHaveCount(3);
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-chair-en')).toHaveValue('Ana Chair');
  await expect(page.getByTestId('wizard-chair-delegation')).toHaveValue('BE');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-item')).toHaveCount(4);
  await expect(page.getByTestId('wizard-item-0-minutes')).toHaveValue('5');
  await context.close();
});
