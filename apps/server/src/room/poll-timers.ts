import type { MeetingState } from '@rostrum/core';

/**
 * Closes polls at their deadline (the no-objection countdown, or a voting window): the room
 * calls `sync` after every commit and on load, and `fire` submits a close command as the
 * server. Timers are never the record: after a restart they are armed again from the state.
 */
export class PollTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly now: () => number,
    private readonly fire: (pollId: string) => void,
  ) {}

  /**
   * Arms a timer for the open poll's deadline and drops timers of polls no longer open.
   * `minDelayMs` delays a deadline already past: after a restart, delegations get a moment to
   * reconnect before presence is measured for the quorum (ballots stay refused meanwhile).
   */
  sync(state: MeetingState, minDelayMs = 0): void {
    if (this.stopped) return;
    const open = state.votes.openPollId === null ? undefined : state.votes.polls[state.votes.openPollId];
    for (const [pollId, timer] of this.timers) {
      if (pollId === open?.id) continue;
      clearTimeout(timer);
      this.timers.delete(pollId);
    }
    if (!open || open.status !== 'open' || open.closesAt === null || this.timers.has(open.id)) return;
    const pollId = open.id;
    const timer = setTimeout(
      () => {
        this.timers.delete(pollId);
        if (!this.stopped) this.fire(pollId);
      },
      Math.max(minDelayMs, open.closesAt - this.now()),
    );
    timer.unref();
    this.timers.set(pollId, timer);
  }

  get armed(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
