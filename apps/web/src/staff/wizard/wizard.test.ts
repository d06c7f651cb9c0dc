import { describe, expect, it } from 'vitest';
import { meetingDefinitionSchema } from '@rostrum/core';
import { parseNumberedAgenda } from './agenda-paste.js';
import { uniqueId, uniqueIdOf } from './ids.js';
import {
  buildDefinition,
  draftFromPrevious,
  emptyDraft,
  fillIds,
  problemsOfStep,
  STEPS,
  withPastedItems,
  type WizardDraft,
} from './draft.js';
import { guessMapping, mapDelegations, parseTable } from './columns.js';
import { zonedStartsAt } from './zoned-time.js';

describe('parseNumberedAgenda', () => {
  it('drops the item numbers and keeps sub-numbering in the title', () => {
    const text = [
      '1. Opening',
      '',
      '2) Adoption of the agenda',
      '3 Report of the Secretary General',
      '3.1 Financial matters',
      '3.2. Audit',
      '  - Any other business  ',
      '10: Close of the meeting',
    ].join('\r\n');
    expect(parseNumberedAgenda(text)).toEqual([
      'Opening',
      'Adoption of the agenda',
      'Report of the Secretary General',
      '3.1 Financial matters',
      '3.2 Audit',
      'Any other business',
      'Close of the meeting',
    ]);
  });
  it('gives nothing for blank text', () => {
    expect(parseNumberedAgenda('\n  \n')).toEqual([]);
  });
});

describe('ids', () => {
  it('makes Latin ids from names, unique', () => {
    expect(uniqueId('Opening of the Meeting', new Set(), 'item')).toBe('opening-of-the-meeting');
    expect(uniqueId('Opening', new Set(['opening']), 'item')).toBe('opening-2');
    expect(uniqueId('Côte d’Ivoire', new Set(), 'delegation')).toBe('cote-d-ivoire');
  });
  it('numbers the fallback for names without Latin letters', () => {
    expect(uniqueId('Открытие', new Set(), 'item')).toBe('item-1');
    expect(uniqueIdOf({ ar: 'افتتاح', fr: 'Ouverture' }, ['ar', 'fr'], new Set(['item-1']), 'item')).toBe('ouverture');
    expect(uniqueIdOf({ ar: 'افتتاح' }, ['ar'], new Set(['item-1']), 'item')).toBe('item-2');
  });
});

function filled(): WizardDraft {
  return {
    ...emptyDraft('en', 'Europe/Brussels'),
    languages: ['en', 'fr'],
    title: { en: ' Policy Commission ', fr: '' },
    date: '2027-06-08',
    time: '10:00',
    videoLink: 'https://meet.example.org/pc',
    interpretationLinks: { fr: 'https://interp.example.org/fr', en: ' ' },
    chair: { name: { en: 'Chair Person' }, delegationId: 'be' },
    delegations: [
      { id: 'be', name: { en: 'Belgium', fr: 'Belgique' } },
      { id: 'fr', name: { en: 'France' } },
    ],
    presenters: [{ id: 'sg', name: { en: 'SG' }, title: { en: 'Secretary General' }, delegationId: '' }],
    agenda: [
      {
        id: 'opening',
        title: { en: 'Opening', fr: 'Ouverture' },
        minutes: '10',
        presenterIds: ['sg'],
        documents: [{ title: { en: 'Agenda' }, url: 'https://docs.example.org/a.pdf' }],
      },
    ],
  };
}

describe('buildDefinition', () => {
  it('builds a definition the core schema accepts', () => {
    const built = buildDefinition(filled());
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(meetingDefinitionSchema.safeParse(built.definition).success).toBe(true);
    expect(built.definition.title).toEqual({ en: 'Policy Commission' });
    expect(built.definition.startsAt).toBe('2027-06-08T10:00:00+02:00');
    expect(built.definition.interpretationLinks).toEqual({ fr: 'https://interp.example.org/fr' });
    expect(built.definition.chair.delegationId).toBe('be');
  });
  it('puts every problem at its field', () => {
    const d = filled();
    d.title = { en: '  ', fr: 'Commission' };
    d.date = '';
    d.videoLink = 'not a link';
    d.agenda = d.agenda.map((a) => ({ ...a, minutes: '0' }));
    d.delegations.push({ id: 'be', name: { en: 'Belgium again' } });
    d.presenters = d.presenters.map((p) => ({ ...p, id: 'bad id' }));
    const built = buildDefinition(d);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.problems).toMatchObject({
      'title.en': 'required',
      startsAt: 'required',
      videoLink: 'url',
      'agenda.0.plannedMinutes': 'minutes',
      'delegations.2.id': 'duplicateId',
      'presenters.0.id': 'id',
    });
    expect(Object.keys(problemsOfStep(built.problems, 'basics')).sort()).toEqual(['startsAt', 'title.en', 'videoLink']);
  });
  it('takes proposals, and says where a reference is stale', () => {
    const d = filled();
    d.proposals = [
      {
        id: 'p1',
        agendaItemId: 'opening',
        title: { en: 'Adopt' },
        text: { en: 'The Committee adopts.' },
        sponsorDelegationId: 'be',
      },
      { id: 'p2', agendaItemId: '', title: { en: 'Other' }, text: { en: 'Text' }, sponsorDelegationId: 'gone' },
    ];
    d.chair = { ...d.chair, delegationId: 'gone' };
    const built = buildDefinition(d);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.problems).toEqual({
      'chair.delegationId': 'reference',
      'proposals.1.agendaItemId': 'required',
      'proposals.1.sponsorDelegationId': 'reference',
    });
    d.proposals = d.proposals.slice(0, 1);
    d.chair = { ...d.chair, delegationId: '' };
    const ok = buildDefinition(d);
    expect(ok.ok && ok.definition.proposals[0]?.sponsorDelegationId).toBe('be');
  });
  it('asks for at least one delegation and one item', () => {
    const built = buildDefinition({
      ...filled(),
      delegations: [],
      agenda: [],
      chair: { name: { en: 'C' }, delegationId: '' },
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.problems).toMatchObject({ delegations: 'tooFew', agenda: 'tooFew' });
  });
  it('starts from a previous meeting without its date or documents', () => {
    const built = buildDefinition(filled());
    if (!built.ok) throw new Error('not built');
    const next = draftFromPrevious(built.definition, 'UTC');
    expect(next.date).toBe('');
    expect(next.agenda[0]).toMatchObject({ id: 'opening', minutes: '10', presenterIds: ['sg'], documents: [] });
    expect(next.delegations.map((d) => d.id)).toEqual(['be', 'fr']);
    expect(next.timeZone).toBe('Europe/Brussels');
  });
});

