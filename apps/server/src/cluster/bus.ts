import { Redis } from 'ioredis';
import { z } from 'zod';
import { ROLES } from '@rostrum/core';
import type { NodeHealth } from '../platform/health.js';
import type { Logger } from '../platform/logger.js';
import type { DocUpdateMessage, PresenceCounts } from './messages.js';

/** Redis pub/sub channels of the cluster (the Socket.IO adapter uses its own stream and channels). */
const DOC_CHANNEL = 'rostrum:doc';
const CONTROL_CHANNEL = 'rostrum:control';

const roleCounts = z.object(
  Object.fromEntries(ROLES.map((r) => [r, z.number().int().min(0)])) as Record<(typeof ROLES)[number], z.ZodNumber>,
);

const controlSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), nodeId: z.string(), meetingId: z.string() }),
  z.object({ kind: z.literal('revoked'), nodeId: z.string(), inviteId: z.string() }),
  z.object({ kind: z.literal('deleted'), nodeId: z.string(), meetingId: z.string() }),
  z.object({
    kind: z.literal('presence'),
    nodeId: z.string(),
    meetingId: z.string(),
    counts: z.object({ roles: roleCounts, delegations: z.record(z.string(), z.number().int().min(0)) }),
  }),
]);
export type ControlMessage = z.infer<typeof controlSchema>;

const docHeader = z.object({
  nodeId: z.string(),
  meetingId: z.string(),
  doc: z.enum(['meeting', 'notes']),
  afterId: z.number().int().min(0),
  updateId: z.number().int().min(1),
});

/**
 * The frame of a document update: a 4-byte header length, the JSON header, then the Yjs update
 * as it was committed. Built once per commit and published once; every other node decodes it
 * once and sends it to its own clients (encoded once per node).
 */
export function encodeDocFrame(nodeId: string, m: DocUpdateMessage): Buffer {
  const header = Buffer.from(
    JSON.stringify({ nodeId, meetingId: m.meetingId, doc: m.doc, afterId: m.afterId, updateId: m.updateId }),
  );
  const frame = Buffer.allocUnsafe(4 + header.length + m.update.byteLength);
  frame.writeUInt32BE(header.length, 0);
  header.copy(frame, 4);
  frame.set(m.update, 4 + header.length);
  return frame;
}

export function decodeDocFrame(frame: Buffer): { nodeId: string; message: DocUpdateMessage } | null {
  if (frame.length < 4) return null;
  const length = frame.readUInt32BE(0);
  if (4 + length > frame.length) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(frame.subarray(4, 4 + length).toString('utf8'));
  } catch {
    return null;
  }
  const header = docHeader.safeParse(raw);
  if (!header.success) return null;
  const { nodeId, ...rest } = header.data;
  // A copy: the frame's buffer may be pooled by the client.
  return { nodeId, message: { ...rest, update: new Uint8Array(frame.subarray(4 + length)) } };
}

/**
 * How the nodes of one deployment tell each other what the store alone would tell them late:
 * committed document updates, meetings created and deleted, invites revoked and presence counts. Redis
 * pub/sub is at-most-once; every receiver detects a gap from `afterId` and reads the store.
 */
export class ClusterBus {
  private readonly updateHandlers: Array<(m: DocUpdateMessage) => void> = [];
  private readonly controlHandlers: Array<(m: ControlMessage) => void> = [];

