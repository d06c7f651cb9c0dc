import { describe, expect, it } from 'vitest';
import {
  commandSchema,
  meetingDefinitionSchema,
  meetingStateSchema,
  type CommandInput,
  type MeetingState,
  type Principal,
} from '../index.js';
import { execute, initialSecret, initialState } from '../server.js';

const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: [{ id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } }],
  agenda: [
    {
      id: 'a',
      title: { en: 'ROCB report', ru: 'Отчёт РБСП' },
      plannedMinutes: 10,
      documents: [{ title: { en: 'Report', ru: 'Отчёт' }, url: 'https://example.org/rocb-en.pdf' }],
    },
    { id: 'b', title: { en: 'B', ru: 'Б' }, plannedMinutes: 20 },
  ],
});
const chair: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-chair',
  role: 'chair',
  delegationId: null,
  presenterId: null,
};
const secretariat: Principal = { ...chair, inviteId: 'inv-sec', role: 'secretariat' };
const delegate: Principal = { ...chair, inviteId: 'inv-uz', role: 'delegate', delegationId: 'uz' };

function run(state: MeetingState, cmd: CommandInput, who: Principal = chair) {
  return execute(
    { state, secret: initialSecret() },
    who,
    { id: 'command-1', ...cmd },
    { now: 0, newId: () => 'new-item' },
  );
}
const doc = (url: string) => ({ title: { en: 'Paper', ru: 'Документ' }, url });

describe('agenda documents and editing', () => {
  it('carries the documents of the definition into the state, and reads older states as having none', () => {
    const s = initialState('m1', def);
    expect(s.agenda.items.a?.documents).toEqual([
      { title: { en: 'Report', ru: 'Отчёт' }, url: 'https://example.org/rocb-en.pdf' },
    ]);
    const { documents: _dropped, ...old } = s.agenda.items.b ?? { documents: [] };
    const parsed = meetingStateSchema.parse({ ...s, agenda: { ...s.agenda, items: { ...s.agenda.items, b: old } } });
    expect(parsed.agenda.items.b?.documents).toEqual([]);
  });

  it('the secretariat edits the title and the planned minutes; a delegate may not', () => {
    const s = initialState('m1', def);
    const out = run(
      s,
      { type: 'agenda.edit', itemId: 'b', title: { en: 'Budget', ru: 'Бюджет' }, plannedMinutes: 25 },
      secretariat,
    );
    if (!out.ok) throw new Error(out.error.message);
    expect(out.world.state.agenda.items.b).toMatchObject({
      title: { en: 'Budget', ru: 'Бюджет' },
      plannedMinutes: 25,
      status: 'pending',
    });
    const minutesOnly = run(out.world.state, { type: 'agenda.edit', itemId: 'b', plannedMinutes: 5 });
    if (!minutesOnly.ok) throw new Error(minutesOnly.error.message);
    expect(minutesOnly.world.state.agenda.items.b).toMatchObject({
      title: { en: 'Budget', ru: 'Бюджет' },
      plannedMinutes: 5,
    });
    expect(run(s, { type: 'agenda.edit', itemId: 'b', plannedMinutes: 5 }, delegate)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(s, { type: 'agenda.edit', itemId: 'zz', plannedMinutes: 5 })).toMatchObject({
      ok: false,
      error: { reason: 'item_not_found' },
    });
  });

  it('sets the documents of an item; refuses after the meeting is closed', () => {
    const s = initialState('m1', def);
    const out = run(
      s,
      { type: 'agenda.setDocuments', itemId: 'b', documents: [doc('https://example.org/b.pdf')] },
      secretariat,
    );
    if (!out.ok) throw new Error(out.error.message);
    expect(out.world.state.agenda.items.b?.documents).toEqual([doc('https://example.org/b.pdf')]);
    expect(run(s, { type: 'agenda.setDocuments', itemId: 'b', documents: [] }, delegate)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A file is a language's version: a French file has no place in an English and Russian meeting.
    const file = { id: 'f1', name: 'paper.pdf', size: 10, kind: 'pdf' as const };
    const french = { title: { en: 'Paper' }, files: { fr: file } };
    expect(run(s, { type: 'agenda.setDocuments', itemId: 'b', documents: [french] })).toMatchObject({
      ok: false,
      error: { reason: 'language_not_in_meeting' },
    });
    expect(
      run(s, { type: 'agenda.setDocuments', itemId: 'b', documents: [{ ...french, files: { ru: file } }] }).ok,
    ).toBe(true);
    const closed: MeetingState = { ...s, meta: { ...s.meta, status: 'closed' } };
    expect(run(closed, { type: 'agenda.setDocuments', itemId: 'b', documents: [] })).toMatchObject({
      ok: false,
      error: { reason: 'meeting_closed' },
    });
  });

  it('accepts only https links, and an edit must change something', () => {
    const valid = {
      id: 'command-c1',
      type: 'agenda.setDocuments',
      itemId: 'b',
      documents: [doc('https://example.org/b.pdf')],
    };
    expect(commandSchema.safeParse(valid).success).toBe(true);
    for (const url of ['http://example.org/b.pdf', 'javascript:alert(1)', 'ftp://example.org/b.pdf', 'not a url']) {
      expect(commandSchema.safeParse({ ...valid, documents: [doc(url)] }).success, url).toBe(false);
    }
    expect(
      commandSchema.safeParse({
        ...valid,
        documents: [{ title: { en: '', ru: 'Документ' }, url: 'https://example.org' }],
      }).success,
    ).toBe(false);
    expect(commandSchema.safeParse({ id: 'command-c2', type: 'agenda.edit', itemId: 'b' }).success).toBe(false);
    expect(
      commandSchema.safeParse({ id: 'command-c2', type: 'agenda.edit', itemId: 'b', plannedMinutes: 0 }).success,
    ).toBe(false);
    expect(
      meetingDefinitionSchema.safeParse({ ...def, agenda: [{ ...def.agenda[0], documents: [doc('http://x.org')] }] })
        .success,
    ).toBe(false);
  });
});
