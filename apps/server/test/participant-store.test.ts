import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingDefinitionSchema } from '@rostrum/core';
import { demoMeeting } from '../src/tools/demo.js';
import { invitesFor, newId } from '../src/room/invites.js';
import type { ParticipantRecord, ParticipantStore } from '../src/store/participant-types.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';

/**
 * The participants store's contract (migration 4): the same cases against SQLite always, and
 * against PostgreSQL when TEST_DATABASE_URL is set (the cluster run). Meeting ids are fresh per
 * case, so a shared database needs no cleaning.
 */
type Opened = { store: SqliteStore | PostgresStore; participants: ParticipantStore };
type Backend = { name: string; open: () => Promise<Opened>; cleanup?: () => void };

const dir = mkdtempSync(join(tmpdir(), 'rostrum-participant-store-'));
const backends: Backend[] = [
  {
    name: 'sqlite',
    open: async () => {
      const store = new SqliteStore(join(dir, `${newId()}.sqlite`));
      return { store, participants: store.participants };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  },
];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl)
  backends.push({
    name: 'postgres',
    open: async () => {
      const store = await PostgresStore.connect(pgUrl);
      return { store, participants: store.participants };
    },
  });

const definition = meetingDefinitionSchema.parse(demoMeeting());

function person(meetingId: string, fields: Partial<ParticipantRecord> = {}): ParticipantRecord {
  return {
    id: newId(),
    meetingId,
    seatKey: null,
    delegationId: 'UZ',
    name: 'Dilnoza Karimova',
    title: 'Head of International Relations',
    email: 'd.karimova@customs.example',
    language: 'ru',
    enteredBy: 'secretariat',
    createdAt: 1000,
    updatedAt: 1000,
    mailStatus: 'none',
    mailError: null,
    mailAttempts: 0,
    mailedAt: null,
    ...fields,
  };
}

