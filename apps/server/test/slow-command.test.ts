import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YJS_PATH } from '@rostrum/core';
import { createServer } from '../src/app.js';
import { databaseFile, defaultConfig } from '../src/platform/config.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { MeetingTx } from '../src/store/types.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  commandId,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  sendCommand,
  TOKEN_SECRET,
  type TestMeeting,
  type TestServer,
} from './harness.js';

/**
 * A command whose lock, execution and commit take longer than SLOW_COMMAND_MS is logged at warn
 * ('slow command', its type and the time), through the server's own logger; a quick one is not.
 * The store is the real SQLite store, held back by a delay while `slow` is set (a disk or a
 * database under strain).
 */

class SlowStore extends SqliteStore {
  delayMs = 0;
  override async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return super.withMeetingLock(meetingId, fn);
  }
}

type LogLine = { level: number; msg: string; type?: string; ms?: number; threshold?: number; meetingId?: string };

let cleanup: Cleanup;
let ts: TestServer;
let store: SlowStore;
let meeting: TestMeeting;
const lines: LogLine[] = [];

beforeAll(async () => {
  cleanup = new Cleanup();
  const dataDir = freshDataDir(cleanup);
  store = new SlowStore(databaseFile(defaultConfig({ dataDir })));
  const server = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'info',
      adminToken: ADMIN_TOKEN,
      tokenSecret: TOKEN_SECRET,
      slowCommandMs: 150,
    },
    { store, logStream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } },
  );
  const { url } = await server.listen();
  cleanup.add(server, (s) => s.close());
  ts = { server, dataDir, url, yjsUrl: `${url.replace(/^http/, 'ws')}${YJS_PATH}` };
  meeting = await createDemoMeeting(ts);
});

afterAll(async () => {
  await cleanup.run();
});

const slowLines = () => lines.filter((l) => l.msg === 'slow command');

describe('slow commands', () => {
  it('are logged with their type and duration when slower than the threshold; quick ones are not', async () => {
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    expect(await sendCommand(chair, { id: commandId(), type: 'meeting.open' })).toMatchObject({ ok: true });
    expect(slowLines()).toEqual([]);

    store.delayMs = 300;
    expect(await sendCommand(chair, { id: commandId(), type: 'meeting.close' })).toMatchObject({ ok: true });
    store.delayMs = 0;
    const [slow, ...more] = slowLines();
    expect(more).toEqual([]);
    expect(slow).toMatchObject({ level: 40, type: 'meeting.close', threshold: 150, meetingId: meeting.id });
    expect(slow?.ms).toBeGreaterThanOrEqual(300);
  });
});
