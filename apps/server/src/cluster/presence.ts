import type { LocalPresence, PresenceCounts, RemotePresence } from './messages.js';
import type { ClusterBus } from './bus.js';
import type { Logger } from '../platform/logger.js';

/** A node that has not spoken for this many intervals is taken as gone (killed): its counts expire. */
const EXPIRE_AFTER_INTERVALS = 3;

/**
 * Presence across nodes: each node sends its own per-meeting counts (roles, delegations) to
 * the others when they change, at most once per interval, and again every `heartbeatMs`; each
 * node merges the counts it holds into the snapshot it publishes to its own clients. A killed
 * node's counts expire after a few heartbeats.
 */
export class ClusterPresence implements RemotePresence {
  /** meetingId → nodeId → counts and when they expire. */
  private readonly remote = new Map<string, Map<string, { counts: PresenceCounts; expiresAt: number }>>();
  /** What this node last sent per meeting, and when. */
  private readonly sent = new Map<string, { json: string; at: number }>();
  /**
   * The other nodes heard, and when each is taken as gone: a node is known by its presence
   * heartbeats (every node with a meeting loaded sends them), logged as it joins and leaves.
   */
  private readonly peers = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly bus: ClusterBus,
    private readonly tracker: LocalPresence,
    private readonly meetingIds: () => string[],
    private readonly now: () => number,
    private readonly intervalMs: number,
    private readonly heartbeatMs: number,
    private readonly logger?: Logger,
  ) {
    tracker.remote = this;
    bus.onControl((m) => {
      if (m.kind !== 'presence') return;
      let byNode = this.remote.get(m.meetingId);
      if (!byNode) {
        byNode = new Map();
        this.remote.set(m.meetingId, byNode);
      }
      const expiresAt = this.now() + EXPIRE_AFTER_INTERVALS * this.heartbeatMs;
      byNode.set(m.nodeId, { counts: m.counts, expiresAt });
      if (!this.peers.has(m.nodeId)) this.logger?.info({ peer: m.nodeId }, 'node joined');
      this.peers.set(m.nodeId, expiresAt);
      this.tracker.touch(m.meetingId);
    });
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  contributions(meetingId: string): PresenceCounts[] {
    const byNode = this.remote.get(meetingId);
    return byNode ? [...byNode.values()].map((v) => v.counts) : [];
  }

  private tick(): void {
    const now = this.now();
    for (const meetingId of this.meetingIds()) {
      const counts = this.tracker.local(meetingId);
      const json = JSON.stringify(counts);
      const last = this.sent.get(meetingId);
      if (last && last.json === json && now - last.at < this.heartbeatMs) continue;
      this.sent.set(meetingId, { json, at: now });
      this.bus.publishPresence(meetingId, counts);
    }
    for (const [meetingId, byNode] of this.remote) {
      for (const [nodeId, entry] of byNode) {
        if (entry.expiresAt > now) continue;
        byNode.delete(nodeId);
        this.tracker.touch(meetingId);
      }
    }
    for (const [nodeId, expiresAt] of this.peers) {
      if (expiresAt > now) continue;
      this.peers.delete(nodeId);
      this.logger?.info({ peer: nodeId, silentMs: EXPIRE_AFTER_INTERVALS * this.heartbeatMs }, 'node left');
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
