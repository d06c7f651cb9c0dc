import type { Page } from '@playwright/test';
import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs, type CreatedMeeting } from './fixtures.js';

const PROPOSAL = 'uz-lab-proposal';

/** The deputy's link of a delegation (the links carry the seat; the first one is the head's). */
function deputyLink(meeting: CreatedMeeting, delegationId: string): string {
  const link = meeting.links.find(
    (l) => l.role === 'delegate' && l.delegationId === delegationId && 'seat' in l && l.seat === 'deputy',
  );
  if (!link) throw new Error(`no deputy link for ${delegationId}`);
  return link.url;
}

async function live(...pages: Page[]): Promise<void> {
  for (const page of pages) await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
}

test('the chair puts the Uzbekistan proposal to the vote, two delegates vote (one in Russian), the result shows everywhere, the decision is recorded', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const observer = linkFor(meeting, 'observer');
  if (!observer.projectorUrl) throw new Error('no projector link');
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const uzbekistan = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url);
  const kazakhstan = await openAs(browser, linkFor(meeting, 'delegate', 'kz').url, { locale: 'ru-RU' });
  const projector = await openAs(browser, observer.projectorUrl.replace('#', '?lang=both#'));
  await live(chair, uzbekistan, kazakhstan, projector);

  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-uz-lab').click();
  // Delegates see the proposal of the item under way, in their language.
  await expect(uzbekistan.getByTestId(`proposal-${PROPOSAL}`)).toContainText(
    'Establishment of a Regional Customs Laboratory',
  );
  await expect(kazakhstan.getByTestId(`proposal-${PROPOSAL}`)).toContainText(
    'Создание Региональной таможенной лаборатории',
  );
  await expect(kazakhstan.getByTestId(`proposal-${PROPOSAL}`)).toContainText('Вносит: Таможня: Узбекистан');

  // The chair opens an anonymous support vote, simple majority, no quorum (two delegations are connected here).
  await chair.getByTestId(`open-poll-${PROPOSAL}`).click();
  await chair.getByTestId('poll-secrecy').selectOption('anonymous');
  await chair.getByTestId('poll-quorum').fill('0');
  await chair.getByTestId('poll-open-submit').click();
  for (const page of [chair, uzbekistan, kazakhstan, projector])
    await expect(page.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');
  await expect(kazakhstan.getByTestId('poll-progress')).toHaveText('Проголосовали 0 делегаций из 53');
  await expect(projector.getByTestId('poll-status')).toContainText('Establishment of a Regional Customs Laboratory');
  await expect(projector.getByTestId('poll-status')).toContainText('Создание Региональной таможенной лаборатории');
  await expect(projector.getByRole('button')).toHaveCount(0);

  // Uzbekistan supports; the receipt gives the server's time to the second, in the meeting's zone, named in the reader's language.
  await expect(uzbekistan.getByTestId('voter-right')).toHaveAttribute('data-holds', 'true');
  await uzbekistan.getByTestId('ballot-support').click();
  await expect(uzbekistan.getByTestId('ballot-receipt')).toHaveText(
    /^Your delegation's ballot was recorded at \d\d:\d\d:\d\d \(Central European Time\)\. Your choice: Support\.$/,
  );
  await expect(uzbekistan.getByTestId('ballot-support')).toHaveAttribute('aria-pressed', 'true');
  await expect(kazakhstan.getByTestId('poll-progress')).toHaveText('Проголосовала 1 делегация из 53');

  // Kazakhstan, in Russian, abstains and then changes its ballot to support.
  await kazakhstan.getByRole('button', { name: 'Воздержаться' }).click();
  await expect(kazakhstan.getByTestId('ballot-receipt')).toContainText('Ваш выбор: Воздержаться.');
  await kazakhstan.getByRole('button', { name: 'За', exact: true }).click();
  await expect(kazakhstan.getByTestId('ballot-receipt')).toHaveText(
    /^Бюллетень вашей делегации зарегистрирован в \d\d:\d\d:\d\d \(Центральная Европа\)\. Ваш выбор: За\.$/,
  );
  await expect(chair.getByTestId('poll-progress')).toHaveText('2 of 53 delegations have voted');
  // Anonymous: nobody sees a tally before the close.
  await expect(projector.getByTestId('tally-support')).toHaveCount(0);

  await chair.getByTestId('poll-close').click();
  // Closing a vote cannot be undone: the chair confirms in a dialog.
  await chair.getByTestId('confirm-ok').click();
  for (const page of [chair, uzbekistan, kazakhstan, projector]) {
    await expect(page.getByTestId('poll-result')).toHaveAttribute('data-outcome', 'passed');
    await expect(page.getByTestId('tally-support')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('tally-object')).toHaveAttribute('data-count', '0');
    await expect(page.getByTestId('tally-abstain')).toHaveAttribute('data-count', '0');
  }
  await expect(kazakhstan.getByTestId('poll-outcome')).toHaveText('Принято');
  await expect(uzbekistan.getByTestId('poll-outcome')).toHaveText('Passed');
  await expect(uzbekistan.getByTestId('ballot-support')).toHaveCount(0);

  // The chair records the decision from the result: the wording comes prefilled in both languages.
  await chair.getByTestId('poll-record-decision').click();
  await expect(chair.getByTestId('decision-text-en')).toHaveValue(
    /^The meeting supported the proposal “Establishment of a Regional Customs Laboratory”\. \(In favour: 2; against: 0; abstentions: 0\.\)$/,
  );
  await expect(chair.getByTestId('decision-text-ru')).toHaveValue(
    /^Участники совещания поддержали предложение «Создание Региональной таможенной лаборатории»\./,
  );
  await expect(chair.getByTestId('decision-outcome')).toHaveValue('supported');
  await chair
    .getByTestId('decision-text-en')
    .fill("The meeting supported Uzbekistan Customs' proposal to establish a Regional Customs Laboratory.");
  await chair
    .getByTestId('decision-text-ru')
    .fill(
      'Участники совещания поддержали предложение таможни Узбекистана о создании Региональной таможенной лаборатории.',
    );
  await chair.getByTestId('decision-submit').click();

  const decision = chair.locator('[data-testid^="decision-"][data-outcome="supported"]');
  await expect(decision).toContainText(
    "The meeting supported Uzbekistan Customs' proposal to establish a Regional Customs Laboratory.",
  );
  await expect(kazakhstan.locator('[data-testid^="decision-"][data-outcome="supported"]')).toContainText(
    'Участники совещания поддержали предложение таможни Узбекистана',
  );
  await expect(kazakhstan.locator('[data-testid^="decision-"][data-outcome="supported"]')).toContainText('Поддержано');

  // Read-back on the projector, in both languages.
  await chair.locator('[data-testid^="decision-show-"]').click();
  await expect(projector.getByTestId('readback')).toContainText(
    "The meeting supported Uzbekistan Customs' proposal to establish a Regional Customs Laboratory.",
  );
  await expect(projector.getByTestId('readback')).toContainText(
    'Участники совещания поддержали предложение таможни Узбекистана о создании Региональной таможенной лаборатории.',
  );
  await chair.locator('[data-testid^="decision-hide-"]').click();
  await expect(projector.getByTestId('readback')).toHaveCount(0);
});

