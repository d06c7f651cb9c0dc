import { describe, expect, it } from 'vitest';
import {
  commandSchema,
  meetingDefinitionSchema,
  planRosterImport,
  ROSTER_IMPORT_CHUNK,
  ROSTER_MAX_DELEGATIONS,
  rosterImportChunks,
  LIMITS,
  TEXT_LIMITS,
  writeState,
  readState,
  type CommandInput,
  type MeetingState,
  type Principal,
} from '../index.js';
import { execute, initialSecret, initialState } from '../server.js';
import * as Y from 'yjs';

const def = meetingDefinitionSchema.parse({
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: [
    { id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } },
    { id: 'kz', name: { en: 'Kazakhstan', ru: 'Казахстан' } },
  ],
  agenda: [{ id: 'a', title: { en: 'A', ru: 'А' }, plannedMinutes: 10 }],
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
const observer: Principal = { ...chair, inviteId: 'inv-obs', role: 'observer' };

let n = 0;
function run(state: MeetingState, cmd: CommandInput, who: Principal = secretariat) {
  n += 1;
  return execute(
    { state, secret: initialSecret() },
    who,
    { id: `command-${n}`, ...cmd },
    { now: 0, newId: () => 'new' },
  );
}
const delegation = (id: string, en: string, ru: string) => ({ id, name: { en, ru } });

describe('roster.import', () => {
  it('renames language by language: a list in the original keeps the translations filled in since', () => {
    const s = initialState('m1', def);
    const translated = run(s, {
      type: 'roster.import',
      delegations: [delegation('uz', 'Uzbekistan', 'Узбекистан (Республика)')],
    });
    if (!translated.ok) throw new Error(translated.error.message);
    const plan = planRosterImport(translated.world.state, [{ id: 'uz', name: { en: 'Republic of Uzbekistan' } }]);
    expect(plan).toEqual({ added: [], renamed: ['uz'], unchanged: [] });
    const out = run(translated.world.state, {
      type: 'roster.import',
      delegations: [{ id: 'uz', name: { en: 'Republic of Uzbekistan' } }],
    });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.world.state.roster.delegations.uz?.name).toEqual({
      en: 'Republic of Uzbekistan',
      ru: 'Узбекистан (Республика)',
    });
    // The same original again changes nothing the plan would call a rename.
    expect(planRosterImport(out.world.state, [{ id: 'uz', name: { en: 'Republic of Uzbekistan' } }]).unchanged).toEqual(
      ['uz'],
    );
  });

  it('adds new delegations at the end of the roster and renames known ones, in one revision', () => {
    const s = initialState('m1', def);
    const out = run(s, {
      type: 'roster.import',
      delegations: [
        delegation('az', 'Azerbaijan', 'Азербайджан'),
        delegation('kz', 'Kazakhstan Customs', 'Таможня Казахстана'),
      ],
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const roster = out.world.state.roster;
    expect(roster.delegationOrder).toEqual(['uz', 'kz', 'az']);
    expect(roster.delegations.az?.name).toEqual({ en: 'Azerbaijan', ru: 'Азербайджан' });
    expect(roster.delegations.kz?.name.en).toBe('Kazakhstan Customs');
    expect(out.world.state.meta.revision).toBe(s.meta.revision + 1);
  });

  it('is idempotent in effect: importing the same list again adds nothing', () => {
    const s = initialState('m1', def);
    const list = [delegation('az', 'Azerbaijan', 'Азербайджан')];
    const first = run(s, { type: 'roster.import', delegations: list });
    if (!first.ok) throw new Error('first import refused');
    const again = run(first.world.state, { type: 'roster.import', delegations: list });
    if (!again.ok) throw new Error('second import refused');
    expect(again.world.state.roster.delegationOrder).toEqual(['uz', 'kz', 'az']);
    expect(planRosterImport(again.world.state, list)).toEqual({ added: [], renamed: [], unchanged: ['az'] });
  });

  it('with onlyNew, refuses an id already on the roster instead of renaming it', () => {
    const s = initialState('m1', def);
    const out = run(s, {
      type: 'roster.import',
      onlyNew: true,
      delegations: [delegation('az', 'Azerbaijan', 'Азербайджан'), delegation('uz', 'Other', 'Другая')],
    });
    expect(out.ok ? null : out.error.reason).toBe('delegation_exists');
    const fine = run(s, {
      type: 'roster.import',
      onlyNew: true,
      delegations: [delegation('az', 'Azerbaijan', 'Азербайджан')],
    });
    expect(fine.ok && fine.world.state.roster.delegationOrder).toEqual(['uz', 'kz', 'az']);
  });

  it('is for the secretariat and the chair only', () => {
    const s = initialState('m1', def);
    const cmd: CommandInput = { type: 'roster.import', delegations: [delegation('az', 'Azerbaijan', 'Азербайджан')] };
    expect(run(s, cmd, chair).ok).toBe(true);
    for (const who of [delegate, observer]) {
      const out = run(s, cmd, who);
      expect(out.ok ? null : out.error.code).toBe('forbidden');
    }
  });

  it('refuses a list naming a delegation twice, a closed meeting, and a roster past its limit, changing nothing', () => {
    const s = initialState('m1', def);
    const twice = run(s, {
      type: 'roster.import',
      delegations: [delegation('az', 'A', 'А'), delegation('az', 'B', 'Б')],
    });
    expect(twice.ok ? null : twice.error.code).toBe('invalid');

    const closed: MeetingState = { ...s, meta: { ...s.meta, status: 'closed' } };
    const late = run(closed, { type: 'roster.import', delegations: [delegation('az', 'A', 'А')] });
    expect(late.ok ? null : late.error.reason).toBe('meeting_closed');

    let full = s;
    for (let chunk = 0; full.roster.delegationOrder.length < ROSTER_MAX_DELEGATIONS; chunk++) {
      const room = ROSTER_MAX_DELEGATIONS - full.roster.delegationOrder.length;
      const list = Array.from({ length: Math.min(ROSTER_IMPORT_CHUNK, room) }, (_, i) =>
        delegation(`d${chunk}-${i}`, `D ${chunk}.${i}`, `Д ${chunk}.${i}`),
      );
      const out = run(full, { type: 'roster.import', delegations: list });
      if (!out.ok) throw new Error(out.error.message);
      full = out.world.state;
    }
    const over = run(full, { type: 'roster.import', delegations: [delegation('one-more', 'One more', 'Ещё одна')] });
    expect(over.ok ? null : over.error.reason).toBe('roster_full');
    // Renaming on a full roster is still fine: it adds nobody.
    expect(
      run(full, { type: 'roster.import', delegations: [delegation('uz', 'Uzbekistan Customs', 'Таможня Узбекистана')] })
        .ok,
    ).toBe(true);
  });

  it('validates the list in the command schema: ids, both names, at most one chunk', () => {
    const base = { id: 'c1', type: 'roster.import' };
    expect(commandSchema.safeParse({ ...base, delegations: [] }).success).toBe(false);
    expect(commandSchema.safeParse({ ...base, delegations: [{ id: 'a b', name: { en: 'A', ru: 'А' } }] }).success).toBe(
      false,
    );
    expect(commandSchema.safeParse({ ...base, delegations: [{ id: 'ab', name: { en: 'A', ru: ' ' } }] }).success).toBe(
      false,
    );
    // Names of Object.prototype would read as known delegations ("renamed", never added).
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(commandSchema.safeParse({ ...base, delegations: [{ id, name: { en: 'A', ru: 'А' } }] }).success, id).toBe(
        false,
      );
    }
    const tooMany = Array.from({ length: ROSTER_IMPORT_CHUNK + 1 }, (_, i) => delegation(`d${i}`, 'D', 'Д'));
    expect(commandSchema.safeParse({ ...base, delegations: tooMany }).success).toBe(false);
  });

  it('splits a long list into commands under the size limit, whatever the names', () => {
    const longest = (i: number) =>
      delegation(
        `${'d'.repeat(60)}${String(i).padStart(4, '0')}`,
        'E'.repeat(TEXT_LIMITS.name),
        'Ж'.repeat(TEXT_LIMITS.name),
      );
    const list = Array.from({ length: 120 }, (_, i) => longest(i));
    const chunks = rosterImportChunks(list);
    expect(chunks.flat()).toEqual(list);
    for (const chunk of chunks) {
      const command = { id: 'x'.repeat(64), type: 'roster.import', delegations: chunk };
      expect(new TextEncoder().encode(JSON.stringify(command)).length).toBeLessThanOrEqual(LIMITS.commandBytes);
      expect(commandSchema.safeParse(command).success).toBe(true);
    }
    // Short names: whole chunks of the count limit.
    const short = Array.from({ length: 120 }, (_, i) => delegation(`d${i}`, `D${i}`, `Д${i}`));
    expect(rosterImportChunks(short).map((c) => c.length)).toEqual([ROSTER_IMPORT_CHUNK, ROSTER_IMPORT_CHUNK, 20]);
  });

  it('reaches the shared document: a reader sees the new delegation', () => {
    const s = initialState('m1', def);
    const doc = new Y.Doc();
    writeState(doc, s);
    const out = run(s, { type: 'roster.import', delegations: [delegation('az', 'Azerbaijan', 'Азербайджан')] });
    if (!out.ok) throw new Error(out.error.message);
    writeState(doc, out.world.state);
    const read = readState(doc);
    expect(read?.roster.delegationOrder).toEqual(['uz', 'kz', 'az']);
  });
});
