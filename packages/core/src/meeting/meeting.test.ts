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
  languages: ['en', 'fr'],
  title: { en: 'Meeting', fr: 'Réunion' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair' } },
  delegations: [
    { id: 'uz', name: { en: 'Uzbekistan' } },
    { id: 'kz', name: { en: 'Kazakhstan' } },
  ],
  presenters: [{ id: 'sg', name: { en: 'Secretary General' }, title: { en: 'WCO' } }],
  agenda: [
    { id: 'a', title: { en: 'A' }, plannedMinutes: 10, presenterIds: ['sg'] },
    { id: 'b', title: { en: 'B' }, plannedMinutes: 10 },
  ],
});
const secretariat: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-sec',
  role: 'secretariat',
  delegationId: null,
  presenterId: null,
};
const chair: Principal = { ...secretariat, inviteId: 'inv-chair', role: 'chair' };
const delegate: Principal = { ...secretariat, inviteId: 'inv-uz', role: 'delegate', delegationId: 'uz' };
const presenter: Principal = { ...secretariat, inviteId: 'inv-sg', role: 'presenter', presenterId: 'sg' };
const observer: Principal = { ...secretariat, inviteId: 'inv-obs', role: 'observer' };

let n = 0;
let nextId = 'p-new';
function run(state: MeetingState, cmd: CommandInput, who: Principal = secretariat) {
  n += 1;
  return execute(
    { state, secret: initialSecret() },
    who,
    { id: `command-${n}`, ...cmd },
    {
      now: 1000,
      newId: () => nextId,
    },
  );
}
function must(state: MeetingState, cmd: CommandInput, who: Principal = secretariat): MeetingState {
  const out = run(state, cmd, who);
  if (!out.ok) throw new Error(out.error.message);
  return out.world.state;
}
const reasonOf = (out: ReturnType<typeof run>) => (out.ok ? 'ok' : (out.error.reason ?? out.error.code));
const fresh = () => initialState('m1', def);
const closedMeeting = () => must(must(fresh(), { type: 'meeting.open' }, chair), { type: 'meeting.close' }, chair);
const parses = (cmd: Record<string, unknown>) => commandSchema.safeParse({ id: 'command-x', ...cmd }).success;

const EVERY: CommandInput[] = [
  { type: 'meeting.schedule', startsAt: '2021-06-09T09:30:00+02:00', timeZone: 'Europe/Brussels' },
  { type: 'meeting.setLinks', videoLink: 'https://meet.example.org/wco', interpretation: {} },
  { type: 'meeting.setChair', name: { en: 'New chair' }, delegationId: null },
  { type: 'presenter.add', name: { en: 'Director' }, title: { en: 'ROCB' }, delegationId: null },
  { type: 'presenter.edit', presenterId: 'sg', title: { en: 'WCO Secretary General' } },
  { type: 'agenda.setPresenters', itemId: 'b', presenterIds: ['sg'] },
];

describe('meeting details: who and when', () => {
  it('the chair and the secretariat may change them; delegates, presenters and observers may not', () => {
    for (const cmd of EVERY) {
      expect(reasonOf(run(fresh(), cmd, secretariat)), cmd.type).toBe('ok');
      expect(reasonOf(run(fresh(), cmd, chair)), cmd.type).toBe('ok');
      for (const who of [delegate, presenter, observer]) expect(reasonOf(run(fresh(), cmd, who))).toBe('forbidden');
    }
  });

  it('all are refused once the meeting is closed, changing nothing', () => {
    const closed = closedMeeting();
    for (const cmd of EVERY) expect(reasonOf(run(closed, cmd)), cmd.type).toBe('meeting_closed');
  });

  it('each bumps the revision, during the meeting too', () => {
    const open = must(fresh(), { type: 'meeting.open' }, chair);
    for (const cmd of EVERY) {
      const out = run(open, cmd);
      expect(out.ok && out.world.state.meta.revision).toBe(open.meta.revision + 1);
    }
  });
});

