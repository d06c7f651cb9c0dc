import type { Page } from '@playwright/test';
import { expect, test } from './test.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Staff sign in with the organisation's identity provider: a real OpenID provider (oidc-provider
 * and its development login page, apps/server/test/oidc-test-provider.ts) and a server configured
 * with OIDC_*, each its own process on E2E_OIDC_PORT and the next port (default: the e2e port + 23).
 */
const PORT = Number(process.env.E2E_OIDC_PORT ?? Number(process.env.E2E_PORT ?? 8137) + 23);
const BASE = `http://127.0.0.1:${PORT}`;
const ISSUER = `http://127.0.0.1:${PORT + 1}`;

let dataDir = '';
const children: ChildProcess[] = [];
let setupToken = '';

function start(script: string, env: Record<string, string>): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, out: () => out };
}

async function until<T>(what: string, get: () => T | null | Promise<T | null>, log: () => string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await get();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rostrum-e2e-oidc-'));
  const provider = start('apps/server/test/oidc-test-provider.ts', {
    OIDC_TEST_PORT: String(PORT + 1),
    OIDC_TEST_REDIRECT_URI: `${BASE}/api/staff/oidc/callback`,
  });
  await until(
    'the test provider did not start',
    () => (/test OpenID provider at/.test(provider.out()) ? true : null),
    provider.out,
  );
  const server = start('apps/server/src/main.ts', {
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PUBLIC_URL: BASE,
    OIDC_ISSUER: ISSUER,
    OIDC_CLIENT_ID: 'rostrum',
    OIDC_CLIENT_SECRET: 'a client secret long enough for the test provider',
    OIDC_PROVIDER_NAME: 'Example ID',
  });
  setupToken = await until(
    'no setup link printed',
    () => /\/setup\/([A-Za-z0-9_-]+)/.exec(server.out())?.[1] ?? null,
    server.out,
  );
});

test.afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null)
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
  rmSync(dataDir, { recursive: true, force: true });
});

/** From the sign-in page through the provider's development pages: a login form (any password), then consent. */
async function signInWith(page: Page, login: string): Promise<void> {
  // The provider's pages load a web font; there is no Internet here: fail it at once.
  await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
  await page.goto('/signin');
  await page.getByTestId('signin-oidc').click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
}

test('a member of the staff signs in with the identity provider; an unknown one is told why not', async ({
  browser,
}) => {
  // Starts a server of its own (and a provider): more than a minute on a loaded machine.
  test.setTimeout(120_000);
  // The first administrator (over the API, as the setup page would): admin@example.org, known to the provider.
  const made = await fetch(`${BASE}/api/staff/links/${setupToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ email: 'admin@example.org', name: 'Ada Admin', password: 'correct horse battery' }),
  });
  expect(made.status).toBe(201);

  const context = await browser.newContext({ baseURL: BASE, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto('/signin');
  await expect(page.getByTestId('signin-oidc')).toHaveText('Sign in with Example ID');
  await signInWith(page, 'admin');
  await expect(page).toHaveURL(`${BASE}/`);
  await expect(page.getByTestId('staff-who')).toContainText('Ada Admin');

  // Someone the provider knows but this server does not: back on the sign-in page, with the reason.
  const other = await browser.newContext({ baseURL: BASE, locale: 'fr-FR' });
  const stranger = await other.newPage();
  await signInWith(stranger, 'stranger');
  await expect(stranger).toHaveURL(`${BASE}/signin?error=unknown_account`);
  await expect(stranger.getByTestId('signin-error')).toContainText('Aucun compte du personnel');
  await context.close();
  await other.close();
});
