import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LANGUAGES, LEGACY_LANGUAGES, readNotes, yjsRoom, type Lang } from '@rostrum/core';
import { docLayouts, MEETING_DOC_LAYOUT, NOTES_DOC_LAYOUT } from '@rostrum/core/server';
import { buildMinutes, renderMinutes } from '@rostrum/minutes';
import { createServer } from '../src/app.js';
import { minutesInput } from '../src/minutes/input.js';
import { MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION } from '../src/store/migrations.js';
import { verifyLog } from '../src/store/verify.js';
import {
  Cleanup,
  commandId,
  connectErrorCode,
  connectSocket,
  freshDataDir,
  mustCommand,
  restartServer,
  room,
  sendCommand,
  startManagedServer,
  stopServer,
  waitFor,
  yClient,
  type TestServer,
} from './harness.js';
import { FIXTURE_MINUTES_AT, fixtureNotesName, type FixtureExpectations } from './upgrade/fixture-format.js';

/**
 * Every release's fixture (test/upgrade/make-fixture.ts: a meeting played by that release's
 * server) loads in this release: the same state, ballots, notes, log digest and minutes; old
 * links still open, the revoked one does not; new commands work; a backup is written first.
 */
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'upgrade', 'fixtures');
const releases = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'expected.json')));

/** The ballots by poll, polls without any left out (in memory a poll opened empty has an entry; replayed from the log it has none). */
function castBallots(ballots: unknown): unknown {
  const byPoll = JSON.parse(JSON.stringify(ballots)) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(byPoll).filter(([, b]) => Object.keys(b).length > 0));
}

const expectedOf = (release: string) =>
  JSON.parse(readFileSync(join(FIXTURES, release, 'expected.json'), 'utf8')) as FixtureExpectations;

let cleanup = new Cleanup();
afterEach(async () => {
  await cleanup.run();
  cleanup = new Cleanup();
});

/** The languages a fixture's meeting is held in: a release before meetings had their own, English and Russian. */
function fixtureLanguages(expected: FixtureExpectations): Lang[] {
  const meta = (expected.state as { meta: { languages?: Lang[] } }).meta;
  return meta.languages ?? [...LEGACY_LANGUAGES];
}

/** The fixture's state as this release reads it: the same, with the languages it was held in. */
function stateAsRead(expected: FixtureExpectations): unknown {
  const state = expected.state as { meta: Record<string, unknown> };
  // Read with the defaults of fields added since (no interpretation links in older meetings).
  return { ...state, meta: { interpretationLinks: {}, ...state.meta, languages: fixtureLanguages(expected) } };
}

/**
 * The fixture's data in a fresh data folder: its SQLite file, or on PostgreSQL (the cluster run)
 * the same rows in a new database at that release's schema (migrations up to the fixture's).
 * `addRows`: rows written into the copy first, as that release's clients would have.
 */
async function fixtureServer(release: string, addRows?: (db: Database.Database) => void): Promise<TestServer> {
  const dataDir = freshDataDir(cleanup);
  const copy = readableCopy(release);
  if (addRows) {
    const db = new Database(copy);
    try {
      addRows(db);
    } finally {
      db.close();
    }
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    copyFileSync(copy, join(dataDir, 'rostrum.sqlite'));
    return startManagedServer(cleanup, dataDir, { databaseUrl: null });
  }
  const databaseUrl = await postgresCopyOf(copy, admin, dataDir);
  return startManagedServer(cleanup, dataDir, { databaseUrl });
}

/**
 * A copy of a fixture's file to read: opening a WAL database, even read-only, writes its
 * -shm/-wal files beside it, and the committed fixture must stay as the release left it.
 */
function readableCopy(release: string): string {
  const file = join(freshDataDir(cleanup), 'fixture.sqlite');
  copyFileSync(join(FIXTURES, release, 'rostrum.sqlite'), file);
  return file;
}

/** Tables in an order that keeps foreign keys satisfied, with the columns both dialects share. */
const TABLES = ['settings', 'meetings', 'invites', 'commands', 'doc_updates', 'attendance', 'files'] as const;

