import { monitorEventLoopDelay } from 'node:perf_hooks';
import { now } from './clock.js';
import { errorMessage, isServerRequest, type LagSample, type MemorySample } from './ipc.js';

/** Watches this process's event loop; each sample covers the time since the previous one. */
export function lagMonitor(): () => LagSample {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const sample = {
      p50: h.percentile(50) / 1e6,
      p99: h.percentile(99) / 1e6,
      max: h.max / 1e6,
      cpuMs: (used.user + used.system) / 1000,
    };
    h.reset();
    return sample;
  };
}

/** This process's memory, after a full GC when asked and when `--expose-gc` made `gc` available. */
export function memorySample(collect: boolean): MemorySample {
  if (collect && typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  const m = process.memoryUsage();
  return {
    at: now(),
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

/**
 * The IPC side of a server under test: tells the coordinator its port, answers memory
 * samples, and stops on request or when the coordinator goes away (a run never leaves servers behind).
 */
export function serveIpc(port: number, stop: () => Promise<void>): void {
  const send = (msg: unknown) => {
    if (process.connected) process.send?.(msg);
  };
  const lag = lagMonitor();
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const hard = setTimeout(() => process.exit(code), 10_000);
    hard.unref();
    try {
      await stop();
    } finally {
      process.exit(code);
    }
  };
  process.on('message', (msg: unknown) => {
    if (!isServerRequest(msg)) return;
    if (msg.op === 'mem') return send({ id: msg.id, ok: true, data: memorySample(msg.gc) });
    if (msg.op === 'lag') return send({ id: msg.id, ok: true, data: lag() });
    send({ id: msg.id, ok: true, data: {} });
    void shutdown(0);
  });
  process.on('disconnect', () => void shutdown(0));
  process.on('uncaughtException', (err) => {
    console.error(`server under test crashed: ${errorMessage(err)}`);
    void shutdown(1);
  });
  send({ ready: true, port });
}
