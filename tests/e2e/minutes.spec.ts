import { readFileSync } from 'node:fs';
import { expect, test } from './test.js';
import { collapse, pdfText } from '@rostrum/minutes/testing';
import { createMeeting, linkFor, openAs } from './fixtures.js';

test('two secretariat members co-edit an item’s notes, the chair reads them, and the bilingual PDF comes out', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request);
  const secretariat = linkFor(meeting, 'secretariat');
  const alice = await openAs(browser, secretariat.url);
  const boris = await openAs(browser, secretariat.url, { locale: 'ru-RU' });
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);

  // Notes are written per language: Boris, whose interface is Russian, picks the English ones.
  await boris.getByTestId('notes-lang').selectOption('en');

  // The chair opens the meeting and takes up the first item; both notes panels follow it.
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-opening').click();
  for (const page of [alice, boris]) {
    await expect(page.getByTestId('notes')).toHaveAttribute('data-item-id', 'opening');
    await expect(page.getByTestId('notes-status')).toHaveAttribute('class', /connection-live/);
  }

  // Alice types; Boris sees it live (how fast is the benchmarks' business), then adds to it; Alice sees his text.
  const aliceEditor = alice.getByTestId('notes-editor');
  const borisEditor = boris.getByTestId('notes-editor');
  await aliceEditor.click();
  await alice.keyboard.type('The Vice-Chair opened the meeting.');
  await expect(borisEditor).toHaveValue('The Vice-Chair opened the meeting.');
  await borisEditor.click();
  await boris.keyboard.press('Control+End');
  await boris.keyboard.type(' Заместитель Председателя поблагодарил членов.');
  const both = 'The Vice-Chair opened the meeting. Заместитель Председателя поблагодарил членов.';
  await expect(aliceEditor).toHaveValue(both);

  // Both type at once, in different places: nothing is lost, and Alice's caret stays in her words.
  await aliceEditor.click();
  await alice.keyboard.press('Control+Home');
  await alice.keyboard.type('Opening. ');
  await boris.keyboard.press('Control+End');
  await boris.keyboard.type(' Конец.');
  const merged = `Opening. ${both} Конец.`;
  await expect(aliceEditor).toHaveValue(merged);
  await expect(borisEditor).toHaveValue(merged);
  await alice.keyboard.type('Welcome. ');
  await expect(borisEditor).toHaveValue(`Opening. Welcome. ${both} Конец.`);
  // Boris writes before Alice's caret: her caret moves along, her next words land where she was.
  await boris.keyboard.press('Control+Home');
  await boris.keyboard.type('[1] ');
  await expect(aliceEditor).toHaveValue(`[1] Opening. Welcome. ${both} Конец.`);
  await alice.keyboard.type('Hello. ');
  const final = `[1] Opening. Welcome. Hello. ${both} Конец.`;
  await expect(borisEditor).toHaveValue(final);

  // The chair reads the notes, and cannot change them.
  await expect(chair.getByTestId('notes-editor')).toHaveValue(final);
  await expect(chair.getByTestId('notes-editor')).toHaveAttribute('readonly', '');

  // Alice downloads the bilingual PDF: progress shows, then the file.
  await alice.getByTestId('minutes-format').selectOption('pdf');
  await alice.getByTestId('minutes-lang').selectOption('en');
  await alice.getByTestId('minutes-lang-second').selectOption('ru');
  const downloadPromise = alice.waitForEvent('download');
  await alice.getByTestId('minutes-download').click();
  await expect(alice.getByTestId('minutes-progress')).toHaveAttribute('data-state', /working|done/);
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`minutes-${meeting.id}-en-ru.pdf`);
  await expect(alice.getByTestId('minutes-progress')).toHaveAttribute('data-state', 'done');
  const path = await download.path();
  const pdf = new Uint8Array(readFileSync(path));
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  const text = collapse(await pdfText(pdf)).replace(/\s+/g, '');
  for (const expected of [
    'Opening remarks by the Vice-Chair',
    'Вступительное слово заместителя Председателя',
    'Заместитель Председателя поблагодарил членов.',
    'Opening. Welcome.',
  ]) {
    expect(text).toContain(expected.replace(/\s+/g, ''));
  }

  // The record checks out.
  await boris.getByTestId('minutes-verify').click();
  await expect(boris.getByTestId('minutes-verification')).toHaveAttribute('data-intact', 'true');
  await expect(boris.getByTestId('minutes-verification')).toContainText('Запись не изменена');
});
