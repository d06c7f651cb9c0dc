import type { Page } from '@playwright/test';
import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

/** Presses Tab until the element with this test id has the focus (as a keyboard user would). */
async function tabTo(page: Page, testId: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    if (focused === testId) {
      // The focus is visible: an outline, not the browser's default "none".
      const outline = await page.evaluate(() =>
        document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none',
      );
      expect(outline, `focus ring on ${testId}`).not.toBe('none');
      return;
    }
  }
  throw new Error(`Tab never reached ${testId}`);
}

test('the chair runs the Uzbekistan item from start to decision with the keyboard alone', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const chair = await openAs(browser, linkFor(meeting, 'chair').url, { viewport: { width: 1366, height: 900 } });
  const uzbekistan = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url);
  for (const page of [chair, uzbekistan])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');

  // Open the meeting and start the Uzbekistan item: Tab to the buttons, Enter.
  await tabTo(chair, 'btn-open');
  await chair.keyboard.press('Enter');
  await expect(chair.getByTestId('meeting-status')).toHaveAttribute('data-status', 'open');
  await tabTo(chair, 'start-uz-lab');
  await chair.keyboard.press('Enter');
  await expect(uzbekistan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'uz-lab');
  // A key acts on what the chair's own screen shows: wait for it there too before each key.
  await expect(chair.getByTestId('current-item')).toHaveAttribute('data-item-id', 'uz-lab');

  // The presenter has the floor after S; Uzbekistan asks; S again gives it to Uzbekistan.
  await chair.keyboard.press('s');
  await expect(chair.getByTestId('speaker-now')).not.toHaveAttribute('data-entry-id', '');
  await uzbekistan.getByTestId('ask-statement').click();
  await expect(chair.getByTestId('queue-entry-uz')).toBeVisible();
  await chair.keyboard.press('s');
  await expect(uzbekistan.getByTestId('speaker-now')).toHaveAttribute('data-delegation', 'uz');
  await expect(chair.getByTestId('speaker-now')).toHaveAttribute('data-delegation', 'uz');

  // O opens the vote form with the focus in it; quorum 0 (one delegation is connected); Enter opens the vote.
  await chair.keyboard.press('o');
  await expect(chair.getByTestId('poll-method')).toBeFocused();
  await tabTo(chair, 'poll-quorum');
  await chair.keyboard.press('Control+A');
  await chair.keyboard.type('0');
  await chair.keyboard.press('Enter');
  await expect(uzbekistan.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');

  await uzbekistan.getByTestId('ballot-support').click();
  await expect(chair.getByTestId('poll-progress')).toHaveAttribute('data-voted', '1');

  // V asks first; the focus starts on Cancel, so Enter alone destroys nothing.
  await chair.keyboard.press('v');
  await expect(chair.getByTestId('confirm-dialog')).toBeVisible();
  await expect(chair.getByTestId('confirm-cancel')).toBeFocused();
  await chair.keyboard.press('Escape');
  await expect(chair.getByTestId('confirm-dialog')).toHaveCount(0);
  await expect(chair.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');
  await chair.keyboard.press('v');
  await chair.keyboard.press('Tab');
  await expect(chair.getByTestId('confirm-ok')).toBeFocused();
  await chair.keyboard.press('Enter');
  await expect(uzbekistan.getByTestId('poll-result')).toHaveAttribute('data-outcome', 'passed');
  // The chair's own screen shows the result too (the key below acts on what the chair sees).
  await expect(chair.getByTestId('poll-result')).toHaveAttribute('data-outcome', 'passed');
  await expect(chair.getByTestId('confirm-dialog')).toHaveCount(0);

  // D opens the decision, worded from the result; Tab to Save, Enter.
  await chair.keyboard.press('d');
  await expect(chair.getByTestId('decision-outcome')).toBeFocused();
  await expect(chair.getByTestId('decision-text-en')).toHaveValue(/Establishment of a Regional Customs Laboratory/);
  await tabTo(chair, 'decision-submit');
  await chair.keyboard.press('Enter');
  const decision = uzbekistan.locator('[data-testid^="decision-"][data-outcome="supported"]');
  await expect(decision).toContainText('The meeting supported the proposal');
  await expect(chair.locator('[data-testid^="decision-show-"]')).toBeVisible();

  // R shows it on the projector, R hides it.
  await chair.keyboard.press('r');
  await expect(chair.locator('[data-testid^="decision-hide-"]')).toBeVisible();
  await chair.keyboard.press('r');
  await expect(chair.locator('[data-testid^="decision-show-"]')).toBeVisible();

  // ? lists the keys in a dialog; Tab stays inside it; Esc closes it.
  await chair.keyboard.press('?');
  const help = chair.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Close the vote');
  await expect(chair.getByTestId('shortcuts-close')).toBeFocused();
  await chair.keyboard.press('Tab');
  await expect(chair.getByTestId('shortcuts-close')).toBeFocused();
  await chair.keyboard.press('n'); // keys do nothing while a dialog is open
  await chair.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(chair.getByTestId('current-item')).toHaveAttribute('data-item-id', 'uz-lab');
});
