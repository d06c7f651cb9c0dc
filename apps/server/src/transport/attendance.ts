import type { Principal } from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import type { AttendanceRecord as AttendanceEvent, MeetingStore } from '../store/types.js';

/**
 * Durable attendance for the minutes: a delegation joins when the first of its people connects
 * and leaves when the last one disconnects; each change is appended to the store. Presence
 * (presence.ts) stays in memory and is for the live screens; this is the record.
 *
 * After a crash no leave was written for the delegations connected then: on start, every
 * delegation whose last event is a join gets a leave at the start time (`closeDangling`).
 * Writes go through one queue, so events are stored in the order they happened.
 */
/** Shortest time between two attendance writes under load. */
const ATTENDANCE_BATCH_MS = 100;

export class AttendanceRecorder {
  private readonly connections = new Map<string, number>();
  private queue: Promise<void>;
  /** Events not yet handed to the store, per meeting, in order. */
  private readonly pending = new Map<string, AttendanceEvent[]>();
  private scheduled = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Meetings deleted since start: the leaves of their cut connections have nowhere to go. */
  private readonly deleted = new Set<string>();

  constructor(
    private readonly store: MeetingStore,
    private readonly now: () => number,
    private readonly logger: Logger,
    meetingIds: readonly string[],
  ) {
    this.queue = this.closeDangling(meetingIds);
  }

  /** Delegates and presenters of a delegation count (as in the aggregated presence). */
  private static delegationOf(p: Principal): string | null {
    return (p.role === 'delegate' || p.role === 'presenter') && p.delegationId !== null ? p.delegationId : null;
  }

  join(principal: Principal): void {
    const delegationId = AttendanceRecorder.delegationOf(principal);
    if (delegationId === null) return;
    const key = `${principal.meetingId}\u0000${delegationId}`;
    const count = (this.connections.get(key) ?? 0) + 1;
    this.connections.set(key, count);
    if (count === 1) this.append(principal.meetingId, { delegationId, kind: 'join', at: this.now() });
  }

  leave(principal: Principal): void {
    const delegationId = AttendanceRecorder.delegationOf(principal);
    if (delegationId === null) return;
    const key = `${principal.meetingId}\u0000${delegationId}`;
    const count = (this.connections.get(key) ?? 0) - 1;
    if (count > 0) {
      this.connections.set(key, count);
      return;
    }
    this.connections.delete(key);
    this.append(principal.meetingId, { delegationId, kind: 'leave', at: this.now() });
  }

  /** The meeting was deleted: its events not yet stored, and any later ones, are dropped. */
  forget(meetingId: string): void {
    this.deleted.add(meetingId);
    this.pending.delete(meetingId);
  }

  /** Resolves once every event so far is stored (tests, shutdown). */
  flushed(): Promise<void> {
    this.writePending();
    return this.queue;
  }

  /**
   * Events are stored in batches, one store transaction per meeting (SQLite: one fsync): at
   * once when nothing was written for a while, else at most every ATTENDANCE_BATCH_MS. In a
   * join storm every delegation's first connection would otherwise block the loop for a
   * synchronous commit of its own.
   */
  private append(meetingId: string, event: AttendanceEvent): void {
    if (this.deleted.has(meetingId)) return;
    const batch = this.pending.get(meetingId);
    if (batch) batch.push(event);
    else this.pending.set(meetingId, [event]);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastWriteAt + ATTENDANCE_BATCH_MS - performance.now();
    if (wait <= 0) setImmediate(() => this.writePending());
    else setTimeout(() => this.writePending(), wait);
  }

  private writePending(): void {
    this.scheduled = false;
    if (this.pending.size === 0) return;
    this.lastWriteAt = performance.now();
    const batches = [...this.pending];
    this.pending.clear();
    for (const [meetingId, events] of batches) {
      this.queue = this.queue
        .then(() => this.store.appendAttendance(meetingId, events))
        .catch((err: unknown) => this.logger.warn({ err, meetingId }, 'attendance not stored'));
    }
  }

  private async closeDangling(meetingIds: readonly string[]): Promise<void> {
    const at = this.now();
    for (const meetingId of meetingIds) {
      try {
        const last = new Map<string, AttendanceEvent['kind']>();
        for (const e of await this.store.listAttendance(meetingId)) last.set(e.delegationId, e.kind);
        const dangling = [...last]
          .filter(([, kind]) => kind === 'join')
          .map(([delegationId]): AttendanceEvent => ({ delegationId, kind: 'leave', at }));
        if (dangling.length > 0) await this.store.appendAttendance(meetingId, dangling);
      } catch (err) {
        this.logger.warn({ err, meetingId }, 'open attendance could not be closed');
      }
    }
  }
}
