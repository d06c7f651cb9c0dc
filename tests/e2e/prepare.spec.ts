import { expect, test } from '@playwright/test';
import { createMeeting, linkFor, openAs } from './fixtures.js';

test('the secretariat corrects an item and links its documents (validated, in Russian); every participant sees them', async ({ browser, request }) => {
  const meeting = await createMeeting(request);
  const secretariat = await openAs(browser, linkFor(meeting, 'secretariat').url, { locale: 'ru-RU' });
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const delegate = await openAs(browser, linkFor(meeting, 'delegate', 'kz').url);
  for (const page of [secretariat, chair, delegate]) await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');

  await secretariat.getByTestId('edit-item-aob').click();
  const form = 'edit-aob';
  await secretariat.getByTestId(`${form}-minutes`).fill('0');
  await secretariat.getByTestId(`${form}-title-en`).fill('');
  await secretariat.getByTestId(`${form}-add-doc`).click();
  await secretariat.getByTestId(`${form}-doc-url-0`).fill('http://example.org/aob.pdf');
  await secretariat.getByTestId(`${form}-doc-en-0`).fill('Note on other business');
  await secretariat.getByTestId(`${form}-doc-ru-0`).fill('Записка о разном');
  await secretariat.getByTestId(`${form}-save`).click();
  await expect(secretariat.getByTestId(`${form}-minutes-error`)).toHaveText('Целое число минут от 1 до 600.');
  await expect(secretariat.getByTestId(`${form}-titleEn-error`)).toHaveText('Обязательно: заполните и на этом языке.');
  await expect(secretariat.getByTestId(`${form}-docs-error`)).toContainText('Документ 1');
  await expect(secretariat.getByTestId(`${form}-minutes`)).toHaveAttribute('aria-invalid', 'true');

  await secretariat.getByTestId(`${form}-minutes`).fill('12');
  await secretariat.getByTestId(`${form}-title-en`).fill('Any other business (AOB)');
  await secretariat.getByTestId(`${form}-doc-url-0`).fill('https://example.org/aob.pdf');
  await secretariat.getByTestId(`${form}-save`).click();
  await expect(secretariat.getByTestId(form)).toHaveCount(0);

  await expect(chair.getByTestId('agenda-item-aob')).toContainText('Any other business (AOB)');
  await expect(chair.getByTestId('agenda-item-aob')).toContainText('12 min planned');
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-aob').click();
  const link = delegate.getByTestId('item-documents-aob').getByRole('link', { name: /Note on other business/ });
  await expect(link).toHaveAttribute('href', 'https://example.org/aob.pdf');
  await expect(link).toHaveAttribute('rel', /noopener/);
});
