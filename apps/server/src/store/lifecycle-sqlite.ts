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
import { asRow } from './staff-types.js';
import type { SqliteConnection } from './sqlite-connection.js';

/** The lifecycle columns and the deletion of a meeting in the SQLite file. */
export class SqliteLifecycleStore implements MeetingLifecycleStore {
  constructor(private readonly conn: SqliteConnection) {}

  async lifecycle(meetingId: string): Promise<MeetingLifecycle | null> {
    const row = asRow(this.conn.statement(`SELECT ${LIFECYCLE_COLUMNS} FROM meetings WHERE id = ?`).get(meetingId));
    return row ? toLifecycle(row) : null;
  }

  async lifecycles(): Promise<Map<string, MeetingLifecycle>> {
    const out = new Map<string, MeetingLifecycle>();
    for (const r of this.conn.statement(`SELECT ${LIFECYCLE_COLUMNS} FROM meetings`).all()) {
      const row = asRow(r);
      if (row) out.set(String(row.id), toLifecycle(row));
    }
    return out;
  }

  async setArchived(meetingId: string, at: number | null): Promise<boolean> {
    return this.conn.statement('UPDATE meetings SET archived_at = ? WHERE id = ?').run(at, meetingId).changes === 1;
  }

  async markExported(meetingId: string, kind: ExportKind, at: number): Promise<void> {
    this.conn.statement(`UPDATE meetings SET ${EXPORT_COLUMN[kind]} = ? WHERE id = ?`).run(at, meetingId);
  }

  private countsNow(meetingId: string): DeletionCounts {
    const counts = noCounts();
    for (const { table, count } of MEETING_TABLES) {
      const row = asRow(this.conn.statement(`SELECT COUNT(*) AS n FROM ${table} WHERE meeting_id = ?`).get(meetingId));
      counts[count] = Number(row?.n ?? 0);
    }
    return counts;
  }

  async deletionCounts(meetingId: string): Promise<DeletionCounts> {
    return this.countsNow(meetingId);
  }

  async deleteMeeting(meetingId: string): Promise<DeletionCounts | null> {
    const counts = this.conn.transaction((): DeletionCounts | null => {
      if (this.conn.statement('SELECT 1 FROM meetings WHERE id = ?').get(meetingId) === undefined) return null;
      const found = this.countsNow(meetingId);
      for (const { table } of MEETING_TABLES)
        this.conn.statement(`DELETE FROM ${table} WHERE meeting_id = ?`).run(meetingId);
      this.conn.statement('DELETE FROM meetings WHERE id = ?').run(meetingId);
      return found;
    });
    // The chain head kept for appends belongs to rows that are gone.
    this.conn.heads.delete(meetingId);
    return counts;
  }
}
