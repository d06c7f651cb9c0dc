import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { FILE_KINDS, meetingDefinitionSchema, roleSchema, seatSchema } from '@rostrum/core';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import { migrateSqlite } from './sqlite-migrate.js';
import type { MigrationReport } from './migrations.js';
import type {
  AttendanceRecord,
  CommitIds,
  CommandRecord,
  DocName,
  InviteRecord,
  MeetingRecord,
  MeetingStore,
  MeetingTx,
  StoredCommand,
  StoredUpdate,
  AddFileResult,
  FileLimits,
  StoredFile,
  StoredFileMeta,
} from './types.js';

const inviteRow = z.object({
  id: z.string(),
  meeting_id: z.string(),
  role: roleSchema,
  delegation_id: z.string().nullable(),
  presenter_id: z.string().nullable(),
  seat: seatSchema.nullable(),
  label: z.string(),
  created_at: z.coerce.number(),
  expires_at: z.coerce.number(),
  revoked_at: z.coerce.number().nullable(),
});
const meetingRow = z.object({ id: z.string(), definition: z.string(), created_at: z.coerce.number() });
const commandRow = z.object({
  seq: z.coerce.number(),
  command_id: z.string(),
  principal: z.string(),
  type: z.string(),
  payload: z.string(),
  result: z.string(),
  at: z.coerce.number(),
  hash: z.string(),
});
const principalSchema = z.object({
  meetingId: z.string(),
  inviteId: z.string(),
  role: roleSchema,
  delegationId: z.string().nullable(),
  presenterId: z.string().nullable(),
  seat: seatSchema.optional(),
});

const fileMetaRow = z.object({
  id: z.string(),
  meeting_id: z.string(),
  name: z.string(),
  kind: z.enum(FILE_KINDS),
  size: z.coerce.number(),
  sha256: z.string(),
  uploaded_by: z.string().nullable(),
  created_at: z.coerce.number(),
});
/** The columns of a file row without its bytes, for listings. */
/** A file's columns in `INSERT INTO files`, in order (both stores). */
export const FILE_INSERT_COLUMNS = 'meeting_id, id, name, kind, size, sha256, uploaded_by, created_at, data';

export function fileInsertValues(file: StoredFile): unknown[] {
  return [
    file.meetingId,
    file.id,
    file.name,
    file.kind,
    file.size,
    file.sha256,
    file.uploadedBy,
    file.createdAt,
    Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength),
  ];
}

/** A file without its bytes. */
export function fileMetaOf(file: StoredFile): StoredFileMeta {
  const { data: _bytes, ...meta } = file;
  return meta;
}

/** Why a meeting that holds `used` cannot take `size` more bytes in one more file, or null if it can. */
export function fileLimitRefusal(
  used: { n: number; total: number },
  size: number,
  limits: FileLimits,
): AddFileResult | null {
  if (used.n + 1 > limits.maxCount) return { ok: false, reason: 'too_many' };
  if (used.total + size > limits.maxTotalBytes) return { ok: false, reason: 'too_large' };
  return null;
}

export const FILE_META_COLUMNS = 'id, meeting_id, name, kind, size, sha256, uploaded_by, created_at';

/** A file row (SQLite or PostgreSQL) as the file's description. */
export function toFileMeta(row: unknown): StoredFileMeta {
  const r = fileMetaRow.parse(row);
  return {
    id: r.id,
    meetingId: r.meeting_id,
    name: r.name,
    kind: r.kind,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
  };
}

