import { meetingDefinitionSchema, type CommandInput, type MeetingDefinitionInput, type Principal } from '../index.js';
import { execute, initialSecret, initialState, type MeetingWorld, type WorldOutcome } from '../server.js';

/**
 * A meeting held in French (its original) and Arabic, for the tests of the meeting languages:
 * every kind of text (an item with a document, a presenter, delegations, a proposal), some
 * translated, some not, and helpers that run commands through `execute`.
 */
export function frenchArabicDefinition(): MeetingDefinitionInput {
  return {
    languages: ['fr', 'ar'],
    title: { fr: 'Réunion régionale', ar: 'الاجتماع الإقليمي' },
    startsAt: '2021-06-08T10:00:00+02:00',
    timeZone: 'Africa/Casablanca',
    chair: { name: { fr: 'Président' }, delegationId: null },
    delegations: [
      { id: 'ma', name: { fr: 'Douane marocaine', ar: 'الجمارك المغربية' } },
      { id: 'tn', name: { fr: 'Douane tunisienne' } },
    ],
    presenters: [{ id: 'sg', name: { fr: 'Secrétaire général' }, title: { fr: 'OMD' }, delegationId: null }],
    agenda: [
      {
        id: 'labo',
        title: { fr: 'Laboratoire' },
        plannedMinutes: 20,
        presenterIds: ['sg'],
        documents: [{ title: { fr: 'Rapport' }, url: 'https://example.org/rapport.pdf' }],
      },
      { id: 'divers', title: { fr: 'Divers', ar: 'ما يستجد من أعمال' }, plannedMinutes: 10 },
    ],
    proposals: [
      {
        id: 'prop',
        agendaItemId: 'labo',
        title: { fr: 'Création du laboratoire' },
        text: { fr: 'Créer le laboratoire.', ar: 'إنشاء المختبر.' },
        sponsorDelegationId: 'ma',
      },
    ],
  };
}

export const chair: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-chair',
  role: 'chair',
  delegationId: null,
  presenterId: null,
};
export const secretariat: Principal = { ...chair, inviteId: 'inv-sec', role: 'secretariat' };
export const delegate: Principal = { ...chair, inviteId: 'inv-ma', role: 'delegate', delegationId: 'ma', seat: 'head' };

export function frenchArabicWorld(definition: MeetingDefinitionInput = frenchArabicDefinition()): MeetingWorld {
  return { state: initialState('m1', meetingDefinitionSchema.parse(definition)), secret: initialSecret() };
}

let ids = 0;

export function run(world: MeetingWorld, cmd: CommandInput, who: Principal = chair): WorldOutcome {
  ids += 1;
  return execute(world, who, { id: `command-${ids}`, ...cmd }, { now: 1000, newId: () => `n${ids}` });
}

export function must(world: MeetingWorld, cmd: CommandInput, who: Principal = chair): MeetingWorld {
  const out = run(world, cmd, who);
  if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.code} ${out.error.message}`);
  return out.world;
}
