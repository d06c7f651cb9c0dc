import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meetingDefinitionSchema, type MeetingDefinitionInput } from './definition.js';
import { ITEM_STATUSES, type AgendaItemState, type MeetingState } from './state.js';
import { initialState } from './server.js';
import { MEETING_DOC_PARTS, readDocJson, readState, writeState } from './ydoc.js';

const def = meetingDefinitionSchema.parse({
  title: { en: 'WCO Europe Region Heads of Customs Meeting', ru: 'Совещание руководителей таможенных служб' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  videoLink: 'https://meet.example.org/hoc',
  chair: { name: { en: 'Vice-Chair', ru: 'Заместитель Председателя' }, delegationId: 'az' },
  delegations: [
    { id: 'az', name: { en: 'Azerbaijan', ru: 'Азербайджан' } },
    { id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } },
    { id: 'kz', name: { en: 'Kazakhstan', ru: 'Казахстан' } },
  ],
  presenters: [
    { id: 'sg', name: { en: 'Secretary General', ru: 'Генеральный секретарь' }, title: { en: 'WCO', ru: 'ВТамО' } },
    {
      id: 'uz-customs',
      name: { en: 'Head', ru: 'Глава' },
      title: { en: 'Uzbekistan Customs', ru: 'Таможня' },
      delegationId: 'uz',
    },
  ],
  agenda: [
    { id: 'opening', title: { en: 'Opening', ru: 'Открытие' }, plannedMinutes: 10 },
    { id: 'sg-address', title: { en: 'Address', ru: 'Выступление' }, plannedMinutes: 15, presenterIds: ['sg'] },
    {
      id: 'uz-lab',
      title: { en: 'Laboratory', ru: 'Лаборатория' },
      plannedMinutes: 15,
      presenterIds: ['uz-customs', 'sg'],
    },
    { id: 'aob', title: { en: 'AOB', ru: 'Разное' }, plannedMinutes: 10 },
  ],
});

const base = initialState('m1', def);

function withItem(state: MeetingState, id: string, change: Partial<AgendaItemState>): MeetingState {
  const current = state.agenda.items[id];
  if (!current) throw new Error(`no item ${id}`);
  return { ...state, agenda: { ...state.agenda, items: { ...state.agenda.items, [id]: { ...current, ...change } } } };
}

/** A meeting under way: open, first item done, second active, one deferred, an item moved. */
function underWay(): MeetingState {
  let s: MeetingState = { ...base, meta: { ...base.meta, status: 'open', openedAt: 1000, revision: 4 } };
  s = withItem(s, 'opening', { status: 'done', startedAt: 2000, endedAt: 62_000, spentMs: 60_000 });
  s = withItem(s, 'sg-address', { status: 'active', startedAt: 62_000, activeSince: 62_000 });
  s = withItem(s, 'aob', { status: 'deferred' });
  return {
    ...s,
    agenda: { ...s.agenda, order: ['opening', 'sg-address', 'aob', 'uz-lab'] },
    current: { itemId: 'sg-address', since: 62_000 },
  };
}

function written(state: MeetingState): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => writeState(doc, state));
  return doc;
}

/** Records every update the document emits. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return updates;
}

type Change = { part: string; path: Array<string | number>; keys: string[] };

/** What a document's observers see when `update` is applied to it: part, path and changed keys. */
function changesSeenBy(doc: Y.Doc, update: Uint8Array): Change[] {
  const changes: Change[] = [];
  const handlers = MEETING_DOC_PARTS.map((part) => {
    const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const e of events) changes.push({ part, path: e.path, keys: [...e.keys.keys()].sort() });
    };
    doc.getMap(part).observeDeep(handler);
    return () => doc.getMap(part).unobserveDeep(handler);
  });
  Y.applyUpdate(doc, update);
  for (const off of handlers) off();
  return changes;
}

