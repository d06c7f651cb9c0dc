import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './clock.js';
import {
  errorMessage,
  isReady,
  isReply,
  type ServerReplies,
  type ServerRequest,
  type WorkerOp,
  type WorkerReplies,
  type WorkerRequest,
} from './ipc.js';

type Pending = { resolve: (data: unknown) => void; reject: (err: Error) => void };

/** Every child of a run, so that a failed or timed-out run can stop them all. */
const children = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Path of a module of this folder, for `fork`. */
export function here(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/**
 * A child process (TypeScript run by tsx) spoken to over IPC: each request is answered once,
 * and every wait is bounded.
 */
class Child {
  protected readonly proc: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: string | null = null;

  constructor(
    readonly name: string,
    module: string,
    opts: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.proc = fork(here(module), [], {
      execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    children.add(this.proc);
    this.proc.on('message', (msg: unknown) => {
      if (!isReply(msg)) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.data);
      else p.reject(new Error(`${this.name}: ${msg.error}`));
    });
    this.proc.on('exit', (code, signal) => {
      children.delete(this.proc);
      this.exited = `${this.name} exited (${signal ?? code})`;
      for (const p of this.pending.values()) p.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  protected call(msg: { op: string } & Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.send({ ...msg, id });
    });
    return withTimeout(answer, timeoutMs, `${this.name} ${msg.op}`).finally(() => this.pending.delete(id));
  }

  /** Waits for the child to exit, killing it after `graceMs`. */
  async stopped(graceMs: number): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exit = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  }
}

/** A load worker: holds a share of the simulated delegates. */
export class Worker extends Child {
  /** `profileDir`: write a CPU profile of the worker there (to see what the load generator spends its time on). */
  constructor(index: number, profileDir: string | null = null) {
    super(`worker ${index}`, 'worker.ts', { execArgv: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [] });
  }

  request<K extends WorkerOp>(msg: Extract<WorkerRequest, { op: K }>, timeoutMs: number): Promise<WorkerReplies[K]> {
    // The worker answers `op` with WorkerReplies[op]; IPC loses the type.
    return this.call(msg, timeoutMs) as Promise<WorkerReplies[K]>;
  }

  async stop(): Promise<void> {
    this.proc.disconnect();
    await this.stopped(5000);
  }
}

/** A server under test in its own process, so that its RSS and heap are its own. */
export class ServerProcess extends Child {
  readonly ready: Promise<number>;

  constructor(name: string, module: string, opts: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    super(name, module, { ...opts, execArgv: ['--expose-gc', ...(opts.execArgv ?? [])] });
    this.ready = withTimeout(
      new Promise<number>((resolve, reject) => {
        this.proc.on('message', (msg: unknown) => {
          if (isReady(msg)) resolve(msg.port);
        });
        this.proc.once('exit', (code) => reject(new Error(`${name} exited before it was ready (${code})`)));
      }),
      30_000,
      `${name} to start`,
    );
  }

  request<K extends ServerRequest['op']>(
    msg: Extract<ServerRequest, { op: K }>,
    timeoutMs: number,
  ): Promise<ServerReplies[K]> {
    return this.call(msg, timeoutMs) as Promise<ServerReplies[K]>;
  }

  /** Memory after a full GC (the server runs with --expose-gc). */
  mem(): Promise<ServerReplies['mem']> {
    return this.request({ op: 'mem', gc: true }, 20_000);
  }

  /** Event-loop delay since the previous call. */
  lag(): Promise<ServerReplies['lag']> {
    return this.request({ op: 'lag' }, 20_000);
  }

  async stop(): Promise<void> {
    try {
      await this.request({ op: 'stop' }, 15_000);
    } catch (err) {
      console.warn(`  ${this.name}: ${errorMessage(err)}; killing it`);
      this.proc.kill('SIGKILL');
    }
    await this.stopped(5000);
  }
}
