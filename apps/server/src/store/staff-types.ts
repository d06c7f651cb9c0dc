/**
 * What the staff accounts keep in the store (migration 3): accounts, their sessions, one-time
 * links (the first administrator's setup link, set-password links) and who manages which
 * meeting. Secrets are never stored as given: session ids and link tokens as SHA-256 hashes
 * (they are long random values), passwords as argon2id hashes (passwords.ts).
 */
export type StaffRole = 'admin' | 'secretariat';

export type AccountRecord = {
  id: string;
  /** Lower-cased and trimmed: the sign-in name. */
  email: string;
  name: string;
  role: StaffRole;
  /** Null until the person sets one through a set-password link. */
  passwordHash: string | null;
  /** The account that created it; null for the first administrator. */
  createdBy: string | null;
  createdAt: number;
  disabledAt: number | null;
};

export type SessionRecord = { idHash: string; accountId: string; createdAt: number; lastSeenAt: number };

export type LinkKind = 'setup' | 'set_password';

export type LinkRecord = {
  tokenHash: string;
  kind: LinkKind;
  /** The account whose password a set-password link sets; null for the setup link. */
  accountId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
};

export interface StaffStore {
  countAccounts(): Promise<number>;
  /** False when the email is taken. */
  addAccount(account: AccountRecord): Promise<boolean>;
  /**
   * The first administrator: uses the setup link and adds the account in one transaction, only
   * while there is no account at all. 'used': the link is unknown, used or expired; 'exists':
   * an account was made meanwhile.
   */
  addFirstAdmin(account: AccountRecord, setupHash: string, now: number): Promise<'ok' | 'used' | 'exists'>;
  accountById(id: string): Promise<AccountRecord | null>;
  accountByEmail(email: string): Promise<AccountRecord | null>;
  listAccounts(): Promise<AccountRecord[]>;
  setDisabled(id: string, at: number | null): Promise<void>;
  setPassword(id: string, passwordHash: string): Promise<void>;

  addLink(link: LinkRecord): Promise<void>;
  linkByHash(tokenHash: string): Promise<LinkRecord | null>;
  /** Marks the link used if it is still usable at `now`; false if it was not (used, expired or unknown). */
  useLink(tokenHash: string, now: number): Promise<boolean>;

  addSession(session: SessionRecord): Promise<void>;
  sessionByHash(idHash: string): Promise<SessionRecord | null>;
  touchSession(idHash: string, at: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOf(accountId: string): Promise<void>;

  addManager(meetingId: string, accountId: string, at: number): Promise<void>;
  isManager(meetingId: string, accountId: string): Promise<boolean>;
  managedMeetings(accountId: string): Promise<string[]>;
  /** A meeting's managers, in the order they were added. */
  listManagers(meetingId: string): Promise<ManagerRecord[]>;
  /** False when the account did not manage the meeting. */
  removeManager(meetingId: string, accountId: string): Promise<boolean>;
}

export type ManagerRecord = { accountId: string; addedAt: number };

type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const ACCOUNT_COLUMNS = 'id, email, name, role, password_hash, created_by, created_at, disabled_at';
export const LINK_COLUMNS = 'token_hash, kind, account_id, created_at, expires_at, used_at';
export const SESSION_COLUMNS = 'id_hash, account_id, created_at, last_seen_at';

export function toAccount(row: Row): AccountRecord {
  return {
    id: str(row.id),
    email: str(row.email),
    name: str(row.name),
    role: row.role === 'admin' ? 'admin' : 'secretariat',
    passwordHash: strOrNull(row.password_hash),
    createdBy: strOrNull(row.created_by),
    createdAt: num(row.created_at),
    disabledAt: numOrNull(row.disabled_at),
  };
}

export function accountValues(a: AccountRecord): unknown[] {
  return [a.id, a.email, a.name, a.role, a.passwordHash, a.createdBy, a.createdAt, a.disabledAt];
}

export function toLink(row: Row): LinkRecord {
  return {
    tokenHash: str(row.token_hash),
    kind: row.kind === 'setup' ? 'setup' : 'set_password',
    accountId: strOrNull(row.account_id),
    createdAt: num(row.created_at),
    expiresAt: num(row.expires_at),
    usedAt: numOrNull(row.used_at),
  };
}

export function toSession(row: Row): SessionRecord {
  return {
    idHash: str(row.id_hash),
    accountId: str(row.account_id),
    createdAt: num(row.created_at),
    lastSeenAt: num(row.last_seen_at),
  };
}

export const asRow = (v: unknown): Row | null => (typeof v === 'object' && v !== null ? (v as Row) : null);
