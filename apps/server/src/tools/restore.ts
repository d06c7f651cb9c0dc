import Database from 'better-sqlite3';
import pg from 'pg';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MANIFEST_FILE, PG_DUMP_FILE, secretWarning } from './backup.js';
import { connectionForTools, describeDatabase, postgresTool, runTool } from './postgres-tools.js';

const DB_FILE = 'rostrum.sqlite';

/** The kind of backup a folder holds (`npm run backup` wrote it). */
export function backupKind(backupDir: string): 'sqlite' | 'postgres' {
  if (existsSync(join(backupDir, PG_DUMP_FILE))) return 'postgres';
  if (existsSync(join(backupDir, DB_FILE))) return 'sqlite';
  throw new Error(`no backup in ${backupDir} (neither ${PG_DUMP_FILE} nor ${DB_FILE})`);
}

export type RestoreReport = { target: string; settings: string[]; replaced: string | null };

function settingsOf(db: Database.Database): string[] {
  return db
    .prepare('SELECT key FROM settings ORDER BY key')
    .all()
    .flatMap((row) => (typeof row === 'object' && row !== null && 'key' in row ? [String(row.key)] : []));
}

/**
 * Puts a SQLite backup in place as `<dataDir>/rostrum.sqlite`, the server stopped. An existing
 * database is refused unless `force`, and then kept aside (renamed), never deleted. The copy is
 * checked (integrity_check) and written under a temporary name first, so that a failed restore
 * leaves no half-written database where the server would find it.
 */
export async function restoreDataDir(backupDir: string, dataDir: string, force = false): Promise<RestoreReport> {
  const source = join(backupDir, DB_FILE);
  if (!existsSync(source)) throw new Error(`no SQLite backup at ${source}`);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, DB_FILE);
  const occupied = existsSync(target) && statSync(target).size > 0;
  if (occupied && !force)
    throw new Error(
      `${target} exists and is not empty: restore into an empty data folder, or add --force (the database there is kept aside)`,
    );
  const backup = new Database(source, { readonly: true, fileMustExist: true });
  let settings: string[];
  const partial = `${target}.restoring`;
  try {
    const check = backup.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the backup ${source} is damaged: ${String(check)}`);
    settings = settingsOf(backup);
    rmSync(partial, { force: true });
    await backup.backup(partial);
  } finally {
    backup.close();
  }
  let replaced: string | null = null;
  if (existsSync(target)) {
    replaced = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, replaced);
  }
  // The old database's journal must not be replayed onto the restored file.
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(partial, target);
  return { target, settings, replaced };
}

/** The tables of the database's public schema: a database to restore into must have none. */
async function publicTables(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const res = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'");
    return Number(res.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** `--force`: empties the public schema, in one transaction. */
async function dropPublicTables(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const res = await client.query<{ name: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    // Names quoted by format('%I'): safe to put in the statement.
    if (res.rows.length > 0)
      await client.query(`DROP TABLE IF EXISTS ${res.rows.map((r) => r.name).join(', ')} CASCADE`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

async function postgresSettings(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const res = await client.query<{ key: string }>('SELECT key FROM settings ORDER BY key');
    return res.rows.map((r) => r.key);
  } finally {
    await client.end();
  }
}

/**
 * Restores a `pg_dump -Fc` backup into the database of `databaseUrl` (created beforehand by the
 * operator, owned by Rostrum's role), the nodes stopped. A database with tables is refused
 * unless `force`: then every table of its public schema is dropped first, also those the dump
 * does not have (a later release's, when rolling back an upgrade), which a `pg_restore --clean`
 * would leave behind. The restore is one transaction (a failed one leaves the database as the
 * drop left it: empty). --no-owner: the restored tables belong to the role that restores,
 * whatever role owned them where the backup was taken.
 */
export async function restorePostgres(backupDir: string, databaseUrl: string, force = false): Promise<RestoreReport> {
  const dump = join(backupDir, PG_DUMP_FILE);
  if (!existsSync(dump)) throw new Error(`no PostgreSQL backup at ${dump}`);
  const tables = await publicTables(databaseUrl);
  if (tables > 0 && !force)
    throw new Error(
      `${describeDatabase(databaseUrl)} is not empty (${tables} tables): restore into a new database, or add --force (its tables are dropped first)`,
    );
  const { dbname, env } = connectionForTools(databaseUrl);
  if (tables > 0) await dropPublicTables(databaseUrl);
  const args = ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`];
  await runTool(postgresTool('pg_restore'), [...args, dump], env);
  return { target: describeDatabase(databaseUrl), settings: await postgresSettings(databaseUrl), replaced: null };
}

/** What the operator must do about TOKEN_SECRET after a restore; null: nothing. */
export function secretAdvice(settings: readonly string[], env: NodeJS.ProcessEnv): string | null {
  const missing = secretWarning(settings);
  if (missing) return missing;
  if (env.TOKEN_SECRET)
    return 'TOKEN_SECRET is set here: the restored database carries the token_secret that signed its links, and a node whose TOKEN_SECRET differs refuses to start. Unset TOKEN_SECRET on the nodes (the stored one is used) or give it the value of the server that was backed up.';
  return null;
}

const USAGE = `usage: npm run restore -- <backup folder> [--force]
  a PostgreSQL backup (rostrum.pgdump) goes into DATABASE_URL (a new, empty database);
  a SQLite backup (rostrum.sqlite) into DATA_DIR (default ./data), which must hold no database.
  Stop the server(s) first. --force: replace a database that is not empty.`;

// `npm run restore -- <backup folder> [--force]`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { force: { type: 'boolean' } },
    });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  const dir = parsed.positionals[0];
  if (!dir) {
    console.error(USAGE);
    process.exit(2);
  }
  const backupDir = resolve(dir);
  const force = parsed.values.force === true;
  const run = async (): Promise<RestoreReport> => {
    const kind = backupKind(backupDir);
    const manifest = join(backupDir, MANIFEST_FILE);
    if (existsSync(manifest)) console.log(`backup: ${readFileSync(manifest, 'utf8').trim()}`);
    if (kind === 'postgres') {
      const databaseUrl = process.env.DATABASE_URL;
      if (!databaseUrl)
        throw new Error('a PostgreSQL backup: set DATABASE_URL to the (empty) database to restore into');
      return restorePostgres(backupDir, databaseUrl, force);
    }
    if (process.env.DATABASE_URL) throw new Error('a SQLite backup restores into DATA_DIR: unset DATABASE_URL');
    return restoreDataDir(backupDir, resolve(process.env.DATA_DIR ?? 'data'), force);
  };
  run().then(
    (report) => {
      console.log(`restored into ${report.target} (settings: ${report.settings.join(', ') || 'none'})`);
      if (report.replaced) console.log(`the database that was there is kept at ${report.replaced}`);
      const advice = secretAdvice(report.settings, process.env);
      if (advice) console.error(`warning: ${advice}`);
    },
    (err: unknown) => {
      console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
