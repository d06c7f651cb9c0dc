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
//
// Here: the requests of the coordinator. The clients are in worker/client.ts (the wire protocol
// in worker/wire.ts, the mirrors in worker/mirror.ts), the probes in worker/probes.ts.
import { sleepUntil, now } from './lib/clock.js';
import { lagMonitor } from './lib/server-ipc.js';
import {
  errorMessage,
  isWorkerRequest,
  type ConnectResult,
  type Target,
  type WorkerReplies,
  type WorkerRequest,
} from './lib/ipc.js';
import { connectOne, destroy, errors, type Client } from './worker/client.js';
import { commands } from './worker/commands.js';
import { mirrors } from './worker/mirror.js';
import { arm, collect } from './worker/probes.js';

// Every y-websocket provider adds a process 'exit' listener: thousands are expected here.
process.setMaxListeners(0);

const clients: Client[] = [];
let connection: { target: Target; url: string; room: string } | null = null;
const cpuAtStart = process.cpuUsage();
const lag = lagMonitor();

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

async function handle(req: WorkerRequest): Promise<WorkerReplies[WorkerRequest['op']]> {
  switch (req.op) {
    case 'connect':
      return connect(req);
    case 'arm':
      arm(clients, req.probeId, req.probe, req.timeoutMs);
      return { armedAt: now() };
    case 'collect':
      return collect(clients, req.probeId);
    case 'commands':
      return commands(clients, req.list, req.timeoutMs);
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
