import { Worker } from './child.js';
import { now } from './clock.js';
import type { ClientSpec, CollectResult, CommandOutcome, CommandSpec, ConnectResult, Probe, Target, WorkerStats } from './ipc.js';

let probeCounter = 0;

/**
 * The simulated delegates, spread round-robin over the worker processes: client `i` lives in
 * worker `i % W` at local index `floor(i / W)`. Results come back in global client order.
 */
export class Fleet {
  private size = 0;

  constructor(readonly workers: Worker[]) {}

  static async start(count: number, profileDir: string | null = null): Promise<Fleet> {
    return new Fleet(Array.from({ length: count }, (_, i) => new Worker(i, profileDir)));
  }

  get clients(): number {
    return this.size;
  }

  private place(i: number): { w: number; local: number } {
    const W = this.workers.length;
    return { w: i % W, local: Math.floor(i / W) };
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

  async connect(target: Target, url: string, room: string, specs: ClientSpec[], startAt: number, timeoutMs: number): Promise<ConnectResult[]> {
    if (this.size !== 0) throw new Error('the fleet is already connected');
    const shares = this.workers.map((_, w) => specs.filter((_s, i) => i % this.workers.length === w));
    const perWorker = await Promise.all(
      this.workers.map((worker, w) => worker.request({ op: 'connect', target, url, room, clients: shares[w] ?? [], startAt, timeoutMs }, timeoutMs + (startAt - now()) + 30_000)),
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
    const answers = await Promise.all(this.workers.map((w) => w.request({ op: 'collect', probeId: probe.id }, probe.timeoutMs + 30_000)));
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
      this.workers.map((worker, w) => worker.request({ op: 'commands', list: (byWorker[w] ?? []).map((x) => x.spec), timeoutMs }, lastAt - now() + timeoutMs + 30_000)),
    );
    const out: CommandOutcome[] = new Array<CommandOutcome>(list.length);
    byWorker.forEach((items, w) => items.forEach((item, k) => {
      const outcome = answers[w]?.[k];
      if (!outcome) throw new Error(`no outcome for command ${item.at}`);
      out[item.at] = outcome;
    }));
    return out;
  }

  /** Reconnects `count` clients picked at random (spread over the workers). */
  async churn(count: number, timeoutMs: number): Promise<ConnectResult[]> {
    const W = this.workers.length;
    const answers = await Promise.all(this.workers.map((w, i) => w.request({ op: 'churn', count: Math.floor(count / W) + (i < count % W ? 1 : 0), timeoutMs }, timeoutMs + 30_000)));
    return answers.flat();
  }

  stats(): Promise<WorkerStats[]> {
    return Promise.all(this.workers.map((w) => w.request({ op: 'stats' }, 20_000)));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ op: 'disconnect' }, 60_000)));
    this.size = 0;
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
