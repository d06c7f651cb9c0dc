import type { CommandOf } from '../commands.js';
import { conflict, fail, type ProtocolError } from '../errors.js';
import { insertEntry } from '../floor/floor-rules.js';
import { DEFAULT_LIMITS, type QueueEntry, type SpeakerList } from '../floor/floor-state.js';
import { publicRule, type RuleContext, type RuleOutcome, type WorldRules } from '../rules.js';
import type { MeetingState } from '../state.js';
import { PRESENTERS_MAX, type MeetingCommandType } from './meeting-commands.js';
import { foreignLinkLanguage } from './meeting-links.js';

type Presenter = MeetingState['roster']['presenters'][string];

/**
 * The meeting's details change before and during the meeting, never after it closed: the record
 * and the minutes then say what the meeting was.
 */
function notClosed(state: MeetingState): ProtocolError | null {
  return state.meta.status === 'closed' ? conflict('meeting_closed', 'the meeting is closed').error : null;
}

/** Null, or why `delegationId` names no delegation of the roster. */
function unknownDelegation(state: MeetingState, delegationId: string | null): ProtocolError | null {
  if (delegationId === null || Object.hasOwn(state.roster.delegations, delegationId)) return null;
  return conflict('delegation_not_found', `no delegation "${delegationId}"`).error;
}

const refused = (error: ProtocolError): RuleOutcome => ({ ok: false, error });

export function scheduleMeeting(state: MeetingState, cmd: CommandOf<'meeting.schedule'>): RuleOutcome {
  const closed = notClosed(state);
  if (closed) return refused(closed);
  return { ok: true, state: { ...state, meta: { ...state.meta, startsAt: cmd.startsAt, timeZone: cmd.timeZone } } };
}

export function setLinks(state: MeetingState, cmd: CommandOf<'meeting.setLinks'>): RuleOutcome {
  const closed = notClosed(state);
  if (closed) return refused(closed);
  const foreign = foreignLinkLanguage(cmd.interpretation, state.meta.languages);
  if (foreign !== null)
    return conflict(
      'language_not_in_meeting',
      `an interpretation link is for ${foreign}, which the meeting does not have`,
    );
  const meta = { ...state.meta, videoLink: cmd.videoLink, interpretationLinks: { ...cmd.interpretation } };
  return { ok: true, state: { ...state, meta } };
}

export function setChair(state: MeetingState, cmd: CommandOf<'meeting.setChair'>): RuleOutcome {
  const problem = notClosed(state) ?? unknownDelegation(state, cmd.delegationId);
  if (problem) return refused(problem);
  return {
    ok: true,
    state: { ...state, roster: { ...state.roster, chair: { name: cmd.name, delegationId: cmd.delegationId } } },
  };
}

function withPresenter(state: MeetingState, presenter: Presenter): MeetingState {
  const presenters = { ...state.roster.presenters, [presenter.id]: presenter };
  return { ...state, roster: { ...state.roster, presenters } };
}

export function addPresenter(state: MeetingState, cmd: CommandOf<'presenter.add'>, ctx: RuleContext): RuleOutcome {
  const problem = notClosed(state) ?? unknownDelegation(state, cmd.delegationId);
  if (problem) return refused(problem);
  if (Object.keys(state.roster.presenters).length >= PRESENTERS_MAX)
    return conflict('roster_full', `a meeting has at most ${PRESENTERS_MAX} presenters`);
  const id = ctx.newId();
  const presenter: Presenter = { id, name: cmd.name, title: cmd.title, delegationId: cmd.delegationId };
  return { ok: true, state: withPresenter(state, presenter), createdId: id };
}

export function editPresenter(state: MeetingState, cmd: CommandOf<'presenter.edit'>): RuleOutcome {
  const closed = notClosed(state);
  if (closed) return refused(closed);
  const known = Object.hasOwn(state.roster.presenters, cmd.presenterId)
    ? state.roster.presenters[cmd.presenterId]
    : undefined;
  if (!known) return conflict('presenter_not_found', `no presenter "${cmd.presenterId}"`);
  const delegation = cmd.delegationId === undefined ? null : unknownDelegation(state, cmd.delegationId);
  if (delegation) return refused(delegation);
  const delegationId = cmd.delegationId === undefined ? known.delegationId : cmd.delegationId;
  const edited = withPresenter(state, {
    ...known,
    name: cmd.name ?? known.name,
    title: cmd.title ?? known.title,
    delegationId,
  });
  return { ok: true, state: { ...edited, floor: withWaitingTurnsFollowing(edited.floor, known.id, delegationId) } };
}

