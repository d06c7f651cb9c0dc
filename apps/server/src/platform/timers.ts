/**
 * Timers as a port: the room schedules its flushes and poll deadlines through it, so that tests
 * drive time with a fake clock (room/testing/fake-clock.ts) instead of sleeping.
 */
export interface Timers {
  /** Runs `fn` after `ms`; returns the function that cancels it. `unref`: the timer alone does not keep the process up. */
  after(ms: number, fn: () => void, options?: { unref?: boolean }): () => void;
}

export const realTimers: Timers = {
  after(ms, fn, options) {
    const timer = setTimeout(fn, ms);
    if (options?.unref) timer.unref();
    return () => clearTimeout(timer);
  },
};
