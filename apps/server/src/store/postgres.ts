import pg from 'pg';
import { z } from 'zod';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import type { MigrationReport } from './migrations.js';
import { migratePostgres } from './postgres-migrate.js';
import {
  FILE_INSERT_COLUMNS,
  FILE_META_COLUMNS,
  fileInsertValues,
  fileLimitRefusal,
  fileMetaOf,
  toFile,
  toFileMeta,
  toInvite,
  toMeeting,
  toStoredCommand,
} from './sqlite.js';
import type {
  AttendanceRecord,
  CommandRecord,
  CommitIds,
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

/** Rows per INSERT of a batch of commands (10 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 500;

const updateRow = z.object({ id: z.coerce.number(), data: z.instanceof(Buffer) });

type Queryable = Pick<pg.PoolClient, 'query'>;

async function updatesSince(q: Queryable, meetingId: string, doc: DocName, afterId: number): Promise<StoredUpdate[]> {
  const res = await q.query(
    'SELECT id, data FROM doc_updates WHERE meeting_id = $1 AND doc = $2 AND id > $3 ORDER BY id',
    [meetingId, doc, afterId],
  );
  return res.rows.map((r: unknown) => {
    const row = updateRow.parse(r);
    return { id: row.id, data: new Uint8Array(row.data) };
  });
}

async function commandsSince(q: Queryable, meetingId: string, afterSeq: number): Promise<StoredCommand[]> {
  const res = await q.query(
    'SELECT seq, command_id, principal, type, payload, result, at, hash FROM commands WHERE meeting_id = $1 AND seq > $2 ORDER BY seq',
    [meetingId, afterSeq],
  );
  return res.rows.map(toStoredCommand);
}

async function insertUpdate(q: Queryable, meetingId: string, doc: DocName, update: Uint8Array): Promise<number> {
  const res = await q.query('INSERT INTO doc_updates (meeting_id, doc, data) VALUES ($1, $2, $3) RETURNING id', [
    meetingId,
    doc,
    Buffer.from(update),
  ]);
  return z.object({ id: z.coerce.number() }).parse(res.rows[0]).id;
}

/**
 * The networked store for several Rostrum nodes: the same tables and semantics as the SQLite
 * store. Every write to a meeting's log or documents runs under the meeting's advisory lock
 * (`pg_advisory_xact_lock(hashtext(meetingId))`), so that the hash chain is extended by one
 * node at a time and update ids become visible in the order they were given: a node that has
 * read up to id N under the lock has seen every update ≤ N.
 */
export class PostgresStore implements MeetingStore {
  readonly shared = true;

  private constructor(
    private readonly pool: pg.Pool,
    /** What connecting did to the schema. */
    readonly migration: MigrationReport,
  ) {}

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
    return z.object({ value: z.string() }).optional().parse(res.rows[0])?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
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
      await c.query('INSERT INTO meetings (id, definition, created_at) VALUES ($1, $2, $3)', [
        meeting.id,
        JSON.stringify(meeting.definition),
        meeting.createdAt,
      ]);
      for (const i of invites) await this.insertInvite(c, i);
      await insertUpdate(c, meeting.id, 'meeting', initialUpdate);
    });
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    const res = await this.pool.query('SELECT id, definition, created_at FROM meetings ORDER BY created_at, id');
    return res.rows.map(toMeeting);
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    const res = await this.pool.query('SELECT id, definition, created_at FROM meetings WHERE id = $1', [id]);
    return res.rows[0] === undefined ? null : toMeeting(res.rows[0]);
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    const res = await this.pool.query('SELECT * FROM invites WHERE id = $1', [id]);
    return res.rows[0] === undefined ? null : toInvite(res.rows[0]);
  }

  private async insertInvite(q: Queryable, i: InviteRecord): Promise<void> {
    await q.query(
      'INSERT INTO invites (id, meeting_id, role, delegation_id, presenter_id, seat, label, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [
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
      ],
    );
  }

  async addInvite(invite: InviteRecord): Promise<void> {
    await this.insertInvite(this.pool, invite);
  }

  async revokeInvite(id: string, at: number): Promise<void> {
    await this.pool.query('UPDATE invites SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }

  async listInvites(meetingId: string): Promise<InviteRecord[]> {
    const res = await this.pool.query('SELECT * FROM invites WHERE meeting_id = $1 ORDER BY ord', [meetingId]);
    return res.rows.map(toInvite);
  }

  async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    return this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [meetingId]);
      return fn(this.lockedTx(c, meetingId));
    });
  }

  /** The writes of a meeting inside its lock's transaction. */
  private lockedTx(c: pg.PoolClient, meetingId: string): MeetingTx {
    return {
      updatesSince: (doc, afterId) => updatesSince(c, meetingId, doc, afterId),
      commandsSince: (afterSeq) => commandsSince(c, meetingId, afterSeq),
      commitBatch: async (commands, update, doc, invites = []): Promise<CommitIds> => {
        // Read under the lock: another node may have extended the chain since this node last wrote.
        const head = await c.query('SELECT seq, hash FROM commands WHERE meeting_id = $1 ORDER BY seq DESC LIMIT 1', [
          meetingId,
        ]);
        let { seq, hash } = z.object({ seq: z.coerce.number(), hash: z.string() }).optional().parse(head.rows[0]) ?? {
          seq: 0,
          hash: GENESIS_HASH,
        };
        for (let start = 0; start < commands.length; start += INSERT_CHUNK) {
          const chunk = commands.slice(start, start + INSERT_CHUNK);
          const values: unknown[] = [];
          const rows: string[] = [];
          for (const cmd of chunk) {
            seq += 1;
            hash = chainHash(hash, seq, cmd);
            const b = values.length;
            rows.push(
              `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10})`,
            );
            values.push(
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
          await c.query(
            `INSERT INTO commands (meeting_id, seq, command_id, sender, principal, type, payload, result, at, hash) VALUES ${rows.join(', ')}`,
            values,
          );
        }
        for (const i of invites) await this.insertInvite(c, i);
        const updateId = update ? await insertUpdate(c, meetingId, doc, update) : null;
        return { seq, updateId };
      },
      appendUpdate: (doc, update) => insertUpdate(c, meetingId, doc, update),
      compactUpTo: async (doc, merged, upToId) => {
        await c.query('DELETE FROM doc_updates WHERE meeting_id = $1 AND doc = $2 AND id <= $3', [
          meetingId,
          doc,
          upToId,
        ]);
        // Keep the merged update at the position of the last one it replaces.
        await c.query('INSERT INTO doc_updates (id, meeting_id, doc, data) VALUES ($1, $2, $3, $4)', [
          upToId,
          meetingId,
          doc,
          Buffer.from(merged),
        ]);
      },
    };
  }

  async commitBatch(
    meetingId: string,
    commands: CommandRecord[],
    update: Uint8Array | null,
    doc: DocName = 'meeting',
    invites: InviteRecord[] = [],
  ): Promise<void> {
    await this.withMeetingLock(meetingId, (tx) => tx.commitBatch(commands, update, doc, invites));
  }

  async appendUpdate(meetingId: string, doc: DocName, update: Uint8Array): Promise<void> {
    await this.withMeetingLock(meetingId, (tx) => tx.appendUpdate(doc, update));
  }

  async loadUpdates(meetingId: string, doc: DocName): Promise<Uint8Array[]> {
    return (await updatesSince(this.pool, meetingId, doc, 0)).map((u) => u.data);
  }

  async compact(meetingId: string, doc: DocName, merged: Uint8Array, upToCount: number): Promise<void> {
    await this.withMeetingLock(meetingId, async (tx) => {
      const res = await this.pool.query(
        'SELECT id FROM doc_updates WHERE meeting_id = $1 AND doc = $2 ORDER BY id LIMIT $3',
        [meetingId, doc, upToCount],
      );
      const last = res.rows.map((r: unknown) => z.object({ id: z.coerce.number() }).parse(r).id).at(-1);
      if (last !== undefined) await tx.compactUpTo(doc, merged, last);
    });
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
    const row = z.object({ delegation_id: z.string(), kind: z.enum(['join', 'leave']), at: z.coerce.number() });
    const res = await this.pool.query(
      'SELECT delegation_id, kind, at FROM attendance WHERE meeting_id = $1 ORDER BY id',
      [meetingId],
    );
    return res.rows.map((raw: unknown) => {
      const r = row.parse(raw);
      return { delegationId: r.delegation_id, kind: r.kind, at: r.at };
    });
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
      const used = z.object({ n: z.coerce.number(), total: z.coerce.number() }).parse(res.rows[0]);
      const refused = fileLimitRefusal(used, file.size, limits);
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

  async close(): Promise<void> {
    await this.pool.end();
  }
}
