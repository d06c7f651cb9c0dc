import type { Timers } from '../../platform/timers.js';

type Scheduled = { at: number; seq: number; fn: () => void };

/**
 * A clock the test moves: `now` and `after` for the room, `advance` to let time pass. Timers
 * due by then fire in time order; the promises they start are let run between them, so a
 * flush started by a timer finishes before the next one fires.
 */
export class FakeClock implements Timers {
  private time: number;
  private seq = 0;
  private readonly scheduled = new Set<Scheduled>();

  constructor(start = Date.UTC(2021, 5, 8, 8, 0)) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  after(ms: number, fn: () => void): () => void {
    const entry = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.scheduled.add(entry);
    return () => this.scheduled.delete(entry);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.scheduled.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.scheduled].filter((s) => s.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.scheduled.delete(next);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await settle();
    }
    this.time = until;
    await settle();
  }
}

/** Lets promise chains and `setImmediate` continuations run (the room awaits one turn before a broadcast). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
