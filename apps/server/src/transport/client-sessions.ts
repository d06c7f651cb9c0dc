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
 * A connection whose token is being checked, from before the check until it is admitted or
 * given up. Revocations that land meanwhile are noted here: the check may have read the invite
 * just before it was revoked, and the sweep of the admitted sessions cannot see a connection
 * that is not admitted yet.
 */
export class Admission {
  private readonly revokedInvites = new Set<string>();

  constructor(private readonly pending: Set<Admission>) {
    pending.add(this);
  }

  /** Whether this invite was revoked since the check began. */
  wasRevoked(inviteId: string): boolean {
    return this.revokedInvites.has(inviteId);
  }

  /** Called by the registry on every revocation while this admission is pending. */
  noteRevoked(inviteId: string): void {
    this.revokedInvites.add(inviteId);
  }

  /** Stops noting revocations: the connection was admitted, refused or is gone. Idempotent. */
  settle(): void {
    this.pending.delete(this);
  }
}

/**
 * Every client session of this node, by invite: the one place where a session starts counting
 * (presence, attendance), and where revocation and expiry cut it, whatever its transport. A
 * revocation on another node reaches this one through the registry (cluster/bus.ts) and cuts the
 * sessions held here.
 */
export class ClientSessions {
  private readonly byInvite = new Map<string, Set<ClientSession>>();
  private readonly pending = new Set<Admission>();

  constructor(
    private readonly now: () => number,
    private readonly hooks: SessionHooks,
  ) {}

  /**
   * Starts the admission of a connection, before its token is checked. The transport settles it
   * when it refuses the connection or the connection closes; `admit` settles it too.
   */
  beginAdmission(): Admission {
    return new Admission(this.pending);
  }

  /**
   * Admits a session: it counts until its connection closes, and is cut at its expiry or
   * revocation. False, and nothing admitted, when its invite was revoked since the admission
   * began: the caller cuts the connection as a revoked one.
   */
  admit(admission: Admission, session: ClientSession): boolean {
    admission.settle();
    const inviteId = session.principal.inviteId;
    if (admission.wasRevoked(inviteId)) return false;
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
    cancelExpiry = atExpiry(session.expiresAt, this.now, () => session.end('expired'));
    return true;
  }

  /** Cuts every session of an invite held on this node, and refuses those being admitted. */
  revoke(inviteId: string): void {
    for (const admission of this.pending) admission.noteRevoked(inviteId);
    for (const session of [...(this.byInvite.get(inviteId) ?? [])]) session.end('revoked');
  }

  /** Sessions of an invite on this node. */
  countOf(inviteId: string): number {
    return this.byInvite.get(inviteId)?.size ?? 0;
  }

  /** Admissions under way (none once every connection was admitted, refused or closed). */
  get pendingAdmissions(): number {
    return this.pending.size;
  }

  private forget(session: ClientSession): void {
    const sessions = this.byInvite.get(session.principal.inviteId);
    if (!sessions) return;
    sessions.delete(session);
    if (sessions.size === 0) this.byInvite.delete(session.principal.inviteId);
  }
}
