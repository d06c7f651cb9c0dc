import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meetingDefinitionSchema, type Principal } from '@rostrum/core';
import { demoMeeting } from '../src/tools/demo.js';
import { invitesFor, newId } from '../src/room/invites.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { CommandRecord, CommitIds, InviteRecord, MeetingStore, StoredFile } from '../src/store/types.js';
import { verifyLog } from '../src/store/verify.js';

/**
 * One contract for every store: the same cases run against SQLite always, and against
 * PostgreSQL when TEST_DATABASE_URL is set (`npm run test:cluster` starts one and sets it).
 * Meeting ids and setting keys are fresh per case, so a shared database needs no cleaning.
 */
type Backend = { name: string; open: () => Promise<MeetingStore>; cleanup?: () => void };

const dir = mkdtempSync(join(tmpdir(), 'rostrum-store-contract-'));
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

function principal(meetingId: string, delegationId: string | null = 'AZ'): Principal {
  return {
    meetingId,
    inviteId: `inv-${delegationId ?? 'chair'}`,
    role: delegationId ? 'delegate' : 'chair',
    delegationId,
    presenterId: null,
  };
}

function command(
  meetingId: string,
  commandId: string,
  at: number,
  payload: Record<string, unknown> = {},
): CommandRecord {
  return {
    commandId,
    principal: principal(meetingId),
    type: 'queue.request',
    payload: { id: commandId, type: 'queue.request', ...payload },
    result: { revision: at, at },
    at,
  };
}

/** A meeting document with one text change per update, and the updates it made. */
function updates(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < count; i++) doc.getMap('meta').set(`k${i}`, i);
  return { doc, updates: out };
}

/** A stored file of `size` bytes with a recognisable pattern (every byte value occurs). */
function file(meetingId: string, id: string, name: string, size: number, kind: 'pdf' | 'docx' = 'pdf'): StoredFile {
  const data = Uint8Array.from({ length: size }, (_, i) => (i * 7 + size) % 256);
  return { id, meetingId, name, kind, size, sha256: 'ab'.repeat(32), uploadedBy: 'inv-sec', createdAt: 1000, data };
}

/** A batch committed the way the server commits one: through the transaction of the meeting's lock. */
function commit(
  store: MeetingStore,
  meetingId: string,
  commands: CommandRecord[],
  update: Uint8Array | null = null,
  invites: InviteRecord[] = [],
): Promise<CommitIds> {
  return store.withMeetingLock(meetingId, (tx) => tx.commitBatch(commands, update, 'meeting', invites));
}

async function createMeeting(store: MeetingStore, initial: Uint8Array = new Uint8Array([0, 0])): Promise<string> {
  const id = newId(6);
  await store.createMeeting({ id, definition, createdAt: 1000 }, invitesFor(id, definition, 1000, 60_000), initial);
  return id;
}

