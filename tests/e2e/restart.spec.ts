import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The server dies in the middle of the meeting (SIGKILL) and comes back on the same data folder:
 * every client — chair, secretariat, delegate, observer, projector — reconnects by itself and
 * shows the live state again within 5 s of the server being back, without a reload.
 *
 * This spec runs its own server process (the shared one of the other specs must stay up), on
 * E2E_RESTART_PORT (default: the e2e port + 11).
 */

const PORT = Number(process.env.E2E_RESTART_PORT ?? Number(process.env.E2E_PORT ?? 8137) + 11);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = 'restart-admin-token';
const RECONNECT_BUDGET_MS = 5000;

let dataDir = '';
let server: ChildProcess | null = null;

async function startServer(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: BASE,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server = child;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function killServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rostrum-restart-'));
  await startServer();
});

test.afterAll(async () => {
  await killServer();
  rmSync(dataDir, { recursive: true, force: true });
});

type Link = { role: string; delegationId: string | null; seat?: string | null; url: string; projectorUrl?: string };

async function open(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

test('after a crash and restart mid-meeting, every view is live again within 5 s, by itself', async ({ browser }) => {
  test.setTimeout(90_000);
  const list = await (await fetch(`${BASE}/api/meetings`, { headers: { Authorization: `Bearer ${ADMIN}` } })).json();
  const meetingId = String((list as { data: Array<{ id: string }> }).data[0]?.id);
  const linksRes = await (
    await fetch(`${BASE}/api/meetings/${meetingId}/links`, { headers: { Authorization: `Bearer ${ADMIN}` } })
  ).json();
  const links = (linksRes as { data: Link[] }).data;
  const url = (role: string, delegationId: string | null = null) => {
    const link = links.find((l) => l.role === role && (delegationId === null || l.delegationId === delegationId));
    if (!link) throw new Error(`no ${role} link`);
    return link;
  };
  const projectorUrl = url('observer').projectorUrl;
  if (!projectorUrl) throw new Error('no projector link');

  const chair = await open(browser, url('chair').url);
  const delegate = await open(browser, url('delegate', 'uz').url);
  const pages = [
    chair,
    await open(browser, url('secretariat').url),
    delegate,
    await open(browser, url('observer').url),
    await open(browser, projectorUrl),
  ];
  for (const page of pages)
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live', { timeout: 10_000 });
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-council').click();
  await delegate.getByTestId('ask-statement').click();
  await expect(delegate.getByTestId('your-place')).toHaveText('You are 2nd in line');
  for (const page of pages) await expect(page.getByTestId('current-item')).toHaveAttribute('data-item-id', 'council');

  // The crash: every view notices.
  await killServer();
  for (const page of pages)
    await expect(page.getByTestId('connection')).not.toHaveAttribute('data-status', 'live', { timeout: 10_000 });

  await startServer();
  const back = Date.now();
  await Promise.all(
    pages.map((page) =>
      expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live', { timeout: RECONNECT_BUDGET_MS }),
    ),
  );
  const elapsed = Date.now() - back;
  console.log(`restart: every view live again ${elapsed} ms after the server was back`);
  expect(elapsed).toBeLessThanOrEqual(RECONNECT_BUDGET_MS);
  // The live state, as it was: the item under way, the delegate's place.
  for (const page of pages) await expect(page.getByTestId('current-item')).toHaveAttribute('data-item-id', 'council');
  await expect(delegate.getByTestId('your-place')).toHaveText('You are 2nd in line');

  // And it is live, not a frozen copy: the chair moves on and everyone follows.
  await chair.getByTestId('start-rocb-report').click();
  for (const page of pages)
    await expect(page.getByTestId('current-item')).toHaveAttribute('data-item-id', 'rocb-report');
  for (const page of pages) await page.context().close();
});
