import type { MeetingDefinition, MeetingStatus, Principal } from '@rostrum/core';
import { MeetingRoom, type RoomOptions } from './meeting-room.js';
import { invitesFor, newId } from './invites.js';
import type { InviteRecord, MeetingStore } from '../store/types.js';
import type { TokenService } from './tokens.js';
import { linkValidAt, linkValidUntil } from './link-validity.js';

export type InviteLink = {
  inviteId: string;
  role: InviteRecord['role'];
  delegationId: string | null;
  presenterId: string | null;
  /** Delegates: head of delegation or deputy. */
  seat: InviteRecord['seat'];
  label: string;
  url: string;
  /** The projector view of an observer link. */
  projectorUrl?: string;
  /** When this link was made (a re-issued link: when it was re-issued). */
  issuedAt: number;
  /** When it stops working; null while the meeting is not closed (it works until the grace after closing). */
  validUntil: number | null;
};

/** How long a meeting's links work (link-validity.ts), as the secretariat sees and extends it. */
export type LinkLifetime = {
  status: MeetingStatus;
  closedAt: number | null;
  /** How long after the meeting closes its links keep working. */
  graceMs: number;
  /** When its links stop working; null while it is not closed. */
  validUntil: number | null;
  /** The date the links were extended to, while it is ahead; null when not extended. */
  extendedUntil: number | null;
};

/** The live meetings of this server, loaded from the store at start. */
export class MeetingRegistry {
  private readonly rooms = new Map<string, MeetingRoom>();
  /** Meetings being loaded on demand, so that concurrent requests load each once. */
  private readonly loading = new Map<string, Promise<MeetingRoom | undefined>>();
  private readonly revokeListeners: Array<(inviteId: string, here: boolean) => void> = [];
  private readonly createListeners: Array<(meetingId: string) => void> = [];
  private readonly deleteListeners: Array<(meetingId: string, here: boolean) => void> = [];
  /** The re-issue under way per meeting (see `reissue`). */
  private readonly reissuing = new Map<string, Promise<void>>();

  /**
   * `publicUrl`: the base of links built without a request (PUBLIC_URL, or the address the server
   * is bound to); `linkGraceMs`: how long links work after their meeting closes.
   */
  constructor(private readonly opts: RoomOptions & { publicUrl: string; tokens: TokenService; linkGraceMs: number }) {}

  get size(): number {
    return this.rooms.size;
  }

  /** The store the meetings live in (the log, attendance), for readers such as the minutes. */
  get store(): MeetingStore {
    return this.opts.store;
  }

  get(id: string): MeetingRoom | undefined {
    return this.rooms.get(id);
  }

  all(): MeetingRoom[] {
    return [...this.rooms.values()];
  }

  async loadAll(): Promise<void> {
    for (const record of await this.opts.store.listMeetings()) {
      this.rooms.set(record.id, await MeetingRoom.load(record, this.opts));
    }
    this.opts.logger.info({ meetings: this.rooms.size }, 'meetings loaded');
  }

