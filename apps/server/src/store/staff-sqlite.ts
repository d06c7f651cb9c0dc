import type { SqliteConnection } from './sqlite-connection.js';
import {
  ACCOUNT_COLUMNS,
  accountValues,
  asRow,
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

/** The staff tables in the SQLite file (synchronous underneath, like the meeting store). */
export class SqliteStaffStore implements StaffStore {
  constructor(private readonly conn: SqliteConnection) {}

  async countAccounts(): Promise<number> {
    return Number(asRow(this.conn.statement('SELECT COUNT(*) AS n FROM staff_accounts').get())?.n ?? 0);
  }

  private insertAccount(a: AccountRecord): boolean {
    const res = this.conn
      .statement(
        `INSERT INTO staff_accounts (${ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(...accountValues(a));
    return res.changes === 1;
  }

  async addAccount(account: AccountRecord): Promise<boolean> {
    return this.insertAccount(account);
  }

  async addFirstAdmin(account: AccountRecord, setupHash: string, now: number): Promise<'ok' | 'used' | 'exists'> {
    return this.conn.transaction(() => {
      if (!this.useLinkNow(setupHash, now, 'setup')) return 'used';
      const n = Number(asRow(this.conn.statement('SELECT COUNT(*) AS n FROM staff_accounts').get())?.n ?? 0);
      if (n > 0) return 'exists';
      this.insertAccount(account);
      return 'ok';
    });
  }

  async accountById(id: string): Promise<AccountRecord | null> {
    const row = asRow(this.conn.statement(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE id = ?`).get(id));
    return row ? toAccount(row) : null;
  }

  async accountByEmail(email: string): Promise<AccountRecord | null> {
    const row = asRow(this.conn.statement(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE email = ?`).get(email));
    return row ? toAccount(row) : null;
  }

  async listAccounts(): Promise<AccountRecord[]> {
    return this.conn
      .statement(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY created_at, id`)
      .all()
      .map((r) => toAccount(asRow(r) ?? {}));
  }

  async setDisabled(id: string, at: number | null): Promise<void> {
    this.conn.statement('UPDATE staff_accounts SET disabled_at = ? WHERE id = ?').run(at, id);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    this.conn.statement('UPDATE staff_accounts SET password_hash = ? WHERE id = ?').run(passwordHash, id);
  }

  async addLink(l: LinkRecord): Promise<void> {
    this.conn
      .statement(`INSERT INTO staff_links (${LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(l.tokenHash, l.kind, l.accountId, l.createdAt, l.expiresAt, l.usedAt);
  }

  async linkByHash(tokenHash: string): Promise<LinkRecord | null> {
    const row = asRow(
      this.conn.statement(`SELECT ${LINK_COLUMNS} FROM staff_links WHERE token_hash = ?`).get(tokenHash),
    );
    return row ? toLink(row) : null;
  }

  private useLinkNow(tokenHash: string, now: number, kind: LinkRecord['kind'] | null): boolean {
    const res = this.conn
      .statement(
        'UPDATE staff_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND (? IS NULL OR kind = ?)',
      )
      .run(now, tokenHash, now, kind, kind);
    return res.changes === 1;
  }

  async useLink(tokenHash: string, now: number): Promise<boolean> {
    return this.useLinkNow(tokenHash, now, 'set_password');
  }

  async addSession(s: SessionRecord): Promise<void> {
    this.conn
      .statement(`INSERT INTO staff_sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?)`)
      .run(s.idHash, s.accountId, s.createdAt, s.lastSeenAt);
  }

  async sessionByHash(idHash: string): Promise<SessionRecord | null> {
    const row = asRow(
      this.conn.statement(`SELECT ${SESSION_COLUMNS} FROM staff_sessions WHERE id_hash = ?`).get(idHash),
    );
    return row ? toSession(row) : null;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    this.conn.statement('UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.conn.statement('DELETE FROM staff_sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    this.conn.statement('DELETE FROM staff_sessions WHERE account_id = ?').run(accountId);
  }

  async addManager(meetingId: string, accountId: string, at: number): Promise<void> {
    this.conn
      .statement(
        'INSERT INTO meeting_managers (meeting_id, account_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(meetingId, accountId, at);
  }

  async isManager(meetingId: string, accountId: string): Promise<boolean> {
    return (
      this.conn
        .statement('SELECT 1 FROM meeting_managers WHERE meeting_id = ? AND account_id = ?')
        .get(meetingId, accountId) !== undefined
    );
  }

  async managedMeetings(accountId: string): Promise<string[]> {
    return this.conn
      .statement('SELECT meeting_id FROM meeting_managers WHERE account_id = ? ORDER BY added_at')
      .all(accountId)
      .map((r) => String(asRow(r)?.meeting_id));
  }

  async listManagers(meetingId: string): Promise<ManagerRecord[]> {
    return this.conn
      .statement('SELECT account_id, added_at FROM meeting_managers WHERE meeting_id = ? ORDER BY added_at, account_id')
      .all(meetingId)
      .map((r) => ({ accountId: String(asRow(r)?.account_id), addedAt: Number(asRow(r)?.added_at) }));
  }

  async removeManager(meetingId: string, accountId: string): Promise<boolean> {
    return (
      this.conn
        .statement('DELETE FROM meeting_managers WHERE meeting_id = ? AND account_id = ?')
        .run(meetingId, accountId).changes === 1
    );
  }
}
