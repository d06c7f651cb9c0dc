import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ADMIN_TOKEN,
  commandId,
  connectSocket,
  mustCommand,
  requestJson,
  restartServer,
  room,
  sendCommand,
  type TestServer,
} from './harness.js';

const demo = useDemoServer();

const linkSchema = z.object({
  inviteId: z.string(),
  role: z.string(),
  delegationId: z.string().nullable(),
  seat: z.string().nullable(),
  label: z.string(),
  url: z.string(),
});
const linksSchema = z.object({ ok: z.literal(true), data: z.array(linkSchema) });

async function links(server: TestServer, token = ADMIN_TOKEN) {
  const res = await requestJson(server, `/api/meetings/${demo.meeting.id}/links`, { token });
  expect(res.status).toBe(200);
  return linksSchema.parse(res.body).data;
}

const tokenOf = (link: { url: string }) => link.url.split('#t=')[1] ?? '';

const imported = [
  { id: 'eu-taxud', name: { en: 'European Commission (DG TAXUD)', ru: 'Европейская комиссия (ГД TAXUD)' } },
  { id: 'ua-observer', name: { en: 'Guest administration', ru: 'Приглашённая администрация' } },
  // Known already: renamed, not added.
  { id: 'mt', name: { en: 'Malta Customs and Excise', ru: 'Таможня и акцизы Мальты' } },
];

describe('importing delegations', () => {
  it('adds the new delegations with a head and a deputy link each, in the same commit, and the new head can take part at once', async () => {
    const secretariat = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('secretariat'));
    const before = await links(demo.ts);
    const r = room(demo.ts, demo.meeting.id);
    const rosterBefore = r.state.roster.delegationOrder.length;

    const id = commandId('import');
    const ack = await sendCommand(secretariat, { id, type: 'roster.import', delegations: imported });
    expect(ack.ok).toBe(true);
    // A retry (the desk lost the ack) changes nothing more.
    expect((await sendCommand(secretariat, { id, type: 'roster.import', delegations: imported })).ok).toBe(true);

    expect(r.state.roster.delegationOrder).toHaveLength(rosterBefore + 2);
    expect(r.state.roster.delegationOrder.slice(-2)).toEqual(['eu-taxud', 'ua-observer']);
    expect(r.state.roster.delegations.mt?.name.en).toBe('Malta Customs and Excise');

    const after = await links(demo.ts, demo.meeting.token('secretariat'));
    const added = after.filter((l) => !before.some((b) => b.inviteId === l.inviteId));
    expect(added.map((l) => [l.delegationId, l.seat, l.role]).sort()).toEqual([
      ['eu-taxud', 'deputy', 'delegate'],
      ['eu-taxud', 'head', 'delegate'],
      ['ua-observer', 'deputy', 'delegate'],
      ['ua-observer', 'head', 'delegate'],
    ]);
    expect(added.find((l) => l.delegationId === 'eu-taxud' && l.seat === 'head')?.label).toBe(
      'European Commission (DG TAXUD)',
    );

    // The new head's link works: a session, a socket, a request for the floor.
    const head = added.find((l) => l.delegationId === 'eu-taxud' && l.seat === 'head');
    if (!head) throw new Error('no head link');
    const session = await requestJson(demo.ts, '/api/session', { token: tokenOf(head) });
    expect(session.body).toMatchObject({
      ok: true,
      data: { role: 'delegate', delegationId: 'eu-taxud', seat: 'head' },
    });
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.start', itemId: 'aob' });
    const delegate = await connectSocket(demo.cleanup, demo.ts, tokenOf(head));
    await mustCommand(delegate, { type: 'floor.request', kind: 'statement' });
    expect(Object.values(r.state.floor.lists.aob?.entries ?? {}).map((e) => e.delegationId)).toContain('eu-taxud');
  });

  it('keeps the roster and the new links across a restart', async () => {
    const secretariat = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('secretariat'));
    await mustCommand(secretariat, { type: 'roster.import', delegations: imported });
    const newLinks = (await links(demo.ts)).filter((l) => l.delegationId === 'eu-taxud');
    expect(newLinks).toHaveLength(2);

    demo.ts = await restartServer(demo.cleanup, demo.ts);
    expect(room(demo.ts, demo.meeting.id).state.roster.delegations['eu-taxud']?.name.ru).toBe(
      'Европейская комиссия (ГД TAXUD)',
    );
    expect(
      (await links(demo.ts))
        .filter((l) => l.delegationId === 'eu-taxud')
        .map((l) => l.inviteId)
        .sort(),
    ).toEqual(newLinks.map((l) => l.inviteId).sort());
    const head = newLinks.find((l) => l.seat === 'head');
    if (!head) throw new Error('no head link');
    expect((await requestJson(demo.ts, '/api/session', { token: tokenOf(head) })).status).toBe(200);
  });

  it('refuses a delegate, an observer and a malformed list; nothing is added', async () => {
    const before = await links(demo.ts);
    const order = [...room(demo.ts, demo.meeting.id).state.roster.delegationOrder];
    for (const token of [demo.meeting.token('delegate', 'uz'), demo.meeting.token('observer')]) {
      const socket = await connectSocket(demo.cleanup, demo.ts, token);
      const ack = await sendCommand(socket, { id: commandId(), type: 'roster.import', delegations: imported });
      expect(ack.ok ? null : ack.error.code).toBe('forbidden');
    }
    const secretariat = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('secretariat'));
    const blankRussian = await sendCommand(secretariat, {
      id: commandId(),
      type: 'roster.import',
      delegations: [{ id: 'x', name: { en: 'X', ru: '' } }],
    });
    expect(blankRussian.ok ? null : blankRussian.error.code).toBe('invalid');
    const twice = await sendCommand(secretariat, {
      id: commandId(),
      type: 'roster.import',
      delegations: [imported[0], imported[0]],
    });
    expect(twice.ok ? null : twice.error.code).toBe('invalid');

    expect(room(demo.ts, demo.meeting.id).state.roster.delegationOrder).toEqual(order);
    expect((await links(demo.ts)).map((l) => l.inviteId)).toEqual(before.map((l) => l.inviteId));
  });
});
