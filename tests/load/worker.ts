// A load worker: holds its share of the simulated delegates and records when each of them sees
// what the coordinator asked it to wait for. Started by bench.ts over IPC.
//
// Every delegate has the browser's Socket.IO client (WebSocket transport only). For the Yjs
// document, a share of the delegates are *full* clients: the y-websocket provider (disableBc)
// with a Y.Doc, read with readState exactly as the web app does. The others are *wire* clients:
// the same y-websocket protocol on a raw WebSocket (sync step 1, the same awareness hello as the
// provider, replies to the server's step 1) that keep no document of their own: what an update
// changes is read once per worker from a mirror document. The server cannot tell them apart; they spare the load
// generator the decoding of the whole document per client (tens of ms and ~2 MB each), which
// on a 2-core machine would otherwise make the generator, not the server, the bottleneck.
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeYjsAuth, PROTOCOL_VERSION, readState, withYjsAuth, YJS_PATH } from '@rostrum/core';
import { now, sleepUntil } from './lib/clock.js';
import { lagMonitor } from './lib/server-ipc.js';
import {
  errorMessage,
  isWorkerRequest,
  type ClientSpec,
  type CollectResult,
  type CommandOutcome,
  type CommandSpec,
  type ConnectResult,
  type Probe,
  type Target,
  type WorkerReplies,
  type WorkerRequest,
} from './lib/ipc.js';

const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;

// Every y-websocket provider adds a process 'exit' listener: thousands are expected here.
process.setMaxListeners(0);

type Client = {
  spec: ClientSpec;
  target: Target;
  socket: Socket | null;
  /** Full clients. */
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  /** Wire clients, and the mirror of the node they are connected to. */
  ws: WebSocket | null;
  mirror: Mirror;
  /** Wire clients: called with each update and the probes it completed. */
  onUpdate: Set<(update: Uint8Array, completed: readonly string[]) => void>;
  /** Bare Socket.IO baseline: the last sequence number received. */
  lastSeq: number;
  onSeq: Set<() => void>;
  closing: boolean;
  /** Never connected, or lost a connection: not waited for by probes. */
  failed: boolean;
};

const clients: Client[] = [];
const errors: Record<string, number> = {};
let connection: { target: Target; url: string; room: string } | null = null;
const cpuAtStart = process.cpuUsage();
const lag = lagMonitor();

function countError(kind: string): void {
  errors[kind] = (errors[kind] ?? 0) + 1;
}

// ---------------------------------------------------------------------------------------------
// The y-websocket protocol for wire clients

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

function frame(write: (enc: encoding.Encoder) => void): Uint8Array {
  const enc = encoding.createEncoder();
  write(enc);
  return encoding.toUint8Array(enc);
}

/** Step 1 with an empty state vector: "send me everything", as a fresh provider does. */
const STEP1_EMPTY = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
});
/** Step 2 of an empty document: the answer to a server's step 1. */
const STEP2_EMPTY = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
});

/** The awareness hello a provider sends on open (its client id, clock 0, state `{}`). */
function awarenessHello(): Uint8Array {
  const inner = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, Math.floor(Math.random() * 2 ** 31));
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, '{}');
  });
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, inner);
  });
}

/**
 * Wire clients keep no document, but the worker keeps a *mirror* of it per server node: every
 * update a node broadcasts is byte-identical for all its clients (encoded once), so the first
 * wire client to receive an update applies it to its node's mirror, and whether it completes an
 * armed probe is decided once for all clients of that node. A wire client sees a change when it
 * receives the update that made it. One mirror per node, because nodes of a cluster encode
 * their own messages: a node that caught up from the store sends several commits merged into
 * one update, another node sends them one by one; each node's stream is consistent only with itself.
 */
type Mirror = {
  doc: Y.Doc;
  seeded: boolean;
  /** update (as a string key) → the ids of the probes it completed. */
  completions: Map<string, string[]>;
  /** Probes this node's stream has completed already. */
  completed: Set<string>;
};

/** Node URL → its mirror. */
const mirrors = new Map<string, Mirror>();

function mirrorOf(url: string): Mirror {
  let m = mirrors.get(url);
  if (!m) {
    m = { doc: new Y.Doc(), seeded: false, completions: new Map(), completed: new Set() };
    mirrors.set(url, m);
  }
  return m;
}

function updateKey(update: Uint8Array): string {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1');
}

/** Applies an update to the node's mirror once; returns the probes it completed. */
function throughMirror(m: Mirror, update: Uint8Array): readonly string[] {
  const key = updateKey(update);
  const known = m.completions.get(key);
  if (known) return known;
  const waiting = [...probes.entries()].filter(([id, p]) => !m.completed.has(id) && !shows(m.doc, p.probe));
  Y.applyUpdate(m.doc, update);
  const done = waiting.filter(([, p]) => shows(m.doc, p.probe)).map(([id]) => id);
  for (const id of done) m.completed.add(id);
  if (m.completions.size > 10_000) m.completions.clear();
  m.completions.set(key, done);
  return done;
}

