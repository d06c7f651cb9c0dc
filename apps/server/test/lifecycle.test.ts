// The secretariat's end of a meeting over HTTP: close, archive, the export stamps, deletion (only
// after the minutes and the record were downloaded; every row of the meeting gone in every table,
// the other meetings untouched, its connections cut) and the managers of a meeting.
import { describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import type { SqliteStore } from '../src/store/sqlite.js';
import { useDemoServer } from './fixture.js';
import { connectSocket, mustCommand, requestJson, waitFor, type TestServer } from './harness.js';
import { dataOf, secretariatAccount, setUpAdmin, type StaffClient } from './staff-client.js';

const demo = useDemoServer();

function lifecycleStore(ts: TestServer): SqliteStore['lifecycle'] {
  return (ts.server.store as SqliteStore).lifecycle;
}

/** A meeting the client creates (it then manages it), with its links' tokens by role. */
async function staffMeeting(client: StaffClient): Promise<{ id: string; token: (role: string) => string }> {
  const made = await client.request('/api/meetings', { body: demoMeeting() });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const data = dataOf(made.body);
  const links = (data?.links ?? []) as Array<{ role: string; url: string }>;
  return {
    id: String(data?.id),
    token: (role) => {
      const url = links.find((l) => l.role === role)?.url ?? '';
      return url.split('#t=')[1] ?? '';
    },
  };
}

function errorOf(body: unknown): { code?: string; reason?: string } {
  return typeof body === 'object' && body !== null && 'error' in body
    ? (body.error as { code?: string; reason?: string })
    : {};
}

async function listIds(client: StaffClient, query = ''): Promise<string[]> {
  const res = await client.request(`/api/staff/meetings${query}`);
  expect(res.status).toBe(200);
  return (res.body as { data: Array<{ id: string }> }).data.map((m) => m.id);
}

describe('meeting lifecycle', () => {
  it('refuses to delete before the minutes and record are downloaded, then removes every row and cuts the links', async () => {
    const { ts, cleanup, meeting: other } = demo;
    const admin = await setUpAdmin(ts);
    const alice = await secretariatAccount(ts, admin, 'alice@example.org');
    const m = await staffMeeting(alice);

    const chair = await connectSocket(cleanup, ts, m.token('chair'));
    const ended: unknown[] = [];
    const delegate = await connectSocket(cleanup, ts, m.token('delegate'), (s) =>
      s.on('session_ended', (info) => ended.push(info)),
    );
    await mustCommand(chair, { type: 'meeting.open' });

    // Open: archiving and deleting need a closed meeting.
    const archiveOpen = await alice.request(`/api/staff/meetings/${m.id}/archive`, { method: 'POST' });
    expect(archiveOpen.status).toBe(409);
    expect(errorOf(archiveOpen.body).reason).toBe('meeting_not_closed');
    const deleteOpen = await alice.request(`/api/staff/meetings/${m.id}`, { method: 'DELETE' });
    expect(deleteOpen.status).toBe(409);
    expect(errorOf(deleteOpen.body).reason).toBe('meeting_not_closed');

    // A draft downloaded while open does not count.
    expect((await alice.request(`/api/meetings/${m.id}/minutes?format=md`)).status).toBe(200);
    expect((await lifecycleStore(ts).lifecycle(m.id))?.minutesExportedAt).toBeNull();

    const closed = await alice.request(`/api/staff/meetings/${m.id}/close`, { method: 'POST' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(dataOf(closed.body)?.status).toBe('closed');

    const before = dataOf((await alice.request(`/api/staff/meetings/${m.id}/deletion`)).body);
    expect(before?.allowed).toBe(false);
    expect(before?.blockers).toEqual(['minutes_not_exported', 'record_not_exported']);
    const counts = before?.counts as Record<string, number>;
    expect(counts.commands).toBeGreaterThanOrEqual(2);
    expect(counts.links).toBeGreaterThan(5);
    expect(counts.managers).toBe(1);

    const noMinutes = await alice.request(`/api/staff/meetings/${m.id}`, { method: 'DELETE' });
    expect(noMinutes.status).toBe(409);
    expect(errorOf(noMinutes.body)).toMatchObject({ code: 'conflict', reason: 'minutes_not_exported' });

    // A download another site started (the cookie goes along with a top-level navigation) is
    // served but does not count toward the deletion.
    const crossSite = { headers: { 'sec-fetch-site': 'cross-site' } };
    expect((await alice.request(`/api/meetings/${m.id}/minutes?format=md`, crossSite)).status).toBe(200);
    expect((await lifecycleStore(ts).lifecycle(m.id))?.minutesExportedAt).toBeNull();
    const sameSite = { headers: { 'sec-fetch-site': 'same-origin' } };
    expect((await alice.request(`/api/meetings/${m.id}/minutes?format=md`, sameSite)).status).toBe(200);
    const noRecord = await alice.request(`/api/staff/meetings/${m.id}`, { method: 'DELETE' });
    expect(errorOf(noRecord.body).reason).toBe('record_not_exported');

    expect((await alice.request(`/api/meetings/${m.id}/results.csv`)).status).toBe(200);
    const ready = dataOf((await alice.request(`/api/staff/meetings/${m.id}/deletion`)).body);
    expect(ready?.allowed).toBe(true);
    expect(ready?.minutesExportedAt).toEqual(expect.any(Number));
    expect(ready?.recordExportedAt).toEqual(expect.any(Number));

    const otherBefore = await lifecycleStore(ts).deletionCounts(other.id);
    const deleted = await alice.request(`/api/staff/meetings/${m.id}`, { method: 'DELETE' });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(dataOf(deleted.body)?.deleted).toEqual(counts);

    // Every table of that meeting is empty; the other meeting is as it was.
    const store = ts.server.store;
    expect(await store.getMeeting(m.id)).toBeNull();
    expect(Object.values(await lifecycleStore(ts).deletionCounts(m.id)).every((n) => n === 0)).toBe(true);
    expect(await store.loadUpdates(m.id, 'meeting')).toEqual([]);
    expect(await lifecycleStore(ts).deletionCounts(other.id)).toEqual(otherBefore);
    expect(ts.server.registry.get(m.id)).toBeUndefined();
    expect(ts.server.registry.get(other.id)).toBeDefined();

    // Its connections are cut and its links no longer open.
    await waitFor(() => !delegate.connected && !chair.connected, 2000, 'connections cut');
    expect(ended).toEqual([{ code: 'unauthorized', reason: 'revoked' }]);
    const session = await requestJson(ts, '/api/session', { token: m.token('chair') });
    expect(session.status).toBe(401);
    expect((await alice.request(`/api/staff/meetings/${m.id}/deletion`)).status).toBe(403);
    expect((await admin.request(`/api/staff/meetings/${m.id}/deletion`)).status).toBe(404);
    expect(await listIds(admin)).toEqual([other.id]);
  });

  it('hides an archived meeting from the default list and shows it under ?archived=1 until unarchived', async () => {
    const { ts, cleanup } = demo;
    const admin = await setUpAdmin(ts);
    const alice = await secretariatAccount(ts, admin, 'alice@example.org');
    const m = await staffMeeting(alice);
    // A meeting that never opened cannot be closed (the chair's rule).
    const notOpen = await alice.request(`/api/staff/meetings/${m.id}/close`, { method: 'POST' });
    expect(errorOf(notOpen.body)).toMatchObject({ code: 'conflict', reason: 'meeting_not_open' });
    await mustCommand(await connectSocket(cleanup, ts, m.token('chair')), { type: 'meeting.open' });
    expect((await alice.request(`/api/staff/meetings/${m.id}/close`, { method: 'POST' })).status).toBe(200);
    // Closing twice is a conflict, with the command's reason.
    const again = await alice.request(`/api/staff/meetings/${m.id}/close`, { method: 'POST' });
    expect(again.status).toBe(409);

    const archived = await alice.request(`/api/staff/meetings/${m.id}/archive`, { method: 'POST' });
    expect(archived.status).toBe(200);
    expect(dataOf(archived.body)?.archivedAt).toEqual(expect.any(Number));
    expect(await listIds(alice)).toEqual([]);
    expect(await listIds(alice, '?archived=1')).toEqual([m.id]);
    expect(await listIds(admin)).toEqual([demo.meeting.id]);

    // The links keep their own validity rules: archiving does not revoke them.
    expect((await requestJson(ts, '/api/session', { token: m.token('chair') })).status).toBe(200);

    expect((await alice.request(`/api/staff/meetings/${m.id}/unarchive`, { method: 'POST' })).status).toBe(200);
    expect(await listIds(alice)).toEqual([m.id]);
    expect(await listIds(alice, '?archived=1')).toEqual([]);
  });

  it('lets a manager or an administrator list, add and remove managers; others get 403', async () => {
    const { ts } = demo;
    const admin = await setUpAdmin(ts);
    const alice = await secretariatAccount(ts, admin, 'alice@example.org');
    const bob = await secretariatAccount(ts, admin, 'bob@example.org');
    const m = await staffMeeting(alice);
    const bobId = String(
      (dataOf((await bob.request('/api/staff/session')).body)?.account as { id: string } | undefined)?.id,
    );

    // Bob does not manage it: no list, no add, no remove, no lifecycle.
    expect((await bob.request(`/api/staff/meetings/${m.id}/managers`)).status).toBe(403);
    expect((await bob.request(`/api/staff/meetings/${m.id}/managers`, { body: { accountId: bobId } })).status).toBe(
      403,
    );
    expect((await bob.request(`/api/staff/meetings/${m.id}/deletion`)).status).toBe(403);
    expect((await bob.request(`/api/staff/meetings/${m.id}/archive`, { method: 'POST' })).status).toBe(403);
    expect((await bob.request(`/api/staff/meetings/${m.id}`, { method: 'DELETE' })).status).toBe(403);

    const list = dataOf((await alice.request(`/api/staff/meetings/${m.id}/managers`)).body);
    expect((list?.managers as Array<{ email: string }>).map((x) => x.email)).toEqual(['alice@example.org']);
    expect((list?.candidates as Array<{ email: string }>).map((x) => x.email).sort()).toEqual([
      'admin@example.org',
      'bob@example.org',
    ]);

    expect((await alice.request(`/api/staff/meetings/${m.id}/managers`, { body: { accountId: bobId } })).status).toBe(
      200,
    );
    expect(await listIds(bob)).toEqual([m.id]);
    const withBob = dataOf((await bob.request(`/api/staff/meetings/${m.id}/managers`)).body);
    expect((withBob?.managers as Array<{ email: string }>).map((x) => x.email)).toEqual([
      'alice@example.org',
      'bob@example.org',
    ]);

    // The administrator removes Bob; he no longer sees the meeting.
    const removed = await admin.request(`/api/staff/meetings/${m.id}/managers/${bobId}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await listIds(bob)).toEqual([]);
    expect((await bob.request(`/api/staff/meetings/${m.id}/managers`)).status).toBe(403);
    const twice = await admin.request(`/api/staff/meetings/${m.id}/managers/${bobId}`, { method: 'DELETE' });
    expect(twice.status).toBe(404);
    // A removal is a write: without the CSRF token it is refused.
    expect(
      (await alice.request(`/api/staff/meetings/${m.id}/managers/${bobId}`, { method: 'DELETE', csrf: null })).status,
    ).toBe(403);
  });
});
