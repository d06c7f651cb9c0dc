import type { CommandType, Role } from '@rostrum/core';
import { mustCommand, type ClientSocket } from './harness.js';

/**
 * A valid command of every type, the state it needs and who may send it: shared by the
 * authorisation matrix (authz-commands.test.ts) and the fuzz test (fuzz.test.ts), which mutates
 * them into near-valid hostile payloads.
 */

/** Who calls: the meeting's roles (a delegation's head and deputy), and callers without a valid token for it. */
export const CALLERS = [
  'chair',
  'secretariat',
  'presenter',
  'delegate',
  'deputy',
  'observer',
  'none',
  'expired',
  'otherMeeting',
] as const;
export type Caller = (typeof CALLERS)[number];

export const ROLE_OF: Partial<Record<Caller, Role>> = {
  chair: 'chair',
  secretariat: 'secretariat',
  presenter: 'presenter',
  delegate: 'delegate',
  deputy: 'delegate',
  observer: 'observer',
};

/**
 * Refusals by seat rather than role: the voting right is the head's until handed over, and
 * only the head hands it over. These are the only places a delegate role is refused.
 */
const SEAT_REFUSALS: ReadonlyArray<[Caller, CommandType]> = [
  ['deputy', 'poll.vote'],
  ['deputy', 'voter.designate'],
];

/** Whether a caller may send a command, by the reviewed rules of FIXTURES (checked against COMMAND_ROLES below). */
export function mayCall(caller: Caller, type: CommandType): boolean {
  const role = ROLE_OF[caller];
  const rule = FIXTURES[type]?.roles;
  if (rule === undefined) throw new Error(`no reviewed rule for ${type} in FIXTURES`);
  if (role === undefined || !rule.includes(role)) return false;
  return !SEAT_REFUSALS.some(([c, t]) => c === caller && t === type);
}

export const PROPOSAL = 'uz-lab-proposal';

/** Ids made while preparing a meeting, for the payloads. */
export type Ids = {
  pollId: string;
  proposalId: string;
  decisionId: string;
  /** Queue entries of the Uzbek delegation (head's request) and of the presenter. */
  delegateEntry: string;
  presenterEntry: string;
};

/**
 * How to prepare the meeting for a command, and its payload. `scheduled`: a meeting not yet
 * open. `live`: open, on the Uzbek item, with a queue (Uzbekistan and a presenter), Kazakhstan
 * speaking after Germany, an extra proposal, an open anonymous poll and a decision. `then`:
 * further chair commands, for commands that need a particular state.
 */
export type Fixture = {
  /**
   * Who may send it: the reviewed rule, written here independently of COMMAND_ROLES so that a
   * change of a rule (a privilege granted by mistake) fails this test until it is reviewed here.
   */
  roles: readonly Role[];
  setup: 'scheduled' | 'live';
  then?: (ids: Ids) => Array<Record<string, unknown>>;
  payload: (ids: Ids, caller: Caller) => Record<string, unknown>;
};

export const text = (en: string) => ({ en, ru: `${en} (ru)` });

