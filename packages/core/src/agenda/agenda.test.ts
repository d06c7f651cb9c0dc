import { describe, expect, it } from 'vitest';
import { meetingDefinitionSchema, type CommandInput, type MeetingState, type Principal } from '../index.js';
import { execute, initialSecret, initialState } from '../server.js';

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
const chair: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-chair',
  role: 'chair',
  delegationId: null,
  presenterId: null,
};

function run(state: MeetingState, cmd: CommandInput, now: number, who: Principal = chair) {
  return execute(
    { state, secret: initialSecret() },
    who,
    { id: 'command-1', ...cmd },
    { now, newId: () => 'new-item' },
  );
}

function must(state: MeetingState, cmd: CommandInput, now: number): MeetingState {
  const out = run(state, cmd, now);
  if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.message}`);
  return out.world.state;
}

describe('agenda transitions', () => {
  it('refuses to start items before the meeting is open', () => {
    const out = run(initialState('m1', def), { type: 'agenda.next' }, 1000);
    expect(out).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'meeting_not_open' } });
  });

  it('next walks the agenda, timing each item', () => {
    let s = must(initialState('m1', def), { type: 'meeting.open' }, 1000);
    s = must(s, { type: 'agenda.next' }, 2000);
    expect(s.current).toEqual({ itemId: 'a', since: 2000 });
    s = must(s, { type: 'agenda.next' }, 62_000);
    expect(s.agenda.items.a).toMatchObject({ status: 'done', spentMs: 60_000, startedAt: 2000, endedAt: 62_000 });
    expect(s.agenda.items.b).toMatchObject({ status: 'active', activeSince: 62_000 });
    expect(s.meta.revision).toBe(3);
  });

  it('previous returns to the earlier item and keeps both timings', () => {
    let s = must(initialState('m1', def), { type: 'meeting.open' }, 0);
    s = must(s, { type: 'agenda.next' }, 0);
    s = must(s, { type: 'agenda.next' }, 10_000);
    s = must(s, { type: 'agenda.previous' }, 15_000);
    expect(s.current.itemId).toBe('a');
    expect(s.agenda.items.b).toMatchObject({ status: 'pending', spentMs: 5000 });
    s = must(s, { type: 'agenda.next' }, 20_000);
    // b is pending again, so next picks it up and its time accumulates.
    expect(s.current.itemId).toBe('b');
    expect(s.agenda.items.a?.spentMs).toBe(15_000);
  });

  it('skips done and deferred items when going next', () => {
    let s = must(initialState('m1', def), { type: 'meeting.open' }, 0);
    s = must(s, { type: 'agenda.defer', itemId: 'b' }, 0);
    s = must(s, { type: 'agenda.next' }, 0);
    s = must(s, { type: 'agenda.next' }, 1);
    expect(s.current.itemId).toBe('c');
    const out = run(s, { type: 'agenda.next' }, 2);
    expect(out).toMatchObject({ ok: false, error: { reason: 'no_next_item' } });
  });

  it('complete ends the current item; a stale complete is a conflict', () => {
    let s = must(initialState('m1', def), { type: 'meeting.open' }, 0);
    s = must(s, { type: 'agenda.start', itemId: 'b' }, 100);
    s = must(s, { type: 'agenda.complete', itemId: 'b' }, 400);
    expect(s.current.itemId).toBeNull();
    expect(s.agenda.items.b).toMatchObject({ status: 'done', spentMs: 300 });
    expect(run(s, { type: 'agenda.complete', itemId: 'b' }, 500)).toMatchObject({
      ok: false,
      error: { reason: 'item_not_active' },
    });
  });

  it('close concludes the item under way and freezes the meeting', () => {
    let s = must(initialState('m1', def), { type: 'meeting.open' }, 0);
    s = must(s, { type: 'agenda.next' }, 0);
    s = must(s, { type: 'meeting.close' }, 1000);
    expect(s.meta).toMatchObject({ status: 'closed', closedAt: 1000 });
    expect(s.agenda.items.a?.status).toBe('done');
    expect(run(s, { type: 'agenda.next' }, 2000)).toMatchObject({ ok: false, error: { reason: 'meeting_closed' } });
    expect(run(s, { type: 'meeting.open' }, 2000)).toMatchObject({ ok: false, error: { reason: 'meeting_closed' } });
  });

  it('adds and moves items', () => {
    let s = must(
      initialState('m1', def),
      { type: 'agenda.add', title: { en: 'New', ru: 'Новый' }, plannedMinutes: 7, afterItemId: 'a' },
      0,
    );
    expect(s.agenda.order).toEqual(['a', 'new-item', 'b', 'c']);
    s = must(s, { type: 'agenda.move', itemId: 'c', toIndex: 0 }, 0);
    expect(s.agenda.order).toEqual(['c', 'a', 'new-item', 'b']);
    s = must(s, { type: 'agenda.move', itemId: 'c', toIndex: 99 }, 0);
    expect(s.agenda.order).toEqual(['a', 'new-item', 'b', 'c']);
    expect(run(s, { type: 'agenda.move', itemId: 'zz', toIndex: 0 }, 0)).toMatchObject({
      ok: false,
      error: { reason: 'item_not_found' },
    });
  });

  it('never mutates the input state', () => {
    const s0 = initialState('m1', def);
    const frozen = JSON.stringify(s0);
    const s1 = must(s0, { type: 'meeting.open' }, 0);
    must(s1, { type: 'agenda.next' }, 5);
    expect(JSON.stringify(s0)).toBe(frozen);
  });
});

describe('permissions', () => {
  const delegate: Principal = { ...chair, inviteId: 'inv-uz', role: 'delegate', delegationId: 'uz' };
  const secretariat: Principal = { ...chair, inviteId: 'inv-sec', role: 'secretariat' };

  it('refuses chair commands from a delegate with forbidden, changing nothing', () => {
    const s = initialState('m1', def);
    for (const type of ['meeting.open', 'agenda.next', 'meeting.close'] as const) {
      expect(run(s, { type }, 0, delegate)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('lets the secretariat prepare the agenda but not run the meeting', () => {
    const s = initialState('m1', def);
    expect(run(s, { type: 'agenda.move', itemId: 'c', toIndex: 0 }, 0, secretariat).ok).toBe(true);
    expect(run(s, { type: 'meeting.open' }, 0, secretariat)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a token of another meeting', () => {
    expect(run(initialState('m1', def), { type: 'meeting.open' }, 0, { ...chair, meetingId: 'other' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
