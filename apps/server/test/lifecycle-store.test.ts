import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingDefinitionSchema } from '@rostrum/core';
import { demoMeeting } from '../src/tools/demo.js';
import { invitesFor, newId } from '../src/room/invites.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { CommandRecord } from '../src/store/types.js';
import { verifyLog } from '../src/store/verify.js';

/**
 * The meetings' lifecycle in the store (migration 4's columns, lifecycle-types.ts): archiving,
 * export stamps and deletion of every row of one meeting. SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (the cluster run). Ids are fresh per case: a shared database needs no cleaning.
 */
type Backend = { name: string; open: () => Promise<SqliteStore | PostgresStore>; cleanup?: () => void };

const dir = mkdtempSync(join(tmpdir(), 'rostrum-lifecycle-store-'));
const backends: Backend[] = [
  {
    name: 'sqlite',
    open: async () => new SqliteStore(join(dir, `${newId()}.sqlite`)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  },
];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) backends.push({ name: 'postgres', open: () => PostgresStore.connect(pgUrl) });

const definition = meetingDefinitionSchema.parse(demoMeeting());

function command(meetingId: string, commandId: string, at: number): CommandRecord {
  return {
    commandId,
    principal: { meetingId, inviteId: 'inv-chair', role: 'chair', delegationId: null, presenterId: null },
    type: 'meeting.open',
    payload: { id: commandId, type: 'meeting.open' },
    result: { revision: at, at },
    at,
  };
}

for (const backend of backends) {
  describe(`meeting lifecycle store: ${backend.name}`, () => {
    let store: SqliteStore | PostgresStore;
    const account = newId();
    beforeAll(async () => {
      store = await backend.open();
      await store.staff.addAccount({
        id: account,
        email: `${account}@example.org`.toLowerCase(),
        name: 'Secretariat',
        role: 'secretariat',
        passwordHash: null,
        createdBy: null,
        createdAt: 1,
        disabledAt: null,
      });
    });
    afterAll(async () => {
      await store.close();
      backend.cleanup?.();
    });

    /** A meeting with rows in every table of a meeting. */
    async function fullMeeting(id = newId(6)): Promise<string> {
      const invites = invitesFor(id, definition, 1000, 60_000);
      await store.createMeeting({ id, definition, createdAt: 1000 }, invites, new Uint8Array([0, 0]));
      await store.withMeetingLock(id, (tx) =>
        tx.commitBatch([command(id, 'open-1', 2000), command(id, 'open-2', 2001)], new Uint8Array([0, 0]), 'meeting'),
      );
      await store.withMeetingLock(id, (tx) => tx.appendUpdate('notes', new Uint8Array([0, 0])));
      await store.appendAttendance(id, [{ delegationId: 'uz', kind: 'join', at: 2100 }]);
      const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
      await store.addFile(
        {
          id: newId(),
          meetingId: id,
          name: 'a.pdf',
          kind: 'pdf',
          size: pdf.byteLength,
          sha256: 'x'.repeat(64),
          uploadedBy: null,
          createdAt: 2200,
          data: pdf,
        },
        { maxCount: 10, maxTotalBytes: 1_000_000 },
      );
      await store.participants.upsertParticipant({
        id: newId(),
        meetingId: id,
        seatKey: 'chair',
        delegationId: null,
        name: 'Chair',
        title: '',
        email: null,
        language: 'en',
        enteredBy: 'secretariat',
        createdAt: 1000,
        updatedAt: 1000,
        mailStatus: 'none',
        mailError: null,
        mailAttempts: 0,
        mailedAt: null,
      });
      await store.staff.addManager(id, account, 1000);
      return id;
    }

    it('archives and unarchives; stamps exports; nothing for an unknown meeting', async () => {
      const id = await fullMeeting();
      const life = store.lifecycle;
      expect(await life.lifecycle(id)).toEqual({ archivedAt: null, minutesExportedAt: null, recordExportedAt: null });
      expect(await life.setArchived(id, 5000)).toBe(true);
      await life.markExported(id, 'minutes', 6000);
      await life.markExported(id, 'record', 6500);
      await life.markExported(id, 'minutes', 7000);
      expect(await life.lifecycle(id)).toEqual({ archivedAt: 5000, minutesExportedAt: 7000, recordExportedAt: 6500 });
      expect((await life.lifecycles()).get(id)?.archivedAt).toBe(5000);
      expect(await life.setArchived(id, null)).toBe(true);
      expect((await life.lifecycle(id))?.archivedAt).toBeNull();
      expect(await life.setArchived('nope', 1)).toBe(false);
      expect(await life.lifecycle('nope')).toBeNull();
    });

    it('deletes every row of one meeting in every table, and no row of another', async () => {
      const id = await fullMeeting();
      const other = await fullMeeting();
      const counts = await store.lifecycle.deletionCounts(id);
      expect(counts).toEqual({
        commands: 2,
        files: 1,
        links: invitesFor(id, definition, 1000, 60_000).length,
        participants: 1,
        managers: 1,
        docUpdates: 3,
        attendance: 1,
      });
      const otherBefore = await store.lifecycle.deletionCounts(other);

      expect(await store.lifecycle.deleteMeeting(id)).toEqual(counts);
      expect(await store.getMeeting(id)).toBeNull();
      expect(Object.values(await store.lifecycle.deletionCounts(id))).toEqual([0, 0, 0, 0, 0, 0, 0]);
      const managed = await store.staff.managedMeetings(account);
      expect(managed).toContain(other);
      expect(managed).not.toContain(id);
      expect(await store.lifecycle.deletionCounts(other)).toEqual(otherBefore);
      expect(await store.getMeeting(other)).not.toBeNull();
      expect(verifyLog(await store.listCommands(other)).intact).toBe(true);
      expect(await store.lifecycle.deleteMeeting(id)).toBeNull();
    });

    it('starts a fresh log for a meeting made again under a deleted id (no chain head left behind)', async () => {
      const id = await fullMeeting();
      await store.lifecycle.deleteMeeting(id);
      await fullMeeting(id);
      const log = await store.listCommands(id);
      expect(log.map((c) => c.seq)).toEqual([1, 2]);
      expect(verifyLog(log).intact).toBe(true);
    });
  });
}
