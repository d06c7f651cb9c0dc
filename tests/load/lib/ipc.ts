/**
 * Messages between the bench coordinator and its child processes (load workers and servers
 * under test). Every request carries an id and is answered once: `{ id, ok, data | error }`.
 */

/** What a worker's clients connect to: Rostrum, the bare Socket.IO baseline, or the reference y-websocket server. */
export type Target = 'rostrum' | 'sio' | 'yws';

/**
 * One simulated delegate (one browser tab): its token, when it starts connecting, and whether
 * it is a full client (y-websocket provider + Y.Doc + readState, as in the browser) or a wire
 * client (the same Socket.IO client; the y-websocket protocol on a raw WebSocket, updates
 * decoded but no document kept). Both load the server identically.
 */
export type ClientSpec = {
  token: string;
  delegationId: string;
  offsetMs: number;
  full: boolean;
  /** The node this client connects to (several nodes: clients spread round-robin); absent: the connect request's url. */
  url?: string;
};

/** What a client waits to see. Checked on every change of the client's document (or Socket.IO message). */
export type Probe =
  | { kind: 'current'; itemId: string }
  | { kind: 'queue'; itemId: string; length: number }
  | { kind: 'votes'; pollId: string; count: number }
  | { kind: 'seq'; seq: number };

export type BenchCommand = { id: string; type: string } & Record<string, unknown>;
export type CommandSpec = { client: number; at: number; command: BenchCommand };

export type WorkerRequest =
  | {
      op: 'connect';
      target: Target;
      url: string;
      room: string;
      clients: ClientSpec[];
      startAt: number;
      timeoutMs: number;
    }
  | { op: 'arm'; probeId: string; probe: Probe; timeoutMs: number }
  | { op: 'collect'; probeId: string }
  | { op: 'commands'; list: CommandSpec[]; timeoutMs: number }
  | { op: 'churn'; count: number; timeoutMs: number }
  | { op: 'stats' }
  | { op: 'disconnect' };

export type WorkerOp = WorkerRequest['op'];

/** Times are ms since epoch (sub-ms), on the machine's one clock. */
export type ConnectResult = {
  full: boolean;
  startedAt: number;
  socketAt: number | null;
  syncedAt: number | null;
  /** Wall time at which `readState(doc)` first returned a state (after the client's own parse). */
  readyAt: number | null;
  /** CPU time of the client's own `readState` parse. */
  parseMs: number;
  error: string | null;
};

export type CollectResult = { times: Array<number | null>; full: boolean[]; updateBytes: number | null };

export type CommandOutcome = {
  sentAt: number;
  ackAt: number | null;
  ok: boolean;
  code: string | null;
  createdId: string | null;
};

export type WorkerStats = {
  clients: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  rss: number;
  heapUsed: number;
  /** Event-loop delay of the worker since the last stats call (a saturated generator shows here). */
  lag: LagSample;
  /** Unexpected disconnects, connect errors, Yjs connection closes seen since the start. */
  errors: Record<string, number>;
};

export type WorkerReplies = {
  connect: ConnectResult[];
  arm: { armedAt: number };
  collect: CollectResult;
  commands: CommandOutcome[];
  churn: ConnectResult[];
  stats: WorkerStats;
  disconnect: Record<string, never>;
};

/** Event-loop delay percentiles in ms (perf_hooks.monitorEventLoopDelay), since the previous sample. */
export type LagSample = {
  p50: number;
  p99: number;
  max: number;
  /** CPU time of the process (user + system) since the previous sample, ms. */ cpuMs: number;
};

export type MemorySample = {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
};

export type ServerRequest = { op: 'mem'; gc: boolean } | { op: 'lag' } | { op: 'stop' };
export type ServerReplies = { mem: MemorySample; lag: LagSample; stop: Record<string, never> };

export type Envelope<R> = { id: number } & R;
export type Reply = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isReply(v: unknown): v is Reply {
  return isRecord(v) && typeof v.id === 'number' && typeof v.ok === 'boolean';
}

const WORKER_OPS = new Set<string>(['connect', 'arm', 'collect', 'commands', 'churn', 'stats', 'disconnect']);
const SERVER_OPS = new Set<string>(['mem', 'lag', 'stop']);

/** Messages come from the coordinator of this run (a parent process we started): checked for shape only. */
export function isWorkerRequest(v: unknown): v is Envelope<WorkerRequest> {
  return isRecord(v) && typeof v.id === 'number' && typeof v.op === 'string' && WORKER_OPS.has(v.op);
}

export function isServerRequest(v: unknown): v is Envelope<ServerRequest> {
  return isRecord(v) && typeof v.id === 'number' && typeof v.op === 'string' && SERVER_OPS.has(v.op);
}

/** The first message of a server child: it listens on `port`. */
export function isReady(v: unknown): v is { ready: true; port: number } {
  return isRecord(v) && v.ready === true && typeof v.port === 'number';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