async function postgresCopyOf(sqliteFile: string, admin: string, dataDir: string): Promise<string> {
  const name = `rostrum_upgrade_${Buffer.from(dataDir).toString('hex').slice(-16)}`;
  const server = new pg.Client({ connectionString: admin });
  await server.connect();
  await server.query(`CREATE DATABASE ${name}`);
  await server.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const source = new Database(sqliteFile, { readonly: true });
  const version = fixtureSchemaVersion(source);
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    for (const m of MIGRATIONS.filter((m) => m.version <= version)) await c.query(m.postgres);
    // A versioned release's server recorded its migrations there as well (0.1.0 had no such table).
    if (version > 1) {
      await c.query(MIGRATIONS_TABLE);
      const taken = source.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
      for (const row of taken as Array<{ version: number; name: string; applied_at: number }>)
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          row.version,
          row.name,
          row.applied_at,
        ]);
    }
    for (const table of TABLES) {
      const rows = source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Array<Record<string, unknown>>;
      for (const row of rows) {
        const cols = Object.keys(row);
        await c.query(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          Object.values(row),
        );
      }
    }
    for (const table of ['doc_updates', 'attendance'])
      await c.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
  } finally {
    await c.end();
    source.close();
  }
  return url.toString();
}

/** The schema version of a fixture file (release 0.1.0 has no schema_migrations table: 1). */
function fixtureSchemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (table === undefined) return 1;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number };
  return row.v;
}

