import { ROLES, type PresenceSnapshot, type Principal, type Role } from '@rostrum/core';
import type { LocalPresence, PresenceCounts, RemotePresence } from '../cluster/messages.js';
import type { MeetingRegistry } from '../room/meetings.js';

type Publish = (meetingId: string, snapshot: PresenceSnapshot) => void;

/** What is known of one meeting's connections, kept up to date as they come and go. */
type MeetingPresence = {
  conns: Map<string, Principal>;
  roles: Record<Role, number>;
  /** Connections per delegation (delegates and presenters of a delegation). */
  delegations: Map<string, number>;
  /** The snapshot of the current connections, built once per change. */
  cached: Omit<PresenceSnapshot, 'at'> | null;
};

const emptyRoles = () => Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;

/** The delegation a connection makes present, if any. */
function presentFor(p: Principal): string | null {
  return p.delegationId !== null && (p.role === 'delegate' || p.role === 'presenter') ? p.delegationId : null;
}

/**
 * Who is connected, kept by the server and published as one aggregated value per meeting,
 * at most once per `intervalMs`: never per-client awareness relayed to everyone.
 *
 * Counts are kept as connections come and go, and a snapshot is built at most once per change:
 * a join storm (each new socket is sent the current snapshot) costs O(delegations) per join,
 * not O(connections), which made it O(N²).
 */
export class PresenceTracker implements LocalPresence {
  private readonly byMeeting = new Map<string, MeetingPresence>();
  private readonly dirty = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  /** Set when several nodes serve the meetings: their counts join this node's. */
  remote: RemotePresence | null = null;

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly now: () => number,
    private readonly publish: Publish,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  private meeting(meetingId: string): MeetingPresence {
    let m = this.byMeeting.get(meetingId);
    if (!m) {
      m = { conns: new Map(), roles: emptyRoles(), delegations: new Map(), cached: null };
      this.byMeeting.set(meetingId, m);
    }
    return m;
  }

  join(connectionId: string, principal: Principal): void {
    const m = this.meeting(principal.meetingId);
    if (m.conns.has(connectionId)) this.leave(connectionId, principal.meetingId);
    m.conns.set(connectionId, principal);
    m.roles[principal.role] += 1;
    const d = presentFor(principal);
    if (d !== null) m.delegations.set(d, (m.delegations.get(d) ?? 0) + 1);
    m.cached = null;
    this.dirty.add(principal.meetingId);
  }

  leave(connectionId: string, meetingId: string): void {
    const m = this.byMeeting.get(meetingId);
    const principal = m?.conns.get(connectionId);
    if (!m || !principal) return;
    m.conns.delete(connectionId);
    m.roles[principal.role] -= 1;
    const d = presentFor(principal);
    if (d !== null) {
      const left = (m.delegations.get(d) ?? 1) - 1;
      if (left > 0) m.delegations.set(d, left);
      else m.delegations.delete(d);
    }
    m.cached = null;
    this.dirty.add(meetingId);
  }

  /** This node's own connections to a meeting (what it tells the other nodes). */
  local(meetingId: string): PresenceCounts {
    const m = this.meeting(meetingId);
    return { roles: { ...m.roles }, delegations: Object.fromEntries(m.delegations) };
  }

  /** The other nodes' counts changed: rebuild and publish the snapshot at the next tick. */
  touch(meetingId: string): void {
    this.meeting(meetingId).cached = null;
    this.dirty.add(meetingId);
  }

  /** The current presence. Its arrays are shared between calls until the next change: read, do not modify. */
  snapshot(meetingId: string): PresenceSnapshot {
    const m = this.meeting(meetingId);
    if (!m.cached) {
      const roles = { ...m.roles };
      const present = new Set(m.delegations.keys());
      for (const other of this.remote?.contributions(meetingId) ?? []) {
        for (const r of ROLES) roles[r] += other.roles[r];
        for (const [id, n] of Object.entries(other.delegations)) if (n > 0) present.add(id);
      }
      const order = this.registry.get(meetingId)?.state.roster.delegationOrder ?? [...present];
      m.cached = { delegations: order.filter((id) => present.has(id)), connections: roles };
    }
    return { at: this.now(), delegations: m.cached.delegations, connections: m.cached.connections };
  }

  private flush(): void {
    for (const meetingId of this.dirty) this.publish(meetingId, this.snapshot(meetingId));
    this.dirty.clear();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
