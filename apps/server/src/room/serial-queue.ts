/**
 * Runs tasks one at a time, in the order they were given, whatever the outcome of the earlier
 * ones: a room's flushes, notes writes and updates from other nodes never interleave.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