describe('meeting.schedule', () => {
  it('sets the planned start and the time zone', () => {
    const s = must(fresh(), { type: 'meeting.schedule', startsAt: '2021-06-15T14:00:00+04:00', timeZone: 'Asia/Baku' });
    expect(s.meta).toMatchObject({ startsAt: '2021-06-15T14:00:00+04:00', timeZone: 'Asia/Baku' });
  });

  it('is validated as the definition: ISO with an offset, an IANA zone', () => {
    const base = { type: 'meeting.schedule', timeZone: 'Europe/Brussels' };
    expect(parses({ ...base, startsAt: '2021-06-15T14:00:00Z' })).toBe(true);
    expect(parses({ ...base, startsAt: '2021-06-15T14:00:00' })).toBe(false);
    expect(parses({ ...base, startsAt: '15/06/2021 14:00' })).toBe(false);
    expect(parses({ ...base, startsAt: '2021-06-15T14:00:00Z', timeZone: 'Mars/Olympus' })).toBe(false);
  });
});

describe('meeting.setLinks', () => {
  it('sets the video link and one interpretation link per language, replacing the previous ones', () => {
    const first = must(fresh(), {
      type: 'meeting.setLinks',
      videoLink: 'https://meet.example.org/wco',
      interpretation: { en: 'https://interpret.example.org/en', fr: 'https://interpret.example.org/fr' },
    });
    expect(first.meta.videoLink).toBe('https://meet.example.org/wco');
    expect(first.meta.interpretationLinks).toEqual({
      en: 'https://interpret.example.org/en',
      fr: 'https://interpret.example.org/fr',
    });
    const second = must(first, {
      type: 'meeting.setLinks',
      videoLink: null,
      interpretation: { fr: 'https://i.example.org/fr' },
    });
    expect(second.meta.videoLink).toBeNull();
    expect(second.meta.interpretationLinks).toEqual({ fr: 'https://i.example.org/fr' });
  });

  it('refuses a language the meeting does not have, and links that are not https', () => {
    const out = run(fresh(), {
      type: 'meeting.setLinks',
      videoLink: null,
      interpretation: { ru: 'https://interpret.example.org/ru' },
    });
    expect(reasonOf(out)).toBe('language_not_in_meeting');
    expect(parses({ type: 'meeting.setLinks', videoLink: 'http://meet.example.org', interpretation: {} })).toBe(false);
    expect(parses({ type: 'meeting.setLinks', videoLink: 'javascript:alert(1)', interpretation: {} })).toBe(false);
    expect(parses({ type: 'meeting.setLinks', videoLink: null, interpretation: { en: 'ftp://x.org' } })).toBe(false);
    expect(parses({ type: 'meeting.setLinks', videoLink: null, interpretation: { de: 'https://x.org' } })).toBe(false);
  });

  it('a stored meeting without interpretation links reads as none', () => {
    const stored = structuredClone(fresh()) as { meta: Record<string, unknown> };
    delete stored.meta.interpretationLinks;
    expect(meetingStateSchema.parse(stored).meta.interpretationLinks).toEqual({});
  });
});

describe('meeting definition: interpretation links', () => {
  const base = {
    languages: ['en', 'fr'],
    title: { en: 'M' },
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Europe/Brussels',
    chair: { name: { en: 'Chair' } },
    delegations: [{ id: 'uz', name: { en: 'Uzbekistan' } }],
    agenda: [{ id: 'a', title: { en: 'A' }, plannedMinutes: 10 }],
  };
  it('are optional, and become the meeting’s', () => {
    expect(meetingDefinitionSchema.parse(base).interpretationLinks).toEqual({});
    const parsed = meetingDefinitionSchema.parse({ ...base, interpretationLinks: { fr: 'https://i.example.org/fr' } });
    expect(initialState('m1', parsed).meta.interpretationLinks).toEqual({ fr: 'https://i.example.org/fr' });
  });
  it('name only the meeting’s languages, with https links', () => {
    const foreign = meetingDefinitionSchema.safeParse({
      ...base,
      interpretationLinks: { ru: 'https://i.example.org' },
    });
    expect(foreign.success).toBe(false);
    expect(foreign.error?.issues[0]?.path).toEqual(['interpretationLinks', 'ru']);
    expect(
      meetingDefinitionSchema.safeParse({ ...base, interpretationLinks: { en: 'http://i.example.org' } }).success,
    ).toBe(false);
  });
});

