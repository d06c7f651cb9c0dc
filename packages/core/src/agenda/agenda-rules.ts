import type { Command, CommandOf } from '../commands.js';
import { conflict, type ProtocolError } from '../errors.js';
import { publicRule, type RuleContext, type RuleOutcome, type WorldRule, type WorldRules } from '../rules.js';
import type { AgendaItemState, MeetingState } from '../state.js';
import { LANGUAGES } from '../text.js';
import type { AgendaCommandType } from './agenda-commands.js';

const done = (state: MeetingState, createdId?: string): RuleOutcome =>
  createdId === undefined ? { ok: true, state } : { ok: true, state, createdId };

/** How an item stops being the current one. */
type Leave = 'done' | 'pending' | 'deferred';

function withItem(state: MeetingState, item: AgendaItemState): MeetingState {
  return { ...state, agenda: { ...state.agenda, items: { ...state.agenda.items, [item.id]: item } } };
}

/** Closes the active period of the current item, if any, leaving it in `leave` status. */
function leaveCurrent(state: MeetingState, leave: Leave, now: number): MeetingState {
  const id = state.current.itemId;
  const item = id === null ? undefined : state.agenda.items[id];
  if (!item) return { ...state, current: { itemId: null, since: null } };
  const spent = item.activeSince === null ? 0 : Math.max(0, now - item.activeSince);
  const left: AgendaItemState = {
    ...item,
    status: leave,
    spentMs: item.spentMs + spent,
    activeSince: null,
    endedAt: now,
  };
  return { ...withItem(state, left), current: { itemId: null, since: null } };
}

function activate(state: MeetingState, item: AgendaItemState, now: number): MeetingState {
  const active: AgendaItemState = {
    ...item,
    status: 'active',
    startedAt: item.startedAt ?? now,
    activeSince: now,
  };
  return { ...withItem(state, active), current: { itemId: item.id, since: now } };
}

function requireOpen(state: MeetingState): ProtocolError | null {
  if (state.meta.status === 'scheduled') return conflict('meeting_not_open', 'the meeting is not open yet').error;
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed').error;
  return null;
}

function findItem(state: MeetingState, itemId: string): AgendaItemState | ProtocolError {
  return state.agenda.items[itemId] ?? conflict('item_not_found', `no agenda item "${itemId}"`).error;
}

const isError = (x: AgendaItemState | ProtocolError): x is ProtocolError => 'code' in x;

export function openMeeting(state: MeetingState, ctx: RuleContext): RuleOutcome {
  if (state.meta.status === 'open') return conflict('meeting_already_open', 'the meeting is already open');
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  return done({ ...state, meta: { ...state.meta, status: 'open', openedAt: ctx.now } });
}

export function closeMeeting(state: MeetingState, ctx: RuleContext): RuleOutcome {
  const notOpen = requireOpen(state);
  if (notOpen) return { ok: false, error: notOpen };
  const left = leaveCurrent(state, 'done', ctx.now);
  return done({ ...left, meta: { ...left.meta, status: 'closed', closedAt: ctx.now } });
}

/** Starts any item; the item under way, if another, is concluded (done). */
export function startItem(state: MeetingState, cmd: CommandOf<'agenda.start'>, ctx: RuleContext): RuleOutcome {
  const notOpen = requireOpen(state);
  if (notOpen) return { ok: false, error: notOpen };
  const item = findItem(state, cmd.itemId);
  if (isError(item)) return { ok: false, error: item };
  if (item.status === 'active') return conflict('item_already_active', 'the item is already under way');
  const left = leaveCurrent(state, 'done', ctx.now);
  const target = left.agenda.items[item.id] ?? item;
  return done(activate(left, target, ctx.now));
}

/** Concludes the current item and starts the next pending one in agenda order. */
export function nextItem(state: MeetingState, ctx: RuleContext): RuleOutcome {
  const notOpen = requireOpen(state);
  if (notOpen) return { ok: false, error: notOpen };
  const order = state.agenda.order;
  const from = state.current.itemId === null ? -1 : order.indexOf(state.current.itemId);
  const nextId = order.slice(from + 1).find((id) => state.agenda.items[id]?.status === 'pending');
  const next = nextId === undefined ? undefined : state.agenda.items[nextId];
  if (!next) return conflict('no_next_item', 'no pending item after the current one');
  return done(activate(leaveCurrent(state, 'done', ctx.now), next, ctx.now));
}

/**
 * Goes back to the item before the current one (or, with none under way, the last item
 * taken up). The item left is not concluded: it returns to pending.
 */
export function previousItem(state: MeetingState, ctx: RuleContext): RuleOutcome {
  const notOpen = requireOpen(state);
  if (notOpen) return { ok: false, error: notOpen };
  const order = state.agenda.order;
  let targetId: string | undefined;
  if (state.current.itemId !== null) {
    const at = order.indexOf(state.current.itemId);
    targetId = at > 0 ? order[at - 1] : undefined;
  } else {
    targetId = [...order].reverse().find((id) => state.agenda.items[id]?.startedAt !== null);
  }
  const target = targetId === undefined ? undefined : state.agenda.items[targetId];
  if (!target) return conflict('no_previous_item', 'no item before the current one');
  const left = leaveCurrent(state, 'pending', ctx.now);
  return done(activate(left, left.agenda.items[target.id] ?? target, ctx.now));
}

