import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { MIGRATIONS_TABLE, pendingMigrations, SCHEMA_VERSION, type MigrationReport } from './migrations.js';

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The schema version of an open SQLite database: 0 when empty, 1 for release 0.1.0's unversioned tables. */
export function sqliteSchemaVersion(db: Database.Database): number {
  if (tableExists(db, 'schema_migrations')) {
    const row = z
      .object({ v: z.number().nullable() })
      .parse(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get());
    return row.v ?? 0;
  }
  return tableExists(db, 'meetings') ? 1 : 0;
}

/**
 * Copies the database beside itself (`VACUUM INTO`: a consistent copy, even with a WAL and with
 * this connection open) under a free name saying its schema version; returns that name.
 */
export function backupSqlite(db: Database.Database, file: string, version: number): string {
  const path = backupPath(file, version);
  db.prepare('VACUUM INTO ?').run(path);
  return path;
}

/** A free name beside the database for the copy made before migrating. */
function backupPath(file: string, from: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let path = `${file}.v${from}-backup-${stamp}`;
  for (let n = 2; existsSync(path); n++) path = `${file}.v${from}-backup-${stamp}-${n}`;
  return path;
}

/**
 * Brings the database to SCHEMA_VERSION. A database that holds data is first copied beside
 * itself (`VACUUM INTO`: a consistent copy, even with a WAL), so that an upgrade can be rolled
 * back by restoring that file. Each migration runs in its own transaction with its record in
 * `schema_migrations`: a failure leaves the database at the last version that completed.
 */
export function migrateSqlite(db: Database.Database, file: string): MigrationReport {
  const from = sqliteSchemaVersion(db);
  const unversioned = from > 0 && !tableExists(db, 'schema_migrations');
  const pending = pendingMigrations(from);
  if (pending.length === 0) return { from, to: from, applied: [], backup: null };
  let backup: string | null = null;
  if (from > 0 && file !== ':memory:') backup = backupSqlite(db, file, from);
  const record = () => db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    db.exec(MIGRATIONS_TABLE);
    // A release-0.1.0 database: its tables are version 1, taken as applied.
    if (unversioned) record().run(1, 'the tables of release 0.1.0 (found)', Date.now());
  })();
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sqlite);
      record().run(m.version, m.name, Date.now());
    })();
  }
  return { from, to: SCHEMA_VERSION, applied: pending.map((m) => m.version), backup };
}