describe('meeting.setChair', () => {
  it('sets the chair’s name and delegation', () => {
    const s = must(fresh(), {
      type: 'meeting.setChair',
      name: { en: 'Ms Chair', fr: 'Mme la Présidente' },
      delegationId: 'kz',
    });
    expect(s.roster.chair).toEqual({ name: { en: 'Ms Chair', fr: 'Mme la Présidente' }, delegationId: 'kz' });
  });

  it('refuses an unknown delegation and texts outside the meeting’s languages', () => {
    expect(reasonOf(run(fresh(), { type: 'meeting.setChair', name: { en: 'X' }, delegationId: 'nowhere' }))).toBe(
      'delegation_not_found',
    );
    expect(reasonOf(run(fresh(), { type: 'meeting.setChair', name: { fr: 'X' }, delegationId: null }))).toBe(
      'text_original_missing',
    );
    expect(reasonOf(run(fresh(), { type: 'meeting.setChair', name: { en: 'X', ru: 'Х' }, delegationId: null }))).toBe(
      'language_not_in_meeting',
    );
  });
});

describe('presenters', () => {
  it('presenter.add creates a presenter with a new id, returned as createdId', () => {
    nextId = 'p-rocb';
    const out = run(fresh(), {
      type: 'presenter.add',
      name: { en: 'Ms Director' },
      title: { en: 'Director, ROCB' },
      delegationId: 'uz',
    });
    expect(out.ok && out.createdId).toBe('p-rocb');
    expect(out.ok && out.world.state.roster.presenters['p-rocb']).toEqual({
      id: 'p-rocb',
      name: { en: 'Ms Director' },
      title: { en: 'Director, ROCB' },
      delegationId: 'uz',
    });
  });

  it('presenter.add refuses an unknown delegation and a texts problem', () => {
    const add = { type: 'presenter.add', name: { en: 'X' }, title: { en: 'Y' } } as const;
    expect(reasonOf(run(fresh(), { ...add, delegationId: 'nowhere' }))).toBe('delegation_not_found');
    expect(reasonOf(run(fresh(), { ...add, title: { fr: 'Y' }, delegationId: null }))).toBe('text_original_missing');
  });

  it('presenter.edit changes only what it names', () => {
    const s = must(fresh(), { type: 'presenter.edit', presenterId: 'sg', title: { en: 'WCO SG', fr: 'SG de l’OMD' } });
    expect(s.roster.presenters.sg).toEqual({
      id: 'sg',
      name: { en: 'Secretary General' },
      title: { en: 'WCO SG', fr: 'SG de l’OMD' },
      delegationId: null,
    });
    const moved = must(s, { type: 'presenter.edit', presenterId: 'sg', delegationId: 'kz' });
    expect(moved.roster.presenters.sg?.delegationId).toBe('kz');
    expect(
      must(moved, { type: 'presenter.edit', presenterId: 'sg', delegationId: null }).roster.presenters.sg?.delegationId,
    ).toBeNull();
  });

  it('presenter.edit refuses an unknown presenter or delegation, and a command changing nothing', () => {
    expect(reasonOf(run(fresh(), { type: 'presenter.edit', presenterId: 'nobody', name: { en: 'X' } }))).toBe(
      'presenter_not_found',
    );
    expect(reasonOf(run(fresh(), { type: 'presenter.edit', presenterId: 'sg', delegationId: 'nowhere' }))).toBe(
      'delegation_not_found',
    );
    expect(parses({ type: 'presenter.edit', presenterId: 'sg' })).toBe(false);
  });
});

