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
import {
  COMMAND_COLUMNS,
  MEETING_COLUMNS,
  meetingValues,
  toAttendance,
  toInvite,
  toMeeting,
  toSettingValue,
  toStoredCommand,
} from './rows.js';
import { SqliteConnection } from './sqlite-connection.js';
import { SqliteParticipantStore } from './participant-sqlite.js';
import type { ParticipantStore } from './participant-types.js';
import { SqliteLifecycleStore } from './lifecycle-sqlite.js';
import type { MeetingLifecycleStore } from './lifecycle-types.js';
import { SqliteStaffStore } from './staff-sqlite.js';
import type { StaffStore } from './staff-types.js';
import { commandsSince, insertInvite, insertUpdate, SqliteMeetingTx, updatesSince } from './sqlite-tx.js';
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
 * The embedded store: one SQLite file (see SqliteConnection). better-sqlite3 is synchronous;
 * the async interface keeps it interchangeable with a networked store. The writes to a
 * meeting's log and documents are its transaction's (sqlite-tx.ts).
 */
export class SqliteStore implements MeetingStore {
  private readonly conn: SqliteConnection;
  /** One process writes this file: nothing to catch up with. */
  readonly shared = false;
  /** The staff accounts' tables in the same file (staff/). */
  readonly staff: StaffStore;
  /** The meetings' named participants, in the same file (private: never in a document). */
  readonly participants: ParticipantStore;
  /** Archiving, export stamps and deletion of meetings (lifecycle-types.ts). */
  readonly lifecycle: MeetingLifecycleStore;
  constructor(file: string) {
    this.conn = new SqliteConnection(file);
    this.staff = new SqliteStaffStore(this.conn);
    this.participants = new SqliteParticipantStore(this.conn);
    this.lifecycle = new SqliteLifecycleStore(this.conn);
  }

  /** What opening the file did to its schema, and the backup written before any migration or document upgrade. */
  get migration(): MigrationReport {
    return this.conn.migration;
  }

  /** A copy beside the file (`VACUUM INTO`), once per start; the path is also in `migration.backup`. */
  async backupBeforeDocUpgrade(): Promise<string | null> {
    return this.conn.backupOnce();
  }

  async getSetting(key: string): Promise<string | null> {
    return toSettingValue(this.conn.statement('SELECT value FROM settings WHERE key = ?').get(key));
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    this.conn.statement('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, value);
    return (await this.getSetting(key)) ?? value;
  }

  async createMeeting(meeting: MeetingRecord, invites: InviteRecord[], initialUpdate: Uint8Array): Promise<void> {
    this.conn.transaction(() => {
      this.conn.statement(`INSERT INTO meetings (${MEETING_COLUMNS}) VALUES (?, ?, ?)`).run(...meetingValues(meeting));
      for (const i of invites) insertInvite(this.conn, i);
      insertUpdate(this.conn, meeting.id, 'meeting', initialUpdate);
    });
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    return this.conn.statement(`SELECT ${MEETING_COLUMNS} FROM meetings ORDER BY created_at, id`).all().map(toMeeting);
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    const row = this.conn.statement(`SELECT ${MEETING_COLUMNS} FROM meetings WHERE id = ?`).get(id);
    return row === undefined ? null : toMeeting(row);
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    const row = this.conn.statement('SELECT * FROM invites WHERE id = ?').get(id);
    return row === undefined ? null : toInvite(row);
  }

  async addInvite(invite: InviteRecord): Promise<void> {
    insertInvite(this.conn, invite);
  }

  async revokeInvite(id: string, at: number): Promise<void> {
    this.conn.statement('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
  }

  async extendInvites(meetingId: string, until: number): Promise<void> {
    this.conn
      .statement('UPDATE invites SET expires_at = ? WHERE meeting_id = ? AND revoked_at IS NULL AND expires_at < ?')
      .run(until, meetingId, until);
  }

  async listInvites(meetingId: string): Promise<InviteRecord[]> {
    return this.conn
      .statement('SELECT * FROM invites WHERE meeting_id = ? ORDER BY rowid')
      .all(meetingId)
      .map(toInvite);
  }

  /** One node: the lock is the room's own queue, so `fn` just runs (each write of `tx` is atomic by itself). */
  async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    return fn(new SqliteMeetingTx(this.conn, meetingId));
  }

  async updatesSince(meetingId: string, doc: DocName, afterId: number): Promise<StoredUpdate[]> {
    return updatesSince(this.conn, meetingId, doc, afterId);
  }

  async commandsSince(meetingId: string, afterSeq: number): Promise<StoredCommand[]> {
    return commandsSince(this.conn, meetingId, afterSeq);
  }

  async loadUpdates(meetingId: string, doc: DocName): Promise<Uint8Array[]> {
    return updatesSince(this.conn, meetingId, doc, 0).map((u) => u.data);
  }

  async listCommands(meetingId: string): Promise<StoredCommand[]> {
    return this.conn
      .statement(`SELECT ${COMMAND_COLUMNS} FROM commands WHERE meeting_id = ? ORDER BY seq`)
      .all(meetingId)
      .map(toStoredCommand);
  }

  async appendAttendance(meetingId: string, events: AttendanceRecord[]): Promise<void> {
    const insert = this.conn.statement(
      'INSERT INTO attendance (meeting_id, delegation_id, kind, at) VALUES (?, ?, ?, ?)',
    );
    this.conn.transaction(() => {
      for (const e of events) insert.run(meetingId, e.delegationId, e.kind, e.at);
    });
  }

  async listAttendance(meetingId: string): Promise<AttendanceRecord[]> {
    return this.conn
      .statement('SELECT delegation_id, kind, at FROM attendance WHERE meeting_id = ? ORDER BY id')
      .all(meetingId)
      .map(toAttendance);
  }

  async addFile(file: StoredFile, limits: FileLimits): Promise<AddFileResult> {
    // One synchronous transaction: no other upload can slip between the count and the insert.
    return this.conn.transaction((): AddFileResult => {
      const same = this.conn
        .statement(
          `SELECT ${FILE_META_COLUMNS} FROM files WHERE meeting_id = ? AND sha256 = ? AND name = ? AND kind = ?`,
        )
        .get(file.meetingId, file.sha256, file.name, file.kind);
      if (same !== undefined) return { ok: true, stored: toFileMeta(same) };
      const used = toFileUsage(
        this.conn
          .statement('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS total FROM files WHERE meeting_id = ?')
          .get(file.meetingId),
      );
      const refused = fileLimitRefusal(used, file.size, limits);
      if (refused) return refused;
      this.conn
        .statement(`INSERT INTO files (${FILE_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(...fileInsertValues(file));
      return { ok: true, stored: fileMetaOf(file) };
    });
  }

  async getFile(meetingId: string, id: string): Promise<StoredFile | null> {
    const row = this.conn
      .statement(`SELECT ${FILE_META_COLUMNS}, data FROM files WHERE meeting_id = ? AND id = ?`)
      .get(meetingId, id);
    return row === undefined ? null : toFile(row);
  }

  async listFiles(meetingId: string): Promise<StoredFileMeta[]> {
    return this.conn
      .statement(`SELECT ${FILE_META_COLUMNS} FROM files WHERE meeting_id = ? ORDER BY created_at, id`)
      .all(meetingId)
      .map(toFileMeta);
  }

  async ping(): Promise<void> {
    this.conn.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}
