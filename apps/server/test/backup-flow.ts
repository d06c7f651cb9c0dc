import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  ADMIN_TOKEN,
  connectSocket,
  createDemoMeeting,
  mustCommand,
  requestJson,
  type Cleanup,
  type TestMeeting,
  type TestServer,
} from './harness.js';
import { tokenOf } from './record.js';

/**
 * What a backup must keep of a meeting, and the tools as an operator runs them: `npm run
 * backup` and `npm run restore` are these scripts, run as processes with the environment the
 * operator gives them.
 */
const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export type ToolRun = { code: number; stdout: string; stderr: string };

/** Runs apps/server/src/tools/<tool>.ts as `npm run <tool>` does, with exactly this store in its environment. */
export function runTool(tool: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<ToolRun> {
  const base = { ...process.env };
  // The test's own store only: never a DATABASE_URL inherited from the shell.
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  delete base.TOKEN_SECRET;
  const child = spawn(process.execPath, ['--import', 'tsx', `apps/server/src/tools/${tool}.ts`, ...args], {
    cwd: REPO,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code: code ?? -1, stdout, stderr })));
}

/** The record a restore must give back: the log's digest, the tallies, and links that still open. */
export type MeetingEvidence = {
  meeting: TestMeeting;
  digest: string;
  commands: number;
  results: unknown;
  delegateToken: string;
};

function dataOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || !('data' in body))
    throw new Error(`no data in ${JSON.stringify(body)}`);
  const data = body.data;
  if (typeof data !== 'object' || data === null) throw new Error('data is not an object');
  return { ...data };
}

/** A meeting with a closed vote (tallies), its log digest and its results as the server gives them. */
export async function meetingWithVote(cleanup: Cleanup, ts: TestServer): Promise<MeetingEvidence> {
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
        secrecy: 'roll_call',
        quorum: 0,
      })
    ).createdId ?? '';
  const heads = (await ts.server.store.listInvites(meeting.id)).filter((i) => i.seat === 'head').slice(0, 3);
  let delegateToken = '';
  for (const [n, invite] of heads.entries()) {
    const token = await tokenOf(ts, meeting.id, (i) => i.id === invite.id);
    delegateToken = token;
    const s = await connectSocket(cleanup, ts, token);
    await mustCommand(s, { type: 'poll.vote', pollId, choice: n === 0 ? 'object' : 'support' });
  }
  await mustCommand(chair, { type: 'poll.close', pollId });
  const evidence = await evidenceOf(ts, meeting.id);
  // The tallies are there to be kept: one objection, two in support.
  expect(JSON.stringify(evidence.results)).toMatch(/"support":2/);
  return { meeting, delegateToken, ...evidence };
}

/** The digest (checked intact) and results of a meeting, as the admin reads them over HTTP. */
export async function evidenceOf(
  ts: TestServer,
  meetingId: string,
): Promise<{ digest: string; commands: number; results: unknown }> {
  const verify = await requestJson(ts, `/api/meetings/${meetingId}/verify`, { token: ADMIN_TOKEN });
  expect(verify.status).toBe(200);
  const v = dataOf(verify.body);
  expect(v.intact).toBe(true);
  const results = await requestJson(ts, `/api/meetings/${meetingId}/results.json`, { token: ADMIN_TOKEN });
  expect(results.status).toBe(200);
  // The export's own time is the only thing that differs between two reads of the same record.
  const { exportedAt: _exportedAt, ...record } = dataOf(results.body);
  return { digest: String(v.digest), commands: Number(v.commands), results: record };
}

/** On the restored server: the same digest and tallies, and the old links open their sessions. */
export async function expectSameMeeting(restored: TestServer, before: MeetingEvidence): Promise<void> {
  const after = await evidenceOf(restored, before.meeting.id);
  expect(after.digest).toBe(before.digest);
  expect(after.commands).toBe(before.commands);
  expect(after.results).toEqual(before.results);
  for (const token of [before.meeting.token('chair'), before.delegateToken]) {
    const session = await requestJson(restored, '/api/session', { token });
    expect(session.status).toBe(200);
  }
}

/** The settings names a backup's manifest lists. */
export function manifestSettings(backupDir: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(join(backupDir, 'rostrum-backup.json'), 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'settings' in parsed ? parsed.settings : null;
}