export function completeItem(state: MeetingState, cmd: CommandOf<'agenda.complete'>, ctx: RuleContext): RuleOutcome {
  const notOpen = requireOpen(state);
  if (notOpen) return { ok: false, error: notOpen };
  const item = findItem(state, cmd.itemId);
  if (isError(item)) return { ok: false, error: item };
  if (item.status !== 'active') return conflict('item_not_active', 'the item is not under way');
  return done(leaveCurrent(state, 'done', ctx.now));
}

/** Defers a pending or active item; a done item cannot be deferred. */
export function deferItem(state: MeetingState, cmd: CommandOf<'agenda.defer'>, ctx: RuleContext): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const item = findItem(state, cmd.itemId);
  if (isError(item)) return { ok: false, error: item };
  if (item.status === 'done') return conflict('item_done', 'the item is already concluded');
  if (item.status === 'deferred') return done(state);
  if (item.status === 'active') return done(leaveCurrent(state, 'deferred', ctx.now));
  return done(withItem(state, { ...item, status: 'deferred' }));
}

export function addItem(state: MeetingState, cmd: CommandOf<'agenda.add'>, ctx: RuleContext): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const order = state.agenda.order;
  let at = order.length;
  if (cmd.afterItemId === null) at = 0;
  else if (cmd.afterItemId !== undefined) {
    const i = order.indexOf(cmd.afterItemId);
    if (i < 0) return conflict('item_not_found', `no agenda item "${cmd.afterItemId}"`);
    at = i + 1;
  }
  const id = ctx.newId();
  const item: AgendaItemState = {
    id,
    title: cmd.title,
    plannedMinutes: cmd.plannedMinutes,
    presenterIds: [],
    documents: [],
    status: 'pending',
    startedAt: null,
    endedAt: null,
    spentMs: 0,
    activeSince: null,
  };
  const nextOrder = [...order.slice(0, at), id, ...order.slice(at)];
  return done({ ...state, agenda: { order: nextOrder, items: { ...state.agenda.items, [id]: item } } }, id);
}

export function moveItem(state: MeetingState, cmd: CommandOf<'agenda.move'>): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const from = state.agenda.order.indexOf(cmd.itemId);
  if (from < 0) return conflict('item_not_found', `no agenda item "${cmd.itemId}"`);
  const rest = state.agenda.order.filter((id) => id !== cmd.itemId);
  const to = Math.min(cmd.toIndex, rest.length);
  const order = [...rest.slice(0, to), cmd.itemId, ...rest.slice(to)];
  return done({ ...state, agenda: { ...state.agenda, order } });
}

/** The secretariat corrects an item's title or planned time, before or during the meeting. */
export function editItem(state: MeetingState, cmd: CommandOf<'agenda.edit'>): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const item = state.agenda.items[cmd.itemId];
  if (!item) return conflict('item_not_found', `no agenda item "${cmd.itemId}"`);
  return done(
    withItem(state, {
      ...item,
      title: cmd.title ?? item.title,
      plannedMinutes: cmd.plannedMinutes ?? item.plannedMinutes,
    }),
  );
}

/** Replaces an item's documents (the list is short; the form sends it whole). */
export function setItemDocuments(state: MeetingState, cmd: CommandOf<'agenda.setDocuments'>): RuleOutcome {
  if (state.meta.status === 'closed') return conflict('meeting_closed', 'the meeting is closed');
  const item = state.agenda.items[cmd.itemId];
  if (!item) return conflict('item_not_found', `no agenda item "${cmd.itemId}"`);
  // A file is a language's version of the document: only the meeting's languages have one.
  const foreign = cmd.documents
    .flatMap((d) => LANGUAGES.filter((l) => d.files?.[l] !== undefined))
    .find((l) => !state.meta.languages.includes(l));
  if (foreign !== undefined)
    return conflict('language_not_in_meeting', `a file is in ${foreign}, which the meeting does not have`);
  return done(withItem(state, { ...item, documents: cmd.documents }));
}

/**
 * The agenda's part of the dispatch table. `afterChange` runs on every state an agenda command
 * produces: `execute` passes the floor's `followAgenda` (a speech ends with the item, or meeting,
 * it was given in), so that the agenda never imports the floor.
 */
export function agendaRules(
  afterChange: (state: MeetingState, ctx: RuleContext) => MeetingState,
): WorldRules<AgendaCommandType> {
  const rule = <C extends Command>(
    apply: (state: MeetingState, command: C, ctx: RuleContext) => RuleOutcome,
  ): WorldRule<C> =>
    publicRule((state, _principal, command: C, ctx) => {
      const outcome = apply(state, command, ctx);
      return outcome.ok ? { ...outcome, state: afterChange(outcome.state, ctx) } : outcome;
    });
  return {
    'meeting.open': rule((state, _command, ctx) => openMeeting(state, ctx)),
    'meeting.close': rule((state, _command, ctx) => closeMeeting(state, ctx)),
    'agenda.start': rule(startItem),
    'agenda.next': rule((state, _command, ctx) => nextItem(state, ctx)),
    'agenda.previous': rule((state, _command, ctx) => previousItem(state, ctx)),
    'agenda.complete': rule(completeItem),
    'agenda.defer': rule(deferItem),
    'agenda.add': rule(addItem),
    'agenda.move': rule(moveItem),
    'agenda.edit': rule(editItem),
    'agenda.setDocuments': rule(setItemDocuments),
  };
}
