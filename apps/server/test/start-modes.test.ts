import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSetupLink } from '../src/setup-link.js';
import { Cleanup, freshDataDir } from './harness.js';

/**
 * The real entry point (`main.ts`) as a process, as `npm start` and a service run it: production
 * (NODE_ENV=production) starts without the demo meeting and writes no link, token or secret to
 * its output (stdout and stderr: the banner and the JSON logs at info); DEMO_MEETING overrides the
 * demo meeting either way; the development start keeps its demo meeting and printed links. The
 * node listens on HOST and nowhere else (the Yjs endpoint and the metrics share its one socket).
 */

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const MAIN = join(REPO, 'apps/server/src/main.ts');

const cleanup = new Cleanup();
afterAll(async () => {
  await cleanup.run();
});

type Started = { child: ChildProcess; url: string; port: number; output: () => string; dataDir: string };

/** Starts `main.ts` on a fresh data folder and port 0, and waits for its banner. */
async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const dataDir = freshDataDir(cleanup);
  const base: NodeJS.ProcessEnv = { ...process.env };
  // Vitest sets NODE_ENV=test; the cases say what they run as.
  delete base.NODE_ENV;
  delete base.DEMO_MEETING;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.add(child, (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 30_000);
    const poll = setInterval(() => {
      // The 'started' log line comes after the banner and the demo meeting: the start is over.
      const m = /listening {3}127\.0\.0\.1:(\d+)/.exec(out);
      if (m?.[1] && out.includes('"msg":"started"')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    }, 25);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${out}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out, dataDir };
}

/** SIGTERM, and the output once the process has exited. */
async function stop(s: Started): Promise<string> {
  if (s.child.exitCode === null)
    await new Promise<void>((done) => {
      s.child.once('exit', () => done());
      s.child.kill('SIGTERM');
    });
  return s.output();
}

