import type { AgendaItemState, MeetingState } from './state.js';
import { orderedItems } from './state.js';

const MINUTE = 60_000;

/** Time the item has been under way, including an active period in progress. */
export function itemActualMs(item: AgendaItemState, now: number): number {
  const running = item.activeSince === null ? 0 : Math.max(0, now - item.activeSince);
  return item.spentMs + running;
}

/** Actual minus planned time: positive when the item runs over. */
export function itemOverrunMs(item: AgendaItemState, now: number): number {
  return itemActualMs(item, now) - item.plannedMinutes * MINUTE;
}

/** Time since the meeting opened (frozen once it closes); 0 before it opens. */
export function meetingElapsedMs(state: MeetingState, now: number): number {
  const { openedAt, closedAt } = state.meta;
  if (openedAt === null) return 0;
  return Math.max(0, (closedAt ?? now) - openedAt);
}

export function plannedTotalMs(state: MeetingState): number {
  return orderedItems(state)
    .filter((i) => i.status !== 'deferred')
    .reduce((sum, i) => sum + i.plannedMinutes * MINUTE, 0);
}

/**
 * When the meeting should end if every remaining item takes its planned time: the item under
 * way gets at least what is left of its plan, pending items their whole plan. Before the
 * meeting opens: planned start plus the whole plan. After it closes: the closing time.
 */
export function estimatedEndAt(state: MeetingState, now: number): number {
  const { status, closedAt, startsAt } = state.meta;
  if (status === 'closed' && closedAt !== null) return closedAt;
  if (status === 'scheduled') return Math.max(Date.parse(startsAt), now) + plannedTotalMs(state);
  let remaining = 0;
  for (const item of orderedItems(state)) {
    if (item.status === 'active') remaining += Math.max(0, item.plannedMinutes * MINUTE - itemActualMs(item, now));
    else if (item.status === 'pending') remaining += item.plannedMinutes * MINUTE;
  }
  return now + remaining;
}

/**
 * Clock offset from request/response timestamps (NTP-style, half the round trip):
 * add it to the local clock to get the server's.
 */
export function clockOffset(sentAt: number, serverNow: number, receivedAt: number): number {
  return serverNow - (sentAt + receivedAt) / 2;
}