export const FIXTURES: Partial<Record<string, Fixture>> = {
  'meeting.open': { roles: ['chair'], setup: 'scheduled', payload: () => ({}) },
  'meeting.close': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'meeting.addLanguage': { roles: ['chair', 'secretariat'], setup: 'scheduled', payload: () => ({ lang: 'fr' }) },
  // The meeting's details: changed before and during the meeting by the chair and the secretariat.
  'meeting.schedule': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({ startsAt: '2021-06-09T09:30:00+02:00', timeZone: 'Europe/Brussels' }),
  },
  'meeting.setLinks': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({
      videoLink: 'https://meet.example.org/wco',
      interpretation: { ru: 'https://interpret.example.org/ru' },
    }),
  },
  'meeting.setChair': {
    roles: ['chair', 'secretariat'],
    setup: 'scheduled',
    payload: () => ({ name: text('Vice-chair'), delegationId: 'kz' }),
  },
  'presenter.add': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({ name: text('Ms Director'), title: text('Director, ROCB'), delegationId: null }),
  },
  'presenter.edit': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({ presenterId: 'sg', title: text('WCO Secretary General') }),
  },
  'agenda.setPresenters': {
    roles: ['chair', 'secretariat'],
    setup: 'scheduled',
    payload: () => ({ itemId: 'aob', presenterIds: ['sg'] }),
  },
  'text.translate': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: (ids) => ({
      target: { kind: 'proposal.text', proposalId: ids.proposalId },
      lang: 'ru',
      text: 'Второй текст (исправленный).',
    }),
  },
  'agenda.start': { roles: ['chair'], setup: 'live', payload: () => ({ itemId: 'aob' }) },
  'agenda.next': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'agenda.previous': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'agenda.complete': { roles: ['chair'], setup: 'live', payload: () => ({ itemId: 'uz-lab' }) },
  'agenda.defer': { roles: ['chair'], setup: 'live', payload: () => ({ itemId: 'rilo' }) },
  'agenda.add': {
    roles: ['chair', 'secretariat'],
    setup: 'scheduled',
    payload: () => ({ title: text('Added item'), plannedMinutes: 5 }),
  },
  'agenda.move': {
    roles: ['chair', 'secretariat'],
    setup: 'scheduled',
    payload: () => ({ itemId: 'aob', toIndex: 0 }),
  },
  'agenda.edit': {
    roles: ['chair', 'secretariat'],
    setup: 'scheduled',
    payload: () => ({ itemId: 'aob', title: text('Other business'), plannedMinutes: 12 }),
  },
  'agenda.setDocuments': {
    roles: ['chair', 'secretariat'],
    setup: 'scheduled',
    payload: () => ({
      itemId: 'rocb-report',
      documents: [{ title: text('Annual report'), url: 'https://example.org/rocb-report.pdf' }],
    }),
  },
  'roster.import': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({ delegations: [{ id: 'eu-taxud', name: text('European Commission (DG TAXUD)') }] }),
  },
  'floor.request': {
    roles: ['delegate', 'presenter'],
    setup: 'live',
    payload: () => ({ kind: 'reply', itemId: 'uz-lab' }),
  },
  'floor.withdraw': {
    roles: ['delegate', 'presenter'],
    setup: 'live',
    payload: (ids, caller) => ({ entryId: caller === 'presenter' ? ids.presenterEntry : ids.delegateEntry }),
  },
  'floor.remove': { roles: ['chair'], setup: 'live', payload: (ids) => ({ entryId: ids.delegateEntry }) },
  'floor.move': { roles: ['chair'], setup: 'live', payload: (ids) => ({ entryId: ids.delegateEntry, toIndex: 0 }) },
  'floor.next': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'floor.give': { roles: ['chair'], setup: 'live', payload: () => ({ delegationId: 'fr' }) },
  'floor.end': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'floor.readd': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'floor.close': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'floor.reopen': { roles: ['chair'], setup: 'live', then: () => [{ type: 'floor.close' }], payload: () => ({}) },
  'floor.pause': { roles: ['chair'], setup: 'live', payload: () => ({}) },
  'floor.resume': { roles: ['chair'], setup: 'live', then: () => [{ type: 'floor.pause' }], payload: () => ({}) },
  'floor.extend': { roles: ['chair'], setup: 'live', payload: () => ({ seconds: 60 }) },
  'floor.setLimits': {
    roles: ['chair'],
    setup: 'live',
    payload: () => ({ itemId: 'aob', limits: { statement: 120 } }),
  },
  'proposal.add': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({
      agendaItemId: 'uz-lab',
      title: text('Another proposal'),
      text: text('Text of another proposal.'),
    }),
  },
  'proposal.edit': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: (ids) => ({ proposalId: ids.proposalId, title: text('Edited proposal') }),
  },
  'poll.open': {
    roles: ['chair'],
    setup: 'live',
    then: (ids) => [{ type: 'poll.close', pollId: ids.pollId }],
    payload: (ids) => ({ proposalId: ids.proposalId, method: 'vote', secrecy: 'roll_call', quorum: 0 }),
  },
  'poll.close': { roles: ['chair'], setup: 'live', payload: (ids) => ({ pollId: ids.pollId }) },
  'poll.vote': { roles: ['delegate'], setup: 'live', payload: (ids) => ({ pollId: ids.pollId, choice: 'support' }) },
  'voter.designate': { roles: ['delegate'], setup: 'live', payload: () => ({ seat: 'deputy' }) },
  'decision.record': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: () => ({ agendaItemId: 'uz-lab', text: text('The meeting took note.'), outcome: 'noted' }),
  },
  'decision.edit': {
    roles: ['chair', 'secretariat'],
    setup: 'live',
    payload: (ids) => ({ decisionId: ids.decisionId, outcome: 'adopted' }),
  },
  'decision.readBack': { roles: ['chair'], setup: 'live', payload: (ids) => ({ decisionId: ids.decisionId }) },
};

/**
 * The `live` setup: opens the meeting on the Uzbek item; Uzbekistan (head) and the presenter ask
 * for the floor; Germany, then Kazakhstan get it; a second proposal; an open anonymous poll on
 * the Uzbek proposal; a decision.
 */
export async function prepareLive(chair: ClientSocket, delegate: ClientSocket, presenter: ClientSocket): Promise<Ids> {
  const created = async (command: Record<string, unknown>) => (await mustCommand(chair, command)).createdId ?? 'none';
  await mustCommand(chair, { type: 'meeting.open' });
  await mustCommand(chair, { type: 'agenda.start', itemId: 'uz-lab' });
  const delegateEntry = (await mustCommand(delegate, { type: 'floor.request', kind: 'statement' })).createdId ?? 'none';
  const presenterEntry =
    (await mustCommand(presenter, { type: 'floor.request', kind: 'statement' })).createdId ?? 'none';
  await mustCommand(chair, { type: 'floor.give', delegationId: 'de' });
  await mustCommand(chair, { type: 'floor.give', delegationId: 'kz' });
  const proposalId = await created({
    type: 'proposal.add',
    agendaItemId: 'uz-lab',
    title: text('Second proposal'),
    text: text('Second text.'),
  });
  const pollId = await created({
    type: 'poll.open',
    proposalId: PROPOSAL,
    method: 'vote',
    secrecy: 'anonymous',
    quorum: 0,
  });
  const decisionId = await created({
    type: 'decision.record',
    agendaItemId: 'uz-lab',
    text: text('A decision.'),
    outcome: 'noted',
  });
  return { pollId, proposalId, decisionId, delegateEntry, presenterEntry };
}