for (const backend of backends) {
  describe(`participant store: ${backend.name}`, () => {
    let opened: Opened;
    let store: ParticipantStore;
    beforeAll(async () => {
      opened = await backend.open();
      store = opened.participants;
    });
    afterAll(async () => {
      await opened.store.close();
      backend.cleanup?.();
    });

    async function meeting(): Promise<string> {
      const id = newId(6);
      await opened.store.createMeeting(
        { id, definition, createdAt: 1000 },
        invitesFor(id, definition, 1000, 60_000),
        new Uint8Array([0, 0]),
      );
      return id;
    }

    it('stores people by seat and extra people of a delegation; lists seats first; reads by id and by seat', async () => {
      const id = await meeting();
      const extra = person(id, { createdAt: 900, updatedAt: 900 });
      const head = person(id, { seatKey: 'delegate:UZ:head', name: 'Bakhodir Saidov', email: null, createdAt: 1100 });
      const chair = person(id, { seatKey: 'chair', delegationId: null, name: 'Safar Mehdiyev', title: '' });
      await store.upsertParticipant(extra);
      await store.upsertParticipant(head);
      await store.upsertParticipant(chair);
      expect(await store.listParticipants(id)).toEqual([chair, head, extra]);
      expect(await store.getParticipant(id, head.id)).toEqual(head);
      expect(await store.participantBySeat(id, 'delegate:UZ:head')).toEqual(head);
      expect(await store.participantBySeat(id, 'delegate:UZ:deputy')).toBeNull();
      // Another meeting sees none of them, not even by id.
      const other = await meeting();
      expect(await store.listParticipants(other)).toEqual([]);
      expect(await store.getParticipant(other, head.id)).toBeNull();
      expect(await store.participantBySeat(other, 'chair')).toBeNull();
    });

    it('updates by id, keeping the meeting and creation time; a seat holds one person; extra people repeat', async () => {
      const id = await meeting();
      const head = person(id, { seatKey: 'delegate:UZ:head' });
      await store.upsertParticipant(head);
      const edited = { ...head, title: 'Deputy Chairman', enteredBy: 'self' as const, updatedAt: 2000, createdAt: 5 };
      await store.upsertParticipant(edited);
      expect(await store.getParticipant(id, head.id)).toEqual({ ...edited, createdAt: 1000 });
      await expect(store.upsertParticipant(person(id, { seatKey: 'delegate:UZ:head' }))).rejects.toThrow();
      await store.upsertParticipant(person(id));
      await store.upsertParticipant(person(id));
      expect(await store.listParticipants(id)).toHaveLength(3);
      // An id of another meeting is left alone.
      const other = await meeting();
      await store.upsertParticipant({ ...head, meetingId: other, name: 'Intruder' });
      expect((await store.getParticipant(id, head.id))?.name).toBe(head.name);
      expect(await store.getParticipant(other, head.id)).toBeNull();
    });

    it('keeps the mail status through edits; a changed email resets it', async () => {
      const id = await meeting();
      const p = person(id, { seatKey: 'delegate:UZ:deputy' });
      await store.upsertParticipant(p);
      await store.setMailStatus(id, p.id, { status: 'failed', error: '550 no such user', attempts: 3, at: 4000 });
      const mailed = { mailStatus: 'failed', mailError: '550 no such user', mailAttempts: 3, mailedAt: 4000 };
      expect(await store.getParticipant(id, p.id)).toMatchObject(mailed);
      // An edit from a read made before the send does not undo it.
      await store.upsertParticipant({ ...p, title: 'Adviser', updatedAt: 5000 });
      expect(await store.getParticipant(id, p.id)).toMatchObject({ ...mailed, title: 'Adviser' });
      await store.upsertParticipant({ ...p, email: 'other@customs.example', updatedAt: 6000 });
      expect(await store.getParticipant(id, p.id)).toMatchObject({
        email: 'other@customs.example',
        mailStatus: 'none',
        mailError: null,
        mailAttempts: 0,
        mailedAt: null,
      });
      await store.setMailStatus(id, p.id, { status: 'sent', error: null, attempts: 1, at: 7000 });
      await store.upsertParticipant({ ...p, email: null, updatedAt: 8000 });
      expect(await store.getParticipant(id, p.id)).toMatchObject({ email: null, mailStatus: 'none' });
      // Another meeting's id changes nothing.
      await store.setMailStatus(await meeting(), p.id, { status: 'bounced', error: 'x', attempts: 9, at: 1 });
      expect((await store.getParticipant(id, p.id))?.mailStatus).toBe('none');
    });

    it('lets one of two claims made from the same read send, also at once', async () => {
      const id = await meeting();
      const p = person(id, { seatKey: 'delegate:UZ:head' });
      await store.upsertParticipant(p);
      const seen = { status: 'none' as const, at: null };
      // Two nodes read 'none' and claim the person at the same instant: one wins.
      const claims = await Promise.all([
        store.claimForSending(id, p.id, seen, 1000),
        store.claimForSending(id, p.id, seen, 1001),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.getParticipant(id, p.id)).toMatchObject({ mailStatus: 'sending', mailAttempts: 0 });
      // A claim from an older read (the status has moved on since) takes nobody.
      await store.setMailStatus(id, p.id, { status: 'failed', error: 'timeout', attempts: 3, at: 2000 });
      expect(await store.claimForSending(id, p.id, { status: 'failed', at: 1500 }, 3000)).toBe(false);
      expect(await store.claimForSending(id, p.id, { status: 'failed', at: 2000 }, 3000)).toBe(true);
      expect(await store.getParticipant(id, p.id)).toMatchObject({
        mailStatus: 'sending',
        mailError: null,
        mailedAt: 3000,
      });
      // The sender's own writes hold only while the address is the one it sends to.
      await store.upsertParticipant({ ...p, email: 'new@customs.example', updatedAt: 3500 });
      await store.setMailStatus(
        id,
        p.id,
        { status: 'sent', error: null, attempts: 1, at: 3600 },
        { email: p.email ?? '' },
      );
      expect(await store.getParticipant(id, p.id)).toMatchObject({ email: 'new@customs.example', mailStatus: 'none' });
      // Another meeting's id claims nothing.
      expect(await store.claimForSending(await meeting(), p.id, { status: 'sending', at: 3000 }, 4000)).toBe(false);
    });

    it('deletes within its meeting only', async () => {
      const id = await meeting();
      const p = person(id);
      await store.upsertParticipant(p);
      expect(await store.deleteParticipant(await meeting(), p.id)).toBe(false);
      expect(await store.deleteParticipant(id, p.id)).toBe(true);
      expect(await store.deleteParticipant(id, p.id)).toBe(false);
      expect(await store.listParticipants(id)).toEqual([]);
    });
  });
}
