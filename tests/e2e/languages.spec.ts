import type { Page } from '@playwright/test';
import { expect, test } from './test.js';
import type { MeetingDefinitionInput } from '@rostrum/core';
import { createMeeting, linkFor, openAs } from './fixtures.js';

const PHONE = { width: 375, height: 812 };

/**
 * A meeting held in French (the original), English and Arabic, prepared in French and only
 * partly translated: the opening item is in all three languages, the report in French and
 * English, the last item in French only; Spain's name has no translation.
 */
function frenchMeeting(): MeetingDefinitionInput {
  return {
    languages: ['fr', 'en', 'ar'],
    title: {
      fr: 'Réunion des directeurs généraux des douanes de la région Afrique du Nord',
      en: 'North Africa Region Heads of Customs Meeting',
      ar: 'اجتماع المديرين العامين للجمارك في منطقة شمال أفريقيا',
    },
    startsAt: '2026-06-01T09:00:00+01:00',
    timeZone: 'Africa/Casablanca',
    chair: { name: { fr: 'Présidence du Maroc', ar: 'رئاسة المغرب' }, delegationId: 'ma' },
    delegations: [
      { id: 'ma', name: { fr: 'Maroc', en: 'Morocco', ar: 'المغرب' } },
      { id: 'es', name: { fr: 'Espagne' } },
      { id: 'mx', name: { fr: 'Mexique', en: 'Mexico', ar: 'المكسيك' } },
    ],
    agenda: [
      {
        id: 'ouverture',
        title: { fr: 'Ouverture de la session', en: 'Opening of the session', ar: 'افتتاح الدورة' },
        plannedMinutes: 10,
        documents: [{ title: { fr: 'Ordre du jour annoté' }, url: 'https://example.org/ordre-du-jour.pdf' }],
      },
      {
        id: 'rapport',
        title: { fr: 'Rapport du Secrétaire général', en: 'Report of the Secretary General' },
        plannedMinutes: 20,
      },
      { id: 'divers', title: { fr: 'Questions diverses' }, plannedMinutes: 10 },
    ],
  };
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

test('a meeting in French, English and Arabic: each reads it in their language, or the original marked, and all follow the chair', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request, frenchMeeting());
  const chair = await openAs(browser, linkFor(meeting, 'chair').url, { locale: 'fr-FR' });
  const arabic = await openAs(browser, linkFor(meeting, 'delegate', 'ma').url, { locale: 'ar', viewport: PHONE });
  const spanish = await openAs(browser, linkFor(meeting, 'delegate', 'es').url, { locale: 'es-ES' });
  for (const page of [chair, arabic, spanish])
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');

  // The chair's interface is French, the meeting's original: French everywhere, no mark.
  await expect(chair.getByRole('heading', { level: 1 })).toHaveText(
    'Réunion des directeurs généraux des douanes de la région Afrique du Nord',
  );
  await expect(chair.getByTestId('agenda-item-divers')).toContainText('Questions diverses');
  await expect(chair.getByTestId('agenda-item-divers').getByTestId('text-mark')).toHaveCount(0);

  // The Arabic phone reads right to left, in Arabic where there is a translation.
  await expect(arabic.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(arabic.getByRole('heading', { level: 1 })).toHaveText(
    'اجتماع المديرين العامين للجمارك في منطقة شمال أفريقيا',
  );
  await expect(arabic.getByTestId('you-represent')).toContainText('المغرب');

  // The Spanish interface: the meeting is not held in Spanish, so the French original, marked FR.
  await expect(spanish.locator('html')).toHaveAttribute('lang', 'es');
  const spanishTitle = spanish.getByRole('heading', { level: 1 });
  await expect(spanishTitle).toContainText('Réunion des directeurs généraux des douanes');
  await expect(spanishTitle.getByTestId('text-mark')).toHaveText('FR');
  await expect(spanishTitle.locator('bdi')).toHaveAttribute('lang', 'fr');

  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('btn-next').click();
  for (const page of [chair, arabic, spanish])
    await expect(page.getByTestId('current-item')).toHaveAttribute('data-item-id', 'ouverture');
  await expect(chair.getByTestId('current-item')).toContainText('Ouverture de la session');
  const arabicItem = arabic.getByTestId('current-item');
  await expect(arabicItem).toContainText('افتتاح الدورة');
  await expect(arabicItem.locator('bdi')).toHaveAttribute('dir', 'rtl');
  await expect(arabicItem.getByTestId('text-mark')).toHaveCount(0);
  await expect(spanish.getByTestId('current-item')).toContainText('Ouverture de la session');
  await expect(spanish.getByTestId('current-item').getByTestId('text-mark')).toHaveText('FR');
  // The document has no Arabic title yet: its French one, marked "not translated".
  const document = arabic.getByTestId('item-documents-ouverture');
  await expect(document).toContainText('Ordre du jour annoté');
  await expect(document.getByTestId('text-mark')).toHaveText('غير مترجم');
  await noHorizontalScroll(arabic);

  // The report has no Arabic title: the French original, marked "not translated", isolated
  // left to right inside the right-to-left page.
  await chair.getByTestId('btn-next').click();
  for (const page of [chair, arabic, spanish])
    await expect(page.getByTestId('current-item')).toHaveAttribute('data-item-id', 'rapport');
  await expect(chair.getByTestId('current-item')).toContainText('Rapport du Secrétaire général');
  await expect(arabicItem).toContainText('Rapport du Secrétaire général');
  await expect(arabicItem.getByTestId('text-mark')).toHaveText('غير مترجم');
  await expect(arabicItem.locator('bdi')).toHaveAttribute('dir', 'ltr');
  await expect(arabicItem.locator('bdi')).toHaveAttribute('lang', 'fr');
  await expect(spanish.getByTestId('current-item')).toContainText('Rapport du Secrétaire général');
  await expect(spanish.getByTestId('current-item').getByTestId('text-mark')).toHaveText('FR');
  // The agenda below mixes both: Arabic where translated, French marked where not.
  await expect(arabic.getByTestId('agenda-item-ouverture')).toContainText('افتتاح الدورة');
  await expect(arabic.getByTestId('agenda-item-divers').getByTestId('text-mark')).toHaveText('غير مترجم');
  await noHorizontalScroll(arabic);

  // Spain's name has no translation: the chair's list of who is connected shows it in French.
  await expect(chair.getByTestId('presence-es')).toContainText('Espagne');
  await expect(chair.getByTestId('presence-es')).toHaveAttribute('data-online', 'true');
});

