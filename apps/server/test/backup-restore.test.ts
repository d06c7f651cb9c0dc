import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/app.js';
import { Cleanup, freshDataDir, startManagedServer } from './harness.js';
import { expectSameMeeting, manifestSettings, meetingWithVote, runTool } from './backup-flow.js';

/**
 * `npm run backup` then `npm run restore` of a SQLite store, as processes: the meeting's log
 * digest, its tallies and its links hold on a server started on the restored folder — one that is
 * not given TOKEN_SECRET (the harness's servers are): the secret that signed the links travels in
 * the backup. A restore never lands on a database unless told to (--force), and a server whose
 * TOKEN_SECRET differs from the restored one refuses to start rather than kill every link.
 */
const cleanup = new Cleanup();
afterAll(async () => {
  await cleanup.run();
});

// On PostgreSQL (the cluster run) the harness keeps no SQLite file: tests/cluster/backup-restore.test.ts.
describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)('backup and restore (SQLite)', () => {
  it('restores a meeting whose digest, tallies and links still hold', { timeout: 60_000 }, async () => {
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup));
    const before = await meetingWithVote(cleanup, ts);

    const dest = join(mkdtempSync(join(tmpdir(), 'rostrum-restore-sqlite-')), 'backup');
    const backup = await runTool('backup', [dest], { DATA_DIR: ts.dataDir });
    expect(backup.code, backup.stderr).toBe(0);
    expect(manifestSettings(dest)).toEqual(expect.arrayContaining(['token_secret']));
    // A second backup into the same folder is refused: it never overwrites.
    expect((await runTool('backup', [dest], { DATA_DIR: ts.dataDir })).code).toBe(1);

    const target = freshDataDir(cleanup);
    const restore = await runTool('restore', [dest], { DATA_DIR: target });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('token_secret');
    // Into a folder that holds a database now: refused, then with --force the old one is kept aside.
    const again = await runTool('restore', [dest], { DATA_DIR: target });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
    const forced = await runTool('restore', [dest, '--force'], { DATA_DIR: target });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(target).some((f) => f.startsWith('rostrum.sqlite.before-restore-'))).toBe(true);

    // Other secrets: a TOKEN_SECRET that is not the one in the backup stops the start.
    await expect(
      createServer({ port: 0, dataDir: target, logLevel: 'silent', tokenSecret: 'another' }),
    ).rejects.toThrow(/TOKEN_SECRET differs/);
    const restored = await startManagedServer(cleanup, target, { tokenSecret: null });
    await expectSameMeeting(restored, before);
  });

  it('refuses a folder without a backup', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rostrum-restore-none-'));
    const run = await runTool('restore', [empty], { DATA_DIR: join(empty, 'data') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no backup');
    expect(existsSync(join(empty, 'data', 'rostrum.sqlite'))).toBe(false);
  });
});
