import pg from 'pg';
import {
  FILE_INSERT_COLUMNS,
  FILE_META_COLUMNS,
  fileInsertValues,
  fileLimitRefusal,
  fileMetaOf,
  toFile,
  toFileMeta,
  toFileUsage,
} from './file-rows.js';
import type { MigrationReport } from './migrations.js';
import { migratePostgres } from './postgres-migrate.js';
import { PostgresParticipantStore } from './participant-postgres.js';
import type { ParticipantStore } from './participant-types.js';
import { PostgresLifecycleStore } from './lifecycle-postgres.js';
import type { MeetingLifecycleStore } from './lifecycle-types.js';
import { PostgresStaffStore } from './staff-postgres.js';
import type { StaffStore } from './staff-types.js';
import { commandsSince, insertInvite, insertUpdate, PostgresMeetingTx, updatesSince } from './postgres-tx.js';
import { MEETING_COLUMNS, meetingValues, toAttendance, toInvite, toMeeting, toSettingValue } from './rows.js';
import type {
  AddFileResult,
  AttendanceRecord,
  DocName,
  FileLimits,
  InviteRecord,
  MeetingRecord,
  MeetingStore,
  MeetingTx,
  StoredCommand,
  StoredFile,
  StoredFileMeta,
  StoredUpdate,
} from './types.js';

/**
 * The networked store for several Rostrum nodes: the same tables and semantics as the SQLite
 * store. Every write to a meeting's log or documents runs under the meeting's advisory lock
 * (`pg_advisory_xact_lock(hashtext(meetingId))`), so that the hash chain is extended by one
 * node at a time and update ids become visible in the order they were given: a node that has
 * read up to id N under the lock has seen every update ≤ N. The writes themselves are the
 * lock's transaction's (postgres-tx.ts).
 */
export class PostgresStore implements MeetingStore {
  readonly shared = true;
  /** The staff accounts' tables in the same database (staff/). */
  readonly staff: StaffStore;
  /** The meetings' named participants, in the same database (private: never in a document). */
  readonly participants: ParticipantStore;
  /** Archiving, export stamps and deletion of meetings (lifecycle-types.ts). */
  readonly lifecycle: MeetingLifecycleStore;

  private constructor(
    private readonly pool: pg.Pool,
    /** What connecting did to the schema. */
    readonly migration: MigrationReport,
  ) {
    this.staff = new PostgresStaffStore(pool);
    this.participants = new PostgresParticipantStore(pool);
    this.lifecycle = new PostgresLifecycleStore(pool);
  }

  /** A server cannot copy a PostgreSQL database: the operator's pg_dump before the upgrade is the way back. */
  async backupBeforeDocUpgrade(): Promise<string | null> {
    return null;
  }

  static async connect(connectionString: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
    // An idle client that loses its server emits 'error' on the pool: without a listener that ends the process.
    pool.on('error', () => undefined);
    try {
      return new PostgresStore(pool, await migratePostgres(pool));
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async getSetting(key: string): Promise<string | null> {
    const res = await this.pool.query('SELECT value FROM settings WHERE key = $1', [key]);
    return toSettingValue(res.rows[0]);
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      value,
    ]);
    return (await this.getSetting(key)) ?? value;
  }

  async createMeeting(meeting: MeetingRecord, invites: InviteRecord[], initialUpdate: Uint8Array): Promise<void> {
    await this.transaction(async (c) => {
      await c.query(`INSERT INTO meetings (${MEETING_COLUMNS}) VALUES ($1, $2, $3)`, meetingValues(meeting));
      for (const i of invites) await insertInvite(c, i);
      await insertUpdate(c, meeting.id, 'meeting', initialUpdate);
    });
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    const res = await this.pool.query(`SELECT ${MEETING_COLUMNS} FROM meetings ORDER BY created_at, id`);
    return res.rows.map(toMeeting);
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    const res = await this.pool.query(`SELECT ${MEETING_COLUMNS} FROM meetings WHERE id = $1`, [id]);
    return res.rows[0] === undefined ? null : toMeeting(res.rows[0]);
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    const res = await this.pool.query('SELECT * FROM invites WHERE id = $1', [id]);
    return res.rows[0] === undefined ? null : toInvite(res.rows[0]);
  }

