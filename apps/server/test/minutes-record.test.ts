import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { notesTextName, yjsRoom } from '@rostrum/core';
import { runCli } from '../src/tools/cli.js';
import { databaseFile, defaultConfig } from '../src/platform/config.js';
import type { AttendanceRecord, MeetingStore } from '../src/store/types.js';
import {
  ADMIN_TOKEN,
  connectSocket,
  mustCommand,
  requestJson,
  restartServer,
  room,
  sleep,
  waitFor,
  yClient,
} from './harness.js';
import { minutesDownloads } from './minutes-download.js';

const demo = useDemoServer();
/** The demo meeting is held in English and Russian: its English notes of the RILO item. */
const RILO_NOTES = notesTextName('rilo', 'en', ['en', 'ru']);
const { download, minutesPath } = minutesDownloads(demo);

describe('notes typed offline', () => {
  it('reach the server and the colleagues when the connection comes back', async () => {
    const r = room(demo.ts, demo.meeting.id);
    const alice = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('secretariat'),
    );
    const boris = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('secretariat'),
    );
    const text = (doc: Y.Doc) => doc.getText(RILO_NOTES).toString();
    alice.doc.getText(RILO_NOTES).insert(0, 'Online. ');
    await waitFor(() => text(boris.doc) === 'Online. ', 3000, 'the first note');

    alice.provider.disconnect();
    alice.doc.getText(RILO_NOTES).insert(text(alice.doc).length, 'Typed while offline.');
    boris.doc.getText(RILO_NOTES).insert(0, 'Boris meanwhile. ');
    await waitFor(() => text(r.notesDoc.doc) === 'Boris meanwhile. Online. ', 3000, "Boris's note, without Alice's");

    alice.provider.connect();
    const merged = 'Boris meanwhile. Online. Typed while offline.';
    await waitFor(
      () => [alice.doc, boris.doc, r.notesDoc.doc].every((d) => text(d) === merged),
      5000,
      'the offline text to arrive everywhere',
    );
  });
});

describe('attendance', () => {
  it('is stored as delegations come and go, and a join left open by a crash is closed at the next start', async () => {
    const uz = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const uzAgain = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('observer'));
    uz.disconnect();
    await sleep(50);
    uzAgain.disconnect();
    const store = demo.ts.server.store;
    const events = await waitForEvents(store, 2);
    expect(events.map((e) => [e.delegationId, e.kind])).toEqual([
      ['uz', 'join'],
      ['uz', 'leave'],
    ]);
    // A crash leaves a join without its leave (here written by hand); the next start closes it.
    await store.appendAttendance(demo.meeting.id, [{ delegationId: 'kz', kind: 'join', at: 1 }]);
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    const after = await waitForEvents(demo.ts.server.store, 4);
    expect(after.slice(2).map((e) => [e.delegationId, e.kind])).toEqual([
      ['kz', 'join'],
      ['kz', 'leave'],
    ]);
  });
});

async function waitForEvents(store: MeetingStore, count: number): Promise<AttendanceRecord[]> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const events = await store.listAttendance(demo.meeting.id);
    if (events.length >= count || Date.now() > deadline) return events;
    await sleep(10);
  }
}

describe('the log verification', () => {
  it('says intact, then finds a changed row; the CLI agrees and checks an expected digest', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.next' });
    await mustCommand(chair, { type: 'agenda.next' });

    const ok = await requestJson(demo.ts, `/api/meetings/${demo.meeting.id}/verify`, {
      token: demo.meeting.token('chair'),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, data: { intact: true, commands: 3, firstBadSeq: null } });
    const digest = (ok.body as { data: { digest: string; recomputed: string } }).data.digest;
    expect((ok.body as { data: { recomputed: string } }).data.recomputed).toBe(digest);

    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    // What the CLI said goes into the failure message: an exit code alone does not explain itself.
    expect(
      await runCli(['verify', '--data-dir', demo.ts.dataDir, '--expect', digest, '--', demo.meeting.id], io),
      lines.join('\n'),
    ).toBe(0);
    expect(lines.join('\n')).toContain('intact, and the digest matches');
    expect(
      await runCli(['verify', '--data-dir', demo.ts.dataDir, '--expect', '0'.repeat(64), '--', demo.meeting.id], io),
    ).toBe(1);
    expect(await runCli(['verify', 'no-such-meeting', '--data-dir', demo.ts.dataDir], io)).toBe(2);

    // Someone with the database file changes what the second command was.
    const db = new Database(databaseFile(defaultConfig({ dataDir: demo.ts.dataDir })));
    db.prepare('UPDATE commands SET at = at + 1 WHERE meeting_id = ? AND seq = 2').run(demo.meeting.id);
    db.close();

    const bad = await requestJson(demo.ts, `/api/meetings/${demo.meeting.id}/verify`, { token: ADMIN_TOKEN });
    expect(bad.body).toMatchObject({ ok: true, data: { intact: false, firstBadSeq: 2, problem: 'hash', digest } });
    lines.length = 0;
    expect(await runCli(['verify', '--data-dir', demo.ts.dataDir, '--', demo.meeting.id], io)).toBe(1);
    expect(lines.join('\n')).toContain('NOT INTACT: row 2');
    // The minutes say so too.
    const md = await download(minutesPath('md', 'en'), demo.meeting.token('secretariat'));
    expect(md.intact).toBe('false');
    expect(new TextDecoder().decode(md.body)).toContain('The log does NOT match its hash chain');
  });

  it('exports minutes from the store with the CLI, without the server', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    const lines: string[] = [];
    const out = `${demo.ts.dataDir}/minutes.md`;
    const code = await runCli(
      ['minutes', '--format', 'md', '--lang', 'ru', '--out', out, '--data-dir', demo.ts.dataDir, '--', demo.meeting.id],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect(code, lines.join('\n')).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toContain('Совещание руководителей таможенных служб региона Европы ВТамО');
  });
});
