import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '@rostrum/server';
import { Cleanup, freshDataDir, startManagedServer } from '../../apps/server/test/harness.js';
import { expectSameMeeting, manifestSettings, meetingWithVote, runTool } from '../../apps/server/test/backup-flow.js';

/**
 * `npm run backup` of a PostgreSQL store (pg_dump -Fc) restored with `npm run restore` into a
 * new database, owned by another role as on a new machine (docs/deploy.md, "Back up and
 * restore"): on a server started there without TOKEN_SECRET, the meeting's log digest, its
 * tallies and its links hold. The old database, not empty, is refused; a server given another
 * TOKEN_SECRET refuses to start rather than invalidate every link.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL ?? '';
const cleanup = new Cleanup();
afterAll(async () => {
  await cleanup.run();
});

function admin(sql: string, url = SERVER_URL): string {
  const res = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${sql} failed: ${res.stderr}`);
  return res.stdout.trim();
}

/** The ```sql block of docs/deploy.md, "PostgreSQL: a role and a database". */
function deploySql(): string {
  const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('### PostgreSQL: a role and a database'));
  const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
  if (!sql) throw new Error('no SQL in docs/deploy.md');
  return sql;
}

/** The URL of a database on the test server, as `user`. */
function urlOf(name: string, user: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  url.username = user;
  return url.toString();
}

describe.skipIf(!SERVER_URL)('backup and restore (PostgreSQL)', () => {
  it(
    'restores into a new database made as documented where the digest, tallies and links still hold',
    { timeout: 90_000 },
    async () => {
      const suffix = `${process.pid}_${Date.now()}`;
      const original = `rostrum_backup_${suffix}`;
      const copy = `rostrum_restored_${suffix}`;
      admin(`CREATE DATABASE ${original}`);
      // The new database made with the SQL of docs/deploy.md, as written but for the name, which
      // is the role's and the database's as there ("rostrum").
      for (const statement of deploySql().split(';')) {
        if (statement.trim()) admin(statement.replace(/\brostrum\b/g, copy));
      }

      const originalUrl = urlOf(original, new URL(SERVER_URL).username);
      const ts = await startManagedServer(cleanup, freshDataDir(cleanup), { databaseUrl: originalUrl });
      const before = await meetingWithVote(cleanup, ts);

      const dest = join(mkdtempSync(join(tmpdir(), 'rostrum-restore-pg-')), 'backup');
      const backup = await runTool('backup', [dest], { DATABASE_URL: originalUrl });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stderr).not.toContain('warning');
      expect(manifestSettings(dest)).toEqual(expect.arrayContaining(['token_secret']));

      // The database it came from is not empty: refused.
      const onto = await runTool('restore', [dest], { DATABASE_URL: originalUrl });
      expect(onto.code).toBe(1);
      expect(onto.stderr).toContain('not empty');

      // --force on the old database: emptied first, a later release's table too, then restored.
      admin('CREATE TABLE later_release (id INT)', originalUrl);
      const forced = await runTool('restore', [dest, '--force'], { DATABASE_URL: originalUrl });
      expect(forced.code, forced.stderr).toBe(0);
      expect(admin("SELECT to_regclass('public.later_release') IS NULL", originalUrl)).toBe('t');
      expect(Number(admin('SELECT count(*) FROM commands', originalUrl))).toBe(before.commands);

      const copyUrl = urlOf(copy, copy);
      const restore = await runTool('restore', [dest], { DATABASE_URL: copyUrl });
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toContain('token_secret');

      await expect(
        createServer({ port: 0, databaseUrl: copyUrl, logLevel: 'silent', tokenSecret: 'another secret' }),
      ).rejects.toThrow(/TOKEN_SECRET differs/);
      const restored = await startManagedServer(cleanup, freshDataDir(cleanup), {
        databaseUrl: copyUrl,
        tokenSecret: null,
      });
      await expectSameMeeting(restored, before);
    },
  );
});