/** A setting of the store (the generated admin token, the link secret), read beside the running node. */
function setting(dataDir: string, key: string): string {
  const db = new Database(join(dataDir, 'rostrum.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) throw new Error(`no setting ${key}`);
    return row.value;
  } finally {
    db.close();
  }
}

async function meetings(s: Started): Promise<unknown[]> {
  const res = await fetch(`${s.url}/api/meetings`, {
    headers: { authorization: `Bearer ${setting(s.dataDir, 'admin_token')}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: unknown[] };
  return body.data;
}

/** The JSON log lines of the output (the banner's lines are plain text). */
function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The TCP addresses a process listens on, from /proc: its socket inodes among the listening sockets. */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m?.[1] ? [m[1]] : [];
      } catch {
        return [];
      }
    }),
  );
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      const [local, state, inode] = [f[1], f[3], f[9]];
      if (state !== '0A' || !local || !inode || !inodes.has(inode)) continue;
      const [hex, portHex] = local.split(':');
      const port = parseInt(portHex ?? '0', 16);
      const ip =
        hex?.length === 8
          ? (hex.match(/../g) ?? [])
              .reverse()
              .map((b) => parseInt(b, 16))
              .join('.')
          : `ipv6:${hex}`;
      out.push(`${ip}:${port}`);
    }
  }
  return out;
}

/** What must never be in a production node's output. */
const SECRET_SHAPES = [/\/setup\/[A-Za-z0-9_-]{20,}/, /#t=/, /\/join\//, /eyJ[A-Za-z0-9_-]{10,}\./];

describe('production start (NODE_ENV=production)', { timeout: 60_000 }, () => {
  it('creates no demo meeting, prints where to go and nothing secret, and listens on HOST only', async () => {
    const s = await start({ NODE_ENV: 'production' });
    expect(await meetings(s)).toEqual([]);
    expect(listeningAddresses(s.child.pid ?? 0)).toEqual([`127.0.0.1:${s.port}`]);
    const adminToken = setting(s.dataDir, 'admin_token');
    const tokenSecret = setting(s.dataDir, 'token_secret');

    // The one-time setup link comes from `npm run setup-link`, on the operator's terminal only.
    const got: string[] = [];
    const code = await runSetupLink(
      { DATA_DIR: s.dataDir, PUBLIC_URL: 'https://rostrum.example.org' },
      { out: (l) => got.push(l), err: () => undefined },
    );
    expect(code).toBe(0);
    expect(got[0]).toMatch(/^https:\/\/rostrum\.example\.org\/setup\/[A-Za-z0-9_-]{40,}$/);
    // The link works (the first administrator is created through it), and then there is none to give.
    const created = await fetch(`${s.url}/api/staff/links/${(got[0] ?? '').split('/').pop() ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url },
      body: JSON.stringify({ email: 'admin@example.org', name: 'Ada Admin', password: 'correct horse battery' }),
    });
    expect(created.status).toBe(201);
    const again = await runSetupLink({ DATA_DIR: s.dataDir }, { out: (l) => got.push(l), err: () => undefined });
    expect(again).toBe(1);
    expect(got).toHaveLength(1);

    const output = await stop(s);
    for (const shape of SECRET_SHAPES) expect(output).not.toMatch(shape);
    for (const secret of [adminToken, tokenSecret, got[0] ?? '-', (got[0] ?? '-').split('/').pop() ?? '-'])
      expect(output).not.toContain(secret);
    expect(output).toContain('npm run setup-link');
    expect(output).toContain(`store       sqlite ${join(s.dataDir, 'rostrum.sqlite')}`);
    expect(output).toContain(`listening   127.0.0.1:${s.port}`);
    expect(output).toContain('redis       none');

    const logs = logLines(output);
    expect(logs.find((l) => l.msg === 'started')).toMatchObject({
      level: 30,
      mode: 'production',
      store: `sqlite ${join(s.dataDir, 'rostrum.sqlite')}`,
      redis: 'none',
      bind: `127.0.0.1:${s.port}`,
      publicUrl: 'from each request',
      mail: 'not configured',
      meetings: 0,
    });
    expect(logs.find((l) => l.msg === 'meetings loaded')).toMatchObject({ meetings: 0 });
    expect(logs.find((l) => l.msg === 'stopping')).toMatchObject({ signal: 'SIGTERM' });
    expect(logs.find((l) => l.msg === 'stopped')).toMatchObject({ signal: 'SIGTERM', drained: true });
    expect(logs.some((l) => l.msg === 'created the demo meeting')).toBe(false);
  });

  it('DEMO_MEETING=1 creates the demo meeting, and still prints no link', async () => {
    const s = await start({ NODE_ENV: 'production', DEMO_MEETING: '1', PUBLIC_URL: 'https://rostrum.example.org' });
    expect(await meetings(s)).toHaveLength(1);
    const output = await stop(s);
    for (const shape of SECRET_SHAPES) expect(output).not.toMatch(shape);
    expect(output).toContain('public URL  https://rostrum.example.org');
    expect(output).toContain('created the demo meeting');
  });

  it('setup-link refuses a data folder without a database (it would make a new one)', async () => {
    const dataDir = freshDataDir(cleanup);
    const noDb = await runSetupLink({ DATA_DIR: dataDir }, { out: () => undefined, err: () => undefined });
    expect(noDb).toBe(2);
  });
});

describe('development start (npm start)', { timeout: 60_000 }, () => {
  it('creates the demo meeting and prints its links and the setup link', async () => {
    const s = await start({});
    expect(await meetings(s)).toHaveLength(1);
    const output = await stop(s);
    expect(output).toMatch(/Create the administrator account[^\n]*\/setup\/[A-Za-z0-9_-]{20,}/);
    expect(output).toMatch(/#t=/);
    expect(output).toContain('(development)');
  });

  it('DEMO_MEETING=0 starts empty', async () => {
    const s = await start({ DEMO_MEETING: '0' });
    expect(await meetings(s)).toEqual([]);
    await stop(s);
  });
});
