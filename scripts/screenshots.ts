// `npm run screenshots`: every view of the demo meeting in English and Russian (and in the dark
// theme, in English), into docs/screenshots/.
// Starts its own server on a free port with a throw-away data folder and drives the meeting to a
// moment worth showing: an item under way, a speaker with the clock running, a vote open.
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { meetingDefinitionSchema } from '@rostrum/core';
import { createServer, demoMeeting } from '@rostrum/server';

const OUT = resolve('docs/screenshots');
const LANGS = ['en', 'ru'] as const;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Scheme = 'light' | 'dark';

/** The shots: every view in both languages in the light theme, and in English in the dark one (the app follows the system's scheme). */
const SHOTS: ReadonlyArray<{ lang: (typeof LANGS)[number]; scheme: Scheme }> = [
  ...LANGS.map((lang) => ({ lang, scheme: 'light' as const })),
  { lang: 'en', scheme: 'dark' },
];

async function open(
  browser: Browser,
  url: string,
  lang: string,
  viewport: { width: number; height: number },
  colorScheme: Scheme = 'light',
): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB', viewport, colorScheme });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-testid="connection"][data-status="live"]').first().waitFor({ state: 'attached' });
  return page;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-shots-'));
  const server = await createServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'warn',
    webDist: resolve('apps/web/dist'),
  });
  const { url } = await server.listen();
  const { room, links } = await server.registry.create(meetingDefinitionSchema.parse(demoMeeting()));
  const link = (role: string, delegationId: string | null = null) => {
    const found = links.find(
      (l) =>
        l.role === role &&
        (delegationId === null || l.delegationId === delegationId) &&
        (l.role !== 'delegate' || l.seat !== 'deputy'),
    );
    if (!found) throw new Error(`no ${role} link`);
    return found;
  };
  const local = (u: string) => u.replace(/^https?:\/\/[^/]+/, url);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  mkdirSync(OUT, { recursive: true });
  try {
    // Drive the meeting with the chair's own screen: open, take up the Uzbekistan proposal, a speaker, a vote.
    const chair = await open(browser, local(link('chair').url), 'en', { width: 1366, height: 900 });
    await chair.getByTestId('btn-open').click();
    await chair.getByTestId('start-uz-lab').click();
    const uz = await open(browser, local(link('delegate', 'uz').url), 'en', { width: 1280, height: 900 });
    await uz.getByTestId('ask-statement').click();
    await chair.getByTestId('btn-next-speaker').click();
    await chair.getByTestId('open-poll-uz-lab-proposal').click();
    await chair.getByTestId('poll-open-submit').click();
    await uz.getByTestId('ballot-support').click();
    await uz.getByTestId('ballot-receipt').waitFor();
    await chair.close();
    await uz.close();

    const observer = link('observer');
    const views: Array<{ name: string; url: string; viewport: { width: number; height: number }; fullPage: boolean }> =
      [
        // The chair's console is meant to fit one 1366×900 screen: shoot exactly that.
        { name: 'chair', url: link('chair').url, viewport: { width: 1366, height: 900 }, fullPage: false },
        { name: 'secretariat', url: link('secretariat').url, viewport: { width: 1366, height: 900 }, fullPage: true },
        { name: 'delegate', url: link('delegate', 'kz').url, viewport: { width: 1280, height: 900 }, fullPage: true },
        {
          name: 'delegate-phone',
          url: link('delegate', 'uz').url,
          viewport: { width: 375, height: 812 },
          fullPage: false,
        },
        { name: 'observer', url: observer.url, viewport: { width: 1280, height: 900 }, fullPage: false },
        {
          name: 'projector',
          url: observer.projectorUrl ?? observer.url,
          viewport: { width: 1920, height: 1080 },
          fullPage: false,
        },
      ];
    for (const { lang, scheme } of SHOTS) {
      for (const view of views) {
        const page = await open(browser, local(view.url), lang, view.viewport, scheme);
        await page.waitForTimeout(800); // presence and clocks settle
        const file = join(OUT, `${view.name}-${lang}${scheme === 'dark' ? '-dark' : ''}.png`);
        await page.screenshot({ path: file, fullPage: view.fullPage });
        console.log(`wrote ${file}`);
        await page.context().close();
      }
    }
    console.log(`meeting ${room.id}: ${views.length * SHOTS.length} screenshots in ${OUT}`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
