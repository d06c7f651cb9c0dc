import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  readState,
  withYjsAuth,
  type Ack,
  type ClientToServerEvents,
  type CommandResult,
  type ServerToClientEvents,
} from '@rostrum/core';
import { Balancer } from './balancer.js';
import { freePort } from './services.js';

/**
 * Three Rostrum nodes (child processes) on one PostgreSQL and one Redis, started by
 * tests/cluster/run.ts; clients on each node directly, and through a TCP balancer for the case
 * where a node is killed.
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
/** A database of its own (the store contract leaves its test meetings in the shared one). */
let DATABASE_URL = '';
const REDIS_URL = process.env.TEST_REDIS_URL;
const ADMIN = 'cluster-admin';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Node = { name: string; port: number; url: string; proc: ChildProcess };

const nodes: Node[] = [];
const closers: Array<() => void | Promise<void>> = [];
let counter = 0;
const cmdId = (p: string) => `${p}-${process.pid}-${(counter += 1)}`;

async function startNode(name: string): Promise<Node> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/cluster/node.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL,
      REDIS_URL,
      NODE_ID: name,
      ADMIN_TOKEN: ADMIN,
      TOKEN_SECRET: 'cluster-secret',
      LOG_LEVEL: 'warn',
      // Requests of the limits test name their client in X-Forwarded-For, so that the flood it
      // makes stays that client's and the other tests (127.0.0.1, no header) keep their budgets.
      TRUST_PROXY: 'loopback',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start`)), 30_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`node ${name} exited with ${code}`)));
  });
  const node = { name, port, url: `http://127.0.0.1:${port}`, proc };
  nodes.push(node);
  return node;
}

