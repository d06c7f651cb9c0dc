import type pg from 'pg';
import { z } from 'zod';
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
import type {
  CommandRecord,
  CommitIds,
  DocName,
  InviteRecord,
  MeetingTx,
  StoredCommand,
  StoredUpdate,
} from './types.js';

/** Rows per INSERT of a batch of commands (10 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 500;
/** Parameters per command row: one per column. */
const COMMAND_PARAMS = COMMAND_INSERT_COLUMNS.split(',').length;

/** The pool (a statement of its own) or a transaction's client. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function insertInvite(q: Queryable, i: InviteRecord): Promise<void> {
  await q.query(
    `INSERT INTO invites (${INVITE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    inviteValues(i),
  );
}

/** Appends one update to a meeting's document; returns its id. */
export async function insertUpdate(q: Queryable, meetingId: string, doc: DocName, update: Uint8Array): Promise<number> {
  const res = await q.query('INSERT INTO doc_updates (meeting_id, doc, data) VALUES ($1, $2, $3) RETURNING id', [
    meetingId,
    doc,
    Buffer.from(update),
  ]);
  return z.object({ id: z.coerce.number() }).parse(res.rows[0]).id;
}

export async function updatesSince(
  q: Queryable,
  meetingId: string,
  doc: DocName,
  afterId: number,
): Promise<StoredUpdate[]> {
  const res = await q.query(
    'SELECT id, data FROM doc_updates WHERE meeting_id = $1 AND doc = $2 AND id > $3 ORDER BY id',
    [meetingId, doc, afterId],
  );
  return res.rows.map(toStoredUpdate);
}

export async function commandsSince(q: Queryable, meetingId: string, afterSeq: number): Promise<StoredCommand[]> {
  const res = await q.query(`SELECT ${COMMAND_COLUMNS} FROM commands WHERE meeting_id = $1 AND seq > $2 ORDER BY seq`, [
    meetingId,
    afterSeq,
  ]);
  return res.rows.map(toStoredCommand);
}

/** `($1, …, $10), ($11, …, $20), …` for `rows` rows of commands. */
function commandPlaceholders(rows: number): string {
  return Array.from({ length: rows }, (_, r) => {
    const params = Array.from({ length: COMMAND_PARAMS }, (_, p) => `$${r * COMMAND_PARAMS + p + 1}`);
    return `(${params.join(', ')})`;
  }).join(', ');
}

/**
 * The writes of one meeting inside its lock's transaction (see PostgresStore.withMeetingLock):
 * they commit together when the lock holder's function resolves, or not at all.
 */
export class PostgresMeetingTx implements MeetingTx {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly meetingId: string,
  ) {}

  updatesSince(doc: DocName, afterId: number): Promise<StoredUpdate[]> {
    return updatesSince(this.client, this.meetingId, doc, afterId);
  }

  commandsSince(afterSeq: number): Promise<StoredCommand[]> {
    return commandsSince(this.client, this.meetingId, afterSeq);
  }

  async commitBatch(
    commands: CommandRecord[],
    update: Uint8Array | null,
    doc: DocName,
    invites: InviteRecord[] = [],
  ): Promise<CommitIds> {
    // Read under the lock: another node may have extended the chain since this node last wrote.
    const head = await this.client.query(
      'SELECT seq, hash FROM commands WHERE meeting_id = $1 ORDER BY seq DESC LIMIT 1',
      [this.meetingId],
    );
    let { seq, hash } = toChainHead(head.rows[0]) ?? { seq: 0, hash: GENESIS_HASH };
    for (let start = 0; start < commands.length; start += INSERT_CHUNK) {
      const chunk = commands.slice(start, start + INSERT_CHUNK);
      const values: unknown[] = [];
      for (const cmd of chunk) {
        seq += 1;
        hash = chainHash(hash, seq, cmd);
        values.push(...commandValues(this.meetingId, seq, cmd, hash));
      }
      await this.client.query(
        `INSERT INTO commands (${COMMAND_INSERT_COLUMNS}) VALUES ${commandPlaceholders(chunk.length)}`,
        values,
      );
    }
    for (const i of invites) await insertInvite(this.client, i);
    const updateId = update ? await insertUpdate(this.client, this.meetingId, doc, update) : null;
    return { seq, updateId };
  }

  appendUpdate(doc: DocName, update: Uint8Array): Promise<number> {
    return insertUpdate(this.client, this.meetingId, doc, update);
  }

  async compactUpTo(doc: DocName, merged: Uint8Array, upToId: number): Promise<void> {
    await this.client.query('DELETE FROM doc_updates WHERE meeting_id = $1 AND doc = $2 AND id <= $3', [
      this.meetingId,
      doc,
      upToId,
    ]);
    // Keep the merged update at the position of the last one it replaces.
    await this.client.query('INSERT INTO doc_updates (id, meeting_id, doc, data) VALUES ($1, $2, $3, $4)', [
      upToId,
      this.meetingId,
      doc,
      Buffer.from(merged),
    ]);
  }
}
