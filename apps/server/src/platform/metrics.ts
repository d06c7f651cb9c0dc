import type { Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { COMMAND_TYPES } from '@rostrum/core';
import type { BuildInfo } from './build-info.js';
import type { HealthEvents, NodeHealth } from './health.js';

/** The fan-out counters of one shared document (yjs/shared-doc.ts keeps them). */
export type FanoutStats = {
  broadcasts: number;
  fanoutMessages: number;
  fanoutBytes: number;
  fanoutMs: number;
  lastFanout: number;
};

/** One meeting as the gauges see it at scrape time. */
export type MeetingGauges = {
  id: string;
  socketConnections: number;
  yjsConnections: number;
  docs: ReadonlyArray<{ doc: string; stats: FanoutStats }>;
};

/** What the gauges read at scrape time; the composition root (app.ts) provides it. */
export interface MetricsSource {
  meetings(): Iterable<MeetingGauges>;
}

const KNOWN_TYPES = new Set<string>(COMMAND_TYPES);

/** The command type as a label: only known types, so that clients cannot create label values. */
function typeLabel(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) return 'unknown';
  return typeof raw.type === 'string' && KNOWN_TYPES.has(raw.type) ? raw.type : 'unknown';
}

/** `ok`, or the error code of a refused command's ack. */
function resultLabel(res: unknown): string {
  if (typeof res !== 'object' || res === null || !('ok' in res)) return 'unknown';
  if (res.ok === true) return 'ok';
  if (!('error' in res) || typeof res.error !== 'object' || res.error === null || !('code' in res.error))
    return 'unknown';
  return typeof res.error.code === 'string' ? res.error.code : 'unknown';
}

