import { Worker } from './child.js';
import { now } from './clock.js';
import type {
  ClientSpec,
  CollectResult,
  CommandOutcome,
  CommandSpec,
  ConnectResult,
  Probe,
  Target,
  WorkerStats,
} from './ipc.js';

let probeCounter = 0;

/**
 * The simulated delegates, spread over worker processes: full Yjs clients over `fullWorkers`
 * processes of their own (decoding a whole document holds a process for tens of ms: it must
 * not delay the wire clients' events), wire clients over the others, round-robin. Results come
 * back in global client order.
 */
export class Fleet {
  private size = 0;
  /** Where each client of the current connection lives: worker and index in it. */
  private placement: Array<{ w: number; local: number }> = [];

  constructor(
    readonly workers: Worker[],
    /** workers[0 .. fullWorkers-1] hold the full clients. */
    private readonly fullWorkers: number,
  ) {}

  static async start(wire: number, full: number, profileDir: string | null = null): Promise<Fleet> {
    return new Fleet(
      Array.from({ length: full + wire }, (_, i) => new Worker(i, profileDir)),
      full,
    );
  }

  get clients(): number {
    return this.size;
  }

  private place(i: number): { w: number; local: number } {
    const p = this.placement[i];
    if (!p) throw new Error(`no client ${i}`);
    return p;
  }

  /** Puts per-worker answers back in global order. */
  private merge<T>(perWorker: T[][], total: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < total; i++) {
      const { w, local } = this.place(i);
      const v = perWorker[w]?.[local];
      if (v === undefined) throw new Error(`no answer for client ${i}`);
      out.push(v);
    }
    return out;
  }

  async connect(
    target: Target,
    url: string,
    room: string,
    specs: ClientSpec[],
    startAt: number,
    timeoutMs: number,
  ): Promise<ConnectResult[]> {
    if (this.size !== 0) throw new Error('the fleet is already connected');
    const W = this.workers.length;
    const F = Math.min(this.fullWorkers, W - 1);
    const shares: ClientSpec[][] = this.workers.map(() => []);
    let nextFull = 0;
    let nextWire = 0;
    this.placement = specs.map((spec) => {
      const w = spec.full && F > 0 ? nextFull++ % F : F + (nextWire++ % (W - F));
      const share = shares[w];
      if (!share) throw new Error('no such worker');
      share.push(spec);
      return { w, local: share.length - 1 };
    });
    const perWorker = await Promise.all(
      this.workers.map((worker, w) =>
        worker.request(
          { op: 'connect', target, url, room, clients: shares[w] ?? [], startAt, timeoutMs },
          timeoutMs + (startAt - now()) + 30_000,
        ),
      ),
    );
    this.size = specs.length;
    return this.merge(perWorker, specs.length);
  }

  /** Arms a probe on every client; call `collect` after the change is triggered. */
  async arm(probe: Probe, timeoutMs: number): Promise<{ id: string; timeoutMs: number }> {
    probeCounter += 1;
    const id = `probe-${probeCounter}`;
    await Promise.all(this.workers.map((w) => w.request({ op: 'arm', probeId: id, probe, timeoutMs }, 20_000)));
    return { id, timeoutMs };
  }

  async collect(probe: { id: string; timeoutMs: number }): Promise<CollectResult> {
    const answers = await Promise.all(
      this.workers.map((w) => w.request({ op: 'collect', probeId: probe.id }, probe.timeoutMs + 30_000)),
    );
    return {
      times: this.merge(
        answers.map((a) => a.times),
        this.size,
      ),
      full: this.merge(
        answers.map((a) => a.full),
        this.size,
      ),
      updateBytes: answers.find((a) => a.updateBytes !== null)?.updateBytes ?? null,
    };
  }

  /** Sends commands from given clients at given times; outcomes in the order of `list`. */
  async commands(list: CommandSpec[], timeoutMs: number): Promise<CommandOutcome[]> {
    const byWorker = this.workers.map(() => [] as Array<{ at: number; spec: CommandSpec }>);
    list.forEach((spec, at) => {
      const { w, local } = this.place(spec.client);
      byWorker[w]?.push({ at, spec: { ...spec, client: local } });
    });
    const lastAt = Math.max(now(), ...list.map((c) => c.at));
    const answers = await Promise.all(
      this.workers.map((worker, w) =>
        worker.request(
          { op: 'commands', list: (byWorker[w] ?? []).map((x) => x.spec), timeoutMs },
          lastAt - now() + timeoutMs + 30_000,
        ),
      ),
    );
    const out: CommandOutcome[] = new Array<CommandOutcome>(list.length);
    byWorker.forEach((items, w) =>
      items.forEach((item, k) => {
        const outcome = answers[w]?.[k];
        if (!outcome) throw new Error(`no outcome for command ${item.at}`);
        out[item.at] = outcome;
      }),
    );
    return out;
  }

  /** Reconnects about `count` clients picked at random, each worker its share. */
  async churn(count: number, timeoutMs: number): Promise<ConnectResult[]> {
    const held = this.workers.map((_, w) => this.placement.filter((p) => p.w === w).length);
    const answers = await Promise.all(
      this.workers.map((w, i) =>
        w.request(
          { op: 'churn', count: Math.round((count * (held[i] ?? 0)) / Math.max(1, this.size)), timeoutMs },
          timeoutMs + 30_000,
        ),
      ),
    );
    return answers.flat();
  }

  stats(): Promise<WorkerStats[]> {
    return Promise.all(this.workers.map((w) => w.request({ op: 'stats' }, 20_000)));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ op: 'disconnect' }, 60_000)));
    this.size = 0;
    this.placement = [];
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

/** Errors seen by all workers, summed. */
export function totalErrors(stats: WorkerStats[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of stats) for (const [k, v] of Object.entries(s.errors)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** CPU used by the workers between two stats calls, in ms. */
export function cpuBetween(before: WorkerStats[], after: WorkerStats[]): number {
  return after.reduce((sum, a, i) => {
    const b = before[i];
    return sum + a.cpuUserMs + a.cpuSystemMs - (b ? b.cpuUserMs + b.cpuSystemMs : 0);
  }, 0);
}
