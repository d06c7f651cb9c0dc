import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  band,
  meetingDefinitionSchema,
  placeOf,
  remainingMs,
  type CommandInput,
  type MeetingState,
  type Principal,
} from '../index.js';
import { execute, initialSecret, initialState } from '../server.js';

const DELEGATIONS = ['uz', 'kz', 'az', 'de', 'fr'];
const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: DELEGATIONS.map((id) => ({ id, name: { en: id, ru: id } })),
  presenters: [
    { id: 'sg', name: { en: 'SG', ru: 'ГС' }, title: { en: 'SG', ru: 'ГС' } },
    { id: 'rocb', name: { en: 'ROCB', ru: 'РБСП' }, title: { en: 'Dir', ru: 'Дир' } },
  ],
  agenda: [
    { id: 'a', title: { en: 'A', ru: 'А' }, plannedMinutes: 10, presenterIds: ['sg', 'rocb'] },
    { id: 'b', title: { en: 'B', ru: 'Б' }, plannedMinutes: 10 },
  ],
});

const chair: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-chair',
  role: 'chair',
  delegationId: null,
  presenterId: null,
};
const delegate = (d: string): Principal => ({
  meetingId: 'm1',
  inviteId: `inv-${d}`,
  role: 'delegate',
  delegationId: d,
  presenterId: null,
});

