import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  BALLOT_CHOICES,
  readState,
  withYjsAuth,
  YJS_PATH,
  yjsRoom,
  type Ack,
  type BallotChoice,
  type CommandResult,
  type MeetingState,
} from '@rostrum/core';
import { ADMIN_TOKEN, Cleanup, freshDataDir, sleep, TOKEN_SECRET, type ClientSocket } from './harness.js';

/**
 * The server as a real process, killed with SIGKILL in the middle of a vote storm and a floor
 * storm (53 delegations voting and asking for the floor, the chair calling speakers), then
 * restarted on the same data directory — twice. Acknowledged means durable: every command
 * acknowledged before the kill is in the log; and nothing is half-applied: the state is
 * exactly the effect of the commands in the log (revision = log length, the poll's public
 * count = the delegations with a ballot in the log, the queue = the queue the log's floor
 * commands make, the tally at close = the last ballot of each delegation in the log).
 */

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const MAIN = join(REPO, 'apps/server/src/main.ts');
const ITEM = 'uz-lab';
const PROPOSAL = 'uz-lab-proposal';
const PRESENTER_ENTRY = 'p-uz-lab-uz-customs';

const cleanup = new Cleanup();
afterAll(async () => {
  await cleanup.run();
});

type Server = { child: ChildProcess; url: string };

