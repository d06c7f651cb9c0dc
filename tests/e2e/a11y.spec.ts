import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test.js';
import { createMeeting, linkFor, type CreatedMeeting } from './fixtures.js';

/**
 * axe on every view, in both languages and both colour schemes, with the meeting live: an item
 * under way, a speaker with the clock running and a poll open. No serious or critical violation.
 */
const LOCALES = ['en-GB', 'ru-RU'] as const;
const SCHEMES = ['light', 'dark'] as const;

async function open(
  browser: Browser,
  url: string,
  locale: string,
  colorScheme: 'light' | 'dark',
  viewport = { width: 1366, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ locale, colorScheme, viewport });
  const page = await context.newPage();
  await page.goto(url.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
  return page;
}

/** Drives the demo meeting to its busiest moment from the chair's and a delegate's screens. */
async function liveMeeting(browser: Browser, meeting: CreatedMeeting): Promise<void> {
  const chair = await open(browser, linkFor(meeting, 'chair').url, 'en-GB', 'light');
  const uz = await open(browser, linkFor(meeting, 'delegate', 'uz').url, 'en-GB', 'light');
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-uz-lab').click();
  await uz.getByTestId('ask-statement').click();
  await expect(uz.getByTestId('withdraw-statement')).toBeVisible();
  await chair.getByTestId('btn-next-speaker').click();
  await expect(chair.getByTestId('countdown')).toBeVisible();
  await chair.getByTestId('open-poll-uz-lab-proposal').click();
  await chair.getByTestId('poll-quorum').fill('0');
  await chair.getByTestId('poll-open-submit').click();
  await expect(uz.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');
  await uz.getByTestId('ballot-support').click();
  await expect(uz.getByTestId('ballot-receipt')).toBeVisible();
  await chair.context().close();
  await uz.context().close();
}

function views(meeting: CreatedMeeting): Array<{ name: string; url: string }> {
  const observer = linkFor(meeting, 'observer');
  if (!observer.projectorUrl) throw new Error('no projector link');
  return [
    { name: 'chair', url: linkFor(meeting, 'chair').url },
    { name: 'secretariat', url: linkFor(meeting, 'secretariat').url },
    { name: 'delegate', url: linkFor(meeting, 'delegate', 'uz').url },
    { name: 'observer', url: observer.url },
    { name: 'projector', url: observer.projectorUrl.replace('#', '?lang=both#') },
  ];
}

// One journey per theme and language: each stays well inside its time on a loaded machine.
for (const scheme of SCHEMES) {
  for (const locale of LOCALES) {
    test(`axe finds no serious or critical violation on any view (${locale}, ${scheme} theme)`, async ({
      browser,
      request,
    }) => {
      test.setTimeout(180_000);
      const meeting = await createMeeting(request);
      await liveMeeting(browser, meeting);
      for (const view of views(meeting)) {
        const page = await open(browser, view.url, locale, scheme);
        await expect(page.getByTestId('current-item')).toHaveAttribute('data-item-id', 'uz-lab');
        await expect(page.getByTestId('speaker-now')).toHaveAttribute('data-delegation', 'uz');
        await expect(page.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');
        await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
        // Screen readers hear the item, the speaker and the poll change.
        for (const id of ['current-item', 'speaker-now', 'poll-progress']) {
          await expect(page.locator(`[aria-live] [data-testid="${id}"], [aria-live][data-testid="${id}"]`)).toHaveCount(
            1,
          );
        }
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
          .analyze();
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        const summary = bad.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 5)
              .join(' | ')}`,
        );
        expect(summary, `${view.name} ${locale} ${scheme}`).toEqual([]);
        await page.context().close();
      }
    });
  }
}
