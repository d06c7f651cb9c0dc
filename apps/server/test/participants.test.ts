import { afterEach, describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import { tokenOf } from './record.js';
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
    // A delegation's members: twenty at most, as the routes allow later.
    const members = Array.from({ length: 21 }, (_, i) => ({ seatKey: null, delegationId: 'uz', name: `Member ${i}` }));
    const crowded = await postDefinition(ts, { ...demoMeeting(), participants: members });
    expect(crowded).toMatchObject({
      status: 400,
      body: { error: { issues: [{ path: 'participants.20.delegationId' }] } },
    });
    expect(ts.server.registry.size).toBe(0);
  });
});

type Json = Record<string, unknown>;
const asJson = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** A demo meeting with its links by seat (the head's and the deputy's of Uzbekistan and Kazakhstan). */
async function meetingWithSeats(ts: TestServer) {
  const meeting = await createMeeting(ts, {
    ...demoMeeting(),
    participants: [
      { seatKey: 'delegate:uz:deputy', delegationId: 'uz', name: 'Deputy Person', email: 'deputy@customs.uz' },
      { seatKey: null, delegationId: 'kz', name: 'Kazakh Adviser', email: 'adviser@kgd.kz' },
    ],
  });
  const tokenOfSeat = (delegationId: string, seat: 'head' | 'deputy') =>
    tokenOf(ts, meeting.id, (i) => i.role === 'delegate' && i.delegationId === delegationId && i.seat === seat);
  return {
    meeting,
    uzHead: await tokenOfSeat('uz', 'head'),
    uzDeputy: await tokenOfSeat('uz', 'deputy'),
    kzHead: await tokenOfSeat('kz', 'head'),
  };
}

