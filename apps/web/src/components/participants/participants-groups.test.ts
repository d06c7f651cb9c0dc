import { describe, expect, it } from 'vitest';
import { groupParticipants } from './participants-groups.js';
import type { ParticipantList, ParticipantRow, SeatRow } from './participants-api.js';

const seat = (seatKey: string, fields: Partial<SeatRow> = {}): SeatRow => ({
  seatKey,
  role: 'delegate',
  delegationId: null,
  presenterId: null,
  seat: null,
  label: seatKey,
  live: true,
  participantId: null,
  ...fields,
});

const person = (id: string, fields: Partial<ParticipantRow> = {}): ParticipantRow => ({
  id,
  seatKey: null,
  delegationId: null,
  name: id,
  title: '',
  email: null,
  language: 'en',
  enteredBy: 'secretariat',
  createdAt: 1,
  updatedAt: 1,
  mailStatus: 'none',
  seat: null,
  ...fields,
});

describe('groupParticipants', () => {
  it('gives each delegation of the roster its seats then its extra people, and the other links last', () => {
    const list: ParticipantList = {
      seats: [
        seat('chair', { role: 'chair', delegationId: 'az', participantId: 'p-chair' }),
        seat('delegate:uz:head', { delegationId: 'uz', seat: 'head', participantId: 'p-head' }),
        seat('delegate:az:head', { delegationId: 'az', seat: 'head' }),
        seat('delegate:uz:deputy', { delegationId: 'uz', seat: 'deputy' }),
        seat('delegate:az:deputy', { delegationId: 'az', seat: 'deputy' }),
      ],
      participants: [
        person('p-chair', { seatKey: 'chair', delegationId: 'az' }),
        person('p-head', { seatKey: 'delegate:uz:head', delegationId: 'uz' }),
        person('p-extra', { delegationId: 'uz' }),
        person('p-stray', { delegationId: 'xx' }),
      ],
    };
    const groups = groupParticipants(list, ['az', 'uz']);
    expect(groups.map((g) => [g.delegationId, g.people])).toEqual([
      ['az', 0],
      ['uz', 2],
      ['xx', 1],
      [null, 1],
    ]);
    const uz = groups[1]?.lines.map((l) =>
      l.kind === 'seat' ? `${l.seat.seatKey}=${l.person?.id ?? '-'}` : l.person.id,
    );
    expect(uz).toEqual(['delegate:uz:head=p-head', 'delegate:uz:deputy=-', 'p-extra']);
    // The chair is of Azerbaijan's delegation, but holds the chair's link: it is with the other links.
    expect(groups[3]?.lines.map((l) => (l.kind === 'seat' ? l.seat.seatKey : ''))).toEqual(['chair']);
  });
});
