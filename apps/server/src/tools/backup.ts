import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DB_FILE = 'rostrum.sqlite';

/**
 * Writes a consistent copy of a data directory's database while Rostrum runs: SQLite's online
 * backup reads a snapshot even as the server keeps committing (WAL mode). The copy holds the
 * meetings, invites, the command log, the Yjs updates, the uploaded document files and the
 * settings (token secret included), so restoring it is starting a server with DATA_DIR
 * pointing at the copy.
 */
export async function backupDataDir(dataDir: string, destDir: string): Promise<{ file: string; pages: number }> {
  const source = join(dataDir, DB_FILE);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  mkdirSync(destDir, { recursive: true });
  const dest = join(destDir, DB_FILE);
  if (existsSync(dest)) throw new Error(`${dest} exists already: choose an empty folder`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(dest);
    return { file: dest, pages: totalPages };
  } finally {
    db.close();
  }
}

// `npm run backup -- <destination folder>` (DATA_DIR names the source, ./data by default).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dest = process.argv[2];
  if (!dest) {
    console.error(
      'usage: npm run backup -- <destination folder>   (DATA_DIR: the data folder to copy, default ./data)',
    );
    process.exit(2);
  }
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  backupDataDir(dataDir, resolve(dest)).then(
    ({ file, pages }) =>
      console.log(`backed up ${dataDir} to ${file} (${pages} pages). Restore: DATA_DIR=${resolve(dest)} npm start`),
    (err: unknown) => {
      console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