describe('the steps', () => {
  it('puts the delegations before the people, whose chair and presenters choose one of them', () => {
    expect(STEPS).toEqual(['basics', 'delegations', 'people', 'agenda', 'proposals', 'review']);
    // Each step checks its own part of the definition: the chair's delegation is the people's.
    const problems = { 'chair.delegationId': 'invalid', 'delegations.0.id': 'required' } as const;
    expect(Object.keys(problemsOfStep(problems, 'people'))).toEqual(['chair.delegationId']);
    expect(Object.keys(problemsOfStep(problems, 'delegations'))).toEqual(['delegations.0.id']);
  });
});

describe('zonedStartsAt', () => {
  it('uses the zone offset of that day', () => {
    expect(zonedStartsAt('2027-01-15', '09:30', 'Europe/Brussels')).toBe('2027-01-15T09:30:00+01:00');
    expect(zonedStartsAt('2027-01-15', '09:30', 'America/New_York')).toBe('2027-01-15T09:30:00-05:00');
    expect(zonedStartsAt('2027-01-15', '9h', 'UTC')).toBeNull();
    expect(zonedStartsAt('2027-01-15', '09:30', 'Mars/Base')).toBeNull();
  });
});

describe('column mapping', () => {
  const csv =
    'Code;Country (English);Pays en français\nBE;Belgium;Belgique\nFR;France;France\n;Germany;Allemagne\nXX;;Nowhere\n';
  it('guesses the id and the name columns from the headers', () => {
    const table = parseTable(csv);
    expect(table?.headers).toEqual(['Code', 'Country (English)', 'Pays en français']);
    expect(guessMapping(table?.headers ?? [], ['en', 'fr'])).toMatchObject({ id: 0, names: { en: 1, fr: 2 } });
  });
  it('maps rows, flags problems and duplicates with the existing delegation', () => {
    const table = parseTable(csv);
    if (!table) throw new Error('no table');
    const existing = [{ id: 'fr-customs', name: { en: 'France' } }];
    const mapped = mapDelegations(table, { id: 0, names: { en: 1, fr: 2 } }, ['en', 'fr'], existing);
    expect(mapped.delegations).toEqual([
      { id: 'BE', name: { en: 'Belgium', fr: 'Belgique' } },
      { id: 'germany', name: { en: 'Germany', fr: 'Allemagne' } },
    ]);
    expect(mapped.duplicates).toEqual([{ row: 3, existing: existing[0] }]);
    expect(mapped.problems).toEqual([{ row: 5, code: 'blankOriginal' }]);
  });
  it('reads a table without id column, ids made from names', () => {
    const table = parseTable('name,nom\nAustria,Autriche\n');
    if (!table) throw new Error('no table');
    const mapped = mapDelegations(table, guessMapping(table.headers, ['en', 'fr']), ['en', 'fr'], []);
    expect(mapped.delegations).toEqual([{ id: 'austria', name: { en: 'Austria', fr: 'Autriche' } }]);
  });
});

describe('pasted items and ids', () => {
  it('appends pasted titles with unique ids made from them', () => {
    const d = { ...emptyDraft('en', 'UTC'), agenda: [] };
    const next = withPastedItems(d, parseNumberedAgenda('1. Opening\n2) Opening\n3 Открытие'), 15);
    expect(next.agenda.map((a) => [a.id, a.title.en, a.minutes])).toEqual([
      ['opening', 'Opening', '15'],
      ['opening-2', 'Opening', '15'],
      ['item-1', 'Открытие', '15'],
    ]);
    const kept = fillIds({ ...next, delegations: [{ id: '', name: { en: 'Belgium' } }] });
    expect(kept.delegations[0]?.id).toBe('belgium');
  });
});
