import { readFileSync } from 'node:fs';
import { expect, test } from './test.js';
import { createMeeting, linkFor } from './fixtures.js';

/**
 * The invitation links the secretariat copies point where its browser reached the server (no
 * PUBLIC_URL here: the page is at http://127.0.0.1:<port>, never `localhost`), the projector's and
 * the observer's are listed with the others and in the CSV, and the list says how long they work.
 */
test('copied links start with the page’s origin; the projector’s and observer’s links are listed, copied and in the CSV', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const context = await browser.newContext({
    locale: 'en-GB',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const secretariat = await context.newPage();
  await secretariat.goto(linkFor(meeting, 'secretariat').url.replace(/^https?:\/\/[^/]+/, ''));
  await expect(secretariat.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  const origin = new URL(secretariat.url()).origin;

  const links = secretariat.getByTestId('invite-links');
  await links.locator('summary').click();
  await expect(secretariat.getByTestId('link-lifetime-summary')).toHaveText(
    'The links work until 30 days after the meeting closes.',
  );
  await expect(secretariat.getByTestId('link-observer-none')).toContainText('Observer');
  await expect(secretariat.getByTestId('link-projector-none')).toContainText('Projector (room screen)');

  const copied = async (testId: string) => {
    await secretariat.getByTestId(testId).click();
    return secretariat.evaluate(() => navigator.clipboard.readText());
  };
  const projector = await copied('copy-projector-none');
  expect(projector.startsWith(`${origin}/m/${meeting.id}/projector#t=`)).toBe(true);
  await expect(secretariat.getByTestId('links-status')).toHaveText('Link copied: Projector (room screen)');
  const delegate = await copied('copy-uz-head');
  expect(delegate.startsWith(`${origin}/m/${meeting.id}#t=`)).toBe(true);

  // The copied projector link opens the projector screen.
  const screen = await browser.newPage();
  await screen.goto(projector);
  await expect(screen.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await screen.close();

  // The CSV: the observer and the projector with their role, on the same origin; not the staff's links.
  const [download] = await Promise.all([
    secretariat.waitForEvent('download'),
    secretariat.getByTestId('links-csv').click(),
  ]);
  const rows = readFileSync(await download.path(), 'utf8').split(/\r?\n/);
  const roleOf = (row: string) => row.split(',').at(-4);
  expect(rows.filter((r) => roleOf(r) === 'projector')).toHaveLength(1);
  expect(rows.filter((r) => roleOf(r) === 'observer')).toHaveLength(1);
  expect(rows.some((r) => roleOf(r) === 'chair' || roleOf(r) === 'secretariat')).toBe(false);
  for (const row of rows.slice(1).filter((r) => r !== '')) expect(row.split(',').at(-1)).toMatch(`${origin}/m/`);

  await context.close();
});
