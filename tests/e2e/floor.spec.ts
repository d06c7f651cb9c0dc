import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

test('a delegate raises a hand, the chair gives the floor, every view shows speaker and countdown', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const observer = linkFor(meeting, 'observer');
  if (!observer.projectorUrl) throw new Error('no projector link');
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const uzbekistan = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url);
  const kazakhstan = await openAs(browser, linkFor(meeting, 'delegate', 'kz').url, { locale: 'ru-RU' });
  const projector = await openAs(browser, observer.projectorUrl);

  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-rocb-report').click();
  await expect(uzbekistan.getByTestId('current-item')).toHaveAttribute('data-item-id', 'rocb-report');

  // Uzbekistan asks for the floor; asking again (a double click) changes nothing.
  await uzbekistan.getByTestId('ask-statement').click();
  await expect(uzbekistan.getByTestId('withdraw-statement')).toBeVisible();
  await expect(uzbekistan.getByTestId('your-place')).toHaveText('You are 2nd in line');
  await kazakhstan.getByTestId('ask-statement').click();
  await expect(kazakhstan.getByTestId('your-place')).toHaveText('Вы — 3-й в очереди');

  // The chair sees both requests after the planned presenter, and gives Uzbekistan the floor.
  const queue = chair.getByTestId('queue');
  await expect(queue.getByRole('listitem')).toHaveCount(3);
  await expect(queue.getByTestId('queue-entry-uz')).toContainText('Uzbekistan Customs');
  await queue.getByTestId('queue-entry-uz').getByRole('button', { name: 'Give the floor' }).click();

  for (const page of [chair, uzbekistan, projector]) {
    await expect(page.getByTestId('speaker-now')).toHaveAttribute('data-delegation', 'uz');
    await expect(page.getByTestId('countdown')).toBeVisible();
  }
  await expect(uzbekistan.getByTestId('your-place')).toHaveText('You have the floor');
  await expect(kazakhstan.getByTestId('speaker-now')).toContainText('Таможня: Узбекистан');
  await expect(kazakhstan.getByTestId('your-place')).toHaveText('Вы — 2-й в очереди');
  // The countdown runs from the server's clock: a statement has 3 minutes.
  await expect(projector.getByTestId('countdown')).toContainText(/2:5\d left/);

  // The chair extends the time; the projector shows it.
  await chair.getByTestId('btn-extend').click();
  await expect(projector.getByTestId('countdown')).toContainText(/3:5\d left/);
  // One key: next speaker.
  await chair.keyboard.press('s');
  await expect(projector.getByTestId('speaker-now')).not.toHaveAttribute('data-delegation', 'uz');
  await expect(uzbekistan.getByTestId('your-place')).toHaveText('');
});
