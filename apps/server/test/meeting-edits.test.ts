import { readState } from '@rostrum/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useDemoServer } from './fixture.js';
import {
  commandId,
  connectSocket,
  mustCommand,
  requestJson,
  room,
  sendCommand,
  waitFor,
  yClient,
  type TestServer,
} from './harness.js';

const demo = useDemoServer();

const linksSchema = z.object({
  ok: z.literal(true),
  data: z.array(
    z.object({
      inviteId: z.string(),
      role: z.string(),
      presenterId: z.string().nullable(),
      delegationId: z.string().nullable(),
      label: z.string(),
      url: z.string(),
    }),
  ),
});

async function links(server: TestServer, token: string) {
  const res = await requestJson(server, `/api/meetings/${demo.meeting.id}/links`, { token });
  expect(res.status).toBe(200);
  return linksSchema.parse(res.body).data;
}

const tokenOf = (link: { url: string }) => link.url.split('#t=')[1] ?? '';

describe("the meeting's details, changed as commands", () => {
  it("a change made by the secretariat reaches a delegate's document; a retry changes nothing more", async () => {
    const { ts, meeting, cleanup } = demo;
    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    const delegate = await yClient(cleanup, ts, meeting.id, meeting.token('delegate', 'uz'));

    const schedule = {
      id: commandId('schedule'),
      type: 'meeting.schedule',
      startsAt: '2021-06-09T09:30:00+02:00',
      timeZone: 'Europe/Brussels',
    };
    const first = await mustCommand(secretariat, schedule);
    const retry = await mustCommand(secretariat, schedule);
    expect(retry.revision).toBe(first.revision);

    const links = await mustCommand(secretariat, {
      id: commandId('links'),
      type: 'meeting.setLinks',
      videoLink: 'https://meet.example.org/wco-2021',
      interpretation: { en: 'https://interpret.example.org/en', ru: 'https://interpret.example.org/ru' },
    });
    const chair = await mustCommand(secretariat, {
      id: commandId('chair'),
      type: 'meeting.setChair',
      name: { en: 'Mr Vice-Chair', ru: 'Г-н заместитель председателя' },
      delegationId: 'kz',
    });
    expect(chair.revision).toBe(links.revision + 1);

    await waitFor(
      () => readState(delegate.doc)?.meta.revision === chair.revision,
      3000,
      'the delegate sees the change',
    );
    const seen = readState(delegate.doc);
    expect(seen?.meta).toMatchObject({
      startsAt: '2021-06-09T09:30:00+02:00',
      timeZone: 'Europe/Brussels',
      videoLink: 'https://meet.example.org/wco-2021',
      interpretationLinks: { en: 'https://interpret.example.org/en', ru: 'https://interpret.example.org/ru' },
    });
    expect(seen?.roster.chair).toEqual({
      name: { en: 'Mr Vice-Chair', ru: 'Г-н заместитель председателя' },
      delegationId: 'kz',
    });
    // Logged like every command.
    const logged = (await ts.server.registry.store.listCommands(meeting.id)).map((c) => c.type);
    expect(logged.filter((t) => t === 'meeting.schedule')).toHaveLength(1);
    expect(logged).toContain('meeting.setLinks');
    expect(logged).toContain('meeting.setChair');
  });

  it("a delegate's or an observer's attempt is forbidden; a foreign language or an unknown delegation is refused; nothing changes", async () => {
    const { ts, meeting, cleanup } = demo;
    const before = room(ts, meeting.id).state;
    for (const token of [meeting.token('delegate', 'uz'), meeting.token('observer'), meeting.token('presenter')]) {
      const socket = await connectSocket(cleanup, ts, token);
      const ack = await sendCommand(socket, {
        id: commandId(),
        type: 'meeting.setLinks',
        videoLink: 'https://evil.example.org',
        interpretation: {},
      });
      expect(ack.ok ? null : ack.error.code).toBe('forbidden');
    }
    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    const foreign = await sendCommand(secretariat, {
      id: commandId(),
      type: 'meeting.setLinks',
      videoLink: null,
      interpretation: { fr: 'https://interpret.example.org/fr' },
    });
    expect(foreign.ok ? null : foreign.error.reason).toBe('language_not_in_meeting');
    const plainHttp = await sendCommand(secretariat, {
      id: commandId(),
      type: 'meeting.setLinks',
      videoLink: 'http://meet.example.org',
      interpretation: {},
    });
    expect(plainHttp.ok ? null : plainHttp.error.code).toBe('invalid');
    const nowhere = await sendCommand(secretariat, {
      id: commandId(),
      type: 'meeting.setChair',
      name: { en: 'X' },
      delegationId: 'nowhere',
    });
    expect(nowhere.ok ? null : nowhere.error.reason).toBe('delegation_not_found');
    expect(room(ts, meeting.id).state).toBe(before);
  });

  it('a presenter added gets a working invite link that opens a session as presenter, in the same commit', async () => {
    const { ts, meeting, cleanup } = demo;
    const secretariatToken = meeting.token('secretariat');
    const secretariat = await connectSocket(cleanup, ts, secretariatToken);
    const before = await links(ts, secretariatToken);

    const add = {
      id: commandId('presenter'),
      type: 'presenter.add',
      name: { en: 'Ms Director', ru: 'Г-жа директор' },
      title: { en: 'Director, ROCB Europe', ru: 'Директор РБНП Европа' },
      delegationId: 'de',
    };
    const added = await mustCommand(secretariat, add);
    const presenterId = added.createdId;
    if (presenterId === undefined) throw new Error('no createdId');
    // A retry returns the same presenter and makes no second link.
    expect((await mustCommand(secretariat, add)).createdId).toBe(presenterId);

    const after = await links(ts, secretariatToken);
    const fresh = after.filter((l) => !before.some((b) => b.inviteId === l.inviteId));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({
      role: 'presenter',
      presenterId,
      delegationId: 'de',
      label: 'Presenter: Ms Director',
    });
    const link = fresh[0];
    if (!link) throw new Error('no link');
    const session = await requestJson(ts, '/api/session', { token: tokenOf(link) });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ ok: true, data: { role: 'presenter', presenterId } });

    // Put on an item, the presenter can speak: the chair gives them the planned turn.
    await mustCommand(secretariat, {
      id: commandId(),
      type: 'agenda.setPresenters',
      itemId: 'aob',
      presenterIds: [presenterId],
    });
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { id: commandId(), type: 'meeting.open' });
    await mustCommand(chair, { id: commandId(), type: 'agenda.start', itemId: 'aob' });
    await mustCommand(chair, { id: commandId(), type: 'floor.next' });
    expect(room(ts, meeting.id).state.floor.speaking?.entry.presenterId).toBe(presenterId);
    // Their own link works for their own commands too.
    const presenter = await connectSocket(cleanup, ts, tokenOf(link));
    const ask = await sendCommand(presenter, { id: commandId(), type: 'floor.request', kind: 'statement' });
    expect(ask.ok).toBe(true);
  });
});
