import { describe, expect, it } from 'vitest';
import { guessMapping, mapDelegations, parseTable } from './columns.js';
import { buildDefinition, emptyDraft, type WizardDraft } from './draft.js';

const CSV = [
  'Member;Country (English);Название;Head of delegation;Head title;Head e-mail;Deputy;Deputy email;Language',
  'AZ;Azerbaijan;Азербайджан;Safar Mehdiyev;Chairman;head@customs.az;Rashad Aliyev;deputy@customs.az;Russian',
  'BE;Belgium;Бельгия;Kristian Vanderwaeren;;not-an-address;;;fr',
].join('\n');

describe('the heads and deputies of an imported list', () => {
  it('are guessed from their headers, apart from the delegation names', () => {
    const table = parseTable(CSV);
    if (!table) throw new Error('no table');
    const mapping = guessMapping(table.headers, ['en', 'ru']);
    expect(mapping.names).toEqual({ en: 1, ru: 2 });
    expect(mapping.people).toEqual({
      headName: 3,
      headTitle: 4,
      headEmail: 5,
      deputyName: 6,
      deputyTitle: null,
      deputyEmail: 7,
    });
    expect(mapping.language).toBe(8);
    const mapped = mapDelegations(table, { ...mapping, id: 0 }, ['en', 'ru'], []);
    expect(mapped.delegations[0]?.people).toEqual({
      head: { name: 'Safar Mehdiyev', title: 'Chairman', email: 'head@customs.az', language: 'ru' },
      deputy: { name: 'Rashad Aliyev', title: '', email: 'deputy@customs.az', language: 'ru' },
    });
    // A cell that is not an address: the person is kept without it, and the row is said.
    expect(mapped.delegations[1]?.people).toEqual({
      head: { name: 'Kristian Vanderwaeren', title: '', email: '', language: 'fr' },
    });
    expect(mapped.emailProblems).toEqual([{ row: 3, email: 'not-an-address' }]);
  });

  it('go into the definition as participants of their seats; an address without a name is refused at its field', () => {
    const draft: WizardDraft = {
      ...emptyDraft('en', 'Europe/Brussels'),
      title: { en: 'Heads of Customs' },
      date: '2021-06-08',
      time: '10:00',
      chair: { name: { en: 'Chair' }, delegationId: '' },
      agenda: [{ id: 'opening', title: { en: 'Opening' }, minutes: '10', presenterIds: [], documents: [] }],
      delegations: [
        {
          id: 'AZ',
          name: { en: 'Azerbaijan' },
          people: {
            head: { name: ' Safar Mehdiyev ', title: 'Chairman', email: 'Head@Customs.az', language: 'ru' },
            deputy: { name: '', title: '', email: '', language: '' },
          },
        },
      ],
    };
    const built = buildDefinition(draft);
    if (!built.ok) throw new Error(JSON.stringify(built.problems));
    expect(built.definition.participants).toEqual([
      {
        seatKey: 'delegate:AZ:head',
        delegationId: 'AZ',
        name: 'Safar Mehdiyev',
        title: 'Chairman',
        email: 'head@customs.az',
        language: 'ru',
      },
    ]);
    const withChair = buildDefinition({
      ...draft,
      chairPerson: { name: 'Safar Mehdiyev', title: '', email: 'chair@customs.az', language: '' },
    });
    expect(withChair.ok && withChair.definition.participants?.[0]).toEqual({
      seatKey: 'chair',
      delegationId: null,
      name: 'Safar Mehdiyev',
      title: '',
      email: 'chair@customs.az',
    });
    const noName = buildDefinition({
      ...draft,
      delegations: [
        {
          id: 'AZ',
          name: { en: 'Azerbaijan' },
          people: { deputy: { name: '', title: '', email: 'd@x.org', language: '' } },
        },
      ],
    });
    expect(noName.ok ? {} : noName.problems).toEqual({ 'delegations.0.people.deputy.name': 'required' });
    const badEmail = buildDefinition({
      ...draft,
      delegations: [
        {
          id: 'AZ',
          name: { en: 'Azerbaijan' },
          people: { head: { name: 'A', title: '', email: 'nope', language: '' } },
        },
      ],
    });
    expect(badEmail.ok ? {} : badEmail.problems).toEqual({ 'delegations.0.people.head.email': 'invalid' });
  });
});
