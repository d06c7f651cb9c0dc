import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

test('the secretariat changes the date and the links; a delegate in another browser sees them change without reload, in their language', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const secretariat = await openAs(browser, linkFor(meeting, 'secretariat').url);
  // The Uzbek delegate reads Russian, one of the meeting's languages.
  const delegate = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url, { locale: 'ru-RU' });
  for (const page of [secretariat, delegate])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await expect(delegate.getByTestId('meeting-clock')).toContainText('8 июня 2021');
  await expect(delegate.getByTestId('interpretation-link')).toHaveCount(0);

  const details = secretariat.getByTestId('meeting-details');
  await expect(details.getByRole('heading', { name: 'Meeting details' })).toBeVisible();

  // A link that is not https is refused at its field, before anything is sent.
  await details.getByTestId('links-video').fill('http://meet.example.org/wco');
  await details.getByTestId('links-save').click();
  await expect(details.getByTestId('links-video-error')).toHaveText(
    'Enter a full address starting with https://, or leave the field blank.',
  );
  await expect(details.getByTestId('links-video')).toHaveAttribute('aria-invalid', 'true');

  await details.getByTestId('links-video').fill('https://meet.example.org/wco-2021');
  await details.getByTestId('links-interpretation-en').fill('https://interpret.example.org/en');
  await details.getByTestId('links-interpretation-ru').fill('https://interpret.example.org/ru');
  await details.getByTestId('links-save').click();
  await expect(details.getByTestId('links-video-error')).toHaveCount(0);

  // The delegate's screen follows: the call, and the interpretation in Russian.
  await expect(delegate.getByTestId('video-link')).toHaveAttribute('href', 'https://meet.example.org/wco-2021');
  const interpretation = delegate.getByTestId('interpretation-link');
  await expect(interpretation).toHaveAttribute('href', 'https://interpret.example.org/ru');
  await expect(interpretation).toHaveText('Устный перевод (русский)');
  // The secretariat reads English: its own channel.
  await expect(secretariat.getByTestId('interpretation-link')).toHaveAttribute(
    'href',
    'https://interpret.example.org/en',
  );

  // An unknown time zone is said at the field.
  await details.getByTestId('schedule-zone').fill('Mars/Olympus');
  await details.getByTestId('schedule-save').click();
  await expect(details.getByTestId('schedule-zone-error')).toHaveText(
    'Choose a time zone from the list, for example Europe/Brussels.',
  );

  // A week later, in the afternoon, on the meeting's clock in Brussels.
  await details.getByTestId('schedule-zone').fill('Europe/Brussels');
  await details.getByTestId('schedule-date').fill('2021-06-15');
  await details.getByTestId('schedule-time').fill('14:30');
  await details.getByTestId('schedule-save').click();
  await expect(details.getByTestId('schedule-zone-error')).toHaveCount(0);
  await expect(secretariat.getByTestId('meeting-clock')).toContainText('15 June 2021 at 14:30');
  await expect(delegate.getByTestId('meeting-clock')).toContainText('15 июня 2021');
  await expect(delegate.getByTestId('meeting-clock')).toContainText('14:30');

  // A presenter added during preparation is listed at once, with the delegation named.
  await details.getByTestId('presenter-add-name-en').fill('Ms Director');
  await details.getByTestId('presenter-add-title-en').fill('Director, ROCB Europe');
  await details.getByTestId('presenter-add-delegation').selectOption('de');
  await details.getByTestId('presenter-add-submit').click();
  await expect(
    details.getByTestId('presenters-editor').getByRole('listitem').filter({ hasText: 'Ms Director' }),
  ).toContainText('Germany');

  // Put on "Any other business", the delegate's agenda names them at once.
  const itemForm = details.getByTestId('item-presenters-form');
  await itemForm.getByTestId('item-presenters-item').selectOption('aob');
  await itemForm.getByRole('checkbox', { name: 'Ms Director' }).check();
  await itemForm.getByTestId('item-presenters-save').click();
  await expect(delegate.getByTestId('agenda-item-aob')).toContainText('Ms Director');
  await expect(secretariat.getByTestId('error-banner')).toHaveCount(0);
});

test('two secretariat desks edit the same links: the one still typing is told before replacing the other’s change', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const first = await openAs(browser, linkFor(meeting, 'secretariat').url);
  const second = await openAs(browser, linkFor(meeting, 'secretariat').url);
  for (const page of [first, second])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  const mine = first.getByTestId('meeting-details');
  const theirs = second.getByTestId('meeting-details');

  // The first desk starts typing; the second saves another address meanwhile.
  await mine.getByTestId('links-video').fill('https://meet.example.org/mine');
  await expect(mine.getByTestId('links-save-changed')).toHaveCount(0);
  await theirs.getByTestId('links-video').fill('https://meet.example.org/theirs');
  await theirs.getByTestId('links-save').click();
  await expect(second.getByTestId('video-link')).toHaveAttribute('href', 'https://meet.example.org/theirs');

  // The first desk keeps what it typed, and is told; its save button says what it would do.
  await expect(mine.getByTestId('links-save-changed')).toBeVisible();
  await expect(mine.getByTestId('links-video')).toHaveValue('https://meet.example.org/mine');
  await expect(mine.getByTestId('links-save')).toHaveText('Replace their change');

  // Taking their version shows the record as it is now.
  await mine.getByRole('button', { name: 'Show their version' }).click();
  await expect(mine.getByTestId('links-video')).toHaveValue('https://meet.example.org/theirs');
  await expect(mine.getByTestId('links-save-changed')).toHaveCount(0);
  await expect(mine.getByTestId('links-save')).toHaveText('Save the links');

  // Typing again and saving knowingly replaces it, everywhere.
  await mine.getByTestId('links-video').fill('https://meet.example.org/agreed');
  await mine.getByTestId('links-save').click();
  await expect(second.getByTestId('video-link')).toHaveAttribute('href', 'https://meet.example.org/agreed');
  await expect(theirs.getByTestId('links-video')).toHaveValue('https://meet.example.org/agreed');
});
