import type { CommandOf } from '../commands.js';
import { conflict, fail, type ProtocolError } from '../errors.js';
import type { Principal } from '../roles.js';
import { publicRule, type RuleContext, type RuleOutcome, type WorldRules } from '../rules.js';
import type { MeetingState } from '../state.js';
import {
  band,
  DEFAULT_LIMITS,
  spokenMs,
  type EntryKind,
  type FloorState,
  type QueueEntry,
  type SpeakerList,
  type Speaking,
} from './floor-state.js';
import type { FloorCommandType } from './floor-commands.js';

/** The speaker lists of a new meeting: each item's presenters, in the planned order. */
export function initialFloor(
  agenda: ReadonlyArray<{ id: string; presenterIds: string[] }>,
  presenterDelegation: (presenterId: string) => string | null,
): FloorState {
  const lists: Record<string, SpeakerList> = {};
  for (const item of agenda) {
    const entries: Record<string, QueueEntry> = {};
    const order: string[] = [];
    for (const presenterId of item.presenterIds) {
      const id = `p-${item.id}-${presenterId}`.slice(0, 64);
      entries[id] = {
        id,
        kind: 'presentation',
        delegationId: presenterDelegation(presenterId),
        presenterId,
        requestedBy: null,
        requestedAt: 0,
      };
      order.push(id);
    }
    lists[item.id] = { open: true, limits: DEFAULT_LIMITS, entries, order };
  }
  return { lists, speaking: null, lastSpeaker: null, speeches: {} };
}

const freshList = (): SpeakerList => ({ open: true, limits: DEFAULT_LIMITS, entries: {}, order: [] });

function withFloor(state: MeetingState, floor: FloorState): MeetingState {
  return { ...state, floor };
}

function withList(state: MeetingState, itemId: string, list: SpeakerList): MeetingState {
  return withFloor(state, { ...state.floor, lists: { ...state.floor.lists, [itemId]: list } });
}

/** Inserts an entry at the end of its band (or at the front of it), keeping bands in order. */
export function insertEntry(list: SpeakerList, entry: QueueEntry, atBandStart = false): SpeakerList {
  const b = band(entry.kind);
  const kinds = list.order.map((id) => list.entries[id]?.kind ?? 'statement');
  const at = atBandStart ? kinds.filter((k) => band(k) < b).length : kinds.filter((k) => band(k) <= b).length;
  return {
    ...list,
    entries: { ...list.entries, [entry.id]: entry },
    order: [...list.order.slice(0, at), entry.id, ...list.order.slice(at)],
  };
}

function dropEntry(list: SpeakerList, entryId: string): SpeakerList {
  const entries = { ...list.entries };
  delete entries[entryId];
  return { ...list, entries, order: list.order.filter((id) => id !== entryId) };
}

/** Moves an entry to `toIndex`, clamped to its own band so that the order rules hold. */
export function moveEntry(list: SpeakerList, entryId: string, toIndex: number): SpeakerList {
  const entry = list.entries[entryId];
  if (!entry) return list;
  const rest = list.order.filter((id) => id !== entryId);
  const b = band(entry.kind);
  const bandOf = (id: string) => band(list.entries[id]?.kind ?? 'statement');
  const lo = rest.filter((id) => bandOf(id) < b).length;
  const hi = rest.filter((id) => bandOf(id) <= b).length;
  const at = Math.min(Math.max(toIndex, lo), hi);
  return { ...list, order: [...rest.slice(0, at), entryId, ...rest.slice(at)] };
}

/** Ends the speech under way, recording how long it lasted. */
export function endSpeech(state: MeetingState, ctx: RuleContext): MeetingState {
  const speaking = state.floor.speaking;
  if (!speaking) return state;
  const id = ctx.newId();
  const speech = {
    id,
    itemId: speaking.itemId,
    kind: speaking.entry.kind,
    delegationId: speaking.entry.delegationId,
    presenterId: speaking.entry.presenterId,
    startedAt: speaking.startedAt,
    endedAt: ctx.now,
    spokeMs: spokenMs(speaking, ctx.now),
    limitMs: speaking.limitMs,
  };
  return withFloor(state, {
    ...state.floor,
    speaking: null,
    lastSpeaker: speaking.entry,
    speeches: { ...state.floor.speeches, [id]: speech },
  });
}

function startSpeech(state: MeetingState, itemId: string, entry: QueueEntry, ctx: RuleContext): MeetingState {
  const list = state.floor.lists[itemId] ?? freshList();
  const speaking: Speaking = {
    entry,
    itemId,
    startedAt: ctx.now,
    pausedAt: null,
    pausedMs: 0,
    limitMs: list.limits[entry.kind] * 1000,
  };
  return withFloor(state, { ...state.floor, speaking });
}

