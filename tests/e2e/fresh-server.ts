import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server process of its own on an empty data folder, and the setup link it printed. */
export type FreshServer = { setupUrl: string; stop: () => Promise<void> };

/**
 * Starts Rostrum as `npm start` does, on a fresh data folder (no account yet, so it prints the
 * administrator's setup link), for the specs that begin from an empty install; the shared e2e
 * server has its administrator already.
 */
export async function startFreshServer(name: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<FreshServer> {
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), `rostrum-e2e-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: base,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode === null)
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    rmSync(dataDir, { recursive: true, force: true });
  };
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = /Create the administrator account[^\n]*?(https?:\/\/\S+\/setup\/[A-Za-z0-9_-]+)/.exec(out);
    if (found?.[1]) return { setupUrl: found[1], stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        child.exitCode !== null ? `the server exited with ${child.exitCode}` : `no setup link printed:\n${out}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** No serious or critical axe violation on the page as it is. */
export async function accessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}