describe('writeState / readState', () => {
  it('round-trips the initial state and a state under way', () => {
    expect(readState(written(base))).toEqual(base);
    const s = underWay();
    expect(readState(written(s))).toEqual(s);
  });

  it('keeps nulls, arrays and nested records in their places', () => {
    const json = readDocJson(written(underWay()));
    expect(json.current).toEqual({ itemId: 'sg-address', since: 62_000 });
    expect(json.meta).toMatchObject({ closedAt: null, videoLink: 'https://meet.example.org/hoc' });
    expect(json.agenda).toMatchObject({ order: ['opening', 'sg-address', 'aob', 'uz-lab'] });
  });

  it('stores objects as nested maps, so a change can touch one key', () => {
    const doc = written(base);
    const items = doc.getMap('agenda').get('items');
    expect(items).toBeInstanceOf(Y.Map);
    if (!(items instanceof Y.Map)) return;
    expect(items.get('opening')).toBeInstanceOf(Y.Map);
  });

  it('reads null while the document is empty or incomplete', () => {
    expect(readState(new Y.Doc())).toBeNull();
    const partial = new Y.Doc();
    partial.getMap('meta').set('id', 'm1');
    expect(readState(partial)).toBeNull();
  });

  it('removes keys that are gone from the state (a removed item)', () => {
    const doc = written(base);
    const items = { ...base.agenda.items };
    delete items.aob;
    const next: MeetingState = { ...base, agenda: { order: base.agenda.order.filter((id) => id !== 'aob'), items } };
    doc.transact(() => writeState(doc, next));
    expect(readState(doc)).toEqual(next);
  });

  it('round-trips every definition the schema accepts, whatever its ids', () => {
    // Ids that mean something to JavaScript objects (the names of Object.prototype are refused;
    // "prototype" is not one of them), next to ordinary ones.
    const ids = fc.oneof(
      {
        arbitrary: fc.constantFrom('a', 'b-1', 'Z_9', 'c', 'd_2', 'E-3', 'f', 'g-7', 'h_h', 'i', 'prototype'),
        weight: 6,
      },
      {
        arbitrary: fc.constantFrom(
          'constructor',
          'toString',
          'hasOwnProperty',
          'valueOf',
          '__proto__',
          '__defineGetter__',
        ),
        weight: 1,
      },
    );
    const bi = fc.record({
      en: fc.string({ minLength: 1, maxLength: 8 }),
      ru: fc.string({ minLength: 1, maxLength: 8 }),
    });
    const input = fc.record({
      delegations: fc.array(fc.record({ id: ids, name: bi }), { minLength: 1, maxLength: 4 }),
      agenda: fc.array(fc.record({ id: ids, title: bi, plannedMinutes: fc.integer({ min: 1, max: 600 }) }), {
        minLength: 1,
        maxLength: 5,
      }),
      status: fc.constantFrom(...ITEM_STATUSES),
    });
    let accepted = 0;
    fc.assert(
      fc.property(input, ({ delegations, agenda, status }) => {
        const candidate: MeetingDefinitionInput = {
          title: { en: 'M', ru: 'С' },
          startsAt: '2021-06-08T10:00:00+02:00',
          timeZone: 'Europe/Brussels',
          chair: { name: { en: 'C', ru: 'П' } },
          delegations,
          agenda,
        };
        const parsed = meetingDefinitionSchema.safeParse(candidate);
        if ([...delegations, ...agenda].some((x) => x.id in Object.prototype)) expect(parsed.success).toBe(false);
        if (!parsed.success) return;
        accepted += 1;
        let state = initialState('m1', parsed.data);
        // Every id of the definition is in the state...
        expect(Object.keys(state.agenda.items).sort()).toEqual([...state.agenda.order].sort());
        expect(Object.keys(state.roster.delegations).sort()).toEqual([...state.roster.delegationOrder].sort());
        const first = state.agenda.order[0];
        if (first !== undefined) state = withItem(state, first, { status });
        // ...and in the document read back.
        expect(readState(written(state))).toEqual(state);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('updates', () => {
  it('writing the same state again produces no update', () => {
    for (const state of [base, underWay()]) {
      const doc = written(state);
      const updates = recordUpdates(doc);
      doc.transact(() => writeState(doc, state));
      doc.transact(() => writeState(doc, structuredClone(state)));
      writeState(doc, structuredClone(state)); // outside a transaction too
      expect(updates).toHaveLength(0);
    }
  });

  it("changing one item's status makes one small update that touches only that item", () => {
    const doc = written(base);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const updates = recordUpdates(doc);

    doc.transact(() => writeState(doc, withItem(base, 'uz-lab', { status: 'deferred' })));

    expect(updates).toHaveLength(1);
    const [update] = updates;
    if (!update) throw new Error('no update');
    const full = Y.encodeStateAsUpdate(doc).byteLength;
    expect(update.byteLength).toBeLessThan(80);
    expect(update.byteLength * 20).toBeLessThan(full);
    // One item, one key, nothing else.
    expect(changesSeenBy(replica, update)).toEqual([{ part: 'agenda', path: ['items', 'uz-lab'], keys: ['status'] }]);
    expect(readState(replica)?.agenda.items['uz-lab']?.status).toBe('deferred');
    expect(readState(replica)).toEqual(readState(doc));
  });

  it('a transition touches only the keys that change', () => {
    const before = underWay();
    const doc = written(before);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const updates = recordUpdates(doc);
    // "next": sg-address done, uz-lab active, revision bumped.
    let after = withItem(before, 'sg-address', { status: 'done', endedAt: 90_000, spentMs: 28_000, activeSince: null });
    after = withItem(after, 'uz-lab', { status: 'active', startedAt: 90_000, activeSince: 90_000 });
    after = { ...after, meta: { ...after.meta, revision: 5 }, current: { itemId: 'uz-lab', since: 90_000 } };
    doc.transact(() => writeState(doc, after));
    expect(updates).toHaveLength(1);
    const [update] = updates;
    if (!update) throw new Error('no update');
    const seen = changesSeenBy(replica, update).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(seen).toEqual(
      [
        { part: 'agenda', path: ['items', 'sg-address'], keys: ['activeSince', 'endedAt', 'spentMs', 'status'] },
        { part: 'agenda', path: ['items', 'uz-lab'], keys: ['activeSince', 'startedAt', 'status'] },
        { part: 'current', path: [], keys: ['itemId', 'since'] },
        { part: 'meta', path: [], keys: ['revision'] },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(readState(replica)).toEqual(after);
  });

  it('two documents synced by updates agree, in order or not', () => {
    const source = new Y.Doc();
    const inOrder = new Y.Doc();
    const updates = recordUpdates(source);
    source.on('update', (u: Uint8Array) => Y.applyUpdate(inOrder, u));

    const states: MeetingState[] = [base];
    let s = underWay();
    states.push(s);
    s = withItem(s, 'uz-lab', { status: 'active', startedAt: 99_000, activeSince: 99_000 });
    s = withItem(s, 'sg-address', { status: 'done', activeSince: null, endedAt: 99_000, spentMs: 37_000 });
    states.push({ ...s, current: { itemId: 'uz-lab', since: 99_000 }, meta: { ...s.meta, revision: 5 } });
    const last: MeetingState = {
      ...s,
      meta: { ...s.meta, status: 'closed', closedAt: 120_000, revision: 6 },
      current: { itemId: null, since: null },
    };
    states.push(last);

    for (const state of states) {
      source.transact(() => writeState(source, state));
      expect(readState(inOrder)).toEqual(state);
    }
    expect(Y.encodeStateVector(inOrder)).toEqual(Y.encodeStateVector(source));

    // Delivered in reverse order, the updates still converge once all have arrived.
    const reversed = new Y.Doc();
    for (const u of [...updates].reverse()) Y.applyUpdate(reversed, u);
    expect(readState(reversed)).toEqual(last);
    // And a merged update is equivalent.
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.mergeUpdates(updates));
    expect(readState(merged)).toEqual(last);
  });
});

describe('writing only what changed', () => {
  it('skips the parts that are the same objects as last time, and still writes every change', () => {
    const doc = written(base);
    const updates = recordUpdates(doc);
    // A new state sharing everything but one item: one small update, as before.
    const next = withItem(base, 'uz-lab', { status: 'deferred' });
    expect(next.roster).toBe(base.roster);
    doc.transact(() => writeState(doc, next));
    expect(updates).toHaveLength(1);
    expect(readState(doc)).toEqual(next);
    // The same objects again: nothing to write.
    doc.transact(() => writeState(doc, next));
    expect(updates).toHaveLength(1);
    // Going back to the earlier objects writes the difference back.
    doc.transact(() => writeState(doc, base));
    expect(updates).toHaveLength(2);
    expect(readState(doc)).toEqual(base);
    // A structurally equal copy is compared, not skipped, and makes no update.
    doc.transact(() => writeState(doc, structuredClone(base)));
    expect(updates).toHaveLength(2);
  });

  it('a document rebuilt from updates is written in full the first time', () => {
    const source = written(underWay());
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, Y.encodeStateAsUpdate(source));
    const later = withItem(underWay(), 'aob', { status: 'pending' });
    rebuilt.transact(() => writeState(rebuilt, later));
    expect(readState(rebuilt)).toEqual(later);
  });
});
