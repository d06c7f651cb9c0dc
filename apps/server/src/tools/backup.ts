import Database from 'better-sqlite3';
import pg from 'pg';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectionForTools, describeDatabase, postgresTool, runTool } from './postgres-tools.js';

const DB_FILE = 'rostrum.sqlite';
/** A PostgreSQL backup: pg_dump's custom format (compressed, restored by pg_restore). */
export const PG_DUMP_FILE = 'rostrum.pgdump';
/** What the backup is, for `npm run restore` and for whoever finds the folder later. */
export const MANIFEST_FILE = 'rostrum-backup.json';

export type BackupManifest = {
  store: 'sqlite' | 'postgres';
  file: string;
  createdAt: string;
  /** The settings rows the copy holds (names only): `token_secret` among them, or the links die with the server. */
  settings: string[];
};

/** A destination that does not exist yet, or an empty folder: a backup never overwrites. */
function prepareDestination(destDir: string, file: string): string {
  mkdirSync(destDir, { recursive: true });
  const dest = join(destDir, file);
  if (existsSync(dest) || readdirSync(destDir).length > 0)
    throw new Error(`${dest} exists already: choose an empty folder`);
  return dest;
}

function writeManifest(destDir: string, manifest: BackupManifest): void {
  writeFileSync(join(destDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Writes a consistent copy of a data directory's database while Rostrum runs: SQLite's online
 * backup reads a snapshot even as the server keeps committing (WAL mode). The copy holds the
 * meetings, invites, the command log, the Yjs updates, the uploaded document files and the
 * settings (the link-signing secret included), so restoring it is `npm run restore` (or
 * starting a server with DATA_DIR pointing at the copy).
 */
export async function backupDataDir(dataDir: string, destDir: string): Promise<{ file: string; pages: number }> {
  const source = join(dataDir, DB_FILE);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const dest = prepareDestination(destDir, DB_FILE);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(dest);
    const settings = db
      .prepare('SELECT key FROM settings ORDER BY key')
      .all()
      .flatMap((row) => (typeof row === 'object' && row !== null && 'key' in row ? [String(row.key)] : []));
    writeManifest(destDir, { store: 'sqlite', file: DB_FILE, createdAt: new Date().toISOString(), settings });
    return { file: dest, pages: totalPages };
  } finally {
    db.close();
  }
}

/** The settings rows of a PostgreSQL database (names only). */
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
 * A PostgreSQL store's backup: `pg_dump -Fc` of the whole database (one consistent snapshot,
 * taken while the nodes run), settings table and its link-signing secret included. pg_dump
 * rather than an export through the app: it is PostgreSQL's own consistent copy, restores
 * with the tool every DBA knows, and stays correct as the schema grows.
 */
export async function backupPostgres(databaseUrl: string, destDir: string): Promise<BackupManifest & { path: string }> {
  const settings = await postgresSettings(databaseUrl);
  const dest = prepareDestination(destDir, PG_DUMP_FILE);
  const partial = `${dest}.partial`;
  const { dbname, env } = connectionForTools(databaseUrl);
  await runTool(
    postgresTool('pg_dump'),
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`],
    env,
  );
  // Renamed once complete: a folder holding rostrum.pgdump holds a whole dump.
  renameSync(partial, dest);
  const manifest: BackupManifest = {
    store: 'postgres',
    file: PG_DUMP_FILE,
    createdAt: new Date().toISOString(),
    settings,
  };
  writeManifest(destDir, manifest);
  return { ...manifest, path: dest };
}

function readManifestSettings(destDir: string): string[] {
  const parsed: unknown = JSON.parse(readFileSync(join(destDir, MANIFEST_FILE), 'utf8'));
  const settings = typeof parsed === 'object' && parsed !== null && 'settings' in parsed ? parsed.settings : [];
  return Array.isArray(settings) ? settings.map(String) : [];
}

/** Says what an operator must know about the secrets, or null when the copy carries them. */
export function secretWarning(settings: readonly string[]): string | null {
  if (settings.includes('token_secret')) return null;
  return 'the database holds no token_secret: the links are signed with TOKEN_SECRET from the environment of the nodes. Keep that value with this backup, or start a node once so that it stores it.';
}

// `npm run backup -- <destination folder>`: DATABASE_URL set, a pg_dump of that database;
// otherwise the SQLite file of DATA_DIR (./data by default).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dest = process.argv[2];
  if (!dest) {
    console.error(
      'usage: npm run backup -- <destination folder>   (DATABASE_URL: the PostgreSQL database to dump; otherwise DATA_DIR: the data folder to copy, default ./data)',
    );
    process.exit(2);
  }
  const fail = (err: unknown) => {
    console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  };
  const warn = (settings: readonly string[]) => {
    const w = secretWarning(settings);
    if (w) console.error(`warning: ${w}`);
  };
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    backupPostgres(databaseUrl, resolve(dest)).then((m) => {
      const size = statSync(m.path).size;
      console.log(
        `backed up ${describeDatabase(databaseUrl)} to ${m.path} (${size} bytes, settings: ${m.settings.join(', ') || 'none'}). Restore: DATABASE_URL=<empty database> npm run restore -- ${resolve(dest)}`,
      );
      warn(m.settings);
    }, fail);
  } else {
    const dataDir = resolve(process.env.DATA_DIR ?? 'data');
    backupDataDir(dataDir, resolve(dest)).then(({ file, pages }) => {
      console.log(
        `backed up ${dataDir} to ${file} (${pages} pages). Restore: DATA_DIR=<empty folder> npm run restore -- ${resolve(dest)}`,
      );
      warn(readManifestSettings(resolve(dest)));
    }, fail);
  }
}
