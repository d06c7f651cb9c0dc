import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readState } from '@rostrum/core';
import { DEFAULT_RATE_LIMITS } from '../src/platform/rate-limits.js';
import {
  Cleanup,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  room,
  sendCommand,
  sleep,
  startManagedServer,
  type ClientSocket,
} from './harness.js';
import { recordOf, tokenOf } from './record.js';

/**
 * `npm run backup` (the real CLI, as a process) while 53 delegations vote: the copy is a
 * consistent snapshot — its log is a prefix of the live one, its state is exactly the effect of
 * that prefix (revision = log length, the poll's count = the ballots in it) — and a server
 * started on it has the meeting, with the same record as the live one once both are quiet.
 */

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const cleanup = new Cleanup();
afterAll(async () => {
  await cleanup.run();
});

function runBackup(dataDir: string, dest: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/tools/backup.ts', dest], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  return new Promise((done) => child.once('exit', (code) => done(code ?? -1)));
}

describe('backup during a vote storm', () => {
  it('writes a consistent copy that restores to the same meeting', { timeout: 60_000 }, async () => {
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup), {
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        commandsPerConnection: 1000,
        commandsPerInvite: 1000,
        commandsPerDelegation: 1000,
      },
    });
    const meeting = await createDemoMeeting(ts);
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.start', itemId: 'uz-lab' });
    const pollId =
      (
        await mustCommand(chair, {
          type: 'poll.open',
          proposalId: 'uz-lab-proposal',
          method: 'vote',
          secrecy: 'anonymous',
          quorum: 0,
        })
      ).createdId ?? '';
    const delegations = room(ts, meeting.id).state.roster.delegationOrder;
    const sockets = new Map<string, ClientSocket>();
    await Promise.all(
      delegations.map(async (d) =>
        sockets.set(
          d,
          await connectSocket(
            cleanup,
            ts,
            await tokenOf(ts, meeting.id, (i) => i.delegationId === d && i.seat === 'head'),
          ),
        ),
      ),
    );

    let running = true;
    let n = 0;
    const storm = Promise.all(
      [...sockets].map(async ([d, s]) => {
        while (running) {
          n += 1;
          await sendCommand(s, {
            id: `bk-${d}-${n}-${Math.random().toString(36).slice(2, 6)}`,
            type: 'poll.vote',
            pollId,
            choice: n % 2 ? 'support' : 'object',
          });
          await sleep(20);
        }
      }),
    );
    await sleep(300);
    const dest = join(mkdtempSync(join(tmpdir(), 'rostrum-backup-storm-')), 'copy');
    expect(await runBackup(ts.dataDir, dest)).toBe(0);
    await sleep(200);
    running = false;
    await storm;
    const live = await recordOf(ts, meeting.id);

    const restored = await startManagedServer(cleanup, dest);
    const copy = await recordOf(restored, meeting.id);
    const r = room(restored, meeting.id);
    // A snapshot taken mid-storm: a prefix of the live log, and exactly its effect.
    expect(copy.log.length).toBeGreaterThan(3);
    expect(copy.log.length).toBeLessThan(live.log.length);
    expect(live.log.slice(0, copy.log.length)).toEqual(copy.log);
    expect(r.state.meta.revision).toBe(copy.log.length);
    expect(readState(r.meetingDoc.doc)).toEqual(r.state);
    expect(r.state.votes.polls[pollId]?.votedCount).toBe(Object.keys(r.secret.ballots[pollId] ?? {}).length);
    // The restored server works: a chair token of the original still opens it and acts.
    const chair2 = await connectSocket(cleanup, restored, meeting.token('chair'));
    expect(await mustCommand(chair2, { type: 'poll.close', pollId })).toMatchObject({ revision: copy.log.length + 1 });

    // A backup of the quiet server restores to a byte-identical record.
    const quiet = join(mkdtempSync(join(tmpdir(), 'rostrum-backup-quiet-')), 'copy');
    expect(await runBackup(ts.dataDir, quiet)).toBe(0);
    const again = await startManagedServer(cleanup, quiet);
    expect(await recordOf(again, meeting.id)).toEqual(live);
  });
});
