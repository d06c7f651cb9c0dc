import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseFile, defaultConfig } from '../src/platform/config.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { MeetingTx } from '../src/store/types.js';
import {
  Cleanup,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  restartServer,
  room,
  sendCommand,
  startManagedServer,
  type TestServer,
} from './harness.js';

/** The real store, with a switch that makes every commit of a meeting's transaction fail (a full disk). */
class FailingStore extends SqliteStore {
  failing = false;

  override async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    return super.withMeetingLock(meetingId, (tx) => fn(this.failable(tx)));
  }

  /** The transaction as it is, but for a commit while failing, which throws and stores nothing. */
  private failable(tx: MeetingTx): MeetingTx {
    return {
      updatesSince: (doc, afterId) => tx.updatesSince(doc, afterId),
      commandsSince: (afterSeq) => tx.commandsSince(afterSeq),
      commitBatch: async (...args) => {
        if (this.failing) throw new Error('disk full');
        return tx.commitBatch(...args);
      },
      appendUpdate: (doc, update) => tx.appendUpdate(doc, update),
      compactUpTo: (doc, merged, upToId) => tx.compactUpTo(doc, merged, upToId),
    };
  }
}

let cleanup: Cleanup;

beforeEach(() => {
  cleanup = new Cleanup();
});

afterEach(async () => {
  await cleanup.run();
});

describe('a store that fails to commit', () => {
  it('acknowledges nothing it did not store, not even a double click', async () => {
    const dataDir = freshDataDir(cleanup);
    const store = new FailingStore(databaseFile(defaultConfig({ dataDir })));
    const failures: unknown[] = [];
    let ts: TestServer = await startManagedServer(
      cleanup,
      dataDir,
      { onStorageFailure: (err) => failures.push(err) },
      { store },
    );
    const meeting = await createDemoMeeting(ts);
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    const before = structuredClone(room(ts, meeting.id).state);

    store.failing = true;
    const id = 'double-click-1';
    const acks = await Promise.all([
      sendCommand(chair, { id, type: 'agenda.next' }),
      sendCommand(chair, { id, type: 'agenda.next' }),
    ]);
    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(failures).toHaveLength(1);
    expect(room(ts, meeting.id).state).toEqual(before);
    // Fail-stop: the meeting takes no more commands until the server restarts.
    store.failing = false;
    expect(await sendCommand(chair, { id: 'after-failure-1', type: 'agenda.next' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });

    // After a restart the record is what was stored, and the client's retry goes through once.
    ts = await restartServer(cleanup, ts);
    const r = room(ts, meeting.id);
    expect(r.state).toEqual(before);
    const chair2 = await connectSocket(cleanup, ts, meeting.token('chair'));
    const retry = await sendCommand(chair2, { id, type: 'agenda.next' });
    expect(retry).toMatchObject({ ok: true, data: { revision: 2 } });
    expect(r.state.current.itemId).toBe('opening');
  });
});
