import { readFileSync } from 'node:fs';
import { expect, test } from './test.js';
import { createMeeting, linkFor, openAs } from './fixtures.js';

test('a delegate says who attends on their link; the secretariat sees it in the participants panel, corrects the title and exports the list', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const delegate = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url, { locale: 'ru-RU' });

  // First opening: a card asks who is attending, the invitation language set to the interface's.
  const card = delegate.getByTestId('your-details');
  await expect(card).toBeVisible();
  await expect(card.getByRole('heading')).toHaveText('Кто участвует по этой ссылке?');
  await expect(delegate.getByTestId('your-details-form-language')).toHaveValue('ru');
  // The meeting stays usable behind it.
  await expect(delegate.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await delegate.getByTestId('your-details-form-email').fill('not an address');
  await delegate.getByTestId('your-details-form-save').click();
  await expect(delegate.getByTestId('your-details-form-name-error')).toHaveText('Укажите имя.');
  await expect(delegate.getByTestId('your-details-form-email-error')).toHaveText('Неверный адрес электронной почты.');
  await delegate.getByTestId('your-details-form-name').fill('Бахадыр Саидов');
  await delegate.getByTestId('your-details-form-title').fill('Председатель комитета');
  await delegate.getByTestId('your-details-form-email').fill('b.saidov@customs.uz');
  await delegate.getByTestId('your-details-form-save').click();
  await expect(delegate.getByTestId('your-details-saved')).toBeVisible();
  await expect(card).toHaveCount(0);

  // Reopened from the header: what was entered.
  await delegate.getByTestId('your-details-open').click();
  await expect(delegate.getByTestId('your-details-form-name')).toHaveValue('Бахадыр Саидов');
  // The head registers a member of the delegation who has no link of their own.
  const members = delegate.getByTestId('delegation-members');
  await expect(members).toContainText('Других членов не зарегистрировано.');
  await members.getByTestId('delegation-member-add').click();
  await members.getByTestId('delegation-member-form-name').fill('Aziz Karimov');
  await members.getByTestId('delegation-member-form-title').fill('Adviser');
  await members.getByTestId('delegation-member-form-save').click();
  await expect(members.getByTestId('delegation-member')).toHaveText(/Aziz Karimov\s*Adviser/);
  await delegate.getByTestId('your-details-form-cancel').click();
  await expect(card).toHaveCount(0);
  // Once answered (or put aside), a reload does not ask again.
  await delegate.reload();
  await expect(delegate.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  await expect(card).toHaveCount(0);

  // The secretariat's panel: Uzbekistan's head, entered by the person.
  const secretariat = await openAs(browser, linkFor(meeting, 'secretariat').url);
  await expect(secretariat.getByTestId('your-details')).toHaveCount(0);
  const panel = secretariat.getByTestId('participants-panel');
  const uz = panel.getByTestId('participants-group-uz');
  await uz.locator('summary').click();
  const head = uz.locator('[data-seat="delegate:uz:head"]');
  await expect(head.getByTestId('participant-name')).toHaveText('Бахадыр Саидов');
  await expect(head.getByTestId('participant-entered-by')).toHaveText('Entered by the person');
  await expect(panel.getByTestId('participants-count')).toHaveText('2 people named');
  await expect(uz.locator('[data-seat="extra"]').getByTestId('participant-name')).toHaveText('Aziz Karimov');

  // The title corrected by the secretariat.
  await head.getByTestId('participant-edit').click();
  await head.getByTestId('participant-form-title').fill('Chairman, State Customs Committee');
  await head.getByTestId('participant-form-save').click();
  await expect(head.getByTestId('participant-title')).toHaveText('Chairman, State Customs Committee');
  await expect(head.getByTestId('participant-entered-by')).toHaveText('Entered by the secretariat');

  // A member of the delegation added by the secretariat.
  await uz.getByTestId('participant-add-extra').click();
  await uz.getByTestId('participant-extra-form-name').fill('Dilnoza Karimova');
  await uz.getByTestId('participant-extra-form-save').click();
  await expect(uz.locator('[data-seat="extra"]').getByTestId('participant-name')).toHaveText([
    'Aziz Karimov',
    'Dilnoza Karimova',
  ]);
  await expect(panel.getByTestId('participants-count')).toHaveText('3 people named');

  // The export: a CSV with a byte order mark, the corrected title, the delegate's own address.
  const downloading = secretariat.waitForEvent('download');
  await panel.getByTestId('participants-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`participants-${meeting.id}.csv`);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8');
  expect(csv).toContain(
    'Uzbekistan Customs,Head of delegation,Бахадыр Саидов,"Chairman, State Customs Committee",b.saidov@customs.uz,ru,Secretariat,Active',
  );
  expect(csv).toContain('Uzbekistan Customs,Member of the delegation,Aziz Karimov,Adviser,,ru,Themselves,');
  expect(csv).toContain('Uzbekistan Customs,Member of the delegation,Dilnoza Karimova,,,en,Secretariat,');

  // The delegate sees the corrected title when they open their details again.
  await delegate.getByTestId('your-details-open').click();
  await expect(delegate.getByTestId('your-details-form-title')).toHaveValue('Chairman, State Customs Committee');
});
