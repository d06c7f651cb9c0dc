import type { Redis } from 'ioredis';
import { newId } from '../room/invites.js';
import { checkPassword, hashPassword } from './passwords.js';
import { csrfTokenFor, newSecret, secretHash } from './secrets.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInBudget, type SignInLimits } from './sign-in-limits.js';
import type { AccountRecord, LinkKind, StaffRole, StaffStore } from '../store/staff-types.js';

const HOUR = 3_600_000;
/** A session unused this long ends (a desk left signed in overnight). */
export const SESSION_IDLE_MS = 12 * HOUR;
/** And any session ends this long after signing in, used or not. */
export const SESSION_MAX_MS = 30 * 24 * HOUR;
/** The first administrator's setup link and set-password links work this long, once. */
export const LINK_TTL_MS = 24 * HOUR;
/** `last_seen_at` is written at most this often per session (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** A signed-in staff member, as the routes see them. */
export type StaffContext = { account: AccountRecord; sessionId: string; csrfToken: string };

export type SignInResult =
  | { ok: true; sessionId: string; account: AccountRecord }
  | { ok: false; code: 'unauthorized' }
  | { ok: false; code: 'rate_limited'; retryMs: number };

export type StaffServiceOptions = {
  store: StaffStore;
  now: () => number;
  /** Keys the CSRF tokens (the server's token secret). */
  key: string;
  redis: Redis | null;
  signInLimits?: SignInLimits;
};

export const normalEmail = (email: string) => email.trim().toLowerCase();

/** Accounts, passwords, sessions and one-time links; the HTTP side is routes.ts. */
export class StaffService {
  readonly store: StaffStore;
  private readonly budget: SignInBudget;

  constructor(private readonly opts: StaffServiceOptions) {
    this.store = opts.store;
    this.budget = new SignInBudget(opts.signInLimits ?? DEFAULT_SIGN_IN_LIMITS, opts.redis);
  }

  /** A new one-time link of this kind; the token is returned once and only its hash is kept. */
  async newLink(kind: LinkKind, accountId: string | null): Promise<string> {
    const token = newSecret();
    const now = this.opts.now();
    await this.store.addLink({
      tokenHash: secretHash(token),
      kind,
      accountId,
      createdAt: now,
      expiresAt: now + LINK_TTL_MS,
      usedAt: null,
    });
    return token;
  }

  /** With no account yet, a setup link for the first administrator (one per start); else null. */
  async setupToken(): Promise<string | null> {
    if ((await this.store.countAccounts()) > 0) return null;
    return this.newLink('setup', null);
  }

  /** What a one-time link is for, while it can still be used; null otherwise. */
  async linkInfo(token: string): Promise<{ kind: LinkKind; email: string | null } | null> {
    const link = await this.store.linkByHash(secretHash(token));
    if (!link || link.usedAt !== null || link.expiresAt <= this.opts.now()) return null;
    if (link.kind === 'setup') return (await this.store.countAccounts()) > 0 ? null : { kind: 'setup', email: null };
    const account = link.accountId ? await this.store.accountById(link.accountId) : null;
    if (!account || account.disabledAt !== null) return null;
    return { kind: 'set_password', email: account.email };
  }

  /** The first administrator, through the setup link: null if the link is not usable (used, expired) or an account exists. */
  async setupFirstAdmin(
    token: string,
    f: { email: string; name: string; password: string },
  ): Promise<AccountRecord | null> {
    const account = this.account({
      ...f,
      role: 'admin',
      createdBy: null,
      passwordHash: await hashPassword(f.password),
    });
    const out = await this.store.addFirstAdmin(account, secretHash(token), this.opts.now());
    return out === 'ok' ? account : null;
  }

  /**
   * A new set-password link for an account (a forgotten password): the current password keeps
   * working until the link is used, which ends every session of the account. Null for an
   * unknown or disabled account.
   */
  async passwordLink(accountId: string): Promise<string | null> {
    const account = await this.store.accountById(accountId);
    if (!account || account.disabledAt !== null) return null;
    return this.newLink('set_password', account.id);
  }

  /** Sets an account's password through its one-time link; the account's sessions end. Null if the link is not usable. */
  async setPasswordWithLink(token: string, password: string): Promise<AccountRecord | null> {
    const hash = secretHash(token);
    const link = await this.store.linkByHash(hash);
    if (!link || link.kind !== 'set_password' || !link.accountId) return null;
    const account = await this.store.accountById(link.accountId);
    if (!account || account.disabledAt !== null) return null;
    const passwordHash = await hashPassword(password);
    if (!(await this.store.useLink(hash, this.opts.now()))) return null;
    await this.store.setPassword(account.id, passwordHash);
    await this.store.deleteSessionsOf(account.id);
    return { ...account, passwordHash };
  }

  private account(f: {
    email: string;
    name: string;
    role: StaffRole;
    createdBy: string | null;
    passwordHash: string | null;
  }): AccountRecord {
    return {
      id: newId(),
      email: normalEmail(f.email),
      name: f.name.trim(),
      role: f.role,
      passwordHash: f.passwordHash,
      createdBy: f.createdBy,
      createdAt: this.opts.now(),
      disabledAt: null,
    };
  }