/** Starts `main.ts` as a child process on a free port and waits for it to listen. */
async function startProcess(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_TOKEN,
      TOKEN_SECRET,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // Production starts empty: this test's storm is on the demo meeting.
      DEMO_MEETING: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.add(child, (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running on https?:\/\/[^:\s]+:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

function kill9(server: Server): Promise<void> {
  return new Promise((resolveExit) => {
    server.child.once('exit', () => resolveExit());
    server.child.kill('SIGKILL');
  });
}

async function getJson(server: Server, path: string, token = ADMIN_TOKEN): Promise<unknown> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  const body: unknown = await res.json();
  if (typeof body !== 'object' || body === null || !('data' in body)) throw new Error(`${path}: unexpected body`);
  return body.data;
}

type LinkInfo = { role: string; delegationId: string | null; seat: string | null; token: string };

async function links(server: Server, meetingId: string): Promise<LinkInfo[]> {
  const data = await getJson(server, `/api/meetings/${meetingId}/links`);
  if (!Array.isArray(data)) throw new Error('links: not a list');
  return data.map((l: { role: string; delegationId: string | null; seat: string | null; url: string }) => ({
    role: l.role,
    delegationId: l.delegationId,
    seat: l.seat,
    token: l.url.split('#t=')[1] ?? '',
  }));
}

function connect(server: Server, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(server.url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  cleanup.add(socket, (s) => void s.disconnect());
  return new Promise((ok, fail) => {
    socket.once('connect', () => ok(socket));
    socket.once('connect_error', fail);
  });
}

/** The public record as a client sees it (read from the meeting's Yjs document). */
async function readMeeting(server: Server, meetingId: string, token: string): Promise<MeetingState> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    `${server.url.replace(/^http/, 'ws')}${YJS_PATH}`,
    yjsRoom.meeting(meetingId),
    doc,
    {
      WebSocketPolyfill: withYjsAuth(WebSocket, token) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    },
  );
  try {
    const deadline = Date.now() + 5000;
    while (!provider.synced) {
      if (Date.now() > deadline) throw new Error('no sync');
      await sleep(10);
    }
    const state = readState(doc);
    if (!state) throw new Error('no state');
    return state;
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

type LogRow = {
  commandId: string;
  type: string;
  payload: Record<string, unknown>;
  result: CommandResult;
  delegationId: string | null;
};

/** The command log, read from the SQLite file (read-only: the server may be running on it). */
function readLog(dataDir: string, meetingId: string): LogRow[] {
  const db = new Database(join(dataDir, 'rostrum.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT command_id, type, payload, result, principal FROM commands WHERE meeting_id = ? ORDER BY seq')
      .all(meetingId);
    return rows.map((raw) => {
      const r = raw as { command_id: string; type: string; payload: string; result: string; principal: string };
      const principal = JSON.parse(r.principal) as { delegationId: string | null };
      return {
        commandId: r.command_id,
        type: r.type,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        result: JSON.parse(r.result) as CommandResult,
        delegationId: principal.delegationId,
      };
    });
  } finally {
    db.close();
  }
}

type Sent = { id: string; command: Record<string, unknown>; ack: Ack<CommandResult> | null };

let counter = 0;
const newId = (prefix: string) => `${prefix}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * 53 delegations vote (and change their vote) and ask for the floor / withdraw, while the chair
 * calls the next speaker, until `stop()`; every command sent is recorded with its ack (null if
 * none came).
 */
function storm(
  chair: ClientSocket,
  delegates: Map<string, ClientSocket>,
  pollId: string,
): { sent: Sent[]; stop: () => void; done: Promise<void> } {
  const sent: Sent[] = [];
  let running = true;
  const send = async (socket: ClientSocket, command: Record<string, unknown>): Promise<Ack<CommandResult> | null> => {
    const entry: Sent = { id: String(command.id), command, ack: null };
    sent.push(entry);
    try {
      entry.ack = await socket.timeout(3000).emitWithAck('command', command);
    } catch {
      entry.ack = null; // no answer: the server died first
    }
    return entry.ack;
  };
  const delegation = async (d: string, socket: ClientSocket, i: number) => {
    let entry: string | null = null;
    let step = i;
    while (running && socket.connected) {
      step += 1;
      if (step % 2 === 0) {
        const choice: BallotChoice = BALLOT_CHOICES[step % 3] ?? 'support';
        await send(socket, { id: newId(`vote-${d}`), type: 'poll.vote', pollId, choice });
      } else if (entry === null) {
        const ack = await send(socket, { id: newId(`ask-${d}`), type: 'floor.request', kind: 'statement' });
        if (ack?.ok && ack.data.createdId) entry = ack.data.createdId;
      } else {
        const ack = await send(socket, { id: newId(`withdraw-${d}`), type: 'floor.withdraw', entryId: entry });
        if (ack?.ok || (ack && !ack.ok && ack.error.reason === 'entry_not_found')) entry = null;
      }
      await sleep(40 + (step % 5) * 10);
    }
  };
  const chairLoop = async () => {
    while (running && chair.connected) {
      await send(chair, { id: newId('next'), type: 'floor.next' });
      await sleep(60);
    }
  };
  const done = Promise.all([chairLoop(), ...[...delegates].map(([d, s], i) => delegation(d, s, i))]).then(
    () => undefined,
  );
  return { sent, stop: () => (running = false), done };
}

/** The queue of the item as the logged floor commands make it (all statements: request order). */
function queueFromLog(log: LogRow[]): string[] {
  const queue = [PRESENTER_ENTRY];
  for (const row of log) {
    if (row.type === 'floor.request') {
      const id = row.result.createdId;
      if (id && !queue.includes(id)) queue.push(id);
    } else if (row.type === 'floor.withdraw' || row.type === 'floor.remove') {
      const at = queue.indexOf(String(row.payload.entryId));
      if (at >= 0) queue.splice(at, 1);
    } else if (row.type === 'floor.next') {
      queue.shift();
    }
  }
  return queue;
}

/** The last ballot of each delegation in the log. */
function ballotsFromLog(log: LogRow[], pollId: string): Map<string, BallotChoice> {
  const last = new Map<string, BallotChoice>();
  for (const row of log) {
    if (row.type === 'poll.vote' && row.payload.pollId === pollId && row.delegationId)
      last.set(row.delegationId, row.payload.choice as BallotChoice);
  }
  return last;
}

/** For docs/reliability.md: unacked = in the air at the kill; unackedCommitted = of those, found complete in the log. */
type Figures = {
  crashes: number;
  sent: number;
  acked: number;
  unacked: number;
  unackedCommitted: number;
  lost: number;
  halfApplied: number;
};
const figures: Figures = { crashes: 0, sent: 0, acked: 0, unacked: 0, unackedCommitted: 0, lost: 0, halfApplied: 0 };

describe('SIGKILL during a vote storm and a floor storm', () => {
  it('loses no acknowledged command and half-applies none, over two crashes', { timeout: 120_000 }, async () => {
    const dataDir = freshDataDir(cleanup);
    let server = await startProcess(dataDir);
    const meetings = await getJson(server, '/api/meetings');
    if (!Array.isArray(meetings) || meetings.length !== 1) throw new Error('expected the demo meeting');
    const meetingId = String((meetings[0] as { id: unknown }).id);
    const all = await links(server, meetingId);
    const tokenOf = (role: string) => all.find((l) => l.role === role)?.token ?? '';
    const heads = all.filter((l) => l.role === 'delegate' && l.seat === 'head');
    expect(heads).toHaveLength(53);

    const chair0 = await connect(server, tokenOf('chair'));
    const prepare = async (command: Record<string, unknown>) => {
      const ack = await chair0.timeout(5000).emitWithAck('command', { id: newId('prep'), ...command });
      if (!ack.ok) throw new Error(`${String(command.type)}: ${ack.error.message}`);
      return ack.data;
    };
    await prepare({ type: 'meeting.open' });
    await prepare({ type: 'agenda.start', itemId: ITEM });
    const pollId =
      (await prepare({ type: 'poll.open', proposalId: PROPOSAL, method: 'vote', secrecy: 'anonymous', quorum: 0 }))
        .createdId ?? '';
    chair0.disconnect();
    const allSent: Sent[] = [];

    for (let round = 1; round <= 2; round++) {
      const chair = await connect(server, tokenOf('chair'));
      const delegates = new Map<string, ClientSocket>();
      await Promise.all(heads.map(async (h) => delegates.set(h.delegationId ?? '', await connect(server, h.token))));
      const s = storm(chair, delegates, pollId);
      // Let it run, then kill the process mid-flight (some commands are in the air).
      const killAfter = Date.now() + 1200 + round * 300;
      while (Date.now() < killAfter || s.sent.filter((x) => x.ack?.ok).length < 100) await sleep(20);
      await kill9(server);
      figures.crashes += 1;
      s.stop();
      await s.done;
      allSent.push(...s.sent);
      server = await startProcess(dataDir);

      const log = readLog(dataDir, meetingId);
      const logged = new Set(log.map((r) => r.commandId));
      const acked = allSent.filter((x) => x.ack?.ok);
      const unacked = s.sent.filter((x) => x.ack === null);
      figures.sent += s.sent.length;
      figures.acked += s.sent.filter((x) => x.ack?.ok).length;
      figures.unacked += unacked.length;
      figures.unackedCommitted += unacked.filter((x) => logged.has(x.id)).length;
      expect(unacked.length, 'the kill left no command in flight: the test proves nothing').toBeGreaterThan(0);

      // 1. Every acknowledged command is in the log.
      const lost = acked.filter((x) => !logged.has(x.id));
      figures.lost += lost.length;
      expect(lost.map((x) => x.id)).toEqual([]);
      // Nothing is in the log that was not sent, and no refused command either.
      const sentIds = new Set(allSent.map((x) => x.id));
      const phantom = log.filter((r) => !r.commandId.startsWith('prep-') && !sentIds.has(r.commandId));
      expect(phantom).toEqual([]);
      const refused = allSent.filter((x) => x.ack && !x.ack.ok && logged.has(x.id));
      expect(refused).toEqual([]);

      // 2. The state is exactly the effect of the log: no command half-applied.
      const state = await readMeeting(server, meetingId, tokenOf('observer'));
      const checks = {
        revision: state.meta.revision === log.length,
        lastResult: log.at(-1)?.result.revision === state.meta.revision,
        votedCount: state.votes.polls[pollId]?.votedCount === ballotsFromLog(log, pollId).size,
        queue: JSON.stringify(state.floor.lists[ITEM]?.order ?? []) === JSON.stringify(queueFromLog(log)),
      };
      figures.halfApplied += Object.values(checks).filter((ok) => !ok).length;
      expect(checks).toEqual({ revision: true, lastResult: true, votedCount: true, queue: true });
      const voters = await getJson(server, `/api/meetings/${meetingId}/results.json`);
      const poll = (voters as { polls: Array<{ id: string; voters: Array<{ delegationId: string }> }> }).polls.find(
        (p) => p.id === pollId,
      );
      expect(new Set(poll?.voters.map((v) => v.delegationId))).toEqual(new Set(ballotsFromLog(log, pollId).keys()));

      // 3. A retry of an acknowledged command after the crash returns its first ack; one not
      // acknowledged takes effect at most once.
      const sample = acked.slice(-5);
      const retryAs = await connect(server, tokenOf('chair'));
      for (const x of sample.filter((y) => String(y.command.type) === 'floor.next')) {
        expect(await retryAs.timeout(5000).emitWithAck('command', x.command)).toEqual(x.ack);
      }
      retryAs.disconnect();
      expect(new Set(log.map((r) => r.commandId)).size).toBe(log.length);
    }

    // 4. The tally at close is the last ballot of each delegation in the log.
    const chair = await connect(server, tokenOf('chair'));
    const close = await chair.timeout(5000).emitWithAck('command', { id: newId('close'), type: 'poll.close', pollId });
    expect(close.ok).toBe(true);
    const ballots = ballotsFromLog(readLog(dataDir, meetingId), pollId);
    const expected = { support: 0, object: 0, abstain: 0 };
    for (const choice of ballots.values()) expected[choice] += 1;
    const state = await readMeeting(server, meetingId, tokenOf('observer'));
    expect(state.votes.polls[pollId]?.result?.tally).toEqual(expected);
    expect(state.votes.polls[pollId]?.result?.voted).toBe(ballots.size);
    console.log(`crash: ${JSON.stringify(figures)}`);
    await kill9(server);
  });
});
