/**
 * Writes a release fixture: a database played by this release's server through its real
 * clients (Socket.IO commands, a Yjs notes writer, an upload, a revocation), and what a later
 * release must find in it (`expected.json`). Run once per release that changes the store or
 * the document layout, on that release's code, before the change:
 *
 *   node --import tsx apps/server/test/upgrade/make-fixture.ts <release> [--sqlite-only]
 *
 * The fixture lands in apps/server/test/upgrade/fixtures/<release>/ and is committed; the
 * upgrade test loads every folder there. Links live for fifty years so the fixture outlives us.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { notesTextName, yjsRoom } from '@rostrum/core';
import { buildMinutes, renderMinutes } from '@rostrum/minutes';
import { minutesInput } from '../../src/minutes/input.js';
import { verifyLog } from '../../src/store/verify.js';
import { prepareLive, text } from '../command-fixtures.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  connectSocket,
  createDemoMeeting,
  mustCommand,
  requestJson,
  room,
  startServer,
  stopServer,
  waitFor,
  yClient,
} from '../harness.js';
import { minimalPdf } from '../pdf-fixture.js';
import { FIXTURE_MINUTES_AT, type FixtureExpectations } from './fixture-format.js';

const FIFTY_YEARS_MS = 50 * 365 * 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const release = process.argv[2];
  if (!release || !/^[0-9A-Za-z._-]+$/.test(release)) throw new Error('usage: make-fixture.ts <release>');
  const out = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', release);
  if (existsSync(out)) throw new Error(`${out} exists already: a release's fixture is never rewritten`);
  const cleanup = new Cleanup();
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-fixture-'));
  try {
    const ts = await startServer(dataDir, { inviteTtlMs: FIFTY_YEARS_MS, databaseUrl: null });
    const meeting = await createDemoMeeting(ts);
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    const uz = await connectSocket(cleanup, ts, meeting.token('delegate', 'uz'));
    const kz = await connectSocket(cleanup, ts, meeting.token('delegate', 'kz'));
    const de = await connectSocket(cleanup, ts, meeting.token('delegate', 'de'));
    const presenter = await connectSocket(cleanup, ts, meeting.token('presenter'));

    // Opened on the Uzbek item, speeches given, a proposal, an anonymous poll open, a decision.
    const ids = await prepareLive(chair, uz, presenter);
    // Anonymous ballots, then the chair closes that poll.
    await mustCommand(uz, { type: 'poll.vote', pollId: ids.pollId, choice: 'support' });
    await mustCommand(kz, { type: 'poll.vote', pollId: ids.pollId, choice: 'support' });
    await mustCommand(de, { type: 'poll.vote', pollId: ids.pollId, choice: 'abstain' });
    await mustCommand(chair, { type: 'poll.close', pollId: ids.pollId });
    // A no-objection procedure closed by the server at its deadline (a system command in the log).
    const noObjection = (
      await mustCommand(chair, {
        type: 'poll.open',
        proposalId: ids.proposalId,
        method: 'no_objection',
        secrecy: 'roll_call',
        quorum: 0,
        durationSeconds: 1,
      })
    ).createdId;
    if (!noObjection) throw new Error('no poll id');
    await waitFor(
      () => room(ts, meeting.id).state.votes.polls[noObjection]?.status === 'closed',
      5000,
      'the deadline close',
    );
    await mustCommand(chair, {
      type: 'decision.record',
      agendaItemId: 'uz-lab',
      text: text('The meeting supported the proposal.'),
      outcome: 'adopted',
    });
    // The agenda moves on; a roll-call poll stays open, with one ballot.
    await mustCommand(chair, { type: 'floor.end' });
    await mustCommand(chair, { type: 'agenda.next' });
    const third = (
      await mustCommand(chair, {
        type: 'proposal.add',
        agendaItemId: 'uz-lab',
        title: text('Third proposal'),
        text: text('Third text.'),
      })
    ).createdId;
    const openPoll = (
      await mustCommand(chair, {
        type: 'poll.open',
        proposalId: third,
        method: 'vote',
        secrecy: 'roll_call',
        quorum: 0,
      })
    ).createdId;
    if (!openPoll) throw new Error('no poll id');
    await mustCommand(kz, { type: 'poll.vote', pollId: openPoll, choice: 'support' });

    // Notes written by the secretariat over Yjs.
    // Under the names the web's editor writes (the original language's notes).
    const languages = room(ts, meeting.id).state.meta.languages;
    const notesTextNames = {
      opening: notesTextName('opening', languages[0] ?? 'en', languages),
      'uz-lab': notesTextName('uz-lab', languages[0] ?? 'en', languages),
    };
    const notes = await yClient(cleanup, ts, yjsRoom.notes(meeting.id), meeting.token('secretariat'));
    notes.doc.getText(notesTextNames.opening).insert(0, 'The Vice-Chair opened the meeting.');
    notes.doc.getText(notesTextNames['uz-lab']).insert(0, 'Uzbekistan presented its laboratory.');
    await waitFor(
      () =>
        room(ts, meeting.id).notesDoc.doc.getText(notesTextNames['uz-lab']).toString() ===
        'Uzbekistan presented its laboratory.',
      3000,
      'the notes to be stored',
    );

    // An uploaded file named by an item's documents.
    const pdf = minimalPdf();
    const up = await fetch(
      `${ts.url}/api/meetings/${meeting.id}/files?name=${encodeURIComponent('ROCB report 2021.pdf')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${meeting.token('secretariat')}`, 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
      },
    );
    const uploaded = (await up.json()) as {
      ok: boolean;
      data: { id: string; name: string; size: number; kind: string };
    };
    if (!uploaded.ok) throw new Error('upload refused');
    await mustCommand(secretariat, {
      type: 'agenda.setDocuments',
      itemId: 'rocb-report',
      documents: [{ title: text('Annual report'), files: { en: uploaded.data } }],
    });

    // A revoked link: the observer's.
    const invites = await ts.server.store.listInvites(meeting.id);
    const observerInvite = invites.find((i) => i.role === 'observer');
    if (!observerInvite) throw new Error('no observer invite');
    const revoked = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${observerInvite.id}/revoke`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    if (revoked.status !== 200) throw new Error(`revoke failed: ${revoked.status}`);

    const r = room(ts, meeting.id);
    const rows = await ts.server.store.listCommands(meeting.id);
    const verification = verifyLog(rows);
    const { input } = await minutesInput(
      ts.server.store,
      meeting.id,
      { state: r.state, notes: r.notesDoc.doc },
      FIXTURE_MINUTES_AT,
    );
    const expected: FixtureExpectations = {
      release,
      meetingId: meeting.id,
      adminToken: ADMIN_TOKEN,
      tokens: {
        chair: meeting.token('chair'),
        secretariat: meeting.token('secretariat'),
        delegateUz: meeting.token('delegate', 'uz'),
        delegateKz: meeting.token('delegate', 'kz'),
        revokedObserver: meeting.token('observer'),
      },
      openPollId: openPoll,
      closedPollId: ids.pollId,
      state: r.state,
      ballots: r.secret.ballots,
      notes: {
        opening: r.notesDoc.doc.getText(notesTextNames.opening).toString(),
        'uz-lab': r.notesDoc.doc.getText(notesTextNames['uz-lab']).toString(),
      },
      notesTextNames,
      meetingDocBytes: Y.encodeStateAsUpdate(r.meetingDoc.doc).byteLength,
      log: {
        commands: verification.commands,
        digest: verification.digest,
        intact: verification.intact,
        commandIds: rows.map((c) => c.commandId),
      },
      file: { id: uploaded.data.id, size: pdf.byteLength },
      minutesMd: { en: new TextDecoder().decode((await renderMinutes(buildMinutes(input), 'md', ['en'])).body) },
    };
    await cleanup.run();
    await stopServer(ts);
    mkdirSync(out, { recursive: true });
    // The server closed the database: the WAL is checkpointed into the main file.
    const leftovers = readdirSync(dataDir).filter((f) => f !== 'rostrum.sqlite');
    if (leftovers.some((f) => f.endsWith('-wal') || f.endsWith('-shm')))
      throw new Error(`the database was not closed cleanly: ${leftovers.join(', ')}`);
    copyFileSync(join(dataDir, 'rostrum.sqlite'), join(out, 'rostrum.sqlite'));
    writeFileSync(join(out, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
    console.log(
      `fixture of release ${release} written to ${out} (${verification.commands} commands, digest ${verification.digest})`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
