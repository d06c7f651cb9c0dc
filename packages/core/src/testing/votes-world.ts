import { meetingDefinitionSchema, type CommandInput, type Poll, type Principal } from '../index.js';
import { execute, initialSecret, initialState, type MeetingWorld, type ReplayableCommand } from '../server.js';

/**
 * The meeting the votes' tests play: six delegations, one item, prepared proposals, the
 * principals that act in it, and helpers that run commands through \`execute\` and log the
 * accepted ones as the store would (the input of \`replaySecret\`).
 */

export const DELEGATIONS = ['uz', 'kz', 'az', 'de', 'fr', 'it'];
export const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: DELEGATIONS.map((id) => ({ id, name: { en: id, ru: id } })),
  agenda: [
    { id: 'uz-lab', title: { en: 'Lab', ru: 'Лаборатория' }, plannedMinutes: 15 },
    { id: 'aob', title: { en: 'AOB', ru: 'Разное' }, plannedMinutes: 10 },
  ],
  proposals: [
    {
      id: 'uz-lab-proposal',
      agendaItemId: 'uz-lab',
      title: { en: 'Regional Customs Laboratory', ru: 'Региональная таможенная лаборатория' },
      text: { en: 'Establish it.', ru: 'Создать её.' },
      sponsorDelegationId: 'uz',
    },
  ],
});

export const chair: Principal = {
  meetingId: 'm1',
  inviteId: 'inv-chair',
  role: 'chair',
  delegationId: null,
  presenterId: null,
};
export const secretariat: Principal = { ...chair, inviteId: 'inv-sec', role: 'secretariat' };
export const head = (d: string): Principal => ({
  meetingId: 'm1',
  inviteId: `inv-${d}`,
  role: 'delegate',
  delegationId: d,
  presenterId: null,
  seat: 'head',
});
export const deputy = (d: string): Principal => ({ ...head(d), inviteId: `inv-${d}-deputy`, seat: 'deputy' });

let ids = 0;
let cmdIds = 0;
/** Every accepted command, as the store would log it: the input of replaySecret. */
export let log: ReplayableCommand[] = [];

type Ctx = { now?: number; present?: readonly string[] };

export function run(world: MeetingWorld, cmd: CommandInput, who: Principal, ctx: Ctx = {}) {
  const command = { id: `command-${++cmdIds}`, ...cmd };
  const now = ctx.now ?? 1000;
  const out = execute(world, who, command, {
    now,
    newId: () => `n${++ids}`,
    presentDelegations: () => ctx.present ?? [],
  });
  if (out.ok) log.push({ commandId: command.id, type: command.type, payload: command, at: now, principal: who });
  return out;
}

export function must(world: MeetingWorld, cmd: CommandInput, who: Principal = chair, ctx: Ctx = {}): MeetingWorld {
  const out = run(world, cmd, who, ctx);
  if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.code} ${out.error.message}`);
  return out.world;
}

export function created(
  world: MeetingWorld,
  cmd: CommandInput,
  who: Principal = chair,
  ctx: Ctx = {},
): { world: MeetingWorld; id: string } {
  const out = run(world, cmd, who, ctx);
  if (!out.ok || out.createdId === undefined)
    throw new Error(`${cmd.type} created nothing: ${out.ok ? '' : out.error.message}`);
  return { world: out.world, id: out.createdId };
}

export function openMeeting(): MeetingWorld {
  log = [];
  return must({ state: initialState('m1', def), secret: initialSecret() }, { type: 'meeting.open' });
}

export type PollOptions = Partial<Extract<CommandInput, { type: 'poll.open' }>>;

export function withPoll(opts: PollOptions = {}, ctx: Ctx = {}): { world: MeetingWorld; pollId: string } {
  const { world, id } = created(
    openMeeting(),
    {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'anonymous',
      majority: 'simple',
      quorum: 0.5,
      ...opts,
    },
    chair,
    ctx,
  );
  return { world, pollId: id };
}

export function pollOf(world: MeetingWorld, id: string): Poll {
  const poll = world.state.votes.polls[id];
  if (!poll) throw new Error(`no poll ${id}`);
  return poll;
}

export const tally = (support: number, object: number, abstain = 0) => ({ support, object, abstain });