test('the head of delegation hands the voting right to the deputy, and only the deputy can vote', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const head = await openAs(browser, linkFor(meeting, 'delegate', 'de').url);
  const deputy = await openAs(browser, deputyLink(meeting, 'de'));
  await live(chair, head, deputy);
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-uz-lab').click();
  await chair.getByTestId(`open-poll-${PROPOSAL}`).click();
  await chair.getByTestId('poll-quorum').fill('0');
  await chair.getByTestId('poll-open-submit').click();

  await expect(deputy.getByTestId('voter-right')).toHaveAttribute('data-holds', 'false');
  await expect(deputy.getByTestId('ballot-support')).toHaveCount(0);
  await expect(deputy.getByTestId('hand-over')).toHaveCount(0);
  await head.getByTestId('hand-over').click();
  await expect(deputy.getByTestId('voter-right')).toHaveAttribute('data-holds', 'true');
  await expect(head.getByTestId('voter-right')).toHaveAttribute('data-holds', 'false');
  await expect(head.getByTestId('ballot-object')).toHaveCount(0);
  await deputy.getByTestId('ballot-object').click();
  await expect(deputy.getByTestId('ballot-receipt')).toContainText('Your choice: Object.');
  // Roll-call: who voted what is public.
  await expect(chair.getByTestId('roll-call-de')).toHaveAttribute('data-choice', 'object');
  await expect(chair.getByTestId('tally-object')).toHaveAttribute('data-count', '1');
  await head.getByTestId('take-back').click();
  await expect(head.getByTestId('ballot-support')).toBeVisible();
});