  /**
   * An account made by an administrator: with an initial password, or none and a set-password
   * link to hand over (`setPasswordToken`). Null when the email is taken.
   */
  async createAccount(
    by: AccountRecord,
    f: { email: string; name: string; role: StaffRole; password: string | null },
  ): Promise<{ account: AccountRecord; setPasswordToken: string | null } | null> {
    const passwordHash = f.password === null ? null : await hashPassword(f.password);
    const account = this.account({ ...f, createdBy: by.id, passwordHash });
    if (!(await this.store.addAccount(account))) return null;
    const setPasswordToken = f.password === null ? await this.newLink('set_password', account.id) : null;
    return { account, setPasswordToken };
  }

  /** Disables (or enables again) an account; disabling ends its sessions at once. */
  async setDisabled(id: string, disabled: boolean): Promise<AccountRecord | null> {
    const account = await this.store.accountById(id);
    if (!account) return null;
    const at = disabled ? (account.disabledAt ?? this.opts.now()) : null;
    await this.store.setDisabled(id, at);
    if (disabled) await this.store.deleteSessionsOf(id);
    return { ...account, disabledAt: at };
  }

  /**
   * Email and password. Every refusal is the same `unauthorized` (unknown email, wrong password,
   * disabled account, no password yet) and takes as long (a password hash is always checked).
   */
  async signIn(email: string, password: string, address: string): Promise<SignInResult> {
    const key = normalEmail(email);
    const wait = await this.budget.blocked(key, address);
    if (wait !== null) return { ok: false, code: 'rate_limited', retryMs: wait };
    const account = await this.store.accountByEmail(key);
    const usable = account !== null && account.disabledAt === null ? account.passwordHash : null;
    const good = await checkPassword(password, usable);
    if (!good || !account) {
      await this.budget.failed(key, address);
      return { ok: false, code: 'unauthorized' };
    }
    await this.budget.succeeded(key);
    return { ok: true, sessionId: await this.startSession(account.id), account };
  }

  /**
   * The account of an email an identity provider has verified (OpenID Connect): the account of
   * that email if it is enabled; with none and `autoCreateDomain` matching the email's domain, a
   * new secretariat account without a password. A disabled account stays out.
   */
  async accountForVerifiedEmail(
    email: string,
    name: string | null,
    autoCreateDomain: string | null,
  ): Promise<{ ok: true; account: AccountRecord; created: boolean } | { ok: false; code: 'unknown' | 'disabled' }> {
    const key = normalEmail(email);
    const found = await this.store.accountByEmail(key);
    if (found)
      return found.disabledAt === null ? { ok: true, account: found, created: false } : { ok: false, code: 'disabled' };
    if (autoCreateDomain === null || key.slice(key.lastIndexOf('@') + 1) !== autoCreateDomain)
      return { ok: false, code: 'unknown' };
    const account = this.account({
      email: key,
      name: name ?? key.slice(0, key.lastIndexOf('@')),
      role: 'secretariat',
      createdBy: null,
      passwordHash: null,
    });
    if (await this.store.addAccount(account)) return { ok: true, account, created: true };
    // Made meanwhile by another sign-in of the same person: that one, on the same terms.
    const again = await this.store.accountByEmail(key);
    return again && again.disabledAt === null
      ? { ok: true, account: again, created: false }
      : { ok: false, code: again ? 'disabled' : 'unknown' };
  }

  async startSession(accountId: string): Promise<string> {
    const id = newSecret();
    const now = this.opts.now();
    await this.store.addSession({ idHash: secretHash(id), accountId, createdAt: now, lastSeenAt: now });
    return id;
  }

  /** The signed-in staff member of a session id (the cookie), or null: unknown, expired, or the account disabled. */
  async session(sessionId: string): Promise<StaffContext | null> {
    const idHash = secretHash(sessionId);
    const session = await this.store.sessionByHash(idHash);
    if (!session) return null;
    const now = this.opts.now();
    if (now - session.lastSeenAt > SESSION_IDLE_MS || now - session.createdAt > SESSION_MAX_MS) {
      await this.store.deleteSession(idHash);
      return null;
    }
    const account = await this.store.accountById(session.accountId);
    if (!account || account.disabledAt !== null) return null;
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) await this.store.touchSession(idHash, now);
    return { account, sessionId, csrfToken: csrfTokenFor(this.opts.key, sessionId) };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.deleteSession(secretHash(sessionId));
  }

  async signOutEverywhere(accountId: string): Promise<void> {
    await this.store.deleteSessionsOf(accountId);
  }

  /** An administrator manages every meeting; a secretariat account those it created or was added to. */
  async mayManage(account: AccountRecord, meetingId: string): Promise<boolean> {
    return account.role === 'admin' || this.store.isManager(meetingId, account.id);
  }

  /** The meetings an account sees on its home page: 'all' for an administrator. */
  async visibleMeetings(account: AccountRecord): Promise<'all' | Set<string>> {
    if (account.role === 'admin') return 'all';
    return new Set(await this.store.managedMeetings(account.id));
  }
}

/** An account as the API shows it (never its password hash). */
export function publicAccount(a: AccountRecord) {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    role: a.role,
    createdAt: a.createdAt,
    disabled: a.disabledAt !== null,
    passwordSet: a.passwordHash !== null,
  };
}