let ids = 0;
function run(state: MeetingState, cmd: CommandInput, who: Principal, now = 1000) {
  return execute(
    { state, secret: initialSecret() },
    who,
    { id: 'command-1', ...cmd },
    { now, newId: () => `n${++ids}` },
  );
}
function must(state: MeetingState, cmd: CommandInput, who: Principal = chair, now = 1000): MeetingState {
  const out = run(state, cmd, who, now);
  if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.message}`);
  return out.world.state;
}
function opened(): MeetingState {
  return must(must(initialState('m1', def), { type: 'meeting.open' }), { type: 'agenda.start', itemId: 'a' });
}
const kinds = (s: MeetingState, item = 'a') => {
  const list = s.floor.lists[item];
  return list ? list.order.map((id) => list.entries[id]?.kind) : [];
};

describe('speaker list', () => {
  it('starts with the presenters of each item in the planned order', () => {
    const s = initialState('m1', def);
    expect(s.floor.lists.a?.order).toEqual(['p-a-sg', 'p-a-rocb']);
    expect(s.floor.lists.b?.order).toEqual([]);
  });

  it('puts points of order first, then replies, then the rest in order of request', () => {
    let s = opened();
    s = must(s, { type: 'floor.request', kind: 'statement' }, delegate('uz'));
    s = must(s, { type: 'floor.request', kind: 'reply' }, delegate('kz'));
    s = must(s, { type: 'floor.request', kind: 'point_of_order' }, delegate('az'));
    s = must(s, { type: 'floor.request', kind: 'reply' }, delegate('de'));
    expect(kinds(s)).toEqual(['point_of_order', 'reply', 'reply', 'presentation', 'presentation', 'statement']);
    expect(placeOf(s.floor.lists.a, 'kz')).toBe(2);
    expect(placeOf(s.floor.lists.a, 'de')).toBe(3);
    expect(placeOf(s.floor.lists.a, 'fr')).toBeNull();
  });

  it('asking twice returns the same entry', () => {
    const s = opened();
    const first = run(s, { type: 'floor.request', kind: 'statement' }, delegate('uz'));
    if (!first.ok) throw new Error('refused');
    const again = run(first.world.state, { type: 'floor.request', kind: 'statement' }, delegate('uz'));
    if (!again.ok) throw new Error('refused');
    expect(again.createdId).toBe(first.createdId);
    expect(again.world.state.floor.lists.a?.order.length).toBe(3);
  });

  it('a request for an item no longer under way (made offline) is refused, and changes nothing', () => {
    const s = must(opened(), { type: 'agenda.next' });
    expect(s.current.itemId).toBe('b');
    const stale = run(s, { type: 'floor.request', kind: 'statement', itemId: 'a' }, delegate('uz'));
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'item_not_active' } });
    const current = must(s, { type: 'floor.request', kind: 'statement', itemId: 'b' }, delegate('uz'));
    expect(placeOf(current.floor.lists.b, 'uz')).toBe(1);
  });

  it('a closed list refuses requests except points of order', () => {
    const s = must(opened(), { type: 'floor.close' });
    expect(run(s, { type: 'floor.request', kind: 'statement' }, delegate('uz'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'list_closed' },
    });
    expect(run(s, { type: 'floor.request', kind: 'point_of_order' }, delegate('uz')).ok).toBe(true);
    const reopened = must(s, { type: 'floor.reopen' });
    expect(run(reopened, { type: 'floor.request', kind: 'statement' }, delegate('uz')).ok).toBe(true);
  });

  it('a delegate withdraws its own request but not another delegation’s; only the chair gives the floor', () => {
    const s = must(opened(), { type: 'floor.request', kind: 'statement' }, delegate('uz'));
    const entryId = s.floor.lists.a?.order.at(-1) ?? '';
    expect(run(s, { type: 'floor.withdraw', entryId }, delegate('kz'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(s, { type: 'floor.next' }, delegate('uz'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(s, { type: 'floor.request', kind: 'statement' }, { ...chair, role: 'observer' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const withdrawn = must(s, { type: 'floor.withdraw', entryId }, delegate('uz'));
    expect(withdrawn.floor.lists.a?.order).toEqual(['p-a-sg', 'p-a-rocb']);
    expect(run(withdrawn, { type: 'floor.withdraw', entryId }, delegate('uz'))).toMatchObject({
      ok: false,
      error: { reason: 'entry_not_found' },
    });
  });

  it('requests need an item under way', () => {
    const s = must(initialState('m1', def), { type: 'meeting.open' });
    expect(run(s, { type: 'floor.request', kind: 'statement' }, delegate('uz'))).toMatchObject({
      ok: false,
      error: { reason: 'item_not_active' },
    });
  });
});

describe('speaking time', () => {
  it('next calls the first in line, times the speech and records it', () => {
    let s = must(opened(), { type: 'floor.next' }, chair, 10_000);
    expect(s.floor.speaking).toMatchObject({ entry: { presenterId: 'sg' }, startedAt: 10_000, limitMs: 900_000 });
    s = must(s, { type: 'floor.next' }, chair, 70_000);
    expect(s.floor.speaking?.entry.presenterId).toBe('rocb');
    const speeches = Object.values(s.floor.speeches);
    expect(speeches).toHaveLength(1);
    expect(speeches[0]).toMatchObject({ presenterId: 'sg', startedAt: 10_000, endedAt: 70_000, spokeMs: 60_000 });
  });

  it('pause, resume and extend change the countdown; the overrun is negative time left', () => {
    let s = must(opened(), { type: 'floor.request', kind: 'reply' }, delegate('uz'), 0);
    s = must(s, { type: 'floor.next' }, chair, 0); // reply: 60 s limit
    s = must(s, { type: 'floor.pause' }, chair, 20_000);
    expect(run(s, { type: 'floor.pause' }, chair, 21_000)).toMatchObject({
      ok: false,
      error: { reason: 'already_paused' },
    });
    s = must(s, { type: 'floor.resume' }, chair, 50_000);
    const speaking = s.floor.speaking;
    if (!speaking) throw new Error('nobody speaking');
    expect(remainingMs(speaking, 60_000)).toBe(30_000);
    s = must(s, { type: 'floor.extend', seconds: 30 }, chair, 60_000);
    const extended = s.floor.speaking;
    if (!extended) throw new Error('nobody speaking');
    expect(remainingMs(extended, 150_000)).toBe(-30_000);
    s = must(s, { type: 'floor.end' }, chair, 150_000);
    expect(Object.values(s.floor.speeches)[0]).toMatchObject({ delegationId: 'uz', spokeMs: 120_000 });
  });

  it('the speech ends when the agenda moves on; the last speaker can be re-added first', () => {
    let s = must(opened(), { type: 'floor.next' }, chair, 0);
    s = must(s, { type: 'floor.request', kind: 'statement' }, delegate('uz'), 1000);
    expect(run(s, { type: 'floor.readd' }, chair, 2000)).toMatchObject({
      ok: false,
      error: { reason: 'no_last_speaker' },
    });
    s = must(s, { type: 'floor.next' }, chair, 3000);
    s = must(s, { type: 'floor.readd' }, chair, 4000);
    expect(s.floor.lists.a?.order).toEqual(['p-a-sg', s.floor.lists.a?.order[1]]);
    expect(run(s, { type: 'floor.readd' }, chair, 4500)).toMatchObject({
      ok: false,
      error: { reason: 'entry_already_queued' },
    });
    s = must(s, { type: 'agenda.next' }, chair, 5000);
    expect(s.floor.speaking).toBeNull();
    expect(Object.values(s.floor.speeches).map((x) => x.endedAt)).toEqual([3000, 5000]);
  });

  it('gives the floor to anyone, queued or not', () => {
    let s = must(opened(), { type: 'floor.give', delegationId: 'fr' }, chair, 0);
    expect(s.floor.speaking?.entry).toMatchObject({ delegationId: 'fr', kind: 'statement' });
    s = must(s, { type: 'floor.give', entryId: 'p-a-rocb' }, chair, 5000);
    expect(s.floor.speaking?.entry.presenterId).toBe('rocb');
    expect(s.floor.lists.a?.order).toEqual(['p-a-sg']);
    expect(run(s, { type: 'floor.give', delegationId: 'nowhere' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'speaker_not_found' },
    });
    expect(run(s, { type: 'floor.give' }, chair)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('order rules under any sequence (property)', () => {
  const action = fc.oneof(
    fc.record({
      t: fc.constant('request' as const),
      d: fc.constantFrom(...DELEGATIONS),
      kind: fc.constantFrom('statement' as const, 'reply' as const, 'point_of_order' as const),
    }),
    fc.record({ t: fc.constant('withdraw' as const), d: fc.constantFrom(...DELEGATIONS), pick: fc.nat(10) }),
    fc.record({ t: fc.constant('move' as const), pick: fc.nat(10), to: fc.nat(12) }),
    fc.record({ t: fc.constant('remove' as const), pick: fc.nat(10) }),
    fc.record({ t: fc.constant('next' as const) }),
    fc.record({ t: fc.constant('readd' as const) }),
    fc.record({ t: fc.constant('close' as const), open: fc.boolean() }),
  );

  it('never loses or duplicates an entry, and bands stay in order', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        let s = opened();
        // What should be on the list: a model kept beside the real state.
        const expected = new Set(s.floor.lists.a?.order ?? []);
        let now = 2000;
        for (const a of actions) {
          now += 100;
          const list = s.floor.lists.a;
          const order = list?.order ?? [];
          const picked = order.length ? order[('pick' in a ? a.pick : 0) % order.length] : undefined;
          let cmd: CommandInput | null = null;
          let who = chair;
          if (a.t === 'request') {
            cmd = { type: 'floor.request', kind: a.kind };
            who = delegate(a.d);
          }
          if (a.t === 'withdraw' && picked) {
            cmd = { type: 'floor.withdraw', entryId: picked };
            who = delegate(a.d);
          }
          if (a.t === 'remove' && picked) cmd = { type: 'floor.remove', entryId: picked };
          if (a.t === 'move' && picked) cmd = { type: 'floor.move', entryId: picked, toIndex: a.to };
          if (a.t === 'next') cmd = { type: 'floor.next' };
          if (a.t === 'readd') cmd = { type: 'floor.readd' };
          if (a.t === 'close') cmd = { type: a.open ? 'floor.reopen' : 'floor.close' };
          if (!cmd) continue;
          const out = run(s, cmd, who, now);
          if (!out.ok) {
            // A refused command says why, with a stable code.
            expect(['conflict', 'forbidden']).toContain(out.error.code);
            continue;
          }
          const before = s;
          s = out.world.state;
          const after = s.floor.lists.a?.order ?? [];
          if (cmd.type === 'floor.request' && out.createdId) expected.add(out.createdId);
          if ((cmd.type === 'floor.withdraw' || cmd.type === 'floor.remove') && picked) expected.delete(picked);
          if (cmd.type === 'floor.next') expected.delete(before.floor.lists.a?.order[0] ?? '');
          if (cmd.type === 'floor.readd') expected.add(s.floor.lastSpeaker?.id ?? '');
          // No loss, no duplicate: the list holds exactly the expected entries, once each.
          expect(new Set(after).size).toBe(after.length);
          expect([...after].sort()).toEqual([...expected].sort());
          expect(Object.keys(s.floor.lists.a?.entries ?? {}).sort()).toEqual([...after].sort());
          // Bands in order: points of order, then replies, then the rest.
          const bands = after.map((id) => band(s.floor.lists.a?.entries[id]?.kind ?? 'statement'));
          expect(bands).toEqual([...bands].sort((x, y) => x - y));
          // One entry per delegation and kind.
          const keys = after.map((id) => {
            const e = s.floor.lists.a?.entries[id];
            return `${e?.delegationId ?? e?.presenterId}:${e?.kind}`;
          });
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
