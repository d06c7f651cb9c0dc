import type { MeetingDefinition } from './definition.js';
import { initialFloor } from './floor/floor-rules.js';
import type { AgendaItemState, MeetingState } from './state.js';
import { initialVotes } from './votes/votes-state.js';

/** The record of a meeting that has just been created from its definition. */
export function initialState(meetingId: string, def: MeetingDefinition): MeetingState {
  const items: Record<string, AgendaItemState> = {};
  for (const item of def.agenda) {
    items[item.id] = {
      id: item.id,
      title: item.title,
      plannedMinutes: item.plannedMinutes,
      presenterIds: item.presenterIds,
      documents: item.documents,
      status: 'pending',
      startedAt: null,
      endedAt: null,
      spentMs: 0,
      activeSince: null,
    };
  }
  return {
    meta: {
      id: meetingId,
      title: def.title,
      languages: def.languages,
      startsAt: def.startsAt,
      timeZone: def.timeZone,
      videoLink: def.videoLink,
      interpretationLinks: def.interpretationLinks,
      status: 'scheduled',
      openedAt: null,
      closedAt: null,
      revision: 0,
    },
    roster: {
      chair: def.chair,
      delegations: Object.fromEntries(def.delegations.map((d) => [d.id, d])),
      delegationOrder: def.delegations.map((d) => d.id),
      presenters: Object.fromEntries(def.presenters.map((p) => [p.id, p])),
    },
    agenda: { order: def.agenda.map((a) => a.id), items },
    current: { itemId: null, since: null },
    floor: initialFloor(def.agenda, (id) => def.presenters.find((p) => p.id === id)?.delegationId ?? null),
    votes: initialVotes(def),
  };
}