/** A file row with its `data` column (a Buffer from both drivers). */
export function toFile(row: unknown): StoredFile {
  const { data } = z.object({ data: z.instanceof(Buffer) }).parse(row);
  return { ...toFileMeta(row), data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export function toInvite(row: unknown): InviteRecord {
  const r = inviteRow.parse(row);
  return {
    id: r.id,
    meetingId: r.meeting_id,
    role: r.role,
    delegationId: r.delegation_id,
    presenterId: r.presenter_id,
    seat: r.seat,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** A log row (SQLite or PostgreSQL: bigints may come as strings and are coerced) as a stored command. */
export function toStoredCommand(row: unknown): StoredCommand {
  const r = commandRow.parse(row);
  return {
    seq: r.seq,
    commandId: r.command_id,
    principal: principalSchema.parse(JSON.parse(r.principal)),
    type: r.type,
    payload: JSON.parse(r.payload) as unknown,
    result: JSON.parse(r.result) as unknown,
    at: r.at,
    hash: r.hash,
  };
}

export function toMeeting(row: unknown): MeetingRecord {
  const r = meetingRow.parse(row);
  return { id: r.id, definition: meetingDefinitionSchema.parse(JSON.parse(r.definition)), createdAt: r.created_at };
}

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so that a committed
 * batch survives a crash of the process or the machine. better-sqlite3 is synchronous; the
 * async interface keeps it interchangeable with a networked store.
 */
export class SqliteStore implements MeetingStore {
  private readonly db: Database.Database;
  /** Last seq and hash per meeting, so appending does not re-read the chain. */
  private readonly heads = new Map<string, { seq: number; hash: string }>();
  /** Id of the last update stored per meeting and document, for `MeetingTx.commitBatch`. */
  private readonly lastUpdate = new Map<string, number>();
  /** One process writes this file: nothing to catch up with. */
  readonly shared = false;

  constructor(file: string) {
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

  /** What opening the file did to its schema (a backup is written before any migration). */
  readonly migration: MigrationReport;

  /**
   * Statements are compiled once and reused: preparing costs about as much as running a small
   * query, and some run per connection (the invite check) or per group commit.
   */
  private readonly statements = new Map<string, Database.Statement>();

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async getSetting(key: string): Promise<string | null> {
    const row = z
      .object({ value: z.string() })
      .optional()
      .parse(this.statement('SELECT value FROM settings WHERE key = ?').get(key));
    return row?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.statement(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    this.statement('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, value);
    return (await this.getSetting(key)) ?? value;
  }

  async createMeeting(meeting: MeetingRecord, invites: InviteRecord[], initialUpdate: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.statement('INSERT INTO meetings (id, definition, created_at) VALUES (?, ?, ?)').run(
        meeting.id,
        JSON.stringify(meeting.definition),
        meeting.createdAt,
      );
      for (const i of invites) {
        this.insertInvite(i);
      }
      this.statement('INSERT INTO doc_updates (meeting_id, doc, data) VALUES (?, ?, ?)').run(
        meeting.id,
        'meeting',
        Buffer.from(initialUpdate),
      );
    })();
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    return this.statement('SELECT id, definition, created_at FROM meetings ORDER BY created_at, id')
      .all()
      .map(toMeeting);
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    const row = this.statement('SELECT id, definition, created_at FROM meetings WHERE id = ?').get(id);
    return row === undefined ? null : toMeeting(row);
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    const row = this.statement('SELECT * FROM invites WHERE id = ?').get(id);
    return row === undefined ? null : toInvite(row);
  }

  private insertInvite(i: InviteRecord): void {
    this.statement(
      'INSERT INTO invites (id, meeting_id, role, delegation_id, presenter_id, seat, label, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      i.id,
      i.meetingId,
      i.role,
      i.delegationId,
      i.presenterId,
      i.seat,
      i.label,
      i.createdAt,
      i.expiresAt,
      i.revokedAt,
    );
  }

  async addInvite(invite: InviteRecord): Promise<void> {
    this.insertInvite(invite);
  }

  async revokeInvite(id: string, at: number): Promise<void> {
    this.statement('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
  }

  async listInvites(meetingId: string): Promise<InviteRecord[]> {
    return this.statement('SELECT * FROM invites WHERE meeting_id = ? ORDER BY rowid').all(meetingId).map(toInvite);
  }

  private head(meetingId: string): { seq: number; hash: string } {
    const cached = this.heads.get(meetingId);
    if (cached) return cached;
    const row = z
      .object({ seq: z.number(), hash: z.string() })
      .optional()
      .parse(
        this.statement('SELECT seq, hash FROM commands WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1').get(meetingId),
      );
    const head = row ?? { seq: 0, hash: GENESIS_HASH };
    this.heads.set(meetingId, head);
    return head;
  }

  async commitBatch(
    meetingId: string,
    commands: CommandRecord[],
    update: Uint8Array | null,
    doc: DocName = 'meeting',
    invites: InviteRecord[] = [],
  ): Promise<void> {
    const insert = this.statement(
      'INSERT INTO commands (meeting_id, seq, command_id, sender, principal, type, payload, result, at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const start = this.head(meetingId);
    let { seq, hash } = start;
    try {
      this.db.transaction(() => {
        for (const cmd of commands) {
          seq += 1;
          hash = chainHash(hash, seq, cmd);
          insert.run(
            meetingId,
            seq,
            cmd.commandId,
            cmd.principal.inviteId,
            JSON.stringify(cmd.principal),
            cmd.type,
            JSON.stringify(cmd.payload),
            JSON.stringify(cmd.result),
            cmd.at,
            hash,
          );
        }
        for (const i of invites) this.insertInvite(i);
        if (update) {
          const info = this.statement('INSERT INTO doc_updates (meeting_id, doc, data) VALUES (?, ?, ?)').run(
            meetingId,
            doc,
            Buffer.from(update),
          );
          this.lastUpdate.set(`${meetingId}\u0000${doc}`, Number(info.lastInsertRowid));
        }
      })();
    } catch (err) {
      this.heads.delete(meetingId);
      throw err;
    }
    this.heads.set(meetingId, { seq, hash });
  }

  async appendUpdate(meetingId: string, doc: DocName, update: Uint8Array): Promise<void> {
    const info = this.statement('INSERT INTO doc_updates (meeting_id, doc, data) VALUES (?, ?, ?)').run(
      meetingId,
      doc,
      Buffer.from(update),
    );
    this.lastUpdate.set(`${meetingId}\u0000${doc}`, Number(info.lastInsertRowid));
  }

  /** One node: the lock is the room's own queue, so `fn` just runs (each write is atomic by itself). */
  async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    const key = (doc: DocName) => `${meetingId}\u0000${doc}`;
    const tx: MeetingTx = {
      updatesSince: (doc, afterId) => this.updatesSince(meetingId, doc, afterId),
      commandsSince: (afterSeq) => this.commandsSince(meetingId, afterSeq),
      // Through the public methods, so that a subclass (a test's failing store) sees every write.
      commitBatch: async (commands, update, doc, invites): Promise<CommitIds> => {
        await this.commitBatch(meetingId, commands, update, doc, invites);
        return { seq: this.head(meetingId).seq, updateId: update ? (this.lastUpdate.get(key(doc)) ?? null) : null };
      },
      appendUpdate: async (doc, update) => {
        await this.appendUpdate(meetingId, doc, update);
        return this.lastUpdate.get(key(doc)) ?? 0;
      },
      compactUpTo: async (doc, merged, upToId) => {
        this.db.transaction(() => {
          this.statement('DELETE FROM doc_updates WHERE meeting_id = ? AND doc = ? AND id <= ?').run(
            meetingId,
            doc,
            upToId,
          );
          this.statement('INSERT INTO doc_updates (id, meeting_id, doc, data) VALUES (?, ?, ?, ?)').run(
            upToId,
            meetingId,
            doc,
            Buffer.from(merged),
          );
        })();
      },
    };
    return fn(tx);
  }

  async updatesSince(meetingId: string, doc: DocName, afterId: number): Promise<StoredUpdate[]> {
    const rows = this.statement(
      'SELECT id, data FROM doc_updates WHERE meeting_id = ? AND doc = ? AND id > ? ORDER BY id',
    ).all(meetingId, doc, afterId);
    return rows.map((r) => {
      const row = z.object({ id: z.number(), data: z.instanceof(Buffer) }).parse(r);
      return { id: row.id, data: new Uint8Array(row.data) };
    });
  }

  async commandsSince(meetingId: string, afterSeq: number): Promise<StoredCommand[]> {
    return this.statement(
      'SELECT seq, command_id, principal, type, payload, result, at, hash FROM commands WHERE meeting_id = ? AND seq > ? ORDER BY seq',
    )
      .all(meetingId, afterSeq)
      .map(toStoredCommand);
  }

  async loadUpdates(meetingId: string, doc: DocName): Promise<Uint8Array[]> {
    const rows = this.statement('SELECT data FROM doc_updates WHERE meeting_id = ? AND doc = ? ORDER BY id').all(
      meetingId,
      doc,
    );
    return rows.map((r) => new Uint8Array(z.object({ data: z.instanceof(Buffer) }).parse(r).data));
  }

  async compact(meetingId: string, doc: DocName, merged: Uint8Array, upToCount: number): Promise<void> {
    this.db.transaction(() => {
      const ids = this.statement('SELECT id FROM doc_updates WHERE meeting_id = ? AND doc = ? ORDER BY id LIMIT ?')
        .all(meetingId, doc, upToCount)
        .map((r) => z.object({ id: z.number() }).parse(r).id);
      const last = ids.at(-1);
      if (last === undefined) return;
      this.statement('DELETE FROM doc_updates WHERE meeting_id = ? AND doc = ? AND id <= ?').run(meetingId, doc, last);
      // Keep the merged update's position before any update appended after the compacted ones.
      this.statement('INSERT INTO doc_updates (id, meeting_id, doc, data) VALUES (?, ?, ?, ?)').run(
        last,
        meetingId,
        doc,
        Buffer.from(merged),
      );
    })();
  }

  async listCommands(meetingId: string): Promise<StoredCommand[]> {
    return this.statement(
      'SELECT seq, command_id, principal, type, payload, result, at, hash FROM commands WHERE meeting_id = ? ORDER BY seq',
    )
      .all(meetingId)
      .map(toStoredCommand);
  }

  async appendAttendance(meetingId: string, events: AttendanceRecord[]): Promise<void> {
    const insert = this.statement('INSERT INTO attendance (meeting_id, delegation_id, kind, at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const e of events) insert.run(meetingId, e.delegationId, e.kind, e.at);
    })();
  }

  async listAttendance(meetingId: string): Promise<AttendanceRecord[]> {
    const row = z.object({ delegation_id: z.string(), kind: z.enum(['join', 'leave']), at: z.number() });
    return this.statement('SELECT delegation_id, kind, at FROM attendance WHERE meeting_id = ? ORDER BY id')
      .all(meetingId)
      .map((raw) => {
        const r = row.parse(raw);
        return { delegationId: r.delegation_id, kind: r.kind, at: r.at };
      });
  }

  async addFile(file: StoredFile, limits: FileLimits): Promise<AddFileResult> {
    // One synchronous transaction: no other upload can slip between the count and the insert.
    return this.db.transaction((): AddFileResult => {
      const same = this.statement(
        `SELECT ${FILE_META_COLUMNS} FROM files WHERE meeting_id = ? AND sha256 = ? AND name = ? AND kind = ?`,
      ).get(file.meetingId, file.sha256, file.name, file.kind);
      if (same !== undefined) return { ok: true, stored: toFileMeta(same) };
      const used = z
        .object({ n: z.number(), total: z.number() })
        .parse(
          this.statement('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS total FROM files WHERE meeting_id = ?').get(
            file.meetingId,
          ),
        );
      const refused = fileLimitRefusal(used, file.size, limits);
      if (refused) return refused;
      this.statement(`INSERT INTO files (${FILE_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        ...fileInsertValues(file),
      );
      return { ok: true, stored: fileMetaOf(file) };
    })();
  }

  async getFile(meetingId: string, id: string): Promise<StoredFile | null> {
    const row = this.statement(`SELECT ${FILE_META_COLUMNS}, data FROM files WHERE meeting_id = ? AND id = ?`).get(
      meetingId,
      id,
    );
    return row === undefined ? null : toFile(row);
  }

  async listFiles(meetingId: string): Promise<StoredFileMeta[]> {
    return this.statement(`SELECT ${FILE_META_COLUMNS} FROM files WHERE meeting_id = ? ORDER BY created_at, id`)
      .all(meetingId)
      .map(toFileMeta);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
