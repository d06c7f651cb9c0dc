import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockOffset, estimatedEndAt, itemActualMs, itemOverrunMs, meetingElapsedMs, plannedTotalMs } from './clock.js';
import { meetingDefinitionSchema } from './definition.js';
import { type AgendaItemState, type MeetingState } from './state.js';
import { initialState } from './server.js';

const MIN = 60_000;
/** 2021-06-08T10:00:00+02:00 */
const STARTS_AT = Date.UTC(2021, 5, 8, 8, 0, 0);

const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: [{ id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } }],
  agenda: [
    { id: 'a', title: { en: 'A', ru: 'А' }, plannedMinutes: 10 },
    { id: 'b', title: { en: 'B', ru: 'Б' }, plannedMinutes: 20 },
    { id: 'c', title: { en: 'C', ru: 'В' }, plannedMinutes: 5 },
  ],
});

function item(overrides: Partial<AgendaItemState> = {}): AgendaItemState {
  return {
    id: 'x',
    title: { en: 'X', ru: 'Х' },
    plannedMinutes: 10,
    presenterIds: [],
    documents: [],
    status: 'pending',
    startedAt: null,
    endedAt: null,
    spentMs: 0,
    activeSince: null,
    ...overrides,
  };
}

/** The meeting with some items changed (a hand-made state: no rules involved). */
function withItems(state: MeetingState, changes: Record<string, Partial<AgendaItemState>>): MeetingState {
  const items = { ...state.agenda.items };
  for (const [id, change] of Object.entries(changes)) {
    const current = items[id];
    if (!current) throw new Error(`no item ${id}`);
    items[id] = { ...current, ...change };
  }
  return { ...state, agenda: { ...state.agenda, items } };
}

const scheduled = initialState('m1', def);
const openedAt = STARTS_AT + 2 * MIN;
const open: MeetingState = { ...scheduled, meta: { ...scheduled.meta, status: 'open', openedAt } };

describe('itemActualMs', () => {
  it('is the time spent when the item is not under way', () => {
    expect(itemActualMs(item({ spentMs: 90_000 }), 5_000_000)).toBe(90_000);
    expect(itemActualMs(item(), 5_000_000)).toBe(0);
  });

  it('adds the active period in progress', () => {
    const it1 = item({ status: 'active', spentMs: 60_000, activeSince: 1_000_000 });
    expect(itemActualMs(it1, 1_000_000)).toBe(60_000);
    expect(itemActualMs(it1, 1_030_000)).toBe(90_000);
  });

  it('never counts a negative period when the clock is behind activeSince', () => {
    expect(itemActualMs(item({ status: 'active', spentMs: 5_000, activeSince: 2_000_000 }), 1_000_000)).toBe(5_000);
  });
});

describe('itemOverrunMs', () => {
  it('is negative while under plan, zero on plan, positive over plan', () => {
    const started = 1_000_000;
    const active = item({ status: 'active', plannedMinutes: 10, activeSince: started });
    expect(itemOverrunMs(active, started + 4 * MIN)).toBe(-6 * MIN);
    expect(itemOverrunMs(active, started + 10 * MIN)).toBe(0);
    expect(itemOverrunMs(active, started + 12 * MIN + 500)).toBe(2 * MIN + 500);
  });

  it('counts earlier active periods of a resumed item', () => {
    const resumed = item({ status: 'active', plannedMinutes: 5, spentMs: 4 * MIN, activeSince: 1_000_000 });
    expect(itemOverrunMs(resumed, 1_000_000 + 3 * MIN)).toBe(2 * MIN);
  });
});

describe('meetingElapsedMs', () => {
  it('is 0 before the meeting opens', () => {
    expect(meetingElapsedMs(scheduled, STARTS_AT + 60 * MIN)).toBe(0);
  });

  it('runs while the meeting is open', () => {
    expect(meetingElapsedMs(open, openedAt)).toBe(0);
    expect(meetingElapsedMs(open, openedAt + 42 * MIN)).toBe(42 * MIN);
    expect(meetingElapsedMs(open, openedAt - 1000)).toBe(0);
  });

  it('is frozen once the meeting closes', () => {
    const closed: MeetingState = { ...open, meta: { ...open.meta, status: 'closed', closedAt: openedAt + 90 * MIN } };
    expect(meetingElapsedMs(closed, openedAt + 90 * MIN)).toBe(90 * MIN);
    expect(meetingElapsedMs(closed, openedAt + 500 * MIN)).toBe(90 * MIN);
  });
});

