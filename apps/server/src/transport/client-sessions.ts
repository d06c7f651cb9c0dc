import type { Principal } from '@rostrum/core';
import { atExpiry } from './connection-expiry.js';

/** Why the server ends a session: its link was revoked, or it expired. */
export type SessionEnd = 'revoked' | 'expired';

/**
 * One admitted client connection — a Socket.IO socket or a Yjs WebSocket — as the server keeps
 * it: who it is, until when, and how to end it. The transport that accepted it supplies `end`
 * (Socket.IO: `session_ended` then disconnect; Yjs: close 4401) and `onClose`.
 */
export type ClientSession = {
  /** Unique on this node (the Socket.IO socket id, or one the Yjs endpoint gives). */
  readonly id: string;
  readonly principal: Principal;
  readonly expiresAt: number;
  /**
   * Whether the session makes its person present (presence, attendance). A browser tab's
   * Socket.IO connection does; its Yjs connections ride along with it and do not count again.
   */
  readonly present: boolean;
  /** Cuts the connection, telling the client why. */
  end(reason: SessionEnd): void;
  /** Calls `fn` once the connection is gone, whoever closed it. */
  onClose(fn: () => void): void;
};

/** What the sessions tell presence and attendance (transport/presence.ts, attendance.ts). */
export type SessionHooks = {
  joined(session: ClientSession): void;
  left(session: ClientSession): void;
};

/**
 * Every client session of this node, by invite: the one place where a session starts counting
 * (presence, attendance), and where revocation and expiry cut it, whatever its transport. A
 * revocation on another node reaches this one through the registry (cluster/bus.ts) and cuts the
 * sessions held here.
 */
export class ClientSessions {
  private readonly byInvite = new Map<string, Set<ClientSession>>();
  private authenticating = 0;
  /**
   * Invites revoked while a token was being checked: the check may have read the invite just
   * before the revocation, whose sweep of the admitted sessions then missed the new one.
   */
  private readonly revokedDuringAuth = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly hooks: SessionHooks,
  ) {}

  /**
   * Runs a token check. `revokedMeanwhile`: the invite it names was revoked while the check ran,
   * so its answer is stale — the connection must be refused.
   */
  async authenticate<T>(
    check: () => Promise<T>,
    inviteOf: (result: T) => string | null,
  ): Promise<{ result: T; revokedMeanwhile: boolean }> {
    this.authenticating += 1;
    try {
      const result = await check();
      const inviteId = inviteOf(result);
      return { result, revokedMeanwhile: inviteId !== null && this.revokedDuringAuth.has(inviteId) };
    } finally {
      this.authenticating -= 1;
      if (this.authenticating === 0) this.revokedDuringAuth.clear();
    }
  }

  /** Admits a session: it counts until its connection closes, and is cut at its expiry or revocation. */
  admit(session: ClientSession): void {
    const inviteId = session.principal.inviteId;
    let sessions = this.byInvite.get(inviteId);
    if (!sessions) {
      sessions = new Set();
      this.byInvite.set(inviteId, sessions);
    }
    sessions.add(session);
    if (session.present) this.hooks.joined(session);
    let cancelExpiry: () => void = () => undefined;
    let open = true;
    // Registered before the expiry is armed: an expiry that fires at once still counts the leave.
    session.onClose(() => {
      if (!open) return;
      open = false;
      cancelExpiry();
      this.forget(session);
      if (session.present) this.hooks.left(session);
    });
    if (open) cancelExpiry = atExpiry(session.expiresAt, this.now, () => session.end('expired'));
  }

  /** Cuts every session of an invite held on this node. */
  revoke(inviteId: string): void {
    if (this.authenticating > 0) this.revokedDuringAuth.add(inviteId);
    for (const session of [...(this.byInvite.get(inviteId) ?? [])]) session.end('revoked');
  }

  /** Sessions of an invite on this node. */
  countOf(inviteId: string): number {
    return this.byInvite.get(inviteId)?.size ?? 0;
  }

  private forget(session: ClientSession): void {
    const sessions = this.byInvite.get(session.principal.inviteId);
    if (!sessions) return;
    sessions.delete(session);
    if (sessions.size === 0) this.byInvite.delete(session.principal.inviteId);
  }
}
