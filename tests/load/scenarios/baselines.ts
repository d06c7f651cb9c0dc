import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ServerProcess } from '../lib/child.js';
import { now, sleep, withTimeout } from '../lib/clock.js';
import { isFull } from '../lib/context.js';
import type { Fleet } from '../lib/fleet.js';
import type { ClientSpec } from '../lib/ipc.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import type { Lane } from './fanout.js';
import { connectSummaries, memoryResult } from './rostrum.js';

export type BaselineKind = 'sio' | 'yws';

const TITLES: Record<BaselineKind, string> = {
  sio: 'Baseline: bare Socket.IO broadcast of a payload of the same size',
  yws: 'Baseline: reference y-websocket server (@y/websocket-server 0.1.1) relaying the same update',
};

/** The y-websocket sender of the reference baseline: a writer whose map update is about `bytes` long. */
class YSender {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;

  constructor(url: string) {
    this.provider = new WebsocketProvider(url.replace(/^http/, 'ws'), 'bench', this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      connect: false,
    });
    this.provider.awareness.setLocalState(null);
    this.provider.connect();
  }

  synced(): Promise<void> {
    return withTimeout(
      new Promise<void>((resolve) => {
        if (this.provider.synced) return resolve();
        this.provider.once('sync', () => resolve());
      }),
      15_000,
      'the y-websocket sender to sync',
    );
  }

  write(seq: number, payload: string): void {
    this.doc.transact(() => {
      const map = this.doc.getMap('bench');
      map.set('payload', payload);
      map.set('seq', seq);
    });
  }

  close(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** A payload string that makes a Yjs update of about `bytes` bytes (the first write's overhead measured on a scratch document). */
function ywsPayload(bytes: number): string {
  const scratch = new Y.Doc();
  let overhead = 0;
  scratch.on('update', (u: Uint8Array) => (overhead = u.byteLength));
  scratch.transact(() => {
    scratch.getMap('bench').set('payload', '');
    scratch.getMap('bench').set('seq', 1);
  });
  scratch.destroy();
  return 'x'.repeat(Math.max(1, bytes - overhead));
}

export type Baseline = {
  kind: BaselineKind;
  lane: Lane;
  /** Server memory before and after its clients connected. */
  memory: ScenarioResult;
  /** How its clients connected. */
  connected: ScenarioResult;
  stop: () => Promise<void>;
};

/**
 * A baseline at the same N as Rostrum: its server in its own process, a fleet of its own
 * (one connection per delegate; the same share of full Yjs clients), one sender in the
 * coordinator. Its fan-out rounds run interleaved with Rostrum's (fanout.ts).
 */
export async function startBaseline(
  kind: BaselineKind,
  fleet: Fleet,
  n: number,
  payloadBytes: number,
  fullEvery: number,
): Promise<Baseline> {
  const server = new ServerProcess(`baseline ${kind}`, kind === 'sio' ? 'servers/socketio.ts' : 'servers/yws.ts');
  let sio: Socket | null = null;
  let ysender: YSender | null = null;
  const stop = async () => {
    sio?.disconnect();
    ysender?.close();
    await fleet.disconnect().catch(() => undefined);
    await server.stop();
  };
  try {
    const port = await server.ready;
    const url = `http://127.0.0.1:${port}`;
    const m0 = await server.mem();
    const specs: ClientSpec[] = Array.from({ length: n }, (_, i) => ({
      token: '',
      delegationId: '',
      offsetMs: (i * 5000) / n,
      full: isFull(i, fullEvery),
    }));
    const connects = await fleet.connect(kind, url, 'bench', specs, now() + 500, 30_000);
    await sleep(1000);
    const m1 = await server.mem();
    const connected = newResult(`baseline-${kind}-connect`, `${TITLES[kind]}: clients connecting within 5 s`, n);
    connected.summaries.push(
      ...connectSummaries(connects).filter(
        (x) => x.name === (kind === 'sio' ? 'all clients: Socket.IO connected' : 'all clients: Yjs document received'),
      ),
    );
    connected.figures['failed to connect'] = connects.filter((c) => c.error !== null).length;
    const memory = memoryResult(`baseline-${kind}-memory`, `${TITLES[kind]}: server memory`, n, m0, m1, 1);
    const payload = kind === 'sio' ? 'x'.repeat(payloadBytes) : ywsPayload(payloadBytes);
    if (kind === 'sio') {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      sio = socket;
      await withTimeout(
        new Promise<void>((resolve) => socket.once('connect', () => resolve())),
        15_000,
        'the Socket.IO sender to connect',
      );
    } else {
      ysender = new YSender(url);
      await ysender.synced();
    }
    let seq = 0;
    const lane: Lane = {
      id: `baseline-${kind}`,
      title: TITLES[kind],
      fleet,
      async round() {
        seq += 1;
        const probe = await fleet.arm({ kind: 'seq', seq }, 20_000);
        const t0 = now();
        if (sio) sio.emit('b', seq, payload);
        if (ysender) ysender.write(seq, payload);
        const seen = await fleet.collect(probe);
        return { t0, seen: { ...seen, updateBytes: kind === 'sio' ? payload.length : seen.updateBytes } };
      },
    };
    return { kind, lane, memory, connected, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
