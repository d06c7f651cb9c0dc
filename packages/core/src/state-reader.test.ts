import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  meetingDefinitionSchema,
  MeetingStateReader,
  MEETING_DOC_PARTS,
  readState,
  writeState,
  type CommandInput,
  type Principal,
} from './index.js';
import { execute, initialSecret, initialState, type MeetingWorld } from './server.js';

const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: [
    { id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } },
    { id: 'kz', name: { en: 'Kazakhstan', ru: 'Казахстан' } },
  ],
  agenda: [
    {
      id: 'a',
      title: { en: 'A', ru: 'А' },
      plannedMinutes: 10,
      documents: [{ title: { en: 'Report', ru: 'Отчёт' }, url: 'https://example.org/r.pdf' }],
    },
    { id: 'b', title: { en: 'B', ru: 'Б' }, plannedMinutes: 10 },
  ],
});
const chair: Principal = { meetingId: 'm1', inviteId: 'i-chair', role: 'chair', delegationId: null, presenterId: null };
const uz: Principal = {
  meetingId: 'm1',
  inviteId: 'i-uz',
  role: 'delegate',
  delegationId: 'uz',
  presenterId: null,
  seat: 'head',
};

/** What each step changes, and who sends it: every part of the state, deletions included. */
const steps: Array<[Principal, CommandInput]> = [
  [chair, { type: 'meeting.open' }],
  [chair, { type: 'agenda.start', itemId: 'a' }],
  [uz, { type: 'floor.request', kind: 'statement' }],
  [chair, { type: 'floor.next' }],
  [chair, { type: 'roster.import', delegations: [{ id: 'az', name: { en: 'Azerbaijan', ru: 'Азербайджан' } }] }],
  [chair, { type: 'agenda.setDocuments', itemId: 'a', documents: [] }],
  [chair, { type: 'agenda.move', itemId: 'b', toIndex: 0 }],
  [
    chair,
    {
      type: 'proposal.add',
      agendaItemId: 'a',
      title: { en: 'Lab', ru: 'Лаборатория' },
      text: { en: 'Set up a lab.', ru: 'Создать лабораторию.' },
    },
  ],
];

describe('MeetingStateReader', () => {
  it('reads what a full read reads after every change, re-reading only the parts that changed', () => {
    const source = new Y.Doc();
    const copy = new Y.Doc();
    source.on('update', (u: Uint8Array) => Y.applyUpdate(copy, u));
    const reader = new MeetingStateReader(copy);
    expect(reader.read()).toBeNull();

    let world: MeetingWorld = { state: initialState('m1', def), secret: initialSecret() };
    source.transact(() => writeState(source, world.state));
    let previous = reader.read();
    expect(previous).toEqual(readState(copy));

    let n = 0;
    const run = (who: Principal, command: CommandInput) => {
      n += 1;
      const out = execute(world, who, { id: `command-${n}`, ...command }, { now: 1000 * n, newId: () => `new-${n}` });
      if (!out.ok) throw new Error(`${command.type}: ${out.error.message}`);
      world = out.world;
      source.transact(() => writeState(source, world.state));
    };
    for (const [who, command] of steps) {
      run(who, command);
      const read = reader.read();
      expect(read, command.type).toEqual(readState(copy));
      if (!read || !previous) throw new Error('no state');
      // A part that did not change is the very object read before.
      for (const part of MEETING_DOC_PARTS) {
        if (JSON.stringify(read[part]) === JSON.stringify(previous[part]))
          expect(read[part], `${command.type}: ${part}`).toBe(previous[part]);
      }
      previous = read;
    }
    // The proposal's vote, to the end: polls, ballots, a result, a decision.
    run(chair, { type: 'poll.open', proposalId: 'new-8', method: 'vote', secrecy: 'roll_call', quorum: 0 });
    const pollId = world.state.votes.openPollId ?? '';
    run(uz, { type: 'poll.vote', pollId, choice: 'support' });
    run(chair, { type: 'poll.close', pollId });
    expect(reader.read()).toEqual(readState(copy));
    // Nothing changed: the same object again.
    expect(reader.read()).toBe(reader.read());
    reader.destroy();
  });

  it('adopts what its owner wrote, and still reads what others changed before that write', () => {
    const own = Symbol('own');
    const doc = new Y.Doc();
    let state = initialState('m1', def);
    doc.transact(() => writeState(doc, state), own);
    const reader = new MeetingStateReader(doc, { state, ownOrigin: own });
    expect(reader.read()).toBe(state);

    // Another writer renames the meeting (not read yet), then the owner writes an agenda change.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getMap('meta').set('title', { en: 'Renamed', ru: 'Переименовано' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), 'remote');
    expect(reader.stale).toBe(true);
    state = { ...state, agenda: { ...state.agenda, order: [...state.agenda.order].reverse() } };
    // Its meta is the object it wrote before: writeState skips it, and the other title stays.
    doc.transact(() => writeState(doc, state), own);
    reader.adopt(state);
    // The owner's agenda and the other writer's title, as a full read says.
    const read = reader.read();
    expect(read?.meta.title.en).toBe('Renamed');
    expect(read?.agenda).toBe(state.agenda);
    expect(read).toEqual(readState(doc));
  });

  it('says null while the document is incomplete, and reads it once it is whole', () => {
    const full = new Y.Doc();
    full.transact(() => writeState(full, initialState('m1', def)));
    const partial = new Y.Doc();
    const reader = new MeetingStateReader(partial);
    // Only the meta part arrives first.
    partial.getMap('meta').set('id', 'm1');
    expect(reader.read()).toBeNull();
    Y.applyUpdate(partial, Y.encodeStateAsUpdate(full));
    expect(reader.read()).toEqual(readState(full));
  });
});