/**
 * The server's Prometheus metrics (`GET /metrics`, admin token): connected clients per meeting,
 * commands (a counter: `rate()` gives commands per second) and their latency from receipt to
 * ack, the fan-out of Yjs broadcasts, and Node's defaults (event-loop lag, RSS, heap, GC).
 *
 * Each server has its own registry, so that several servers can run in one process (tests).
 * Commands are observed by the transport (`observeCommand` wraps the ack callback), and the
 * connection counts and fan-out are read from a `MetricsSource` at scrape time: the command
 * pipeline needs no hooks, and this module imports nothing of the server above it.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'type' | 'result'>;
  private readonly latency: Histogram<'type'>;
  /** What the gauges read at scrape time, once `attach` is called. */
  private readonly source: { current: MetricsSource | null } = { current: null };

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({
      name: 'rostrum_commands_total',
      help: 'Commands answered, by type and result (ok or the error code). rate() gives commands per second.',
      labelNames: ['type', 'result'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'rostrum_command_duration_seconds',
      help: 'Time from the receipt of a command to its ack (after the group commit).',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const source = this.source;
    new Gauge({
      name: 'rostrum_connected_clients',
      help: 'Open connections per meeting: Socket.IO sockets, and WebSockets of the meeting and notes documents.',
      labelNames: ['meeting', 'transport'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const m of source.current?.meetings() ?? []) {
          this.set({ meeting: m.id, transport: 'socketio' }, m.socketConnections);
          this.set({ meeting: m.id, transport: 'yjs' }, m.yjsConnections);
        }
      },
    });
    /** Yjs fan-out, summed from the documents' own counters at scrape time. */
    const each = (visit: (labels: { meeting: string; doc: string }, stats: FanoutStats) => void) => {
      for (const m of source.current?.meetings() ?? []) {
        for (const d of m.docs) visit({ meeting: m.id, doc: d.doc }, d.stats);
      }
    };
    const fanoutCounter = (name: string, help: string, pick: (s: FanoutStats) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['meeting', 'doc'],
        registers: [this.registry],
        collect() {
          this.reset();
          each((labels, stats) => this.inc(labels, pick(stats)));
        },
      });
    fanoutCounter('rostrum_yjs_broadcasts_total', 'Yjs updates broadcast (each encoded once).', (s) => s.broadcasts);
    fanoutCounter(
      'rostrum_yjs_fanout_messages_total',
      'Messages sent by Yjs broadcasts, one per recipient (divided by broadcasts: the mean fan-out size).',
      (s) => s.fanoutMessages,
    );
    fanoutCounter('rostrum_yjs_fanout_bytes_total', 'Bytes sent by Yjs broadcasts.', (s) => s.fanoutBytes);
    fanoutCounter(
      'rostrum_yjs_fanout_seconds_total',
      'Time spent in the send loops of Yjs broadcasts.',
      (s) => s.fanoutMs / 1000,
    );
    new Gauge({
      name: 'rostrum_yjs_last_fanout_size',
      help: 'Recipients of the last Yjs broadcast.',
      labelNames: ['meeting', 'doc'],
      registers: [this.registry],
      collect() {
        this.reset();
        each((labels, stats) => this.set(labels, stats.lastFanout));
      },
    });
  }

  /**
   * Counts the store's and Redis's failures and reconnections, and exposes the degraded state
   * (`rostrum_degraded{part="store"|"redis"}`, 1 while this node cannot use it).
   */
  attachHealth(health: NodeHealth): void {
    const storeErrors = new Counter({
      name: 'rostrum_store_errors_total',
      help: 'Store operations that failed for want of the store (commands refused with store_unavailable).',
      registers: [this.registry],
    });
    const redisErrors = new Counter({
      name: 'rostrum_redis_errors_total',
      help: 'Errors of the connections to Redis (the link between the nodes).',
      registers: [this.registry],
    });
    const redisReconnects = new Counter({
      name: 'rostrum_redis_reconnects_total',
      help: 'Times the link to Redis came back after it was lost.',
      registers: [this.registry],
    });
    new Gauge({
      name: 'rostrum_degraded',
      help: 'Whether this node cannot use a shared service now (1) or can (0): part is store or redis.',
      labelNames: ['part'],
      registers: [this.registry],
      collect() {
        const s = health.snapshot;
        this.set({ part: 'store' }, s.store === 'ok' ? 0 : 1);
        this.set({ part: 'redis' }, s.redis === 'unavailable' ? 1 : 0);
      },
    });
    const events: HealthEvents = {
      storeError: () => storeErrors.inc(),
      redisError: () => redisErrors.inc(),
      redisReconnect: () => redisReconnects.inc(),
    };
    health.countWith(events);
  }

  /**
   * `rostrum_build_info{version, build, commit} 1`: which release and web build this node runs, so
   * that a rolling upgrade can be followed node by node (docs/deploy.md).
   */
  buildInfo(version: string, build: BuildInfo): void {
    new Gauge({
      name: 'rostrum_build_info',
      help: 'The release (version), the web build (content hash) and the git commit this node runs; always 1.',
      labelNames: ['version', 'build', 'commit'],
      registers: [this.registry],
    }).set({ version, build: build.build, commit: build.commit ?? 'unknown' }, 1);
  }

  /** Starts reading a server's meetings and connections at scrape time. */
  attach(source: MetricsSource): void {
    this.source.current = source;
  }

  /**
   * Starts timing one received packet: returns the function to call with its ack, or null when
   * the packet is not a command with an ack.
   */
  observeCommand(packet: unknown[]): ((res: unknown) => void) | null {
    if (packet[0] !== 'command' || typeof packet.at(-1) !== 'function') return null;
    const type = typeLabel(packet[1]);
    const stop = this.latency.startTimer({ type });
    return (res) => {
      stop();
      this.commands.inc({ type, result: resultLabel(res) });
    };
  }

  /** Answers a scrape in the Prometheus text format. */
  async serve(res: Response): Promise<void> {
    res.setHeader('Content-Type', this.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await this.registry.metrics());
  }
}
