import { readFileSync } from 'node:fs';
import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

/**
 * A spreadsheet export as the secretariat has it: a byte order mark, semicolons, one row without
 * its English name (the meeting's original language; a Russian name may be missing).
 */
const withProblem =
  '\uFEFFid;name_en;name_ru\r\neu-taxud;European Commission (DG TAXUD);Европейская комиссия (ГД TAXUD)\r\nmt;;Таможня и акцизы Мальты\r\n';
const fixed =
  'id;name_en;name_ru\neu-taxud;European Commission (DG TAXUD);Европейская комиссия (ГД TAXUD)\nmt;Malta Customs and Excise;Таможня и акцизы Мальты\n;Guest Administration;Приглашённая администрация\n';

test('the secretariat adds a delegation by hand and imports a list from CSV, previews it, and sends the new delegation its link; the chair sees it live; a forwarded link is replaced', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const secretariat = await openAs(browser, linkFor(meeting, 'secretariat').url);
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  for (const page of [secretariat, chair])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  const panel = secretariat.getByTestId('roster-panel');
  await expect(panel.getByRole('heading', { name: 'Delegations (53)' })).toBeVisible();

  // One late registration by hand: the form asks for the name in the original, and refuses an id on the roster.
  await secretariat.getByTestId('add-delegation-submit').click();
  await expect(secretariat.getByTestId('add-delegation-en-error')).toHaveText(
    "Required: English is the meeting's original language.",
  );
  await expect(secretariat.getByTestId('add-delegation-ru-error')).toHaveCount(0);
  await secretariat.getByTestId('add-delegation-en').fill('Malta');
  await secretariat.getByTestId('add-delegation-ru').fill('Мальта');
  await secretariat.getByTestId('add-delegation-id').fill('mt');
  await secretariat.getByTestId('add-delegation-submit').click();
  await expect(secretariat.getByTestId('add-delegation-id-error')).toHaveText('“mt” is already on the roster.');
  await secretariat.getByTestId('add-delegation-en').fill('World Customs Organization Secretariat');
  await secretariat.getByTestId('add-delegation-ru').fill('Секретариат ВТамО');
  await secretariat.getByTestId('add-delegation-id').fill('');
  await secretariat.getByTestId('add-delegation-submit').click();
  await expect(panel.getByRole('heading', { name: 'Delegations (54)' })).toBeVisible();
  await expect(chair.getByTestId('presence-world-customs-organization-secretariat')).toContainText(
    'World Customs Organization Secretariat',
  );

  // A file with a problem: the row is named, nothing can be sent.
  await secretariat
    .getByTestId('roster-file')
    .setInputFiles({ name: 'delegations.csv', mimeType: 'text/csv', buffer: Buffer.from(withProblem) });
  await expect(secretariat.getByTestId('roster-problems')).toHaveText(
    "Row 3: the name in English, the meeting's original language, is missing.",
  );
  await expect(secretariat.getByTestId('roster-import-button')).toBeDisabled();

  // Corrected: the preview says what will change.
  await secretariat.getByTestId('roster-text').fill(fixed);
  await expect(secretariat.getByTestId('roster-summary')).toHaveText('2 new delegations, 1 renamed, 0 unchanged.');
  await expect(secretariat.getByTestId('roster-row-guest-administration')).toHaveAttribute('data-status', 'new');
  await expect(secretariat.getByTestId('roster-row-mt')).toHaveAttribute('data-status', 'renamed');
  await secretariat.getByTestId('roster-import-button').click();
  await expect(secretariat.getByTestId('roster-result')).toHaveText(
    'Imported: 2 new delegations (links created), 1 renamed.',
  );
  await expect(panel.getByRole('heading', { name: 'Delegations (56)' })).toBeVisible();

  // The chair's console has them at once.
  await expect(chair.getByTestId('presence-eu-taxud')).toContainText('European Commission (DG TAXUD)');
  await expect(chair.getByTestId('presence-mt')).toContainText('Malta Customs and Excise');

  // The links: found by name, and all of them as a CSV for the mail merge.
  await secretariat.getByTestId('invite-links').locator('summary').click();
  await secretariat.getByTestId('links-filter').fill('TAXUD');
  await expect(secretariat.getByTestId('invite-links').getByRole('listitem')).toHaveCount(2);
  await expect(secretariat.getByTestId('link-eu-taxud-head')).toContainText(
    'European Commission (DG TAXUD) — head of delegation',
  );
  const [download] = await Promise.all([
    secretariat.waitForEvent('download'),
    secretariat.getByTestId('links-csv').click(),
  ]);
  const path = await download.path();
  const rows = readFileSync(path, 'utf8').split(/\r?\n/);
  const headRow = rows.find((r) => r.includes(',delegate,head,eu-taxud,'));
  const url = headRow?.split(',').at(-1);
  expect(url).toMatch(/\/m\/[\w-]+#t=/);

  // The new head of delegation follows the link: their view, their name, the floor.
  const delegate = await openAs(browser, url ?? '', { locale: 'ru-RU' });
  await expect(delegate.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await expect(delegate.locator('header')).toContainText('Европейская комиссия (ГД TAXUD)');
  await expect(chair.getByTestId('presence-eu-taxud')).toHaveAttribute('data-online', 'true');

  // The link was forwarded: the secretariat replaces it. The old one stops working at once.
  await secretariat.getByTestId('reissue-eu-taxud-head').click();
  await expect(secretariat.getByTestId('confirm-dialog')).toContainText(
    'European Commission (DG TAXUD) — head of delegation',
  );
  await secretariat.getByTestId('confirm-ok').click();
  await expect(secretariat.getByTestId('links-status')).toHaveText(
    'New link for European Commission (DG TAXUD) — head of delegation: the old one no longer works. Copy it from the list.',
  );
  await expect(delegate.getByTestId('link-refused')).toBeVisible();
  await expect(chair.getByTestId('presence-eu-taxud')).toHaveAttribute('data-online', 'false');
  // Still one head link for the delegation, a new one.
  await expect(secretariat.getByTestId('link-eu-taxud-head')).toHaveCount(1);
});