// ---------------------------------------------------------------------------------------------
// Connecting

function ymap(parent: Y.Map<unknown> | null, key: string): Y.Map<unknown> | null {
  const v = parent?.get(key);
  return v instanceof Y.Map ? v : null;
}

function yjsUrl(target: Target, url: string): string {
  return target === 'rostrum' ? `${url.replace(/^http/, 'ws')}${YJS_PATH}` : url.replace(/^http/, 'ws');
}

function connectOne(
  spec: ClientSpec,
  target: Target,
  defaultUrl: string,
  room: string,
  timeoutMs: number,
): Promise<{ client: Client; result: ConnectResult }> {
  const startedAt = now();
  const full = spec.full && target !== 'sio';
  // Several nodes: the client's own node; one server: the url of the connection.
  const url = spec.url ?? defaultUrl;
  const mirror = mirrorOf(url);
  const client: Client = {
    spec,
    target,
    socket: null,
    doc: null,
    provider: null,
    ws: null,
    mirror,
    onUpdate: new Set(),
    lastSeq: 0,
    onSeq: new Set(),
    closing: false,
    failed: false,
  };
  const result: ConnectResult = {
    full,
    startedAt,
    socketAt: null,
    syncedAt: null,
    readyAt: null,
    parseMs: 0,
    error: null,
  };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== null) {
        result.error = error;
        client.failed = true;
      }
      resolve({ client, result });
    };
    const timer = setTimeout(() => settle('timeout'), timeoutMs);
    const needsSocket = target !== 'yws';
    const needsDoc = target !== 'sio';

    const maybeReady = () => {
      if ((needsSocket && result.socketAt === null) || (needsDoc && result.syncedAt === null) || settled) return;
      const doc = client.doc;
      if (target !== 'rostrum' || !doc) {
        result.readyAt = now();
        return settle(null);
      }
      // Rendered-ready: the state the views render from, read and validated as the web app does.
      const started = performance.now();
      const state = readState(doc);
      result.parseMs += performance.now() - started;
      if (state !== null) {
        result.readyAt = now();
        return settle(null);
      }
      doc.once('update', () => maybeReady());
    };

    if (needsSocket) {
      const socket = io(url, {
        auth: target === 'rostrum' ? { token: spec.token, protocolVersion: PROTOCOL_VERSION } : {},
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: timeoutMs,
      });
      client.socket = socket;
      socket.on('connect', () => {
        result.socketAt = now();
        // The web app asks for the server's clock as soon as it is connected.
        if (target === 'rostrum') socket.timeout(10_000).emit('time', () => undefined);
        maybeReady();
      });
      socket.on('connect_error', (err) => {
        countError('socket connect_error');
        settle(`socket: ${err.message}`);
      });
      socket.on('disconnect', (reason) => {
        if (client.closing) return;
        client.failed = true;
        countError(`socket disconnect (${reason})`);
      });
      if (target === 'sio') {
        socket.on('u', (seq: unknown) => {
          if (typeof seq !== 'number') return;
          client.lastSeq = seq;
          for (const f of client.onSeq) f();
        });
      }
    }

    if (needsDoc && full) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(yjsUrl(target, url), room, doc, {
        // Rostrum: the token in the first message (docs/protocol.md), never in the URL.
        WebSocketPolyfill:
          target === 'rostrum'
            ? (withYjsAuth(WebSocket, spec.token) as unknown as typeof globalThis.WebSocket)
            : WebSocketPolyfill,
        disableBc: true,
        connect: false,
      });
      // The reference server relays awareness to every client (O(N²)); the baseline measures the
      // relay of document updates, so its clients carry no awareness state. Rostrum's clients keep
      // the browser's default: Rostrum drops client awareness anyway.
      if (target === 'yws') provider.awareness.setLocalState(null);
      client.doc = doc;
      client.provider = provider;
      provider.on('sync', (synced: boolean) => {
        if (synced && result.syncedAt === null) {
          result.syncedAt = now();
          maybeReady();
        }
      });
      provider.on('connection-close', (event) => {
        if (client.closing) return;
        client.failed = true;
        countError(`yjs close ${event?.code ?? ''}`.trim());
      });
      provider.on('connection-error', () => {
        if (!client.closing) countError('yjs connection-error');
      });
      provider.connect();
    } else if (needsDoc) {
      const ws = new WebSocket(`${yjsUrl(target, url)}/${room}`);
      ws.binaryType = 'nodebuffer';
      client.ws = ws;
      ws.on('open', () => {
        if (target === 'rostrum') ws.send(encodeYjsAuth(spec.token));
        ws.send(STEP1_EMPTY);
        if (target === 'rostrum') ws.send(awarenessHello());
      });
      ws.on('message', (data: Buffer) => {
        try {
          const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
          if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
          const sub = decoding.readVarUint(decoder);
          if (sub === SYNC_STEP1) return ws.send(STEP2_EMPTY);
          const update = decoding.readVarUint8Array(decoder);
          if (sub === SYNC_STEP2 && result.syncedAt === null) {
            // The whole document: received, not decoded (a full client decodes it); the first
            // one seeds the worker's mirror.
            if (!mirror.seeded) {
              mirror.seeded = true;
              Y.applyUpdate(mirror.doc, update);
            }
            result.syncedAt = now();
            return maybeReady();
          }
          if (sub === SYNC_UPDATE || sub === SYNC_STEP2) {
            const done = throughMirror(mirror, update);
            for (const f of client.onUpdate) f(update, done);
          }
        } catch {
          countError('yjs malformed message');
        }
      });
      ws.on('close', (code) => {
        if (client.closing) return;
        client.failed = true;
        countError(`yjs close ${code}`);
      });
      ws.on('error', () => {
        if (!client.closing) countError('yjs connection-error');
        settle('yjs: connection error');
      });
    }
  });
}

