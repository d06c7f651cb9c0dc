import { ROLES, type PresenceSnapshot, type Principal, type Role } from '@rostrum/core';
import type { MeetingRegistry } from './meetings.js';

type Publish = (meetingId: string, snapshot: PresenceSnapshot) => void;

/**
 * Who is connected, kept by the server and published as one aggregated value per meeting,
 * at most once per `intervalMs`: never per-client awareness relayed to everyone.
 */
export class PresenceTracker {
  private readonly byMeeting = new Map<string, Map<string, Principal>>();
  private readonly dirty = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly now: () => number,
    private readonly publish: Publish,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  join(connectionId: string, principal: Principal): void {
    let conns = this.byMeeting.get(principal.meetingId);
    if (!conns) {
      conns = new Map();
      this.byMeeting.set(principal.meetingId, conns);
    }
    conns.set(connectionId, principal);
    this.dirty.add(principal.meetingId);
  }

  leave(connectionId: string, meetingId: string): void {
    if (this.byMeeting.get(meetingId)?.delete(connectionId)) this.dirty.add(meetingId);
  }

  snapshot(meetingId: string): PresenceSnapshot {
    const connections = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
    const present = new Set<string>();
    for (const p of this.byMeeting.get(meetingId)?.values() ?? []) {
      connections[p.role] += 1;
      if (p.delegationId !== null && (p.role === 'delegate' || p.role === 'presenter')) present.add(p.delegationId);
    }
    const order = this.registry.get(meetingId)?.state.roster.delegationOrder ?? [...present];
    return { at: this.now(), delegations: order.filter((id) => present.has(id)), connections };
  }

  private flush(): void {
    for (const meetingId of this.dirty) this.publish(meetingId, this.snapshot(meetingId));
    this.dirty.clear();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
