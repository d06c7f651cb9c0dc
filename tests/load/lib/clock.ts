import { performance } from 'node:perf_hooks';

/**
 * Wall-clock time in ms with sub-millisecond resolution. Every process of a run (coordinator,
 * workers, servers) reads the same machine clock, so times taken in different processes can be
 * subtracted: a send time recorded by the sender and a receive time recorded by a worker.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves at an absolute time (ms since epoch), or at once if it is past. */
export function sleepUntil(at: number): Promise<void> {
  return sleep(Math.max(0, at - now()));
}

/** Rejects after `ms` with a message naming what did not finish: every step of a run is bounded. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms)} ms: ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