/** When the agenda moves on (or the meeting closes), the speech under way ends with it. */
export function followAgenda(state: MeetingState, ctx: RuleContext): MeetingState {
  const speaking = state.floor.speaking;
  if (speaking && (speaking.itemId !== state.current.itemId || state.meta.status !== 'open'))
    return endSpeech(state, ctx);
  return state;
}

type Current = { itemId: string; list: SpeakerList };

function currentList(state: MeetingState): Current | ProtocolError {
  const itemId = state.current.itemId;
  if (state.meta.status !== 'open' || itemId === null)
    return conflict('item_not_active', 'no agenda item is under way').error;
  return { itemId, list: state.floor.lists[itemId] ?? freshList() };
}

const isError = (x: Current | ProtocolError): x is ProtocolError => 'code' in x;
const ok = (state: MeetingState, createdId?: string): RuleOutcome =>
  createdId === undefined ? { ok: true, state } : { ok: true, state, createdId };

function request(
  state: MeetingState,
  principal: Principal,
  cmd: CommandOf<'floor.request'>,
  ctx: RuleContext,
): RuleOutcome {
  const { kind } = cmd;
  const cur = currentList(state);
  if (isError(cur)) return { ok: false, error: cur };
  if (cmd.itemId !== undefined && cmd.itemId !== cur.itemId)
    return conflict('item_not_active', 'the request was for an item that is no longer under way');
  if (principal.delegationId === null && principal.presenterId === null)
    return fail('forbidden', 'only a delegation or a presenter may ask for the floor');
  // Asking again for the same thing returns the entry already there: never a second one.
  const mine = (e: QueueEntry) =>
    principal.delegationId !== null
      ? e.delegationId === principal.delegationId
      : e.presenterId === principal.presenterId;
  const existing = cur.list.order
    .map((id) => cur.list.entries[id])
    .find((e) => e !== undefined && mine(e) && e.kind === kind);
  if (existing) return ok(state, existing.id);
  if (!cur.list.open && kind !== 'point_of_order') return conflict('list_closed', 'the speaker list is closed');
  const entry: QueueEntry = {
    id: ctx.newId(),
    kind,
    delegationId: principal.delegationId,
    presenterId: principal.delegationId === null ? principal.presenterId : null,
    requestedBy: principal.inviteId,
    requestedAt: ctx.now,
  };
  return ok(withList(state, cur.itemId, insertEntry(cur.list, entry)), entry.id);
}

function findQueued(
  state: MeetingState,
  entryId: string,
): { itemId: string; list: SpeakerList; entry: QueueEntry } | null {
  for (const [itemId, list] of Object.entries(state.floor.lists)) {
    const entry = list.entries[entryId];
    if (entry) return { itemId, list, entry };
  }
  return null;
}

function withdraw(state: MeetingState, principal: Principal, entryId: string, byChair: boolean): RuleOutcome {
  const found = findQueued(state, entryId);
  if (!found) return conflict('entry_not_found', 'that request is no longer on the list');
  if (!byChair) {
    const own =
      found.entry.delegationId !== null
        ? found.entry.delegationId === principal.delegationId
        : found.entry.presenterId === principal.presenterId;
    if (!own) return fail('forbidden', "only the chair may remove another delegation's request");
  }
  return ok(withList(state, found.itemId, dropEntry(found.list, entryId)));
}

function next(state: MeetingState, ctx: RuleContext): RuleOutcome {
  const cur = currentList(state);
  if (isError(cur)) return { ok: false, error: cur };
  const firstId = cur.list.order[0];
  const first = firstId === undefined ? undefined : cur.list.entries[firstId];
  if (!first) {
    if (state.floor.speaking) return ok(endSpeech(state, ctx));
    return conflict('queue_empty', 'nobody is waiting for the floor');
  }
  const ended = endSpeech(withList(state, cur.itemId, dropEntry(cur.list, first.id)), ctx);
  return ok(startSpeech(ended, cur.itemId, first, ctx));
}