function socket(url: string, token: string, reconnect = false): Client {
  const s: Client = io(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: reconnect,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  closers.push(() => void s.disconnect());
  return s;
}

function connected(s: Client): Promise<Client> {
  if (s.connected) return Promise.resolve(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function command(s: Client, body: Record<string, unknown>, id = cmdId('c')): Promise<Ack<CommandResult>> {
  return s.timeout(5000).emitWithAck('command', { id, ...body });
}

async function must(s: Client, body: Record<string, unknown>): Promise<CommandResult> {
  const ack = await command(s, body);
  if (!ack.ok) throw new Error(`${String(body.type)}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

function yClient(node: Node, room: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${node.port}/yjs`, room, doc, {
    WebSocketPolyfill: withYjsAuth(WebSocket, token) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  closers.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider };
}

async function waitFor<T>(check: () => T | null | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Links = {
  id: string;
  token: (role: string, delegationId?: string, seat?: string) => string;
  delegations: string[];
};

async function createMeeting(node: Node): Promise<Links> {
  const { demoMeeting } = await import('@rostrum/server');
  const res = await fetch(`${node.url}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoMeeting()),
  });
  const body = (await res.json()) as {
    data: { id: string; links: Array<{ role: string; delegationId: string | null; seat: string | null; url: string }> };
  };
  const links = body.data.links;
  return {
    id: body.data.id,
    delegations: [
      ...new Set(links.filter((l) => l.role === 'delegate' && l.delegationId).map((l) => l.delegationId ?? '')),
    ],
    token: (role, delegationId, seat = 'head') => {
      const l = links.find(
        (x) => x.role === role && (delegationId === undefined || (x.delegationId === delegationId && x.seat === seat)),
      );
      const t = l?.url.split('#t=')[1];
      if (!t) throw new Error(`no ${role} link`);
      return t;
    },
  };
}

const live = SERVER_URL && REDIS_URL ? describe : describe.skip;

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `rostrum_cluster_${process.pid}_${Date.now()}`;
  const res = spawnSync('psql', [serverUrl, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`creating the database failed: ${res.stderr}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

live('three nodes on PostgreSQL and Redis', () => {
  let meeting: Links;
  let chair: Client;

  beforeAll(async () => {
    DATABASE_URL = await freshDatabase(SERVER_URL ?? '');
    await Promise.all(['A', 'B', 'C'].map((n) => startNode(n)));
    nodes.sort((a, b) => a.name.localeCompare(b.name));
    const [a] = nodes;
    if (!a) throw new Error('no node');
    meeting = await createMeeting(a);
    chair = await connected(socket(a.url, meeting.token('chair')));
    await must(chair, { type: 'meeting.open' });
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const n of nodes) n.proc.kill('SIGKILL');
  });

  it('the chair on node A advances the agenda; clients on B and C converge', async () => {
    const [, b, c] = nodes;
    if (!b || !c) throw new Error('nodes');
    // The meeting was created on A: B and C load it from the store on first use.
    const clients = [
      yClient(b, meeting.id, meeting.token('observer')),
      yClient(c, meeting.id, meeting.token('observer')),
    ];
    await waitFor(() => clients.every((cl) => cl.provider.synced), 10_000, 'sync on B and C');
    const started = Date.now();
    await must(chair, { type: 'agenda.next' });
    const first = await waitFor(
      () => readState(clients[0]?.doc ?? new Y.Doc())?.current.itemId,
      5000,
      'B to see the item',
    );
    await must(chair, { type: 'agenda.next' });
    await waitFor(
      () =>
        clients.every((cl) => {
          const s = readState(cl.doc);
          return s !== null && s.current.itemId !== null && s.current.itemId !== first;
        }),
      5000,
      'B and C to see the second item',
    );
    const states = clients.map((cl) => readState(cl.doc));
    expect(states[0]).toEqual(states[1]);
    console.log(`cluster: agenda move seen on B and C after ${Date.now() - started} ms (two moves)`);
  });

  it('delegations on all three nodes vote at once: exact tally', async () => {
    await must(chair, { type: 'agenda.start', itemId: 'uz-lab' });
    const pollId = (
      await must(chair, {
        type: 'poll.open',
        proposalId: 'uz-lab-proposal',
        method: 'vote',
        secrecy: 'anonymous',
        majority: 'simple',
        quorum: 0,
      })
    ).createdId;
    const choices = ['support', 'object', 'abstain'] as const;
    const voters = await Promise.all(
      meeting.delegations.map((d, i) => connected(socket(nodes[i % 3]?.url ?? '', meeting.token('delegate', d)))),
    );
    const started = Date.now();
    const acks = await Promise.all(
      voters.map((s, i) => command(s, { type: 'poll.vote', pollId, choice: choices[i % 3] })),
    );
    console.log(`cluster: ${acks.length} ballots on 3 nodes acknowledged in ${Date.now() - started} ms`);
    expect(acks.every((a) => a.ok)).toBe(true);
    await must(nodes[1] ? await connected(socket(nodes[1].url, meeting.token('chair'))) : chair, {
      type: 'poll.close',
      pollId,
    });
    const res = await fetch(`${nodes[2]?.url}/api/meetings/${meeting.id}/results.json`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const text = await res.text();
    const n = meeting.delegations.length;
    const expected = { support: Math.ceil(n / 3), object: Math.ceil((n - 1) / 3), abstain: Math.ceil((n - 2) / 3) };
    expect(text).toContain(`"voted":${n}`);
    for (const [k, v] of Object.entries(expected)) expect(text).toContain(`"${k}":${v}`);
  });

  it('limits as one a flood split over the three nodes: failed admin tokens and an observer link', async () => {
    // Wrong admin tokens on /metrics from one client, round robin over A, B and C: 20 wrong
    // secrets a minute per address in all (per node, each would have allowed 20).
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const node = nodes[i % 3];
      const res = await fetch(`${node?.url}/metrics`, {
        headers: { authorization: `Bearer guess-${i}`, 'x-forwarded-for': '203.0.113.50' },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // One observer link on all three nodes, 20 commands each (within each connection's budget):
    // 30 a second for the link in all, where per node each would have allowed its 20.
    const observers = await Promise.all(nodes.map((n) => connected(socket(n.url, meeting.token('observer')))));
    const acks = await Promise.all(
      observers.flatMap((s) => Array.from({ length: 20 }, () => command(s, { type: 'meeting.close' }))),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length;
    console.log(
      `cluster: observer flood over 3 nodes, ${acks.length - limited} of ${acks.length} commands past the limits`,
    );
    expect(acks.length - limited).toBeLessThanOrEqual(30);
    expect(acks.every((a) => !a.ok && (a.error.code === 'rate_limited' || a.error.code === 'forbidden'))).toBe(true);
  });

  it('a node killed during a vote: its clients reconnect to the others within 5 s, no acknowledged ballot is lost', async () => {
    const balancer = new Balancer(nodes.map((n) => n.port));
    const lbPort = await balancer.listen();
    closers.push(() => balancer.close());
    const lb = `http://127.0.0.1:${lbPort}`;
    const pollId = (
      await must(chair, {
        type: 'poll.open',
        proposalId: 'uz-lab-proposal',
        method: 'vote',
        secrecy: 'anonymous',
        majority: 'simple',
        quorum: 0,
      })
    ).createdId;
    const voters = await Promise.all(
      meeting.delegations.map((d) => connected(socket(lb, meeting.token('delegate', d), true))),
    );
    const dropped = new Map<Client, number>();
    const back = new Map<Client, number>();
    for (const s of voters) {
      s.on('disconnect', () => dropped.set(s, Date.now()));
      s.io.on('reconnect', () => back.set(s, Date.now()));
    }
    const acked = new Set<string>();
    /** A delegate's client: sends its ballot and, without an answer, sends the same command again. */
    const vote = async (s: Client, d: string) => {
      const id = cmdId(`vote-${d}`);
      for (let attempt = 0; attempt < 20; attempt++) {
        await connected(s).catch(() => undefined);
        const ack = await command(s, { type: 'poll.vote', pollId, choice: 'support' }, id).catch(() => null);
        if (ack?.ok) return void acked.add(d);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const half = Math.floor(voters.length / 2);
    await Promise.all(voters.slice(0, half).map((s, i) => vote(s, meeting.delegations[i] ?? '')));
    // Kill C (not A, where the chair is) while the other half votes.
    const victim = nodes[2];
    if (!victim) throw new Error('no node C');
    const rest = Promise.all(voters.slice(half).map((s, i) => vote(s, meeting.delegations[half + i] ?? '')));
    victim.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await rest;
    await waitFor(
      () => [...dropped.keys()].every((s) => back.has(s)),
      10_000,
      'the killed node’s clients to reconnect',
    );
    const delays = [...dropped.keys()].map((s) => (back.get(s) ?? Infinity) - Math.max(killedAt, dropped.get(s) ?? 0));
    console.log(
      `cluster: ${dropped.size} clients of the killed node reconnected, slowest after ${Math.max(...delays)} ms`,
    );
    expect(dropped.size).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThan(5000);
    expect(acked.size).toBe(meeting.delegations.length);
    await must(chair, { type: 'poll.close', pollId });
    const res = await fetch(`${nodes[1]?.url}/api/meetings/${meeting.id}/results.json`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const text = await res.text();
    const poll = (JSON.parse(text) as { data: { polls: Array<{ id: string }> } }).data.polls.find(
      (p) => p.id === pollId,
    );
    expect(JSON.stringify(poll)).toContain(`"voted":${meeting.delegations.length}`);
    expect(JSON.stringify(poll)).toContain(`"support":${meeting.delegations.length}`);
  });
});
