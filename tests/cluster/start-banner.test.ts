import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A production node on PostgreSQL and Redis (`main.ts` as a process, as the service runs it): its
 * start banner and 'started' log line name PostgreSQL (user, host, port, database) and Redis
 * (host:port) — never the password of the connection string, nor the SQLite file it does not use —
 * it creates no demo meeting and writes no link or token.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
const PASSWORD = 'banner-db-password';

/** A database of its own, reached by a URL with a password in it (the test server trusts loopback). */
function freshDatabase(serverUrl: string): { url: string; name: string } {
  const name = `rostrum_banner_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  url.password = PASSWORD;
  return { url: url.toString(), name };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe.skipIf(!SERVER_URL || !REDIS_URL)('a production node on PostgreSQL', () => {
  it('names PostgreSQL and Redis in its banner, without the password, and prints nothing secret', async () => {
    const db = freshDatabase(SERVER_URL ?? '');
    const pg = new URL(SERVER_URL ?? '');
    const redis = new URL(REDIS_URL ?? '');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DEMO_MEETING;
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      env: {
        ...env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        REDIS_URL,
        NODE_ID: 'banner',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!out.includes('"msg":"started"')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the node did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const port = Number(/listening {3}127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const admin = spawnSync(
      'psql',
      [
        SERVER_URL?.replace(/\/[^/]*$/, `/${db.name}`) ?? '',
        '-Atc',
        "SELECT value FROM settings WHERE key = 'admin_token'",
      ],
      {
        encoding: 'utf8',
      },
    ).stdout.trim();
    const res = await fetch(`http://127.0.0.1:${port}/api/meetings`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toEqual([]);
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });

    const store = `postgresql ${decodeURIComponent(pg.username)}@${pg.hostname}:${pg.port}/${db.name}`;
    expect(out).toContain(`store       ${store}`);
    expect(out).toContain(`redis       ${redis.hostname}:${redis.port}`);
    expect(out).not.toContain('sqlite');
    expect(out).not.toContain(PASSWORD);
    expect(admin.length).toBeGreaterThan(10);
    expect(out).not.toContain(admin);
    for (const shape of [/\/setup\/[A-Za-z0-9_-]{20,}/, /#t=/, /eyJ[A-Za-z0-9_-]{10,}\./])
      expect(out).not.toMatch(shape);
    const started = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'started');
    expect(started).toMatchObject({
      mode: 'production',
      store,
      redis: `${redis.hostname}:${redis.port}`,
      bind: `127.0.0.1:${port}`,
      meetings: 0,
    });
  });
});