/**
 * A queue entry names its presenter by id (the name and title are read from the roster), but
 * keeps the delegation the turn speaks for: the presenter's waiting turns (planned or asked
 * for, on every item's list) follow a change of it. The turn under way and the speeches given
 * stay as they were: they are what happened.
 */
function withWaitingTurnsFollowing(
  floor: MeetingState['floor'],
  presenterId: string,
  delegationId: string | null,
): MeetingState['floor'] {
  let lists = floor.lists;
  for (const [itemId, list] of Object.entries(floor.lists)) {
    const stale = Object.values(list.entries).filter(
      (e) => e.presenterId === presenterId && e.delegationId !== delegationId,
    );
    if (stale.length === 0) continue;
    const entries = { ...list.entries };
    for (const e of stale) entries[e.id] = { ...e, delegationId };
    lists = { ...lists, [itemId]: { ...list, entries } };
  }
  return lists === floor.lists ? floor : { ...floor, lists };
}

/** The id of a presenter's planned turn on an item's speaker list (as a new meeting makes it). */
const plannedEntryId = (itemId: string, presenterId: string) => `p-${itemId}-${presenterId}`.slice(0, 64);

/**
 * Keeps an item's speaker list in step with its presenters: a presenter taken off loses their
 * planned turn if it is still waiting, a presenter put on gets one (after the planned turns
 * already there). Turns taken, requests made and the order the chair set are left as they are.
 */
function syncPlannedTurns(
  list: SpeakerList,
  itemId: string,
  before: readonly string[],
  after: readonly string[],
  delegationOf: (presenterId: string) => string | null,
): SpeakerList {
  const removed = new Set(before.filter((id) => !after.includes(id)).map((id) => plannedEntryId(itemId, id)));
  const entries = { ...list.entries };
  for (const id of removed) delete entries[id];
  let next: SpeakerList = { ...list, entries, order: list.order.filter((id) => !removed.has(id)) };
  for (const presenterId of after) {
    const id = plannedEntryId(itemId, presenterId);
    if (before.includes(presenterId) || Object.hasOwn(next.entries, id)) continue;
    const entry: QueueEntry = {
      id,
      kind: 'presentation',
      delegationId: delegationOf(presenterId),
      presenterId,
      requestedBy: null,
      requestedAt: 0,
    };
    next = insertEntry(next, entry);
  }
  return next;
}

export function setItemPresenters(state: MeetingState, cmd: CommandOf<'agenda.setPresenters'>): RuleOutcome {
  const closed = notClosed(state);
  if (closed) return refused(closed);
  const item = Object.hasOwn(state.agenda.items, cmd.itemId) ? state.agenda.items[cmd.itemId] : undefined;
  if (!item) return conflict('item_not_found', `no agenda item "${cmd.itemId}"`);
  const twice = cmd.presenterIds.find((id, i) => cmd.presenterIds.indexOf(id) !== i);
  if (twice !== undefined) return fail('invalid', `presenter "${twice}" is listed twice`);
  const unknown = cmd.presenterIds.find((id) => !Object.hasOwn(state.roster.presenters, id));
  if (unknown !== undefined) return conflict('presenter_not_found', `no presenter "${unknown}"`);
  const items = { ...state.agenda.items, [item.id]: { ...item, presenterIds: [...cmd.presenterIds] } };
  // An item added during the meeting has no speaker list until someone asks for the floor on it.
  const list = (Object.hasOwn(state.floor.lists, item.id) ? state.floor.lists[item.id] : undefined) ?? {
    open: true,
    limits: DEFAULT_LIMITS,
    entries: {},
    order: [],
  };
  const delegationOf = (id: string) => state.roster.presenters[id]?.delegationId ?? null;
  const changesList = item.presenterIds.length > 0 || cmd.presenterIds.length > 0;
  const floor = changesList
    ? {
        ...state.floor,
        lists: {
          ...state.floor.lists,
          [item.id]: syncPlannedTurns(list, item.id, item.presenterIds, cmd.presenterIds, delegationOf),
        },
      }
    : state.floor;
  return { ok: true, state: { ...state, agenda: { ...state.agenda, items }, floor } };
}

/** The meeting details' part of the dispatch table. */
export const meetingRules: WorldRules<MeetingCommandType> = {
  'meeting.schedule': publicRule((state, _principal, command) => scheduleMeeting(state, command)),
  'meeting.setLinks': publicRule((state, _principal, command) => setLinks(state, command)),
  'meeting.setChair': publicRule((state, _principal, command) => setChair(state, command)),
  'presenter.add': publicRule((state, _principal, command, ctx) => addPresenter(state, command, ctx)),
  'presenter.edit': publicRule((state, _principal, command) => editPresenter(state, command)),
  'agenda.setPresenters': publicRule((state, _principal, command) => setItemPresenters(state, command)),
};
