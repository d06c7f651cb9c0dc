import type pg from 'pg';
import { z } from 'zod';
import { MIGRATIONS_TABLE, pendingMigrations, SCHEMA_VERSION, type MigrationReport } from './migrations.js';

/** Advisory lock key of the schema migration: nodes that start together migrate once, one at a time. */
const SCHEMA_LOCK = 7_364_001;

async function tableExists(c: pg.PoolClient, name: string): Promise<boolean> {
  const res = await c.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${name}`]);
  return z.object({ present: z.boolean() }).parse(res.rows[0]).present;
}

/** The schema version of a PostgreSQL database: 0 when empty, 1 for release 0.1.0's unversioned tables. */
export async function postgresSchemaVersion(c: pg.PoolClient): Promise<number> {
  if (await tableExists(c, 'schema_migrations')) {
    const res = await c.query('SELECT MAX(version) AS v FROM schema_migrations');
    return z.object({ v: z.coerce.number().nullable() }).parse(res.rows[0]).v ?? 0;
  }
  return (await tableExists(c, 'meetings')) ? 1 : 0;
}

/**
 * Brings the database to SCHEMA_VERSION under a session advisory lock (the other nodes wait,
 * then find nothing left to do). Each migration commits in its own transaction with its record
 * in `schema_migrations`. No backup is made here: PostgreSQL is backed up with its own tools
 * before an upgrade (docs/deploy.md).
 */
export async function migratePostgres(pool: pg.Pool): Promise<MigrationReport> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
    try {
      const from = await postgresSchemaVersion(c);
      const unversioned = from > 0 && !(await tableExists(c, 'schema_migrations'));
      const pending = pendingMigrations(from);
      if (pending.length === 0) return { from, to: from, applied: [], backup: null };
      const step = async (sql: string, version: number, name: string) => {
        await c.query('BEGIN');
        try {
          await c.query(sql);
          await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            version,
            name,
            Date.now(),
          ]);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      };
      await c.query(MIGRATIONS_TABLE);
      if (unversioned)
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          1,
          'the tables of release 0.1.0 (found)',
          Date.now(),
        ]);
      for (const m of pending) await step(m.postgres, m.version, m.name);
      return { from, to: SCHEMA_VERSION, applied: pending.map((m) => m.version), backup: null };
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
    }
  } finally {
    c.release();
  }
}
