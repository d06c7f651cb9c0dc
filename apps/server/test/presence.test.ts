import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import type { PresenceSnapshot } from '@rostrum/core';
import { connectSocket, waitFor } from './harness.js';

const INTERVAL_MS = 100;

const demo = useDemoServer({ presenceIntervalMs: INTERVAL_MS });

describe('presence', () => {
  it('tells the chair which delegations are connected', async () => {
    const seen: PresenceSnapshot[] = [];
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'), (s) =>
      s.on('presence', (snapshot) => seen.push(snapshot)),
    );
    const latest = () => seen.at(-1);
    await waitFor(() => seen.length > 0, 2000, 'the first snapshot');
    expect(latest()).toMatchObject({ delegations: [], connections: { chair: 1, delegate: 0 } });

    // Two delegations, one of them with two people connected.
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'kz'));
    const uzDeputy = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));

    const both = await waitFor(
      () => {
        const s = latest();
        return s && s.connections.delegate === 3 ? s : null;
      },
      2000,
      'a presence snapshot with both delegations',
    );
    // In roster order (Kazakhstan before Uzbekistan), each delegation once.
    expect(both.delegations).toEqual(['kz', 'uz']);
    expect(both.connections).toEqual({ chair: 1, secretariat: 0, presenter: 0, delegate: 3, observer: 0 });
    expect(both.at).toEqual(expect.any(Number));

    // A delegation stays present while one of its people is connected.
    uzDeputy.disconnect();
    await waitFor(() => latest()?.connections.delegate === 2, 2000, 'the deputy to leave');
    expect(latest()?.delegations).toEqual(['kz', 'uz']);
    // Observers are counted but hold no seat.
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('observer'));
    await waitFor(() => latest()?.connections.observer === 1, 2000, 'the observer to be counted');
    expect(latest()?.delegations).toEqual(['kz', 'uz']);
  });

  it('drops a delegation when its last person leaves', async () => {
    const seen: PresenceSnapshot[] = [];
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'), (s) =>
      s.on('presence', (snapshot) => seen.push(snapshot)),
    );
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'kz'));
    const uz = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    await waitFor(() => seen.at(-1)?.delegations.length === 2, 2000, 'both delegations');
    uz.disconnect();
    await waitFor(() => seen.at(-1)?.connections.delegate === 1, 2000, 'uz to leave');
    expect(seen.at(-1)?.delegations).toEqual(['kz']);
  });

  it('sends a new socket the current presence at once', async () => {
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'kz'));
    let first: PresenceSnapshot | undefined;
    const connectedAt = Date.now();
    let firstAt = 0;
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'), (s) =>
      s.once('presence', (snapshot) => {
        first = snapshot;
        firstAt = Date.now();
      }),
    );
    const snapshot = await waitFor(() => first, 2000, 'the first snapshot');
    expect(snapshot.delegations).toEqual(['kz', 'uz']);
    expect(firstAt - connectedAt).toBeLessThan(2000);
  });

  it('aggregates a burst of joins into a few snapshots', async () => {
    const seen: PresenceSnapshot[] = [];
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'), (s) =>
      s.on('presence', (snapshot) => seen.push(snapshot)),
    );
    await waitFor(() => seen.length > 0, 2000, 'the first snapshot');
    const delegations = ['al', 'am', 'at', 'be', 'de', 'fr', 'it', 'nl', 'pl', 'uz', 'kz', 'es'];
    const start = Date.now();
    await Promise.all(delegations.map((d) => connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', d))));
    const full = await waitFor(
      () => {
        const s = seen.at(-1);
        return s && s.delegations.length === delegations.length ? s : null;
      },
      2000,
      'all twelve delegations',
    );
    const elapsed = Date.now() - start;
    expect(full.connections.delegate).toBe(delegations.length);
    // At most one snapshot per interval (plus the one sent on connect), never one per join relayed.
    const snapshotsAfterFirst = seen.length - 1;
    expect(snapshotsAfterFirst).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
    expect(snapshotsAfterFirst).toBeLessThan(delegations.length);
  });
});
