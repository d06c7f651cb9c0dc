import { afterEach, describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  createMeeting,
  freshDataDir,
  requestJson,
  room,
  startManagedServer,
  type TestServer,
} from './harness.js';

/**
 * Named participants (issue #16): given with the meeting's definition, kept in the participants
 * table only (never in the stored definition or a document).
 */
let cleanup = new Cleanup();
afterEach(async () => {
  await cleanup.run();
  cleanup = new Cleanup();
});

async function server(): Promise<TestServer> {
  return startManagedServer(cleanup, freshDataDir(cleanup));
}

const people = [
  {
    seatKey: 'delegate:uz:head',
    delegationId: 'uz',
    name: '  Bakhodir Saidov ',
    title: 'Chairman, State Customs Committee',
    email: ' B.Saidov@Customs.UZ ',
    language: 'ru',
  },
  { seatKey: 'chair', delegationId: null, name: 'Safar Mehdiyev' },
  { seatKey: 'presenter:sg', delegationId: null, name: 'Kunio Mikuriya', title: 'Secretary General' },
  { seatKey: null, delegationId: 'uz', name: 'Dilnoza Karimova', email: '' },
];

async function postDefinition(ts: TestServer, definition: unknown) {
  return requestJson(ts, '/api/meetings', { method: 'POST', token: ADMIN_TOKEN, body: JSON.stringify(definition) });
}

describe('participants in the meeting definition', () => {
  it('are stored in the participants table, entered by the secretariat, and kept out of the definition and the document', async () => {
    const ts = await server();
    const meeting = await createMeeting(ts, { ...demoMeeting(), participants: people });
    const stored = await ts.server.participants.listParticipants(meeting.id);
    const rows = stored.map((p) => [p.seatKey, p.delegationId, p.name, p.title, p.email, p.language, p.enteredBy]);
    // Made at one instant: in no particular order.
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        [
          'delegate:uz:head',
          'uz',
          'Bakhodir Saidov',
          'Chairman, State Customs Committee',
          'b.saidov@customs.uz',
          'ru',
          'secretariat',
        ],
        // The chair's and a presenter's delegation are the definition's; the original language by default.
        ['chair', 'az', 'Safar Mehdiyev', '', null, 'en', 'secretariat'],
        ['presenter:sg', null, 'Kunio Mikuriya', 'Secretary General', null, 'en', 'secretariat'],
        [null, 'uz', 'Dilnoza Karimova', '', null, 'en', 'secretariat'],
      ]),
    );
    expect(stored.every((p) => p.mailStatus === 'none')).toBe(true);
    const r = room(ts, meeting.id);
    expect(r.definition).not.toHaveProperty('participants');
    expect((await ts.server.store.getMeeting(meeting.id))?.definition).not.toHaveProperty('participants');
    expect(JSON.stringify(r.meetingDoc.doc.toJSON())).not.toContain('Saidov');
    expect(JSON.stringify(r.state)).not.toContain('customs.uz');
  });

  it('refuses unknown seats and delegations, two people for one seat and bad fields, at their field', async () => {
    const ts = await server();
    const cases: Array<[unknown, string]> = [
      [{ seatKey: 'delegate:xx:head', delegationId: 'xx', name: 'A' }, 'participants.0.seatKey'],
      [{ seatKey: 'delegate:uz:boss', delegationId: 'uz', name: 'A' }, 'participants.0.seatKey'],
      [{ seatKey: 'presenter:nobody', name: 'A' }, 'participants.0.seatKey'],
      [{ seatKey: 'observer', name: 'A' }, 'participants.0.seatKey'],
      [{ seatKey: 'delegate:uz:head', delegationId: 'kz', name: 'A' }, 'participants.0.delegationId'],
      [{ seatKey: 'delegate:uz:head', name: 'A' }, 'participants.0.delegationId'],
      [{ seatKey: null, delegationId: null, name: 'A' }, 'participants.0.delegationId'],
      [{ seatKey: null, delegationId: 'xx', name: 'A' }, 'participants.0.delegationId'],
      [{ seatKey: 'chair', name: '   ' }, 'participants.0.name'],
      [{ seatKey: 'chair', name: 'A', email: 'not-an-address' }, 'participants.0.email'],
      [{ seatKey: 'chair', name: 'A', language: 'de' }, 'participants.0.language'],
      [{ seatKey: 'chair', name: 'A', title: 'x'.repeat(201) }, 'participants.0.title'],
    ];
    for (const [person, path] of cases) {
      const res = await postDefinition(ts, { ...demoMeeting(), participants: [person] });
      expect(res.status, path).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'invalid', issues: [{ path }] } });
    }
    const twice = await postDefinition(ts, {
      ...demoMeeting(),
      participants: [
        { seatKey: 'delegate:uz:deputy', delegationId: 'uz', name: 'A' },
        { seatKey: 'delegate:uz:deputy', delegationId: 'uz', name: 'B' },
      ],
    });
    expect(twice).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'participants.1.seatKey' }] } } });
    expect(ts.server.registry.size).toBe(0);
  });
});