function give(state: MeetingState, cmd: CommandOf<'floor.give'>, ctx: RuleContext): RuleOutcome {
  const cur = currentList(state);
  if (isError(cur)) return { ok: false, error: cur };
  const targets = [cmd.entryId, cmd.delegationId, cmd.presenterId].filter((x) => x !== undefined);
  if (targets.length !== 1) return fail('invalid', 'name exactly one of entryId, delegationId, presenterId');
  if (cmd.entryId !== undefined) {
    const entry = cur.list.entries[cmd.entryId];
    if (!entry) return conflict('entry_not_found', 'that request is no longer on the list');
    const ended = endSpeech(withList(state, cur.itemId, dropEntry(cur.list, entry.id)), ctx);
    return ok(startSpeech(ended, cur.itemId, entry, ctx));
  }
  let kind: EntryKind = 'statement';
  let delegationId: string | null = null;
  let presenterId: string | null = null;
  if (cmd.delegationId !== undefined) {
    if (!state.roster.delegations[cmd.delegationId]) return conflict('speaker_not_found', 'no such delegation');
    delegationId = cmd.delegationId;
  } else if (cmd.presenterId !== undefined) {
    const presenter = state.roster.presenters[cmd.presenterId];
    if (!presenter) return conflict('speaker_not_found', 'no such presenter');
    presenterId = presenter.id;
    delegationId = presenter.delegationId;
    kind = 'presentation';
  }
  const entry: QueueEntry = {
    id: ctx.newId(),
    kind,
    delegationId,
    presenterId,
    requestedBy: null,
    requestedAt: ctx.now,
  };
  return ok(startSpeech(endSpeech(state, ctx), cur.itemId, entry, ctx), entry.id);
}

function withSpeaking(state: MeetingState, change: (s: Speaking) => Speaking | ProtocolError): RuleOutcome {
  const speaking = state.floor.speaking;
  if (!speaking) return conflict('no_speaker', 'nobody has the floor');
  const next = change(speaking);
  if ('code' in next) return { ok: false, error: next };
  return ok(withFloor(state, { ...state.floor, speaking: next }));
}

/** The speaker queue's part of the dispatch table. */
export const floorRules: WorldRules<FloorCommandType> = {
  'floor.request': publicRule((state, principal, command, ctx) => request(state, principal, command, ctx)),
  'floor.withdraw': publicRule((state, principal, command) => withdraw(state, principal, command.entryId, false)),
  'floor.remove': publicRule((state, principal, command) => withdraw(state, principal, command.entryId, true)),
  'floor.move': publicRule((state, _principal, command) => {
    const found = findQueued(state, command.entryId);
    if (!found) return conflict('entry_not_found', 'that request is no longer on the list');
    return ok(withList(state, found.itemId, moveEntry(found.list, command.entryId, command.toIndex)));
  }),
  'floor.next': publicRule((state, _principal, _command, ctx) => next(state, ctx)),
  'floor.give': publicRule((state, _principal, command, ctx) => give(state, command, ctx)),
  'floor.end': publicRule((state, _principal, _command, ctx) =>
    state.floor.speaking ? ok(endSpeech(state, ctx)) : conflict('no_speaker', 'nobody has the floor'),
  ),
  'floor.readd': publicRule((state) => {
    const cur = currentList(state);
    if (isError(cur)) return { ok: false, error: cur };
    const last = state.floor.lastSpeaker;
    if (!last) return conflict('no_last_speaker', 'nobody has spoken yet');
    if (cur.list.entries[last.id]) return conflict('entry_already_queued', 'the last speaker is already on the list');
    return ok(withList(state, cur.itemId, insertEntry(cur.list, last, true)));
  }),
  'floor.close': publicRule((state) => setListOpen(state, false)),
  'floor.reopen': publicRule((state) => setListOpen(state, true)),
  'floor.pause': publicRule((state, _principal, _command, ctx) =>
    withSpeaking(state, (s) =>
      s.pausedAt !== null
        ? conflict('already_paused', 'the clock is already paused').error
        : { ...s, pausedAt: ctx.now },
    ),
  ),
  'floor.resume': publicRule((state, _principal, _command, ctx) =>
    withSpeaking(state, (s) =>
      s.pausedAt === null
        ? conflict('not_paused', 'the clock is running').error
        : { ...s, pausedAt: null, pausedMs: s.pausedMs + Math.max(0, ctx.now - s.pausedAt) },
    ),
  ),
  'floor.extend': publicRule((state, _principal, command) =>
    withSpeaking(state, (s) => ({ ...s, limitMs: s.limitMs + command.seconds * 1000 })),
  ),
  'floor.setLimits': publicRule((state, _principal, command) => {
    if (!state.agenda.items[command.itemId]) return conflict('item_not_found', `no agenda item "${command.itemId}"`);
    const list = state.floor.lists[command.itemId] ?? freshList();
    return ok(withList(state, command.itemId, { ...list, limits: { ...list.limits, ...command.limits } }));
  }),
};

function setListOpen(state: MeetingState, open: boolean): RuleOutcome {
  const cur = currentList(state);
  if (isError(cur)) return { ok: false, error: cur };
  return ok(withList(state, cur.itemId, { ...cur.list, open }));
}