  /**
   * The meeting, loaded from the store if this node does not have it yet: with several nodes, a
   * meeting created on another node after this one started is found here on first use.
   */
  async open(id: string): Promise<MeetingRoom | undefined> {
    const known = this.rooms.get(id);
    if (known) return known;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = (async () => {
        const record = await this.opts.store.getMeeting(id);
        if (!record) return undefined;
        const known = this.rooms.get(id);
        const room = known ?? (await MeetingRoom.load(record, this.opts));
        this.rooms.set(id, room);
        // A meeting created or first used on another node, loaded here on demand.
        if (!known) this.opts.logger.info({ meetingId: id }, 'meeting loaded');
        return room;
      })().finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** `base`: where the links point (the address the request came to); the configured one when not given. */
  async create(definition: MeetingDefinition, base?: string): Promise<{ room: MeetingRoom; links: InviteLink[] }> {
    const id = newId(6);
    const createdAt = this.opts.now();
    const invites = invitesFor(id, definition, createdAt, this.opts.inviteTtlMs);
    const room = await MeetingRoom.create({ id, definition, createdAt }, invites, this.opts);
    this.rooms.set(id, room);
    this.opts.logger.info({ meetingId: id }, 'meeting created');
    for (const listener of this.createListeners) listener(id);
    return { room, links: await this.links(id, base) };
  }

  /** Every invite of a meeting, revoked ones included, without tokens (a ballot names the invite that cast it). */
  async invites(meetingId: string): Promise<InviteRecord[]> {
    return this.opts.store.listInvites(meetingId);
  }

  /**
   * Links for every invite of a meeting that is not revoked (tokens are signed anew), on `base`
   * (see `create`).
   */
  async links(meetingId: string, base?: string): Promise<InviteLink[]> {
    const invites = await this.opts.store.listInvites(meetingId);
    const room = await this.open(meetingId);
    const out: InviteLink[] = [];
    for (const invite of invites)
      if (invite.revokedAt === null) out.push(await this.linkFor(invite, base, room?.state.meta ?? null));
    return out;
  }

  /** How long the meeting's links work; null for an unknown meeting. */
  async lifetime(meetingId: string): Promise<LinkLifetime | null> {
    const room = await this.open(meetingId);
    if (!room) return null;
    const { status, closedAt } = room.state.meta;
    const live = (await this.opts.store.listInvites(meetingId)).filter((i) => i.revokedAt === null);
    // Every live link has at least the floor the meeting was extended to (`extendLinks`).
    const floor = live.reduce((max, i) => Math.max(max, i.expiresAt), 0);
    return {
      status,
      closedAt,
      graceMs: this.opts.linkGraceMs,
      validUntil: linkValidUntil({ expiresAt: floor }, room.state.meta, this.opts.linkGraceMs),
      extendedUntil: floor > this.opts.now() ? floor : null,
    };
  }

  /**
   * Keeps every live link of the meeting working at least until `until` (a future time, checked by
   * the caller), also when the meeting closed earlier; a link already valid longer keeps its date.
   * Null for an unknown meeting.
   */
  async extendLinks(meetingId: string, until: number): Promise<LinkLifetime | null> {
    if (!(await this.open(meetingId))) return null;
    await this.opts.store.extendInvites(meetingId, until);
    return this.lifetime(meetingId);
  }

  private async linkFor(
    invite: InviteRecord,
    base: string | undefined,
    meta: Parameters<typeof linkValidUntil>[1] | null,
  ): Promise<InviteLink> {
    const root = (base ?? this.opts.publicUrl).replace(/\/+$/, '');
    const token = await this.opts.tokens.sign(invite);
    const link: InviteLink = {
      inviteId: invite.id,
      role: invite.role,
      delegationId: invite.delegationId,
      presenterId: invite.presenterId,
      seat: invite.seat,
      label: invite.label,
      url: `${root}/m/${invite.meetingId}#t=${token}`,
      issuedAt: invite.createdAt,
      validUntil: meta ? linkValidUntil(invite, meta, this.opts.linkGraceMs) : null,
    };
    if (invite.role === 'observer') link.projectorUrl = `${root}/m/${invite.meetingId}/projector#t=${token}`;
    return link;
  }

  /** Called with the id of every meeting created on this node (the cluster tells the other nodes). */
  onCreate(listener: (meetingId: string) => void): void {
    this.createListeners.push(listener);
  }

  /**
   * Deletes a meeting: its room stops taking commands, `deleteRows` removes its rows from the
   * store (one transaction), then every link of it is revoked the way a single revocation is (its
   * connections here and on the other nodes are cut) and the room is unloaded. Null when there is
   * no such meeting; otherwise what `deleteRows` returned.
   */
  async delete<T>(meetingId: string, deleteRows: () => Promise<T | null>): Promise<T | null> {
    const room = await this.open(meetingId);
    if (!room) return null;
    await room.retire();
    let invites: InviteRecord[];
    let deleted: T | null;
    try {
      invites = await this.opts.store.listInvites(meetingId);
      deleted = await deleteRows();
    } finally {
      // Deleted or not, the retired room goes: after a failed deletion the next `open` loads the
      // meeting again from the store, able to take commands (a retired room refuses them all).
      this.rooms.delete(meetingId);
    }
    this.opts.logger.info({ meetingId, reason: 'deleted' }, 'meeting unloaded');
    // The deletion first (the other nodes unload the room, attendance stops), then the links'
    // revocations, which cut the connections: the cluster bus keeps that order.
    for (const listener of this.deleteListeners) listener(meetingId, true);
    for (const invite of invites) for (const listener of this.revokeListeners) listener(invite.id, true);
    return deleted;
  }

  /** A meeting was deleted through another node: this node unloads its room (its links' revocations follow). */
  deletedElsewhere(meetingId: string): void {
    const room = this.rooms.get(meetingId);
    this.rooms.delete(meetingId);
    if (room) {
      this.opts.logger.info({ meetingId, reason: 'deleted on another node' }, 'meeting unloaded');
      void room.retire();
    }
    for (const listener of this.deleteListeners) listener(meetingId, false);
  }

  /** Called with the id of every deleted meeting; `here`: deleted through this node. */
  onDelete(listener: (meetingId: string, here: boolean) => void): void {
    this.deleteListeners.push(listener);
  }

  /** An invite was revoked on another node: cut this node's connections of it too. */
  revokedElsewhere(inviteId: string): void {
    for (const listener of this.revokeListeners) listener(inviteId, false);
  }

  /**
   * Called with the invite id whenever an invite is revoked: transports cut its connections.
   * `here`: revoked through this node (false: another node's revocation, told by the cluster).
   */
  onRevoke(listener: (inviteId: string, here: boolean) => void): void {
    this.revokeListeners.push(listener);
  }

  /** Revokes an invite of a meeting; its connections are cut at once. Null if no such invite. */
  async revoke(meetingId: string, inviteId: string): Promise<InviteRecord | null> {
    const invite = await this.opts.store.getInvite(inviteId);
    if (!invite || invite.meetingId !== meetingId) return null;
    await this.opts.store.revokeInvite(inviteId, this.opts.now());
    for (const listener of this.revokeListeners) listener(inviteId, true);
    return { ...invite, revokedAt: invite.revokedAt ?? this.opts.now() };
  }

  /**
   * Revokes an invite and issues a new one for the same person: a fresh link. Null for an unknown
   * invite. A revoked invite may be re-issued (cut off first, a new link later), but not when the
   * same seat already has a live link: replacing a replaced link again (two people working from
   * one old list, a retried request) would leave two live links for one seat ('replaced').
   * Re-issues of one meeting run one at a time, so that two at once cannot both pass that check.
   */
  reissue(meetingId: string, inviteId: string, base?: string): Promise<InviteLink | 'replaced' | null> {
    const run = (this.reissuing.get(meetingId) ?? Promise.resolve()).then(() =>
      this.reissueNow(meetingId, inviteId, base),
    );
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.reissuing.set(meetingId, tail);
    void tail.then(() => {
      if (this.reissuing.get(meetingId) === tail) this.reissuing.delete(meetingId);
    });
    return run;
  }

  private async reissueNow(
    meetingId: string,
    inviteId: string,
    base: string | undefined,
  ): Promise<InviteLink | 'replaced' | null> {
    const current = await this.opts.store.getInvite(inviteId);
    if (!current || current.meetingId !== meetingId) return null;
    if (current.revokedAt !== null) {
      const sameSeat = (i: InviteRecord) =>
        i.revokedAt === null &&
        i.role === current.role &&
        i.delegationId === current.delegationId &&
        i.presenterId === current.presenterId &&
        i.seat === current.seat;
      if ((await this.opts.store.listInvites(meetingId)).some(sameSeat)) return 'replaced';
    }
    const old = await this.revoke(meetingId, inviteId);
    if (!old) return null;
    const now = this.opts.now();
    const fresh: InviteRecord = {
      ...old,
      id: newId(),
      createdAt: now,
      // The new link lives at least as long as the one it replaces (an extension carries over).
      expiresAt: Math.max(old.expiresAt, now + this.opts.inviteTtlMs),
      revokedAt: null,
    };
    await this.opts.store.addInvite(fresh);
    return this.linkFor(fresh, base, (await this.open(meetingId))?.state.meta ?? null);
  }

  /** Verifies a token and that its invite still stands; returns who it is. */
  async authenticate(token: string): Promise<
    /** `expiresAt`: when the link stops working as things stand (connections are cut then). */
    | { ok: true; principal: Principal; room: MeetingRoom; expiresAt: number }
    | { ok: false; code: 'unauthorized' | 'not_found'; message: string }
  > {
    const check = await this.opts.tokens.verify(token);
    if (!check.ok) return check;
    const invite = await this.opts.store.getInvite(check.principal.inviteId);
    if (!invite || invite.meetingId !== check.principal.meetingId)
      return { ok: false, code: 'unauthorized', message: 'unknown invite' };
    if (invite.revokedAt !== null) return { ok: false, code: 'unauthorized', message: 'the link was revoked' };
    const room = await this.open(check.principal.meetingId);
    if (!room) return { ok: false, code: 'not_found', message: 'no such meeting' };
    const meta = room.state.meta;
    if (!linkValidAt(invite, meta, this.opts.linkGraceMs, this.opts.now()))
      return { ok: false, code: 'unauthorized', message: 'the link has expired' };
    // No end while the meeting is not closed: a connection is then never cut for its age.
    const until = linkValidUntil(invite, meta, this.opts.linkGraceMs) ?? Number.POSITIVE_INFINITY;
    return { ok: true, principal: check.principal, room, expiresAt: Math.min(until, check.expiresAt ?? until) };
  }
}
