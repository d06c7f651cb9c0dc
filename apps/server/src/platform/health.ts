/**
 * What this node knows of the services it depends on, as its clients, the readiness route and
 * the metrics see it. The store and the Redis link report here as they fail and recover; the
 * transport tells its clients when the degraded state changes (docs/protocol.md, `status`).
 */
export type LinkState = 'ok' | 'unavailable';

/** The degraded state a client is told: which shared service this node cannot use now. */
export type HealthSnapshot = {
  /** The store refused or failed the last write: commands are refused with `store_unavailable`. */
  store: LinkState;
  /** The link to the other nodes (Redis): updates do not cross between nodes meanwhile. */
  redis: LinkState | 'not_configured';
};

export interface HealthEvents {
  /** A store operation failed for want of the store (counted in the metrics). */
  storeError(): void;
  /** A Redis connection error (counted), and a reconnection once it was lost. */
  redisError(): void;
  redisReconnect(): void;
}

export class NodeHealth {
  private state: HealthSnapshot;
  private readonly listeners: Array<(s: HealthSnapshot) => void> = [];
  private events: HealthEvents | null = null;

  constructor(redisConfigured: boolean) {
    this.state = { store: 'ok', redis: redisConfigured ? 'ok' : 'not_configured' };
  }

  get snapshot(): HealthSnapshot {
    return { ...this.state };
  }

  /** Whether clients of this node should be told it is degraded. */
  get degraded(): boolean {
    return this.state.store !== 'ok' || this.state.redis === 'unavailable';
  }

  /** Counts the events in the metrics (set once by the composition root). */
  countWith(events: HealthEvents): void {
    this.events = events;
  }

  onChange(listener: (s: HealthSnapshot) => void): void {
    this.listeners.push(listener);
  }

  storeFailed(): void {
    this.events?.storeError();
    this.set({ store: 'unavailable' });
  }

  storeOk(): void {
    if (this.state.store !== 'ok') this.set({ store: 'ok' });
  }

  redisFailed(): void {
    this.events?.redisError();
    if (this.state.redis === 'ok') this.set({ redis: 'unavailable' });
  }

  redisOk(): void {
    if (this.state.redis !== 'unavailable') return;
    this.events?.redisReconnect();
    this.set({ redis: 'ok' });
  }

  private set(change: Partial<HealthSnapshot>): void {
    const next = { ...this.state, ...change };
    if (next.store === this.state.store && next.redis === this.state.redis) return;
    this.state = next;
    for (const l of this.listeners) l(this.snapshot);
  }
}

/** Connection errors (Node's and PostgreSQL's SQLSTATE classes 08 and 57P): the store is out of reach, not wrong. */
export function isUnreachable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
  if (code.startsWith('08') || code.startsWith('57P')) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** Rejects after `ms` unless `p` settles first. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export type Readiness = {
  status: 'ready' | 'not_ready';
  store: 'ok' | 'unavailable';
  redis: 'ok' | 'unavailable' | 'not_configured';
};

/**
 * The readiness check (`GET /readyz`): a cheap query on the store and a PING to Redis, each
 * with a short timeout, checked now rather than read from the last failure (a load balancer
 * asks every few seconds; the answer must follow the services, not the traffic).
 */
export async function checkReadiness(deps: {
  pingStore: () => Promise<void>;
  pingRedis: (() => Promise<void>) | null;
  timeoutMs: number;
}): Promise<Readiness> {
  const [store, redis] = await Promise.all([
    withTimeout(deps.pingStore(), deps.timeoutMs, 'the store').then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    ),
    deps.pingRedis
      ? withTimeout(deps.pingRedis(), deps.timeoutMs, 'redis').then(
          () => 'ok' as const,
          () => 'unavailable' as const,
        )
      : Promise.resolve('not_configured' as const),
  ]);
  return { status: store === 'ok' && redis !== 'unavailable' ? 'ready' : 'not_ready', store, redis };
}
