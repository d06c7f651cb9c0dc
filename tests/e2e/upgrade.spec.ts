import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { demoMeeting } from '@rostrum/server';
import { expect, test } from './test.js';

/**
 * A page open while its server is upgraded (docs/deploy.md, "Rolling upgrade"): the web app is
 * built twice into folders of this spec (build B is build A with every hashed file renamed, as a
 * new release renames them), a server of this spec serves A, then is restarted on B. The page of
 * A then needs a lazy view's chunk that B does not have: it reloads once and works, never blank.
 */
const ADMIN = 'upgrade-e2e-admin';
let root = '';
let distA = '';
let distB = '';

/** Build B: build A with a new name for every hashed file, and every mention of it renamed. */
function renamedBuild(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const assets = join(to, 'assets');
  const names = readdirSync(assets).filter((n) => /-[\w-]{8}\.(js|css)$/.test(n));
  const renames = names.map((n) => [n, n.replace(/-([\w-]{8})\.(js|css)$/, '-$1B.$2')] as const);
  const texts = [
    'index.html',
    ...readdirSync(assets)
      .filter((n) => /\.(js|css)$/.test(n))
      .map((n) => `assets/${n}`),
  ];
  for (const file of texts) {
    const path = join(to, file);
    let text = readFileSync(path, 'utf8');
    for (const [old, renamed] of renames) text = text.split(old).join(renamed);
    writeFileSync(path, text);
  }
  for (const [old, renamed] of renames) renameSync(join(assets, old), join(assets, renamed));
  writeFileSync(join(to, 'build.json'), JSON.stringify({ build: 'b0b0b0b0b0b0b0b0', commit: null }));
}

type Server = { url: string; stop: () => Promise<void> };

/** A server of this spec on `dist` and `dataDir` (tests/cluster/node.ts: SQLite, the port it prints). */
async function startServer(
  dist: string,
  dataDir: string,
  opts: { port?: number; archive?: string } = {},
): Promise<Server & { port: number }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/cluster/node.ts'], {
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST: dist,
      ...(opts.archive ? { ASSETS_ARCHIVE: opts.archive } : {}),
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const m = /READY (\d+)/.exec(chunk.toString());
      if (!m) return;
      clearTimeout(timer);
      resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${String(code)}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url: `http://127.0.0.1:${bound}`, port: bound, stop };
}

async function delegateLink(server: Server): Promise<string> {
  const res = await fetch(`${server.url}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoMeeting()),
  });
  const { data } = (await res.json()) as { data: { links: Array<{ role: string; url: string }> } };
  const link = data.links.find((l) => l.role === 'delegate');
  if (!link) throw new Error('no delegate link');
  return link.url;
}

/** Counts the page's loads (the first and each reload). */
function countLoads(page: Page): { readonly count: number } {
  let count = 0;
  page.on('load', () => count++);
  return {
    get count() {
      return count;
    },
  };
}

test.beforeAll(() => {
  test.setTimeout(180_000);
  root = mkdtempSync(join(tmpdir(), 'rostrum-e2e-upgrade-'));
  distA = join(root, 'A');
  distB = join(root, 'B');
  const build = spawnSync('npx', ['vite', 'build', '--outDir', distA, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: 'apps/web',
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}`);
  renamedBuild(distA, distB);
});

test.afterAll(() => {
  if (root && statSync(root, { throwIfNoEntry: false })) rmSync(root, { recursive: true, force: true });
});

test('a page of the old build whose view chunk is gone from the upgraded server reloads once and works', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const data = join(root, 'data-reload');
  const onA = await startServer(distA, data, { archive: join(root, 'archive-a') });
  let onB: Server | null = null;
  try {
    const link = (await delegateLink(onA)).replace(/^https?:\/\/[^/]+/, onA.url);
    // The page of build A loads, but its session check is held back until the server is upgraded:
    // then it asks for the delegate's view, a chunk of build A.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/session', async (route) => {
      await held;
      await route.fallback();
    });
    const loads = countLoads(page);
    await page.goto(link);
    await expect(page.locator('#root')).not.toBeEmpty();

    // The server is upgraded on the same port, with an archive that never saw build A (the worst
    // case: a node whose archive lacks the old build).
    await onA.stop();
    onB = await startServer(distB, data, { port: onA.port, archive: join(root, 'archive-b') });
    const missing = page.waitForResponse((r) => /\/assets\/DelegateView-[\w-]{8}\.js$/.test(r.url()));
    release();
    expect((await missing).status()).toBe(404);

    // One reload, to build B's page: the delegate's view, and no second reload.
    await expect(page.getByTestId('you-represent')).toBeVisible({ timeout: 20_000 });
    expect(loads.count).toBe(2);
    expect(await page.evaluate(() => sessionStorage.getItem('rostrum.chunkReload'))).not.toBeNull();
    expect(await page.evaluate(() => document.documentElement.innerHTML)).toMatch(/DelegateView-[\w-]{8}B\.js/);
  } finally {
    await onB?.stop();
    await onA.stop();
  }
});

test('a page of the old build gets its view chunk from the archive of the server restarted on the new build', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const data = join(root, 'data-archive');
  const onA = await startServer(distA, data);
  let onB: Server | null = null;
  try {
    const link = (await delegateLink(onA)).replace(/^https?:\/\/[^/]+/, onA.url);
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/session', async (route) => {
      await held;
      await route.fallback();
    });
    const loads = countLoads(page);
    await page.goto(link);
    await onA.stop();
    onB = await startServer(distB, data, { port: onA.port }); // the same data folder: its archive has build A
    const chunk = page.waitForResponse((r) => /\/assets\/DelegateView-[\w-]{8}\.js$/.test(r.url()));
    release();
    expect((await chunk).status()).toBe(200);
    await expect(page.getByTestId('you-represent')).toBeVisible({ timeout: 20_000 });
    expect(loads.count).toBe(1);
  } finally {
    await onB?.stop();
    await onA.stop();
  }
});

test('a chunk missing again after the reload: the page says so with a Reload button, and does not loop', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const server = await startServer(distA, join(root, 'data-gone'));
  try {
    const link = (await delegateLink(server)).replace(/^https?:\/\/[^/]+/, server.url);
    // The view's chunk is missing on every load (as on a node that never had it).
    await page.route(/\/assets\/DelegateView-[\w-]{8}\.js$/, (route) => route.fulfill({ status: 404, body: '' }));
    const loads = countLoads(page);
    await page.goto(link);
    await expect(page.getByTestId('update-failed')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
    expect(loads.count).toBe(2);
    await page.waitForTimeout(1000);
    expect(loads.count).toBe(2);
  } finally {
    await server.stop();
  }
});