for (const backend of backends) {
  describe(`store contract: ${backend.name}`, () => {
    let store: MeetingStore;
    beforeAll(async () => {
      store = await backend.open();
    });
    afterAll(async () => {
      await store.close();
      backend.cleanup?.();
    });

    it('keeps settings; the first value wins when two nodes create one', async () => {
      const key = `k-${newId()}`;
      expect(await store.getSetting(key)).toBeNull();
      expect(await store.setSettingIfAbsent(key, 'a')).toBe('a');
      expect(await store.setSettingIfAbsent(key, 'b')).toBe('a');
      expect(await store.getSetting(key)).toBe('a');
      const fresh = `k-${newId()}`;
      const [x, y] = await Promise.all([store.setSettingIfAbsent(fresh, 'x'), store.setSettingIfAbsent(fresh, 'y')]);
      expect(x).toBe(y);
      expect(await store.getSetting(fresh)).toBe(x);
    });

    it('stores meetings and invites; a revocation keeps its first time', async () => {
      const id = await createMeeting(store);
      expect(await store.getMeeting(id)).toEqual({ id, definition, createdAt: 1000 });
      expect((await store.listMeetings()).map((m) => m.id)).toContain(id);
      expect(await store.getMeeting('nope')).toBeNull();
      const invites = await store.listInvites(id);
      expect(invites).toEqual(invitesFor(id, definition, 1000, 60_000).map((i, n) => ({ ...i, id: invites[n]?.id })));
      const first = invites[0];
      if (!first) throw new Error('no invites');
      await store.revokeInvite(first.id, 5);
      await store.revokeInvite(first.id, 9);
      expect(await store.getInvite(first.id)).toEqual({ ...first, revokedAt: 5 });
      const extra = { ...first, id: newId(), revokedAt: null };
      await store.addInvite(extra);
      expect((await store.listInvites(id)).at(-1)).toEqual(extra);
    });

    it('commits commands and their update together, hash-chained, and reads them back from any seq', async () => {
      const id = await createMeeting(store);
      const { updates: us } = updates(2);
      const [u1, u2] = us;
      if (!u1 || !u2) throw new Error('no updates');
      expect((await commit(store, id, [command(id, 'a', 1), command(id, 'b', 2)], u1)).seq).toBe(2);
      const ids = await store.withMeetingLock(id, (tx) => tx.commitBatch([command(id, 'c', 3)], u2, 'meeting'));
      expect(ids.seq).toBe(3);
      const log = await store.listCommands(id);
      expect(log.map((c) => [c.seq, c.commandId])).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]);
      expect(log[0]).toMatchObject({
        principal: principal(id),
        payload: { id: 'a', type: 'queue.request' },
        result: { revision: 1, at: 1 },
        at: 1,
      });
      expect(verifyLog(log).intact).toBe(true);
      expect((await store.commandsSince(id, 2)).map((c) => c.commandId)).toEqual(['c']);
      const stored = await store.updatesSince(id, 'meeting', 0);
      expect(stored.map((u) => Array.from(u.data))).toEqual([[0, 0], Array.from(u1), Array.from(u2)]);
      expect(stored.at(-1)?.id).toBe(ids.updateId);
      expect(stored.map((u) => u.id)).toEqual([...stored.map((u) => u.id)].sort((a, b) => a - b));
      expect(await store.updatesSince(id, 'meeting', ids.updateId ?? 0)).toEqual([]);
    });

    it('stores nothing of a batch that fails (a reused command id)', async () => {
      const id = await createMeeting(store);
      expect(await commit(store, id, [command(id, 'a', 1)])).toEqual({ seq: 1, updateId: null });
      await expect(
        commit(store, id, [command(id, 'b', 2), command(id, 'a', 3)], new Uint8Array([0, 0])),
      ).rejects.toThrow();
      expect((await store.listCommands(id)).map((c) => c.commandId)).toEqual(['a']);
      expect(await store.updatesSince(id, 'meeting', 0)).toHaveLength(1);
      // The chain goes on from the last stored row.
      expect((await commit(store, id, [command(id, 'b', 4)])).seq).toBe(2);
      expect(verifyLog(await store.listCommands(id))).toMatchObject({ intact: true, commands: 2 });
    });

    it('stores the invites a batch created with it, or none of them when the batch fails', async () => {
      const id = await createMeeting(store);
      const known = (await store.listInvites(id)).length;
      const invite = (delegationId: string): InviteRecord => ({
        id: newId(),
        meetingId: id,
        role: 'delegate',
        delegationId,
        presenterId: null,
        seat: 'head',
        label: delegationId,
        createdAt: 2000,
        expiresAt: 62_000,
        revokedAt: null,
      });
      await commit(store, id, [command(id, 'a', 1)], null, [invite('late')]);
      await commit(store, id, [command(id, 'b', 2)], null, [invite('later')]);
      expect((await store.listInvites(id)).slice(known).map((i) => i.delegationId)).toEqual(['late', 'later']);
      await expect(commit(store, id, [command(id, 'a', 3)], null, [invite('never')])).rejects.toThrow();
      expect((await store.listInvites(id)).map((i) => i.delegationId)).not.toContain('never');
    });

    it('compacts a document into one update at the last id it replaces; later updates stay', async () => {
      const { doc, updates: us } = updates(6);
      const id = await createMeeting(store, us[0] ?? new Uint8Array([0, 0]));
      await store.withMeetingLock(id, async (tx) => {
        for (const u of us.slice(1, 5)) await tx.appendUpdate('meeting', u);
      });
      const before = await store.updatesSince(id, 'meeting', 0);
      const upTo = before[3]?.id;
      if (upTo === undefined) throw new Error('too few updates');
      const partial = new Y.Doc();
      for (const u of before.slice(0, 4)) Y.applyUpdate(partial, u.data);
      await store.withMeetingLock(id, (tx) => tx.compactUpTo('meeting', Y.encodeStateAsUpdate(partial), upTo));
      const last = us[5];
      if (!last) throw new Error('no update');
      const lastId = await store.withMeetingLock(id, (tx) => tx.appendUpdate('meeting', last));
      const after = await store.updatesSince(id, 'meeting', 0);
      expect(after.map((u) => u.id)).toEqual([upTo, before[4]?.id, lastId]);
      const rebuilt = new Y.Doc();
      for (const u of after) Y.applyUpdate(rebuilt, u.data);
      expect(rebuilt.getMap('meta').toJSON()).toEqual(doc.getMap('meta').toJSON());
      // A node that had read up to an id inside the compacted range gets the merged update again.
      expect((await store.updatesSince(id, 'meeting', before[1]?.id ?? 0)).map((u) => u.id)).toEqual([
        upTo,
        before[4]?.id,
        lastId,
      ]);
      // The notes document is apart.
      expect(await store.loadUpdates(id, 'notes')).toEqual([]);
    });

    it('keeps attendance in order', async () => {
      const id = await createMeeting(store);
      await store.appendAttendance(id, [
        { delegationId: 'AZ', kind: 'join', at: 1 },
        { delegationId: 'UZ', kind: 'join', at: 2 },
      ]);
      await store.appendAttendance(id, [{ delegationId: 'AZ', kind: 'leave', at: 3 }]);
      expect(await store.listAttendance(id)).toEqual([
        { delegationId: 'AZ', kind: 'join', at: 1 },
        { delegationId: 'UZ', kind: 'join', at: 2 },
        { delegationId: 'AZ', kind: 'leave', at: 3 },
      ]);
    });

    it("keeps uploaded files with their meeting, byte for byte, within the meeting's limits", async () => {
      const [id, other] = [await createMeeting(store), await createMeeting(store)];
      const limits = { maxCount: 3, maxTotalBytes: 1000 };
      const pdf = file(id, 'f1', 'Отчёт РБСП.pdf', 400);
      expect(await store.addFile(pdf, limits)).toMatchObject({ ok: true });
      expect(await store.getFile(id, 'f1')).toEqual(pdf);
      // Another meeting's file id is unknown here.
      expect(await store.getFile(other, 'f1')).toBeNull();
      expect(await store.getFile(id, 'nope')).toBeNull();
      expect(await store.addFile(file(id, 'f2', 'b.docx', 500, 'docx'), limits)).toMatchObject({ ok: true });
      // 400 + 500 + 200 > 1000: refused, and nothing is stored.
      expect(await store.addFile(file(id, 'f3', 'c.pdf', 200), limits)).toEqual({ ok: false, reason: 'too_large' });
      expect(await store.addFile(file(id, 'f3', 'c.pdf', 100), limits)).toMatchObject({ ok: true });
      expect(await store.addFile(file(id, 'f4', 'd.pdf', 1), limits)).toEqual({ ok: false, reason: 'too_many' });
      const { data: _bytes, ...meta } = pdf;
      expect(await store.listFiles(id)).toEqual([
        meta,
        expect.objectContaining({ id: 'f2', kind: 'docx', size: 500 }),
        expect.objectContaining({ id: 'f3' }),
      ]);
      expect(await store.listFiles(other)).toEqual([]);
      // The same id in another meeting is another file.
      expect(await store.addFile(file(other, 'f1', 'x.pdf', 10), limits)).toMatchObject({ ok: true });
      expect((await store.getFile(id, 'f1'))?.size).toBe(400);
    });

    it('lets concurrent uploads to one meeting pass its limits together no more than once', async () => {
      const id = await createMeeting(store);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.addFile(file(id, `c${i}`, `${i}.pdf`, 100), { maxCount: 4, maxTotalBytes: 10_000 }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(4);
      expect(await store.listFiles(id)).toHaveLength(4);
    });

    it('stores the same bytes, name and kind once, even when they arrive at the same time', async () => {
      const id = await createMeeting(store);
      const limits = { maxCount: 10, maxTotalBytes: 10_000 };
      const results = await Promise.all(
        ['d1', 'd2', 'd3'].map((fid) => store.addFile(file(id, fid, 'report.pdf', 300), limits)),
      );
      const kept = results.map((r) => (r.ok ? r.stored.id : null));
      expect(new Set(kept).size).toBe(1);
      expect(await store.listFiles(id)).toHaveLength(1);
      // Another name is another file.
      expect(await store.addFile(file(id, 'd4', 'report-ru.pdf', 300), limits)).toMatchObject({
        ok: true,
        stored: { id: 'd4' },
      });
    });

    it.runIf(backend.name === 'postgres')('serialises the lock holders of one meeting, not of two', async () => {
      const [a, b] = [await createMeeting(store), await createMeeting(store)];
      const events: string[] = [];
      const hold = (meetingId: string, name: string) =>
        store.withMeetingLock(meetingId, async (tx) => {
          events.push(`${name}:in`);
          await tx.commandsSince(0);
          await new Promise((r) => setTimeout(r, 150));
          events.push(`${name}:out`);
        });
      await Promise.all([hold(a, 'a1'), hold(a, 'a2'), hold(b, 'b1')]);
      const a1 = events.indexOf('a1:in');
      const a2 = events.indexOf('a2:in');
      const [firstA, secondA] = a1 < a2 ? ['a1', 'a2'] : ['a2', 'a1'];
      expect(events.indexOf(`${secondA}:in`)).toBeGreaterThan(events.indexOf(`${firstA}:out`));
      // The other meeting's holder did not wait for both of the first.
      expect(events.indexOf('b1:in')).toBeLessThan(events.indexOf(`${secondA}:in`));
    });

    it.runIf(backend.name === 'postgres')('two writers extend one chain without a gap or a fork', async () => {
      const other = await backend.open();
      try {
        const id = await createMeeting(store);
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            commit(i % 2 === 0 ? store : other, id, [command(id, `c${i}`, i)], new Uint8Array([0, 0])),
          ),
        );
        const log = await store.listCommands(id);
        expect(log.map((c) => c.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(verifyLog(log).intact).toBe(true);
      } finally {
        await other.close();
      }
    });
  });
}