describe.each(releases)('a database of release %s', (release) => {
  const expected = expectedOf(release);

  it('loads with the same record, log digest and minutes, and a backup of the file as it was', async () => {
    const ts = await fixtureServer(release);
    const r = room(ts, expected.meetingId);
    // Compared as JSON: what was written is what is read.
    expect(JSON.parse(JSON.stringify(r.state))).toEqual(stateAsRead(expected));
    expect(castBallots(r.secret.ballots)).toEqual(castBallots(expected.ballots));
    expect(r.notesDoc.doc.getText(fixtureNotesName(expected, 'opening')).toString()).toBe(expected.notes.opening);
    expect(r.notesDoc.doc.getText(fixtureNotesName(expected, 'uz-lab')).toString()).toBe(expected.notes['uz-lab']);
    const rows = await ts.server.store.listCommands(expected.meetingId);
    const verification = verifyLog(rows);
    expect(verification).toMatchObject({ intact: true, commands: expected.log.commands, digest: expected.log.digest });
    expect(rows.map((c) => c.commandId)).toEqual(expected.log.commandIds);
    // Before anyone connects (connections are attendance, which the minutes list).
    const { input } = await minutesInput(
      ts.server.store,
      expected.meetingId,
      { state: r.state, notes: r.notesDoc.doc },
      FIXTURE_MINUTES_AT,
    );
    expect(new TextDecoder().decode((await renderMinutes(buildMinutes(input), 'md', ['en'])).body)).toBe(
      expected.minutesMd.en,
    );
    expect(docLayouts(r.meetingDoc.doc)).toEqual({ meeting: MEETING_DOC_LAYOUT, notes: NOTES_DOC_LAYOUT });

    const migration = ts.server.store.migration;
    const fixtureFile = new Database(readableCopy(release), { readonly: true });
    const fixtureVersion = fixtureSchemaVersion(fixtureFile);
    fixtureFile.close();
    expect(migration).toMatchObject({
      from: fixtureVersion,
      to: SCHEMA_VERSION,
      applied: MIGRATIONS.filter((m) => m.version > fixtureVersion).map((m) => m.version),
    });
    if (!process.env.TEST_DATABASE_URL) {
      // One copy per start, made before the first change: the schema's migration or the documents' upgrade.
      expect(migration.backup).not.toBeNull();
      expect(readdirSync(ts.dataDir).filter((f) => f.includes('-backup-'))).toHaveLength(1);
      const backup = new Database(migration.backup ?? '', { readonly: true });
      cleanup.add(backup, (b) => void b.close());
      // The copy is the database as the release left it: same log, old schema.
      expect(fixtureSchemaVersion(backup)).toBe(migration.from);
      expect((backup.prepare('SELECT COUNT(*) AS n FROM commands').get() as { n: number }).n).toBe(
        expected.log.commands,
      );
    }
  });

  it('keeps old links valid and the revoked one refused; new commands work; a retry of a logged command returns its first result', async () => {
    const ts = await fixtureServer(release);
    const chair = await connectSocket(cleanup, ts, expected.tokens.chair);
    const uz = await connectSocket(cleanup, ts, expected.tokens.delegateUz);
    await expect(connectSocket(cleanup, ts, expected.tokens.revokedObserver)).rejects.toSatisfy(
      (err: unknown) => connectErrorCode(err) === 'unauthorized',
    );
    const delegateDoc = await yClient(cleanup, ts, expected.meetingId, expected.tokens.delegateUz);
    const notes = await yClient(cleanup, ts, yjsRoom.notes(expected.meetingId), expected.tokens.secretariat);
    expect(notes.doc.getText(fixtureNotesName(expected, 'opening')).toString()).toBe(expected.notes.opening);

    // The first logged command, sent again by its sender with its id: the first result, nothing changes.
    const [first] = await ts.server.store.listCommands(expected.meetingId);
    if (!first) throw new Error('empty log');
    const before = room(ts, expected.meetingId).state.meta.revision;
    const retry = await sendCommand(chair, { id: first.commandId, ...(first.payload as Record<string, unknown>) });
    expect(retry).toEqual({ ok: true, data: first.result });
    expect(room(ts, expected.meetingId).state.meta.revision).toBe(before);

    // The open poll takes a ballot and closes; the agenda moves on; the delegate's document follows.
    await mustCommand(uz, { type: 'poll.vote', pollId: expected.openPollId, choice: 'support' });
    await mustCommand(chair, { type: 'poll.close', pollId: expected.openPollId });
    const moved = await mustCommand(chair, { type: 'agenda.next' });
    await waitFor(
      () => delegateDoc.doc.getMap('meta').get('revision') === moved.revision,
      3000,
      'the delegate to see the new revision',
    );
    expect(room(ts, expected.meetingId).state.votes.polls[expected.openPollId]?.status).toBe('closed');

    // After another restart: nothing migrates again, the log still verifies, the new commands are kept.
    const again = await restartServer(cleanup, ts, { databaseUrl: ts.server.config.databaseUrl });
    expect(again.server.store.migration.applied).toEqual([]);
    // Nothing to migrate or upgrade any more: no copy made.
    expect(again.server.store.migration.backup).toBeNull();
    const rows = await again.server.store.listCommands(expected.meetingId);
    expect(verifyLog(rows).intact).toBe(true);
    expect(rows.length).toBe(expected.log.commands + 3);
    expect(rows.slice(0, expected.log.commands).at(-1)?.hash).toBe(expected.log.digest);
    expect(docLayouts(room(again, expected.meetingId).meetingDoc.doc).meeting).toBe(MEETING_DOC_LAYOUT);
  });

  it('is held in the languages it was written in, its notes stay the original language’s, and texts take translations', async () => {
    const languages = fixtureLanguages(expected);
    const [original, second] = languages;
    if (!original || !second) throw new Error('a fixture meeting of two languages is expected');
    // The web writes notes as `item:<itemId>` (`notesTextName` since release 0.1.0). The makers of
    // 0.1.0's and 0.2.0's fixtures wrote names of their own: notes as that web stored them are
    // added to the copy. From 0.3.0 on the fixture's own notes are the web's.
    const makerWroteWebNames = fixtureNotesName(expected, 'opening') === 'item:opening';
    const webNotes = makerWroteWebNames
      ? expected.notes
      : { opening: 'Opened at 10:00 by the Vice-Chair.', 'uz-lab': 'The Meeting noted the proposal.' };
    const ts = await fixtureServer(
      release,
      makerWroteWebNames
        ? undefined
        : (db) => {
            const written = new Y.Doc();
            for (const [itemId, text] of Object.entries(webNotes)) written.getText(`item:${itemId}`).insert(0, text);
            db.prepare('INSERT INTO doc_updates (meeting_id, doc, data) VALUES (?, ?, ?)').run(
              expected.meetingId,
              'notes',
              Buffer.from(Y.encodeStateAsUpdate(written)),
            );
          },
    );
    const r = room(ts, expected.meetingId);
    expect(r.state.meta.languages).toEqual(languages);
    if (expected.release === '0.1.0' || expected.release === '0.2.0') expect(languages).toEqual(['en', 'ru']);
    const itemIds = Object.keys(webNotes);
    expect(readNotes(r.notesDoc.doc, itemIds, original, languages)).toEqual(webNotes);
    // Nothing was written in the other language: its notes start empty, never a copy.
    expect(readNotes(r.notesDoc.doc, itemIds, second, languages)).toEqual({ opening: '', 'uz-lab': '' });

    // The Yjs document a client reads says the languages too.
    const delegateDoc = await yClient(cleanup, ts, expected.meetingId, expected.tokens.delegateUz);
    expect(delegateDoc.doc.getMap('meta').get('languages')).toEqual(languages);

    // A translation corrected on the upgraded meeting: the other language changes, the original stays.
    const chair = await connectSocket(cleanup, ts, expected.tokens.chair);
    const titleBefore = r.state.agenda.items['aob']?.title;
    if (!titleBefore?.[original]) throw new Error('the fixture has no "aob" item in its original language');
    const translated = await mustCommand(chair, {
      type: 'text.translate',
      target: { kind: 'item.title', itemId: 'aob' },
      lang: second,
      text: 'Разное (прочие вопросы)',
    });
    expect(room(ts, expected.meetingId).state.agenda.items['aob']?.title).toEqual({
      ...titleBefore,
      [second]: 'Разное (прочие вопросы)',
    });
    await waitFor(
      () => delegateDoc.doc.getMap('meta').get('revision') === translated.revision,
      3000,
      'the delegate to see the translation',
    );
    // A language the meeting does not have is refused until it is added.
    const missing = LANGUAGES.find((l) => !languages.includes(l));
    if (!missing) throw new Error('the fixture meeting has every language');
    const refused = await sendCommand(chair, {
      id: commandId(),
      type: 'text.translate',
      target: { kind: 'item.title', itemId: 'aob' },
      lang: missing,
      text: 'Divers',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'language_not_in_meeting' } });
    await mustCommand(chair, { type: 'meeting.addLanguage', lang: missing });
    await mustCommand(chair, {
      type: 'text.translate',
      target: { kind: 'item.title', itemId: 'aob' },
      lang: missing,
      text: 'Divers',
    });
    expect(room(ts, expected.meetingId).state.meta.languages).toEqual([...languages, missing]);
    expect(room(ts, expected.meetingId).state.agenda.items['aob']?.title?.[missing]).toBe('Divers');
  });
});

