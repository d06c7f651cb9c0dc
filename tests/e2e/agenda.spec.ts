import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

test('the chair moves through the agenda and both delegates follow live, one in Russian', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const uzbekistan = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url);
  const kazakhstan = await openAs(browser, linkFor(meeting, 'delegate', 'kz').url, { locale: 'ru-RU' });

  for (const page of [chair, uzbekistan, kazakhstan]) {
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  }
  // The Russian delegate sees the meeting in Russian; the English one in English.
  await expect(kazakhstan.getByRole('heading', { level: 1 })).toHaveText(
    'Совещание руководителей таможенных служб региона Европы ВТамО',
  );
  await expect(uzbekistan.getByRole('heading', { level: 1 })).toHaveText('WCO Europe Region Heads of Customs Meeting');
  await expect(kazakhstan.getByTestId('current-item')).toHaveText('Председатель ещё не открыл совещание');

  // A delegate view offers no chair controls.
  for (const page of [uzbekistan, kazakhstan]) {
    await expect(page.getByTestId('btn-open')).toHaveCount(0);
    await expect(page.getByTestId('btn-next')).toHaveCount(0);
    await expect(page.locator('[data-testid^="start-"]')).toHaveCount(0);
  }

  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('btn-next').click();
  await expect(chair.getByTestId('current-item')).toHaveAttribute('data-item-id', 'opening');
  // Both delegates follow live (the benchmarks measure how fast).
  await expect(uzbekistan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'opening');
  await expect(kazakhstan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'opening');
  await expect(kazakhstan.getByTestId('current-item')).toContainText('Вступительное слово заместителя Председателя');

  await chair.getByTestId('btn-next').click();
  await expect(uzbekistan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'sg-address');
  await expect(kazakhstan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'sg-address');
  await expect(uzbekistan.getByTestId('agenda-item-opening')).toHaveAttribute('data-status', 'done');
  await expect(kazakhstan.getByTestId('agenda-item-opening')).toContainText('Рассмотрен');

  // Jumping to an item with its own Start button, and the keyboard shortcut for next.
  await chair.getByTestId('start-rocb-report').click();
  await expect(uzbekistan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'rocb-report');
  await chair.keyboard.press('n');
  await expect(kazakhstan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'rilo');
  await expect(kazakhstan.getByTestId('current-item')).toContainText('Деятельность региональных бюро');

  // The chair sees which delegations are connected.
  await expect(chair.getByTestId('presence-uz')).toHaveAttribute('data-online', 'true');
  await expect(chair.getByTestId('presence-kz')).toHaveAttribute('data-online', 'true');
  await expect(chair.getByTestId('presence-de')).toHaveAttribute('data-online', 'false');
});

test('the language switch is remembered per browser', async ({ browser, request }) => {
  const meeting = await createMeeting(request);
  const page = await openAs(browser, linkFor(meeting, 'delegate', 'de').url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await page.getByTestId('lang-switch').selectOption('ru');
  await expect(page.getByRole('heading', { level: 2, name: 'Повестка дня' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Повестка дня' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
});

test('the projector shows the current item in both languages with no controls', async ({ browser, request }) => {
  const meeting = await createMeeting(request);
  const observer = linkFor(meeting, 'observer');
  if (!observer.projectorUrl) throw new Error('no projector link');
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const projector = await openAs(browser, observer.projectorUrl.replace('#', '?lang=both#'));
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('btn-next').click();
  await expect(projector.getByTestId('current-item')).toContainText('Opening remarks by the Vice-Chair');
  await expect(projector.getByTestId('current-item')).toContainText('Вступительное слово заместителя Председателя');
  await expect(projector.getByRole('button')).toHaveCount(0);
});