describe('plannedTotalMs', () => {
  it('sums the planned minutes of all items but the deferred ones', () => {
    expect(plannedTotalMs(scheduled)).toBe(35 * MIN);
    expect(plannedTotalMs(withItems(scheduled, { b: { status: 'deferred' } }))).toBe(15 * MIN);
    expect(plannedTotalMs(withItems(scheduled, { a: { status: 'done' } }))).toBe(35 * MIN);
  });
});

describe('estimatedEndAt', () => {
  it('before the meeting opens: the planned start plus the whole plan', () => {
    expect(estimatedEndAt(scheduled, STARTS_AT - 60 * MIN)).toBe(STARTS_AT + 35 * MIN);
    expect(estimatedEndAt(withItems(scheduled, { c: { status: 'deferred' } }), STARTS_AT - 1)).toBe(
      STARTS_AT + 30 * MIN,
    );
  });

  it('before the meeting opens but after its planned start: now plus the whole plan', () => {
    const late = STARTS_AT + 15 * MIN;
    expect(estimatedEndAt(scheduled, late)).toBe(late + 35 * MIN);
  });

  it('while open with nothing under way: now plus every pending item', () => {
    const now = openedAt + MIN;
    expect(estimatedEndAt(open, now)).toBe(now + 35 * MIN);
  });

  it('while open: what is left of the current item plus the pending ones; done and deferred items count nothing', () => {
    const since = openedAt + MIN;
    const state = withItems(
      { ...open, current: { itemId: 'b', since } },
      {
        a: { status: 'done', startedAt: openedAt, endedAt: since, spentMs: MIN },
        b: { status: 'active', startedAt: since, activeSince: since },
        c: { status: 'deferred' },
      },
    );
    expect(estimatedEndAt(state, since + 5 * MIN)).toBe(since + 5 * MIN + 15 * MIN);
    // Running over: the current item adds nothing more, the estimate moves with the clock.
    const now = since + 30 * MIN;
    expect(estimatedEndAt(state, now)).toBe(now);
    const withPending = withItems(state, { c: { status: 'pending' } });
    expect(estimatedEndAt(withPending, now)).toBe(now + 5 * MIN);
  });

  it('after the meeting closes: the closing time, whatever the clock says', () => {
    const closedAt = openedAt + 75 * MIN;
    const closed: MeetingState = { ...open, meta: { ...open.meta, status: 'closed', closedAt } };
    expect(estimatedEndAt(closed, closedAt)).toBe(closedAt);
    expect(estimatedEndAt(closed, closedAt + 1000 * MIN)).toBe(closedAt);
  });

  it('never lies in the past while the meeting runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 * MIN }),
        fc.constantFrom('a', 'b', 'c'),
        fc.integer({ min: 0, max: 60 * MIN }),
        (elapsed, current, spent) => {
          const since = openedAt + 1000;
          const state = withItems(
            { ...open, current: { itemId: current, since } },
            { [current]: { status: 'active', spentMs: spent, activeSince: since } },
          );
          const now = since + elapsed;
          expect(estimatedEndAt(state, now)).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });
});

describe('clockOffset', () => {
  it('is the server time minus the midpoint of the round trip', () => {
    expect(clockOffset(1000, 5050, 1100)).toBe(4000);
    expect(clockOffset(10_000, 9_000, 10_200)).toBe(-1_100);
    expect(clockOffset(500, 550, 600)).toBe(0);
  });

  it('recovers the true offset when the delays both ways are equal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: -3_600_000, max: 3_600_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (sentAt, offset, oneWay) => {
          const serverNow = sentAt + oneWay + offset;
          const receivedAt = sentAt + 2 * oneWay;
          expect(clockOffset(sentAt, serverNow, receivedAt)).toBe(offset);
        },
      ),
    );
  });

  it('is off by at most half the round trip when the delays differ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: -3_600_000, max: 3_600_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (sentAt, offset, up, down) => {
          const serverNow = sentAt + up + offset;
          const receivedAt = sentAt + up + down;
          const error = Math.abs(clockOffset(sentAt, serverNow, receivedAt) - offset);
          expect(error).toBeLessThanOrEqual((receivedAt - sentAt) / 2);
        },
      ),
    );
  });
});