  async addInvite(invite: InviteRecord): Promise<void> {
    await insertInvite(this.pool, invite);
  }

  async revokeInvite(id: string, at: number): Promise<void> {
    await this.pool.query('UPDATE invites SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }

  async extendInvites(meetingId: string, until: number): Promise<void> {
    await this.pool.query(
      'UPDATE invites SET expires_at = $1 WHERE meeting_id = $2 AND revoked_at IS NULL AND expires_at < $1',
      [until, meetingId],
    );
  }

  async listInvites(meetingId: string): Promise<InviteRecord[]> {
    const res = await this.pool.query('SELECT * FROM invites WHERE meeting_id = $1 ORDER BY ord', [meetingId]);
    return res.rows.map(toInvite);
  }

  async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    return this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [meetingId]);
      return fn(new PostgresMeetingTx(c, meetingId));
    });
  }

  async loadUpdates(meetingId: string, doc: DocName): Promise<Uint8Array[]> {
    return (await updatesSince(this.pool, meetingId, doc, 0)).map((u) => u.data);
  }

  async updatesSince(meetingId: string, doc: DocName, afterId: number): Promise<StoredUpdate[]> {
    return updatesSince(this.pool, meetingId, doc, afterId);
  }

  async commandsSince(meetingId: string, afterSeq: number): Promise<StoredCommand[]> {
    return commandsSince(this.pool, meetingId, afterSeq);
  }

  async listCommands(meetingId: string): Promise<StoredCommand[]> {
    return commandsSince(this.pool, meetingId, 0);
  }

  async appendAttendance(meetingId: string, events: AttendanceRecord[]): Promise<void> {
    await this.transaction(async (c) => {
      for (const e of events) {
        await c.query('INSERT INTO attendance (meeting_id, delegation_id, kind, at) VALUES ($1, $2, $3, $4)', [
          meetingId,
          e.delegationId,
          e.kind,
          e.at,
        ]);
      }
    });
  }

  async listAttendance(meetingId: string): Promise<AttendanceRecord[]> {
    const res = await this.pool.query(
      'SELECT delegation_id, kind, at FROM attendance WHERE meeting_id = $1 ORDER BY id',
      [meetingId],
    );
    return res.rows.map(toAttendance);
  }

  async addFile(file: StoredFile, limits: FileLimits): Promise<AddFileResult> {
    return this.transaction(async (c): Promise<AddFileResult> => {
      // Uploads to one meeting take turns on their own lock (not the meeting's command lock, which
      // a 20 MB insert would hold up), so that two nodes cannot both pass the limits.
      await c.query("SELECT pg_advisory_xact_lock(hashtext('files:' || $1))", [file.meetingId]);
      const same = await c.query(
        `SELECT ${FILE_META_COLUMNS} FROM files WHERE meeting_id = $1 AND sha256 = $2 AND name = $3 AND kind = $4`,
        [file.meetingId, file.sha256, file.name, file.kind],
      );
      if (same.rows[0] !== undefined) return { ok: true, stored: toFileMeta(same.rows[0]) };
      const res = await c.query(
        'SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS total FROM files WHERE meeting_id = $1',
        [file.meetingId],
      );
      const refused = fileLimitRefusal(toFileUsage(res.rows[0]), file.size, limits);
      if (refused) return refused;
      await c.query(
        `INSERT INTO files (${FILE_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        fileInsertValues(file),
      );
      return { ok: true, stored: fileMetaOf(file) };
    });
  }

  async getFile(meetingId: string, id: string): Promise<StoredFile | null> {
    const res = await this.pool.query(
      `SELECT ${FILE_META_COLUMNS}, data FROM files WHERE meeting_id = $1 AND id = $2`,
      [meetingId, id],
    );
    return res.rows[0] === undefined ? null : toFile(res.rows[0]);
  }

  async listFiles(meetingId: string): Promise<StoredFileMeta[]> {
    const res = await this.pool.query(
      `SELECT ${FILE_META_COLUMNS} FROM files WHERE meeting_id = $1 ORDER BY created_at, id`,
      [meetingId],
    );
    return res.rows.map(toFileMeta);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
