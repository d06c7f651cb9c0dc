import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MigrationReport } from './migrations.js';
import { backupSqlite, migrateSqlite, sqliteSchemaVersion } from './sqlite-migrate.js';

/** The last link of a meeting's hash chain. */
export type ChainHead = { seq: number; hash: string };

/**
 * One SQLite file in WAL mode with synchronous=FULL, so that a committed batch survives a crash
 * of the process or the machine; its schema brought up to date on opening. Shared by the store
 * and its meeting transactions.
 */
export class SqliteConnection {
  private readonly db: Database.Database;
  /**
   * Statements are compiled once and reused: preparing costs about as much as running a small
   * query, and some run per connection (the invite check) or per group commit.
   */
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * What opening the file did to its schema (a backup is written before any migration), and the
   * backup made before stored documents were upgraded (`backupOnce`), if any.
   */
  migration: MigrationReport;
  /** Last seq and hash per meeting, so that appending does not re-read the chain. */
  readonly heads = new Map<string, ChainHead>();

  constructor(private readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // First: another connection (the running server, when the CLI or a backup opens the file) may
    // be writing, and the next statements take locks; without it they fail at once with SQLITE_BUSY.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.migration = migrateSqlite(this.db, file);
  }

  /**
   * A copy of the file as it is now, made once per start: the copy the schema migration made
   * when there was one (nothing has been written since), else a new one, kept in `migration`.
   * Nothing to copy for an in-memory database.
   */
  backupOnce(): string | null {
    if (this.migration.backup !== null || this.file === ':memory:') return this.migration.backup;
    const backup = backupSqlite(this.db, this.file, sqliteSchemaVersion(this.db));
    this.migration = { ...this.migration, backup };
    return backup;
  }

  statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs `fn` as one SQLite transaction: all of its writes or none (better-sqlite3 is synchronous). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}