const call = (ts: TestServer, method: string, path: string, token: string, body?: unknown) =>
  requestJson(ts, path, { method, token, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('participants over HTTP', () => {
  it('a delegate enters who holds the link; the secretariat sees it, corrects it, and the delegate may correct it again', async () => {
    const ts = await server();
    const { meeting, uzHead } = await meetingWithSeats(ts);
    expect(await call(ts, 'GET', '/api/session/participant', uzHead)).toEqual({
      status: 200,
      body: { ok: true, data: null },
    });
    const entered = await call(ts, 'PUT', '/api/session/participant', uzHead, {
      name: 'Bakhodir Saidov',
      title: 'Chairman',
      email: 'B.Saidov@customs.uz',
      language: 'ru',
    });
    expect(entered.status).toBe(201);
    const own = await call(ts, 'GET', '/api/session/participant', uzHead);
    expect(asJson(own.body).data).toMatchObject({
      seatKey: 'delegate:uz:head',
      name: 'Bakhodir Saidov',
      email: 'b.saidov@customs.uz',
      language: 'ru',
      enteredBy: 'self',
    });

    const list = await call(ts, 'GET', `/api/meetings/${meeting.id}/participants`, ADMIN_TOKEN);
    expect(list.status).toBe(200);
    const data = asJson(asJson(list.body).data);
    const people = data.participants as Json[];
    const saidov = people.find((p) => p.name === 'Bakhodir Saidov');
    expect(saidov).toMatchObject({
      delegationId: 'uz',
      enteredBy: 'self',
      mailStatus: 'none',
      seat: { seatKey: 'delegate:uz:head', role: 'delegate', seat: 'head', label: 'Uzbekistan Customs', live: true },
    });
    const seats = data.seats as Json[];
    expect(seats.find((s) => s.seatKey === 'delegate:uz:head')).toMatchObject({ participantId: saidov?.id });
    expect(seats.find((s) => s.seatKey === 'delegate:al:head')).toMatchObject({ participantId: null, live: true });
    expect(seats.map((s) => s.seatKey)).toEqual(expect.arrayContaining(['chair', 'presenter:sg']));
    // The shared links are nobody's seat.
    expect(seats.map((s) => s.seatKey)).not.toEqual(expect.arrayContaining(['secretariat']));
    expect(seats.map((s) => s.seatKey)).not.toEqual(expect.arrayContaining(['observer']));

    const pid = String(saidov?.id);
    const edited = await call(ts, 'PUT', `/api/meetings/${meeting.id}/participants/${pid}`, ADMIN_TOKEN, {
      name: 'Bakhodir Saidov',
      title: 'Chairman, State Customs Committee',
      email: 'b.saidov@customs.uz',
      language: 'ru',
    });
    expect(edited.status).toBe(200);
    expect(await ts.server.participants.getParticipant(meeting.id, pid)).toMatchObject({
      title: 'Chairman, State Customs Committee',
      enteredBy: 'secretariat',
    });
    await call(ts, 'PUT', '/api/session/participant', uzHead, { name: 'B. Saidov', title: 'Chairman', language: 'en' });
    expect(await ts.server.participants.getParticipant(meeting.id, pid)).toMatchObject({
      name: 'B. Saidov',
      email: null,
      enteredBy: 'self',
    });
  });

  it("a delegation reads its own people, not others' emails, and adds and removes only its own extra people", async () => {
    const ts = await server();
    const { meeting, uzHead, uzDeputy, kzHead } = await meetingWithSeats(ts);
    const added = await call(ts, 'POST', '/api/session/participants', uzHead, {
      name: 'Dilnoza Karimova',
      email: 'dk@customs.uz',
      language: 'ru',
    });
    expect(added.status).toBe(201);
    const extraId = String(asJson(asJson(added.body).data).id);
    const mine = await call(ts, 'GET', '/api/session/participants', uzHead);
    const rows = asJson(mine.body).data as Json[];
    expect(rows.map((r) => [r.name, r.email])).toEqual([
      // The deputy's address is the secretariat's entry for another person: not shown.
      ['Deputy Person', null],
      ['Dilnoza Karimova', 'dk@customs.uz'],
    ]);
    // The deputy reads their own address.
    const deputyView = asJson((await call(ts, 'GET', '/api/session/participant', uzDeputy)).body).data;
    expect(deputyView).toMatchObject({ email: 'deputy@customs.uz' });
    // Another delegation: none of Uzbekistan's people, and no way to remove them.
    const theirs = asJson((await call(ts, 'GET', '/api/session/participants', kzHead)).body).data as Json[];
    expect(theirs.map((r) => r.name)).toEqual(['Kazakh Adviser']);
    expect(await call(ts, 'DELETE', `/api/session/participants/${extraId}`, kzHead)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    // A seat's person is the secretariat's to change.
    const deputy = (await ts.server.participants.participantBySeat(meeting.id, 'delegate:uz:deputy'))?.id;
    expect(await call(ts, 'DELETE', `/api/session/participants/${deputy}`, uzHead)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect((await call(ts, 'DELETE', `/api/session/participants/${extraId}`, uzDeputy)).status).toBe(200);
    expect(await ts.server.participants.getParticipant(meeting.id, extraId)).toBeNull();
    // Observers, the chair and presenters have no delegation's list; an observer link names no one.
    const observer = meeting.token('observer');
    expect((await call(ts, 'GET', '/api/session/participants', observer)).status).toBe(403);
    expect(
      (await call(ts, 'POST', '/api/session/participants', meeting.token('chair'), { name: 'X', language: 'en' }))
        .status,
    ).toBe(403);
    expect(await call(ts, 'PUT', '/api/session/participant', observer, { name: 'X', language: 'en' })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect(await ts.server.participants.participantBySeat(meeting.id, 'observer')).toBeNull();
    // Nor may the staff name someone on a shared link: the room screen's link would read back
    // (and mail) that person's address.
    for (const seatKey of ['observer', 'secretariat'])
      expect(
        await call(ts, 'POST', `/api/meetings/${meeting.id}/participants`, ADMIN_TOKEN, {
          seatKey,
          delegationId: null,
          name: 'Guest',
          email: 'guest@example.org',
          language: 'en',
        }),
      ).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'seatKey', code: 'unknown_seat' }] } } });
    expect(await call(ts, 'GET', '/api/session/participant', observer)).toMatchObject({
      status: 200,
      body: { data: null },
    });
  });

  it('refuses bad input with a code per field, a taken seat, an unknown seat, and a delegation past its extra people', async () => {
    const ts = await server();
    const { meeting, uzHead } = await meetingWithSeats(ts);
    const issues = async (token: string, method: string, path: string, body: unknown) => {
      const res = await call(ts, method, path, token, body);
      expect(res.status).toBe(400);
      return (asJson(asJson(res.body).error).issues as Json[]).map((i) => [i.path, i.code]);
    };
    expect(
      await issues(uzHead, 'PUT', '/api/session/participant', {
        name: ' ',
        title: 'x'.repeat(201),
        email: 'nope',
        language: 'de',
        role: 'chair',
      }),
    ).toEqual(
      expect.arrayContaining([
        ['name', 'required'],
        ['title', 'too_long'],
        ['email', 'invalid_email'],
        ['language', 'invalid_value'],
        ['', 'unknown_field'],
      ]),
    );
    const base = `/api/meetings/${meeting.id}/participants`;
    expect(await issues(ADMIN_TOKEN, 'POST', base, { seatKey: 'delegate:xx:head', name: 'A', language: 'en' })).toEqual(
      [['seatKey', 'unknown_seat']],
    );
    expect(
      await issues(ADMIN_TOKEN, 'POST', base, { seatKey: null, delegationId: 'xx', name: 'A', language: 'en' }),
    ).toEqual([['delegationId', 'unknown_delegation']]);
    expect(
      await call(ts, 'POST', base, ADMIN_TOKEN, { seatKey: 'delegate:uz:deputy', name: 'A', language: 'en' }),
    ).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', reason: 'seat_taken' } },
    });
    // The chair's seat, set by the secretariat.
    expect(
      (
        await call(ts, 'POST', base, ADMIN_TOKEN, {
          seatKey: 'chair',
          name: 'Vice-Chair',
          language: 'fr',
        })
      ).status,
    ).toBe(201);
    for (let i = 0; i < 20; i++)
      expect(
        (await call(ts, 'POST', '/api/session/participants', uzHead, { name: `Adviser ${i}`, language: 'en' })).status,
      ).toBe(201);
    expect(
      await call(ts, 'POST', '/api/session/participants', uzHead, { name: 'One more', language: 'en' }),
    ).toMatchObject({
      status: 409,
      body: { error: { reason: 'participants_full' } },
    });
    expect(await call(ts, 'PUT', `${base}/nobody`, ADMIN_TOKEN, { name: 'A', language: 'en' })).toMatchObject({
      status: 404,
    });
    expect(await call(ts, 'DELETE', `${base}/nobody`, ADMIN_TOKEN)).toMatchObject({ status: 404 });
  });

  it('exports the list as CSV: a byte order mark, by delegation, cells a spreadsheet cannot run, in the language asked', async () => {
    const ts = await server();
    const { meeting, uzHead } = await meetingWithSeats(ts);
    await call(ts, 'PUT', '/api/session/participant', uzHead, {
      name: '=HYPERLINK("http://evil.example","x")',
      title: 'Head; -2+3',
      language: 'ru',
    });
    const res = await fetch(`${ts.url}/api/meetings/${meeting.id}/participants.csv?lang=fr`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Délégation,Siège,Nom,Fonction,Courriel,Langue,Saisi par,Lien');
    // Kazakhstan comes before Uzbekistan on the roster.
    expect(lines.slice(1)).toEqual([
      'Kazakhstan Customs,Membre de la délégation,Kazakh Adviser,,adviser@kgd.kz,en,Secrétariat,',
      `Uzbekistan Customs,Chef de délégation,"'=HYPERLINK(""http://evil.example"",""x"")","Head; '-2+3",,ru,La personne elle-même,Actif`,
      'Uzbekistan Customs,Suppléant,Deputy Person,,deputy@customs.uz,en,Secrétariat,Actif',
    ]);
  });
});

describe('participants in the minutes', () => {
  it('are listed by delegation with their titles, never their addresses', async () => {
    const ts = await server();
    const meeting = await createMeeting(ts, { ...demoMeeting(), participants: people });
    const res = await fetch(`${ts.url}/api/meetings/${meeting.id}/minutes?format=md&lang=en`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const md = await res.text();
    const annex = md.slice(md.indexOf('Annex C. List of participants'));
    expect(annex).toContain('Annex C. List of participants');
    expect(annex).toContain('Bakhodir Saidov, Chairman, State Customs Committee');
    expect(annex).toContain('Dilnoza Karimova');
    expect(annex).toContain('Other participants');
    expect(annex).toContain('Kunio Mikuriya, Secretary General');
    expect(md).not.toContain('customs.uz');
  });
});