describe('presenter.edit and the waiting turns', () => {
  it("moves the presenter's waiting turns to the new delegation; the name is read from the roster by id", () => {
    const planned = fresh().floor.lists.a?.entries['p-a-sg'];
    expect(planned).toMatchObject({ presenterId: 'sg', delegationId: null });
    const s = must(fresh(), {
      type: 'presenter.edit',
      presenterId: 'sg',
      name: { en: 'Deputy Secretary General' },
      delegationId: 'kz',
    });
    // The planned turn still waiting speaks for the presenter's delegation as it is now…
    expect(s.floor.lists.a?.entries['p-a-sg']).toEqual({ ...planned, delegationId: 'kz' });
    expect(s.floor.lists.a?.order).toEqual(fresh().floor.lists.a?.order);
    // …and carries no copy of the name: the queue shows the roster's, edited.
    expect(JSON.stringify(s.floor.lists.a)).not.toContain('Secretary General');
    expect(s.roster.presenters.sg?.name).toEqual({ en: 'Deputy Secretary General' });
  });

  it("leaves the turn under way and the speeches given as they were, and other presenters' turns alone", () => {
    const opened = must(must(fresh(), { type: 'meeting.open' }, chair), { type: 'agenda.start', itemId: 'a' }, chair);
    const speaking = must(opened, { type: 'floor.next' }, chair);
    expect(speaking.floor.speaking?.entry.presenterId).toBe('sg');
    const moved = must(speaking, { type: 'presenter.edit', presenterId: 'sg', delegationId: 'uz' });
    expect(moved.floor.speaking?.entry.delegationId).toBeNull();
    expect(moved.roster.presenters.sg?.delegationId).toBe('uz');
    // Nothing of the list changes when the delegation stays the same.
    const same = must(fresh(), { type: 'presenter.edit', presenterId: 'sg', title: { en: 'WCO SG' } });
    expect(same.floor.lists.a).toEqual(fresh().floor.lists.a);
  });
});

describe('agenda.setPresenters', () => {
  it('sets who presents an item, and gives a new presenter a planned turn on its speaker list', () => {
    nextId = 'p-dir';
    const withDir = must(fresh(), {
      type: 'presenter.add',
      name: { en: 'Dir' },
      title: { en: 'T' },
      delegationId: 'kz',
    });
    const s = must(withDir, { type: 'agenda.setPresenters', itemId: 'a', presenterIds: ['sg', 'p-dir'] });
    expect(s.agenda.items.a?.presenterIds).toEqual(['sg', 'p-dir']);
    const list = s.floor.lists.a;
    expect(list?.order).toEqual(['p-a-sg', 'p-a-p-dir']);
    expect(list?.entries['p-a-p-dir']).toMatchObject({
      kind: 'presentation',
      presenterId: 'p-dir',
      delegationId: 'kz',
    });
    // Taken off: the waiting turn goes too.
    const off = must(s, { type: 'agenda.setPresenters', itemId: 'a', presenterIds: ['p-dir'] });
    expect(off.floor.lists.a?.order).toEqual(['p-a-p-dir']);
    expect(off.floor.lists.a?.entries['p-a-sg']).toBeUndefined();
  });

  it('works for an item added during the meeting, which has no speaker list yet', () => {
    nextId = 'late';
    const added = must(fresh(), { type: 'agenda.add', title: { en: 'Late' }, plannedMinutes: 5 });
    const s = must(added, { type: 'agenda.setPresenters', itemId: 'late', presenterIds: ['sg'] });
    expect(s.floor.lists.late?.order).toEqual(['p-late-sg']);
  });

  it('refuses an unknown item or presenter, and a presenter listed twice', () => {
    expect(reasonOf(run(fresh(), { type: 'agenda.setPresenters', itemId: 'zz', presenterIds: [] }))).toBe(
      'item_not_found',
    );
    expect(reasonOf(run(fresh(), { type: 'agenda.setPresenters', itemId: 'a', presenterIds: ['nobody'] }))).toBe(
      'presenter_not_found',
    );
    expect(reasonOf(run(fresh(), { type: 'agenda.setPresenters', itemId: 'a', presenterIds: ['sg', 'sg'] }))).toBe(
      'invalid',
    );
  });
});