describe('schema versions', () => {
  it.skipIf(process.env.TEST_DATABASE_URL !== undefined)(
    'refuses to start on a database newer than this release, and leaves it as it was',
    async () => {
      const dataDir = freshDataDir(cleanup);
      const file = join(dataDir, 'rostrum.sqlite');
      copyFileSync(join(FIXTURES, releases[0] ?? '', 'rostrum.sqlite'), file);
      await stopServer(await startManagedServer(cleanup, dataDir, { databaseUrl: null }));
      const db = new Database(file);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        SCHEMA_VERSION + 1,
        'from the future',
        Date.now(),
      );
      const count = (db.prepare('SELECT COUNT(*) AS n FROM commands').get() as { n: number }).n;
      db.close();
      const backups = () => readdirSync(dataDir).filter((f) => f.includes('backup')).length;
      const backupsBefore = backups();
      await expect(
        createServer({ port: 0, dataDir, logLevel: 'silent', adminToken: 'a', tokenSecret: 'b' }),
      ).rejects.toThrow(/newer than this release/);
      const after = new Database(file, { readonly: true });
      expect((after.prepare('SELECT COUNT(*) AS n FROM commands').get() as { n: number }).n).toBe(count);
      after.close();
      expect(backups()).toBe(backupsBefore);
    },
  );
});
