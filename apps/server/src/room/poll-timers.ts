import type { MeetingState } from '@rostrum/core';
import type { Timers } from '../platform/timers.js';

/**
 * Closes polls at their deadline (the no-objection countdown, or a voting window): the room
 * calls `sync` after every commit and on load, and `fire` submits a close command as the
 * server. Timers are never the record: after a restart they are armed again from the state.
 */
export class PollTimers {
  /** The cancel function of each armed deadline, by poll. */
  private readonly armedTimers = new Map<string, () => void>();
  private stopped = false;

  constructor(
    private readonly now: () => number,
    private readonly fire: (pollId: string) => void,
    private readonly timers: Timers,
  ) {}

  /**
   * Arms a timer for the open poll's deadline and drops timers of polls no longer open.
   * `minDelayMs` delays a deadline already past: after a restart, delegations get a moment to
   * reconnect before presence is measured for the quorum (ballots stay refused meanwhile).
   */
  sync(state: MeetingState, minDelayMs = 0): void {
    if (this.stopped) return;
    const open = state.votes.openPollId === null ? undefined : state.votes.polls[state.votes.openPollId];
    for (const [pollId, cancel] of this.armedTimers) {
      if (pollId === open?.id) continue;
      cancel();
      this.armedTimers.delete(pollId);
    }
    if (!open || open.status !== 'open' || open.closesAt === null || this.armedTimers.has(open.id)) return;
    const pollId = open.id;
    const cancel = this.timers.after(
      Math.max(minDelayMs, open.closesAt - this.now()),
      () => {
        this.armedTimers.delete(pollId);
        if (!this.stopped) this.fire(pollId);
      },
      { unref: true },
    );
    this.armedTimers.set(pollId, cancel);
  }

  get armed(): number {
    return this.armedTimers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.armedTimers.values()) cancel();
    this.armedTimers.clear();
  }
}
