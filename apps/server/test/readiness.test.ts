import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeStatus } from '@rostrum/core';
import { databaseFile, defaultConfig } from '../src/platform/config.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { MeetingTx } from '../src/store/types.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  sendCommand,
  startManagedServer,
  waitFor,
} from './harness.js';

/** The real store, with a switch that makes it unreachable (a database server that is down). */
class UnreachableStore extends SqliteStore {
  down = false;

  private check(): void {
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }

  override async ping(): Promise<void> {
    this.check();
    return super.ping();
  }

  override async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    this.check();
    return super.withMeetingLock(meetingId, fn);
  }
}

let cleanup: Cleanup;

beforeEach(() => {
  cleanup = new Cleanup();
});

afterEach(async () => {
  await cleanup.run();
});

async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: await res.json() };
}

async function metricsText(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return res.text();
}

describe('GET /readyz', () => {
  it('is ready on SQLite alone, with Redis not configured', async () => {
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup));
    expect(await readyz(ts.url)).toEqual({
      status: 200,
      body: { status: 'ready', store: 'ok', redis: 'not_configured' },
    });
    // Liveness stays what it was.
    expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
  });
});

describe('a store out of reach', () => {
  it('refuses with store_unavailable (retryable), says so, and counts the same command once when it is back', async () => {
    const dataDir = freshDataDir(cleanup);
    const store = new UnreachableStore(databaseFile(defaultConfig({ dataDir })));
    const ts = await startManagedServer(cleanup, dataDir, {}, { store });
    const meeting = await createDemoMeeting(ts);
    const statuses: NodeStatus[] = [];
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'), (s) =>
      s.on('status', (st) => statuses.push(st)),
    );
    await waitFor(() => statuses.length > 0, 3000, 'the first status');
    expect(statuses[0]).toMatchObject({ store: 'ok', peers: 'not_configured' });

    store.down = true;
    expect(await readyz(ts.url)).toEqual({
      status: 503,
      body: { status: 'not_ready', store: 'unavailable', redis: 'not_configured' },
    });
    const command = { id: 'outage-open-1', type: 'meeting.open' };
    const refused = await sendCommand(chair, command);
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_unavailable', retryable: true } });
    await waitFor(() => statuses.at(-1)?.store === 'unavailable', 3000, 'the degraded status');
    const during = await metricsText(ts.url);
    expect(during).toMatch(/^rostrum_store_errors_total 1$/m);
    expect(during).toMatch(/^rostrum_degraded\{part="store"\} 1$/m);

    store.down = false;
    expect((await readyz(ts.url)).status).toBe(200);
    // Told without waiting for a command: the node asks the store every second while it is out.
    await waitFor(() => statuses.at(-1)?.store === 'ok', 3000, 'the end of the degraded status');
    const resent = await sendCommand(chair, command);
    expect(resent).toMatchObject({ ok: true });
    // The same id again: answered from the receipt, stored once.
    expect(await sendCommand(chair, command)).toEqual(resent);
    expect((await store.listCommands(meeting.id)).filter((c) => c.commandId === command.id)).toHaveLength(1);
    const revision = (await mustCommand(chair, { type: 'agenda.next' })).revision;
    expect(revision).toBeGreaterThan(0);
    expect(await metricsText(ts.url)).toMatch(/^rostrum_degraded\{part="store"\} 0$/m);
  });
});