test('the projector shows two languages of the meeting, each in its own direction, the original once when a translation is missing', async ({
  browser,
  request,
}) => {
  const meeting = await createMeeting(request, frenchMeeting());
  const observer = linkFor(meeting, 'observer');
  if (!observer.projectorUrl) throw new Error('no projector link');
  const chair = await openAs(browser, linkFor(meeting, 'chair').url, { locale: 'fr-FR' });
  const projector = await openAs(browser, observer.projectorUrl.replace('#', '?lang=fr%2Bar#'), {
    viewport: { width: 1920, height: 1080 },
  });
  await expect(projector.getByTestId('projector')).toHaveAttribute('data-langs', 'fr ar');
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('btn-next').click();

  const lines = projector.getByTestId('current-item').locator('.current-title');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toHaveText('Ouverture de la session');
  await expect(lines.nth(0)).toHaveAttribute('dir', 'ltr');
  await expect(lines.nth(1)).toHaveText('افتتاح الدورة');
  await expect(lines.nth(1)).toHaveAttribute('dir', 'rtl');

  // No Arabic title for the report: the French line alone, not twice.
  await chair.getByTestId('btn-next').click();
  await expect(projector.getByTestId('current-item')).toHaveAttribute('data-item-id', 'rapport');
  await expect(lines).toHaveCount(1);
  await expect(lines).toHaveText('Rapport du Secrétaire général');
  await expect(projector.getByRole('button')).toHaveCount(0);
});
