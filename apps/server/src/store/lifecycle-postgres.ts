import type pg from 'pg';
import {
  EXPORT_COLUMN,
  LIFECYCLE_COLUMNS,
  MEETING_TABLES,
  noCounts,
  toLifecycle,
  type DeletionCounts,
  type ExportKind,
  type MeetingLifecycle,
  type MeetingLifecycleStore,
} from './lifecycle-types.js';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function countsOf(db: Queryable, meetingId: string): Promise<DeletionCounts> {
  const counts = noCounts();
  for (const { table, count } of MEETING_TABLES) {
    const res = await db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE meeting_id = $1`, [meetingId]);
    counts[count] = Number((res.rows[0] as { n?: unknown } | undefined)?.n ?? 0);
  }
  return counts;
}

/** The lifecycle columns and the deletion of a meeting in PostgreSQL (several nodes share them). */
export class PostgresLifecycleStore implements MeetingLifecycleStore {
  constructor(private readonly pool: pg.Pool) {}

  async lifecycle(meetingId: string): Promise<MeetingLifecycle | null> {
    const res = await this.pool.query(`SELECT ${LIFECYCLE_COLUMNS} FROM meetings WHERE id = $1`, [meetingId]);
    return res.rows[0] === undefined ? null : toLifecycle(res.rows[0]);
  }

  async lifecycles(): Promise<Map<string, MeetingLifecycle>> {
    const res = await this.pool.query(`SELECT ${LIFECYCLE_COLUMNS} FROM meetings`);
    return new Map(res.rows.map((row: Record<string, unknown>) => [String(row.id), toLifecycle(row)]));
  }

  async setArchived(meetingId: string, at: number | null): Promise<boolean> {
    const res = await this.pool.query('UPDATE meetings SET archived_at = $1 WHERE id = $2', [at, meetingId]);
    return res.rowCount === 1;
  }

  async markExported(meetingId: string, kind: ExportKind, at: number): Promise<void> {
    await this.pool.query(`UPDATE meetings SET ${EXPORT_COLUMN[kind]} = $1 WHERE id = $2`, [at, meetingId]);
  }

  deletionCounts(meetingId: string): Promise<DeletionCounts> {
    return countsOf(this.pool, meetingId);
  }

  async deleteMeeting(meetingId: string): Promise<DeletionCounts | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The meeting's commit lock: no node appends to its log or documents while the rows go.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [meetingId]);
      const exists = await client.query('SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE', [meetingId]);
      if (exists.rowCount !== 1) {
        await client.query('ROLLBACK');
        return null;
      }
      const counts = await countsOf(client, meetingId);
      for (const { table } of MEETING_TABLES)
        await client.query(`DELETE FROM ${table} WHERE meeting_id = $1`, [meetingId]);
      await client.query('DELETE FROM meetings WHERE id = $1', [meetingId]);
      await client.query('COMMIT');
      return counts;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