  private constructor(
    readonly nodeId: string,
    /** For commands and for the Socket.IO adapter (which makes its own duplicates). */
    readonly client: Redis,
    private readonly sub: Redis,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, nodeId: string, logger: Logger, health?: NodeHealth): Promise<ClusterBus> {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = new Redis(url, { lazyConnect: true });
    // ioredis reconnects by itself; an unhandled 'error' would end the process.
    client.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
    sub.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis subscriber error'));
    await Promise.all([client.connect(), sub.connect()]);
    const bus = new ClusterBus(nodeId, client, sub, logger);
    if (health) bus.reportTo(health);
    await sub.subscribe(DOC_CHANNEL, CONTROL_CHANNEL);
    sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => bus.dispatch(channel.toString(), payload));
    return bus;
  }

  /**
   * Tells `health` when either connection is lost (updates stop crossing between the nodes: this
   * node's clients are told they are degraded) and when both are back (after the rooms caught up).
   */
  private reportTo(health: NodeHealth): void {
    const both = [this.client, this.sub];
    const lost = () => {
      if (this.closing) return;
      if (health.snapshot.redis === 'ok') this.logger.warn('redis link lost: updates do not cross between nodes');
      health.redisFailed();
    };
    for (const c of both) {
      c.on('error', lost);
      c.on('close', lost);
      c.on('ready', () => {
        if (both.every((x) => x.status === 'ready')) this.linkBack(health);
      });
    }
  }

  /** Both connections are back: the rooms catch up from the store, then clients hear it is over. */
  private linkBack(health: NodeHealth): void {
    if (health.snapshot.redis !== 'unavailable') return;
    this.logger.info('redis link back: catching up from the store');
    void Promise.allSettled(this.catchUps.map((c) => c())).then(() => health.redisOk());
  }

  /** Runs when the link is back, before the degraded state ends (the rooms read the store). */
  private readonly catchUps: Array<() => Promise<unknown>> = [];

  onLinkBack(catchUp: () => Promise<unknown>): void {
    this.catchUps.push(catchUp);
  }

  /** Rejects when Redis does not answer (readiness). */
  async ping(): Promise<void> {
    if (this.client.status !== 'ready' || this.sub.status !== 'ready')
      throw new Error(`redis is ${this.client.status}`);
    await this.client.ping();
  }

  private dispatch(channel: string, payload: Buffer): void {
    if (channel === DOC_CHANNEL) {
      const decoded = decodeDocFrame(payload);
      if (!decoded) return this.logger.warn('malformed cluster update ignored');
      if (decoded.nodeId === this.nodeId) return;
      for (const h of this.updateHandlers) h(decoded.message);
      return;
    }
    if (channel !== CONTROL_CHANNEL) return;
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.logger.warn('malformed cluster message ignored');
    }
    const parsed = controlSchema.safeParse(raw);
    if (!parsed.success) return this.logger.warn('malformed cluster message ignored');
    if (parsed.data.nodeId === this.nodeId) return;
    for (const h of this.controlHandlers) h(parsed.data);
  }

  publishUpdate(message: DocUpdateMessage): void {
    this.client.publish(DOC_CHANNEL, encodeDocFrame(this.nodeId, message)).catch((err: unknown) => {
      // The others find the update in the store at their next gap check or lock.
      this.logger.warn({ err, meetingId: message.meetingId }, 'cluster update not published');
    });
  }

  publishCreated(meetingId: string): void {
    this.control({ kind: 'created', nodeId: this.nodeId, meetingId });
  }

  publishRevoked(inviteId: string): void {
    this.control({ kind: 'revoked', nodeId: this.nodeId, inviteId });
  }

  publishDeleted(meetingId: string): void {
    this.control({ kind: 'deleted', nodeId: this.nodeId, meetingId });
  }

  publishPresence(meetingId: string, counts: PresenceCounts): void {
    this.control({ kind: 'presence', nodeId: this.nodeId, meetingId, counts });
  }

  private control(message: ControlMessage): void {
    this.client
      .publish(CONTROL_CHANNEL, JSON.stringify(message))
      .catch((err: unknown) => this.logger.warn({ err }, 'cluster message not published'));
  }

  onUpdate(handler: (m: DocUpdateMessage) => void): void {
    this.updateHandlers.push(handler);
  }

  onControl(handler: (m: ControlMessage) => void): void {
    this.controlHandlers.push(handler);
  }

  /** Set by `close`: the connections' ends are then no fault. */
  private closing = false;

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([this.sub.quit(), this.client.quit()]);
  }
}
