import { chainHash, GENESIS_HASH } from './hash-chain.js';
import {
  COMMAND_COLUMNS,
  COMMAND_INSERT_COLUMNS,
  commandValues,
  INVITE_COLUMNS,
  inviteValues,
  toChainHead,
  toStoredCommand,
  toStoredUpdate,
} from './rows.js';
import type { ChainHead, SqliteConnection } from './sqlite-connection.js';
import type {
  CommandRecord,
  CommitIds,
  DocName,
  InviteRecord,
  MeetingTx,
  StoredCommand,
  StoredUpdate,
} from './types.js';

export function insertInvite(conn: SqliteConnection, i: InviteRecord): void {
  conn
    .statement(`INSERT INTO invites (${INVITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(...inviteValues(i));
}

/** Appends one update to a meeting's document; returns its id. */
export function insertUpdate(conn: SqliteConnection, meetingId: string, doc: DocName, update: Uint8Array): number {
  const info = conn
    .statement('INSERT INTO doc_updates (meeting_id, doc, data) VALUES (?, ?, ?)')
    .run(meetingId, doc, Buffer.from(update));
  return Number(info.lastInsertRowid);
}

export function updatesSince(conn: SqliteConnection, meetingId: string, doc: DocName, afterId: number): StoredUpdate[] {
  return conn
    .statement('SELECT id, data FROM doc_updates WHERE meeting_id = ? AND doc = ? AND id > ? ORDER BY id')
    .all(meetingId, doc, afterId)
    .map(toStoredUpdate);
}

export function commandsSince(conn: SqliteConnection, meetingId: string, afterSeq: number): StoredCommand[] {
  return conn
    .statement(`SELECT ${COMMAND_COLUMNS} FROM commands WHERE meeting_id = ? AND seq > ? ORDER BY seq`)
    .all(meetingId, afterSeq)
    .map(toStoredCommand);
}

/**
 * The writes of one meeting on SQLite. One node writes the file and the room's queue is the
 * meeting's lock, so there is nothing to hold open between writes: each write is one SQLite
 * transaction by itself (a batch's commands, invites and update together or not at all).
 */
export class SqliteMeetingTx implements MeetingTx {
  constructor(
    private readonly conn: SqliteConnection,
    private readonly meetingId: string,
  ) {}

  async updatesSince(doc: DocName, afterId: number): Promise<StoredUpdate[]> {
    return updatesSince(this.conn, this.meetingId, doc, afterId);
  }

  async commandsSince(afterSeq: number): Promise<StoredCommand[]> {
    return commandsSince(this.conn, this.meetingId, afterSeq);
  }

  async commitBatch(
    commands: CommandRecord[],
    update: Uint8Array | null,
    doc: DocName,
    invites: InviteRecord[] = [],
  ): Promise<CommitIds> {
    const insert = this.conn.statement(
      `INSERT INTO commands (${COMMAND_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let { seq, hash } = this.head();
    let updateId: number | null;
    try {
      updateId = this.conn.transaction(() => {
        for (const cmd of commands) {
          seq += 1;
          hash = chainHash(hash, seq, cmd);
          insert.run(...commandValues(this.meetingId, seq, cmd, hash));
        }
        for (const i of invites) insertInvite(this.conn, i);
        return update ? insertUpdate(this.conn, this.meetingId, doc, update) : null;
      });
    } catch (err) {
      // Nothing was stored: the next batch reads the head again rather than trust this one's.
      this.conn.heads.delete(this.meetingId);
      throw err;
    }
    this.conn.heads.set(this.meetingId, { seq, hash });
    return { seq, updateId };
  }

  async appendUpdate(doc: DocName, update: Uint8Array): Promise<number> {
    return insertUpdate(this.conn, this.meetingId, doc, update);
  }

  async compactUpTo(doc: DocName, merged: Uint8Array, upToId: number): Promise<void> {
    this.conn.transaction(() => {
      this.conn
        .statement('DELETE FROM doc_updates WHERE meeting_id = ? AND doc = ? AND id <= ?')
        .run(this.meetingId, doc, upToId);
      // Keep the merged update at the position of the last one it replaces.
      this.conn
        .statement('INSERT INTO doc_updates (id, meeting_id, doc, data) VALUES (?, ?, ?, ?)')
        .run(upToId, this.meetingId, doc, Buffer.from(merged));
    });
  }

  /** The chain's last link, from the cache or (first write, or after a failed one) from the log. */
  private head(): ChainHead {
    const cached = this.conn.heads.get(this.meetingId);
    if (cached) return cached;
    const row = this.conn
      .statement('SELECT seq, hash FROM commands WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1')
      .get(this.meetingId);
    const head = toChainHead(row) ?? { seq: 0, hash: GENESIS_HASH };
    this.conn.heads.set(this.meetingId, head);
    return head;
  }
}
