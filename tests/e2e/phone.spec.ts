import type { Page } from '@playwright/test';
import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

const PHONE = { width: 375, height: 812 };

async function noHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

/** Document order of the delegate's essentials: what matters now comes first, the agenda last. */
async function top(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).first().boundingBox();
  if (!box) throw new Error(`${testId} not laid out`);
  return box.y;
}

test('on a 375 px phone a delegate asks for the floor, votes and sees the receipt, in Russian, without sideways scrolling', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const phone = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url, { locale: 'ru-RU', viewport: PHONE });
  for (const page of [chair, phone])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await noHorizontalScroll(phone);

  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-uz-lab').click();
  await expect(phone.getByTestId('current-item')).toHaveAttribute('data-item-id', 'uz-lab');

  await phone.getByTestId('ask-statement').click();
  await expect(phone.getByTestId('your-place')).toHaveText('Вы — 1-й в очереди');
  await chair.getByTestId('btn-next-speaker').click();
  await expect(phone.getByTestId('countdown')).toBeVisible();

  await chair.getByTestId('open-poll-uz-lab-proposal').click();
  await chair.getByTestId('poll-quorum').fill('0');
  await chair.getByTestId('poll-open-submit').click();
  await expect(phone.getByTestId('ballot')).toBeVisible();
  await noHorizontalScroll(phone);

  // Order: item, speaker and countdown, own place and ask buttons, the ballot; the agenda below.
  const order = await Promise.all(
    ['current-item', 'countdown', 'your-place', 'ballot', 'agenda-item-opening'].map((id) => top(phone, id)),
  );
  expect([...order].sort((a, b) => a - b)).toEqual(order);

  // The ballot buttons are large enough to hit with a thumb (44 px).
  const support = phone.getByTestId('ballot-support');
  const box = await support.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await support.click();
  await expect(phone.getByTestId('ballot-receipt')).toHaveText(
    /^Бюллетень вашей делегации зарегистрирован в \d\d:\d\d:\d\d \(Центральная Европа\)\. Ваш выбор: За\.$/,
  );
  await expect(phone.getByTestId('ballot-receipt')).toBeInViewport();
  await noHorizontalScroll(phone);
  await expect(chair.getByTestId('poll-progress')).toHaveAttribute('data-voted', '1');
});
