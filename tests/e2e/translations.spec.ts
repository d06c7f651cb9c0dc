import { expect, test } from './test.js';
import type { MeetingDefinitionInput } from '@rostrum/core';
import { createMeeting, linkFor, openAs } from './fixtures.js';

/**
 * A meeting held in English (the original) and French, prepared in English: only Belgium's
 * name is in French so far. Five texts are missing in French: the meeting's title, the chair's
 * name, both agenda items and Malta's name.
 */
function englishFrenchMeeting(): MeetingDefinitionInput {
  return {
    languages: ['en', 'fr'],
    title: { en: 'Europe Region Heads of Customs Meeting' },
    startsAt: '2026-06-01T09:00:00+02:00',
    timeZone: 'Europe/Brussels',
    chair: { name: { en: 'Vice-Chair for the Europe Region' }, delegationId: null },
    delegations: [
      { id: 'be', name: { en: 'Belgium', fr: 'Belgique' } },
      { id: 'mt', name: { en: 'Malta' } },
    ],
    agenda: [
      { id: 'opening', title: { en: 'Opening of the session' }, plannedMinutes: 10 },
      { id: 'aob', title: { en: 'Any other business' }, plannedMinutes: 10 },
    ],
  };
}

test('the secretariat translates a text into French and a French delegate sees it change live; a language is added; notes are kept per language', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request, englishFrenchMeeting());
  const secretariat = await openAs(browser, linkFor(meeting, 'secretariat').url);
  const colleague = await openAs(browser, linkFor(meeting, 'secretariat').url);
  const delegate = await openAs(browser, linkFor(meeting, 'delegate', 'be').url, { locale: 'fr-FR' });
  for (const page of [secretariat, colleague, delegate])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');

  // The panel counts what is missing in French, and opens on French.
  const panel = secretariat.getByTestId('translations');
  await expect(panel.getByTestId('translations-missing-fr')).toHaveText('French: 5 missing');
  await expect(panel.getByTestId('translations-missing-en')).toHaveText('English: original language');
  await expect(panel.getByTestId('translations-lang')).toHaveValue('fr');

  // The French delegate reads the item in the English original, marked "not translated".
  const delegateItem = delegate.getByTestId('agenda-item-opening');
  await expect(delegateItem).toContainText('Opening of the session');
  await expect(delegateItem.getByTestId('text-mark')).toHaveText('non traduit');

  // The secretariat reads the original beside the field, writes the French title and saves it.
  const key = 'item.title:opening';
  const row = panel.getByTestId(`translation-${key}`);
  await expect(row).toHaveAttribute('data-missing', 'true');
  await expect(row.getByTestId(`translation-original-${key}`)).toHaveText('Opening of the session');
  await expect(row.getByTestId(`translation-original-${key}`)).toHaveAttribute('lang', 'en');
  const field = row.getByTestId(`translation-input-${key}`);
  await expect(field).toHaveAttribute('lang', 'fr');
  await field.fill('Ouverture de la session');
  await row.getByTestId(`translation-save-${key}`).click();
  await expect(row).toHaveAttribute('data-missing', 'false');
  await expect(panel.getByTestId('translations-missing-fr')).toHaveText('French: 4 missing');

  // A colleague's panel has it at once.
  await expect(colleague.getByTestId(`translation-input-${key}`)).toHaveValue('Ouverture de la session');
  await expect(colleague.getByTestId('translations-missing-fr')).toHaveText('French: 4 missing');

  // The delegate's agenda changes without a reload: French, no mark.
  await expect(delegateItem).toContainText('Ouverture de la session');
  await expect(delegateItem.getByTestId('text-mark')).toHaveCount(0);

  // "Only missing" hides what is translated, but a row saved while it is on stays under the pen.
  await panel.getByTestId('translations-only-missing').check();
  await expect(panel.getByTestId('translation-delegation.name:be')).toHaveCount(0);
  await expect(row).toHaveCount(0);
  const malta = panel.getByTestId('translation-delegation.name:mt');
  await malta.getByTestId('translation-input-delegation.name:mt').fill('Malte');
  await malta.getByTestId('translation-save-delegation.name:mt').click();
  await expect(malta).toHaveAttribute('data-missing', 'false');
  await expect(panel.getByTestId('translations-missing-fr')).toHaveText('French: 3 missing');

  // The original cannot be blanked from the panel: the message comes at the text.
  await panel.getByTestId('translations-only-missing').uncheck();
  await panel.getByTestId('translations-lang').selectOption('en');
  const mt = panel.getByTestId('translation-delegation.name:mt');
  await mt.getByTestId('translation-input-delegation.name:mt').fill('');
  await mt.getByTestId('translation-save-delegation.name:mt').click();
  await expect(mt.getByTestId('translation-problem-delegation.name:mt')).toHaveText(
    'The original cannot be blank: correct it instead.',
  );

  // Spanish is added to the meeting: every text starts untranslated in it.
  await expect(panel.getByTestId('add-language-select')).toHaveValue('es');
  await panel.getByTestId('add-language').click();
  await secretariat.getByTestId('confirm-ok').click();
  await expect(panel.getByTestId('translations-missing-es')).toHaveText('Spanish: 6 missing');
  await expect(panel.getByTestId('translations-missing-fr')).toHaveText('French: 3 missing');
  await expect(panel.getByTestId('add-language-select')).toHaveValue('ru');

  // Notes in French are French notes: the English ones stay empty.
  const notes = secretariat.getByTestId('notes');
  await expect(secretariat.getByTestId('notes-status')).toHaveAttribute('class', /connection-live/);
  await expect(notes).toHaveAttribute('data-lang', 'en');
  await notes.getByTestId('notes-lang').selectOption('fr');
  await expect(notes).toHaveAttribute('data-lang', 'fr');
  const editor = notes.getByTestId('notes-editor');
  await expect(editor).toHaveAttribute('lang', 'fr');
  await editor.click();
  await secretariat.keyboard.type('Le Vice-Président ouvre la session.');
  await expect(editor).toHaveValue('Le Vice-Président ouvre la session.');
  await notes.getByTestId('notes-lang').selectOption('en');
  await expect(notes.getByTestId('notes-editor')).toHaveValue('');
  await notes.getByTestId('notes-lang').selectOption('fr');
  await expect(notes.getByTestId('notes-editor')).toHaveValue('Le Vice-Président ouvre la session.');
});