function destroy(client: Client): void {
  client.closing = true;
  client.socket?.disconnect();
  client.provider?.destroy();
  client.doc?.destroy();
  client.ws?.terminate();
}

async function connect(req: Extract<WorkerRequest, { op: 'connect' }>): Promise<ConnectResult[]> {
  connection = { target: req.target, url: req.url, room: req.room };
  const base = clients.length;
  return Promise.all(
    req.clients.map(async (spec, k) => {
      await sleepUntil(req.startAt + spec.offsetMs);
      const { client, result } = await connectOne(spec, req.target, req.url, req.room, req.timeoutMs);
      clients[base + k] = client;
      return result;
    }),
  );
}

/** Disconnects `count` clients picked at random and connects them again (a page reload). */
async function churn(count: number, timeoutMs: number): Promise<ConnectResult[]> {
  const conn = connection;
  if (!conn) return [];
  const picked = new Set<number>();
  while (picked.size < Math.min(count, clients.length)) picked.add(Math.floor(Math.random() * clients.length));
  return Promise.all(
    [...picked].map(async (i) => {
      const old = clients[i];
      if (!old) throw new Error('no such client');
      destroy(old);
      const { client, result } = await connectOne(old.spec, conn.target, conn.url, conn.room, timeoutMs);
      clients[i] = client;
      return result;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Probes: when does each client see it?

/** Whether a document shows what the probe waits for. */
function shows(doc: Y.Doc, probe: Probe): boolean {
  switch (probe.kind) {
    case 'seq': {
      const seq = doc.getMap('bench').get('seq');
      return typeof seq === 'number' && seq >= probe.seq;
    }
    case 'current':
      return doc.getMap('current').get('itemId') === probe.itemId;
    case 'queue': {
      const order = ymap(ymap(doc.getMap('floor'), 'lists'), probe.itemId)?.get('order');
      return Array.isArray(order) && order.length >= probe.length;
    }
    case 'votes': {
      const poll = ymap(ymap(doc.getMap('votes'), 'polls'), probe.pollId);
      if (!poll || poll.get('votedCount') !== probe.count) return false;
      const tally = ymap(poll, 'tally');
      if (!tally) return true; // anonymous poll: the count is what is public while it is open
      const sum = ['support', 'object', 'abstain'].reduce((s, k) => s + (Number(tally.get(k)) || 0), 0);
      return sum === probe.count;
    }
  }
}

/** Whether a client already shows it (full clients: their document; Socket.IO baseline: the last message). */
function clientShows(client: Client, probe: Probe): boolean {
  if (probe.kind === 'seq' && client.target === 'sio') return client.lastSeq >= probe.seq;
  return client.doc !== null && shows(client.doc, probe);
}

type Armed = { probe: Probe; times: Array<number | null>; updateBytes: number | null; done: Promise<void> };
const probes = new Map<string, Armed>();

function arm(probeId: string, probe: Probe, timeoutMs: number): void {
  const times: Array<number | null> = clients.map(() => null);
  const armed: Armed = { probe, times, updateBytes: null, done: Promise.resolve() };
  const detach: Array<() => void> = [];
  // Registered first: the mirror consults the armed probes.
  probes.set(probeId, armed);
  armed.done = new Promise<void>((resolve) => {
    let remaining = clients.length;
    const finish = () => {
      clearTimeout(timer);
      for (const d of detach) d();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    const seen = (i: number, bytes: number | null) => {
      times[i] = now();
      if (armed.updateBytes === null && bytes !== null) armed.updateBytes = bytes;
      remaining -= 1;
      if (remaining === 0) finish();
    };
    clients.forEach((client, i) => {
      if (client.failed) {
        // Not connected (see the connect results and the error counts): nothing to wait for.
        remaining -= 1;
        return;
      }
      if (
        clientShows(client, probe) ||
        (client.ws !== null && client.mirror.seeded && shows(client.mirror.doc, probe))
      ) {
        // Already there before the trigger: not a measurement of this change.
        remaining -= 1;
        return;
      }
      if (probe.kind === 'seq' && client.target === 'sio') {
        const check = () => {
          if (times[i] !== null || !clientShows(client, probe)) return;
          client.onSeq.delete(check);
          seen(i, null);
        };
        client.onSeq.add(check);
        detach.push(() => client.onSeq.delete(check));
        return;
      }
      const doc = client.doc;
      if (doc) {
        const onUpdate = (update: Uint8Array) => {
          if (times[i] !== null || !clientShows(client, probe)) return;
          doc.off('update', onUpdate);
          seen(i, update.byteLength);
        };
        doc.on('update', onUpdate);
        detach.push(() => doc.off('update', onUpdate));
        return;
      }
      const onWire = (update: Uint8Array, completed: readonly string[]) => {
        if (times[i] !== null || !completed.includes(probeId)) return;
        client.onUpdate.delete(onWire);
        seen(i, update.byteLength);
      };
      client.onUpdate.add(onWire);
      detach.push(() => client.onUpdate.delete(onWire));
    });
    if (remaining <= 0) finish();
  });
}

async function collect(probeId: string): Promise<CollectResult> {
  const armed = probes.get(probeId);
  if (!armed) throw new Error(`no probe ${probeId}`);
  await armed.done;
  probes.delete(probeId);
  for (const m of mirrors.values()) m.completed.delete(probeId);
  return { times: armed.times, full: clients.map((c) => c.doc !== null), updateBytes: armed.updateBytes };
}

// ---------------------------------------------------------------------------------------------
// Commands at given times, each with its ack

async function commands(list: CommandSpec[], timeoutMs: number): Promise<CommandOutcome[]> {
  return Promise.all(
    list.map(async ({ client: index, at, command }) => {
      await sleepUntil(at);
      const socket = clients[index]?.socket;
      const sentAt = now();
      if (!socket) return { sentAt, ackAt: null, ok: false, code: 'no_client', createdId: null };
      try {
        const ack: unknown = await socket.timeout(timeoutMs).emitWithAck('command', command);
        const ackAt = now();
        if (typeof ack !== 'object' || ack === null || !('ok' in ack))
          return { sentAt, ackAt, ok: false, code: 'bad_ack', createdId: null };
        if (ack.ok === true && 'data' in ack && typeof ack.data === 'object' && ack.data !== null) {
          const createdId =
            'createdId' in ack.data && typeof ack.data.createdId === 'string' ? ack.data.createdId : null;
          return { sentAt, ackAt, ok: true, code: null, createdId };
        }
        const code =
          'error' in ack && typeof ack.error === 'object' && ack.error !== null && 'code' in ack.error
            ? String(ack.error.code)
            : 'error';
        return { sentAt, ackAt, ok: false, code, createdId: null };
      } catch (err) {
        return { sentAt, ackAt: null, ok: false, code: `no_ack: ${errorMessage(err)}`, createdId: null };
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------

async function handle(req: WorkerRequest): Promise<WorkerReplies[WorkerRequest['op']]> {
  switch (req.op) {
    case 'connect':
      return connect(req);
    case 'arm':
      arm(req.probeId, req.probe, req.timeoutMs);
      return { armedAt: now() };
    case 'collect':
      return collect(req.probeId);
    case 'commands':
      return commands(req.list, req.timeoutMs);
    case 'churn':
      return churn(req.count, req.timeoutMs);
    case 'stats': {
      const cpu = process.cpuUsage(cpuAtStart);
      const mem = process.memoryUsage();
      return {
        clients: clients.length,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        lag: lag(),
        errors: { ...errors },
      };
    }
    case 'disconnect':
      for (const c of clients) destroy(c);
      clients.length = 0;
      connection = null;
      // The next connection may be to another document or other nodes: fresh mirrors.
      for (const m of mirrors.values()) m.doc.destroy();
      mirrors.clear();
      return {};
  }
}

process.on('message', (msg: unknown) => {
  if (!isWorkerRequest(msg)) return;
  handle(msg).then(
    (data) => process.send?.({ id: msg.id, ok: true, data }),
    (err: unknown) => process.send?.({ id: msg.id, ok: false, error: errorMessage(err) }),
  );
});
// The coordinator is gone (finished, failed or killed): stop at once.
process.on('disconnect', () => process.exit(0));
