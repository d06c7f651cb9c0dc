import type { MeetingDefinitionInput } from '@rostrum/core';
import type { MinutesInput } from '../model.js';
import { MeetingScript } from './script.js';

/**
 * A large meeting for the benchmark, played through the real rules: by default 4 hours, 60
 * agenda items, 53 delegations, 300 speeches, 20 polls (half roll-call, half anonymous, every
 * delegation voting) and 40 decisions, with notes on every item. Deterministic.
 */
export type SyntheticSize = {
  items: number;
  delegations: number;
  speeches: number;
  polls: number;
  decisions: number;
  hours: number;
};

export const BENCH_SIZE: SyntheticSize = {
  items: 60,
  delegations: 53,
  speeches: 300,
  polls: 20,
  decisions: 40,
  hours: 4,
};

/** A small deterministic pseudo-random sequence (mulberry32), so every run plays the same meeting. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticDefinition(size: SyntheticSize): MeetingDefinitionInput {
  const delegations = Array.from({ length: size.delegations }, (_, i) => ({
    id: `d${i + 1}`,
    name: { en: `Member Administration ${i + 1} Customs`, ru: `Таможенная администрация № ${i + 1}` },
  }));
  const minutesPerItem = Math.floor((size.hours * 60) / size.items);
  return {
    title: {
      en: 'Europe Region Heads of Customs Meeting (benchmark)',
      ru: 'Совещание руководителей таможенных служб региона Европы (тест)',
    },
    startsAt: '2021-06-08T09:00:00+02:00',
    timeZone: 'Europe/Brussels',
    videoLink: null,
    chair: { name: { en: 'The Vice-Chair', ru: 'Заместитель Председателя' }, delegationId: 'd1' },
    delegations,
    presenters: [
      {
        id: 'sg',
        name: { en: 'Secretary General', ru: 'Генеральный секретарь' },
        title: { en: 'WCO', ru: 'ВТамО' },
        delegationId: null,
      },
      {
        id: 'rocb',
        name: { en: 'Director, ROCB Europe', ru: 'Директор РБСП Европа' },
        title: { en: 'ROCB', ru: 'РБСП' },
        delegationId: null,
      },
    ],
    agenda: Array.from({ length: size.items }, (_, i) => ({
      id: `item-${i + 1}`,
      title: {
        en: `Agenda item ${i + 1}: report and discussion of the working programme`,
        ru: `Пункт ${i + 1}: доклад и обсуждение программы работы`,
      },
      plannedMinutes: minutesPerItem,
      presenterIds: i % 3 === 0 ? ['sg'] : i % 3 === 1 ? ['rocb'] : [],
    })),
    proposals: Array.from({ length: size.polls }, (_, i) => ({
      id: `proposal-${i + 1}`,
      agendaItemId: `item-${Math.floor((i * size.items) / size.polls) + 1}`,
      title: { en: `Proposal ${i + 1}`, ru: `Предложение ${i + 1}` },
      text: {
        en: `The Meeting supports proposal ${i + 1} on regional cooperation.`,
        ru: `Совещание поддерживает предложение ${i + 1} о региональном сотрудничестве.`,
      },
      sponsorDelegationId: `d${(i % size.delegations) + 1}`,
      documents: [],
    })),
  };
}

/** Plays the synthetic meeting; the input of its minutes. */
export function syntheticMeeting(size: SyntheticSize = BENCH_SIZE): MinutesInput {
  const rnd = random(20210608);
  const start = Date.UTC(2021, 5, 8, 7, 0);
  const s = new MeetingScript('bench', syntheticDefinition(size), start - 10 * 60_000);
  const chair = s.asChair;
  const ids = Array.from({ length: size.delegations }, (_, i) => `d${i + 1}`);
  s.join(...ids);
  s.at(start).run(chair, { type: 'meeting.open' });
  const itemMs = (size.hours * 3_600_000) / size.items;
  const speechesPerItem = size.speeches / size.items;
  const decisionsPerPoll = size.decisions / Math.max(1, size.polls);
  let pollIndex = 0;
  let speeches = 0;
  for (let item = 0; item < size.items; item++) {
    const itemStart = start + item * itemMs;
    s.at(itemStart + 1000).run(chair, { type: 'agenda.next' });
    const count = Math.round((item + 1) * speechesPerItem) - speeches;
    const slot = (itemMs * 0.6) / Math.max(1, count);
    const presenter = item % 3 === 0 ? 'sg' : item % 3 === 1 ? 'rocb' : null;
    for (let k = 0; k < count; k++) {
      const at = itemStart + 10_000 + k * slot;
      if (k === 0 && presenter !== null) s.at(at).run(chair, { type: 'floor.give', presenterId: presenter });
      else s.at(at).run(chair, { type: 'floor.give', delegationId: ids[Math.floor(rnd() * ids.length)] ?? 'd1' });
    }
    speeches += count;
    if (s.world.state.floor.speaking) s.at(itemStart + 10_000 + count * slot - 1000).run(chair, { type: 'floor.end' });
    s.note(
      `item-${item + 1}`,
      `Notes on item ${item + 1}.\nThe Meeting discussed the report; several Members took the floor.\n\nЗаметки по пункту ${item + 1}.`,
    );
    // The polls fall on the items their proposals belong to.
    while (
      pollIndex < size.polls &&
      `item-${Math.floor((pollIndex * size.items) / size.polls) + 1}` === `item-${item + 1}`
    ) {
      const proposalId = `proposal-${pollIndex + 1}`;
      const pollAt = itemStart + itemMs * 0.65;
      const pollId = s.at(pollAt).run(chair, {
        type: 'poll.open',
        proposalId,
        method: 'vote',
        secrecy: pollIndex % 2 === 0 ? 'roll_call' : 'anonymous',
        majority: 'simple',
        quorum: 0.5,
      });
      if (pollId === undefined) throw new Error('no poll id');
      ids.forEach((d, k) => {
        const r = rnd();
        s.at(pollAt + 1000 + k * 100).run(s.delegate(d), {
          type: 'poll.vote',
          pollId,
          choice: r < 0.7 ? 'support' : r < 0.85 ? 'object' : 'abstain',
        });
      });
      s.at(pollAt + 60_000).run(chair, { type: 'poll.close', pollId });
      for (let k = 0; k < decisionsPerPoll; k++) {
        s.at(pollAt + 61_000 + k * 1000).run(chair, {
          type: 'decision.record',
          agendaItemId: `item-${item + 1}`,
          ...(k === 0 ? { pollId } : {}),
          outcome: k === 0 ? 'supported' : 'noted',
          text: {
            en: `Decision ${pollIndex + 1}.${k + 1}: the Meeting ${k === 0 ? 'supported the proposal' : 'took note of the report'}.`,
            ru: `Решение ${pollIndex + 1}.${k + 1}: Совещание ${k === 0 ? 'поддержало предложение' : 'приняло доклад к сведению'}.`,
          },
        });
      }
      pollIndex += 1;
    }
  }
  const end = start + size.hours * 3_600_000;
  s.at(end).run(chair, { type: 'meeting.close' });
  s.at(end + 60_000).leave(...ids);
  return s.input(end + 5 * 60_000);
}
