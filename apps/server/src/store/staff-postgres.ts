import type pg from 'pg';
import {
  ACCOUNT_COLUMNS,
  accountValues,
  LINK_COLUMNS,
  SESSION_COLUMNS,
  toAccount,
  toLink,
  toSession,
  type AccountRecord,
  type LinkRecord,
  type ManagerRecord,
  type SessionRecord,
  type StaffStore,
} from './staff-types.js';

const USE_LINK =
  'UPDATE staff_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 AND kind = $3';
const INSERT_ACCOUNT = `INSERT INTO staff_accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`;

/** The staff tables in PostgreSQL (several nodes share them). */
export class PostgresStaffStore implements StaffStore {
  constructor(private readonly pool: pg.Pool) {}

  async countAccounts(): Promise<number> {
    const res = await this.pool.query('SELECT COUNT(*) AS n FROM staff_accounts');
    return Number(res.rows[0]?.n ?? 0);
  }

  async addAccount(account: AccountRecord): Promise<boolean> {
    const res = await this.pool.query(INSERT_ACCOUNT, accountValues(account));
    return res.rowCount === 1;
  }

  async addFirstAdmin(account: AccountRecord, setupHash: string, now: number): Promise<'ok' | 'used' | 'exists'> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Two nodes answering two setup links at once: one at a time, so only one first administrator.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('rostrum:first-admin'))");
      const used = await client.query(USE_LINK, [now, setupHash, 'setup']);
      let out: 'ok' | 'used' | 'exists' = 'ok';
      if (used.rowCount !== 1) out = 'used';
      else if (Number((await client.query('SELECT COUNT(*) AS n FROM staff_accounts')).rows[0]?.n ?? 0) > 0)
        out = 'exists';
      else await client.query(INSERT_ACCOUNT, accountValues(account));
      await client.query(out === 'ok' ? 'COMMIT' : 'ROLLBACK');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async accountById(id: string): Promise<AccountRecord | null> {
    const res = await this.pool.query(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE id = $1`, [id]);
    return res.rows[0] ? toAccount(res.rows[0]) : null;
  }

  async accountByEmail(email: string): Promise<AccountRecord | null> {
    const res = await this.pool.query(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE email = $1`, [email]);
    return res.rows[0] ? toAccount(res.rows[0]) : null;
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const res = await this.pool.query(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY created_at, id`);
    return res.rows.map(toAccount);
  }

  async setDisabled(id: string, at: number | null): Promise<void> {
    await this.pool.query('UPDATE staff_accounts SET disabled_at = $1 WHERE id = $2', [at, id]);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE staff_accounts SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
  }

  async addLink(l: LinkRecord): Promise<void> {
    await this.pool.query(`INSERT INTO staff_links (${LINK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      l.tokenHash,
      l.kind,
      l.accountId,
      l.createdAt,
      l.expiresAt,
      l.usedAt,
    ]);
  }

  async linkByHash(tokenHash: string): Promise<LinkRecord | null> {
    const res = await this.pool.query(`SELECT ${LINK_COLUMNS} FROM staff_links WHERE token_hash = $1`, [tokenHash]);
    return res.rows[0] ? toLink(res.rows[0]) : null;
  }

  async useLink(tokenHash: string, now: number): Promise<boolean> {
    return (await this.pool.query(USE_LINK, [now, tokenHash, 'set_password'])).rowCount === 1;
  }

  async addSession(s: SessionRecord): Promise<void> {
    await this.pool.query(`INSERT INTO staff_sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4)`, [
      s.idHash,
      s.accountId,
      s.createdAt,
      s.lastSeenAt,
    ]);
  }

  async sessionByHash(idHash: string): Promise<SessionRecord | null> {
    const res = await this.pool.query(`SELECT ${SESSION_COLUMNS} FROM staff_sessions WHERE id_hash = $1`, [idHash]);
    return res.rows[0] ? toSession(res.rows[0]) : null;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_sessions SET last_seen_at = $1 WHERE id_hash = $2', [at, idHash]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM staff_sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.pool.query('DELETE FROM staff_sessions WHERE account_id = $1', [accountId]);
  }

  async addManager(meetingId: string, accountId: string, at: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO meeting_managers (meeting_id, account_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [meetingId, accountId, at],
    );
  }

  async isManager(meetingId: string, accountId: string): Promise<boolean> {
    const res = await this.pool.query('SELECT 1 FROM meeting_managers WHERE meeting_id = $1 AND account_id = $2', [
      meetingId,
      accountId,
    ]);
    return res.rowCount === 1;
  }

  async managedMeetings(accountId: string): Promise<string[]> {
    const res = await this.pool.query(
      'SELECT meeting_id FROM meeting_managers WHERE account_id = $1 ORDER BY added_at',
      [accountId],
    );
    return res.rows.map((r: { meeting_id: unknown }) => String(r.meeting_id));
  }

  async listManagers(meetingId: string): Promise<ManagerRecord[]> {
    const res = await this.pool.query(
      'SELECT account_id, added_at FROM meeting_managers WHERE meeting_id = $1 ORDER BY added_at, account_id',
      [meetingId],
    );
    return res.rows.map((r: { account_id: unknown; added_at: unknown }) => ({
      accountId: String(r.account_id),
      addedAt: Number(r.added_at),
    }));
  }

  async removeManager(meetingId: string, accountId: string): Promise<boolean> {
    const res = await this.pool.query('DELETE FROM meeting_managers WHERE meeting_id = $1 AND account_id = $2', [
      meetingId,
      accountId,
    ]);
    return res.rowCount === 1;
  }
}
