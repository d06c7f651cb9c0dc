import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ServerProcess } from '../lib/child.js';
import { now, sleep, withTimeout } from '../lib/clock.js';
import { isFull } from '../lib/context.js';
import type { Fleet } from '../lib/fleet.js';
import type { ClientSpec } from '../lib/ipc.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { summarize, type Summary } from '../lib/stats.js';
import { connectSummaries, memoryResult } from './rostrum.js';

export type BaselineKind = 'sio' | 'yws';

export type BaselineOutcome = { result: ScenarioResult; memory: ScenarioResult; all: Summary };

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

  write(seq: number, payload: string): number {
    let size = 0;
    const capture = (u: Uint8Array) => (size += u.byteLength);
    this.doc.on('update', capture);
    this.doc.transact(() => {
      const map = this.doc.getMap('bench');
      map.set('payload', payload);
      map.set('seq', seq);
    });
    this.doc.off('update', capture);
    return size;
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

/**
 * One baseline at the same N as Rostrum: its server in its own process, the same fleet of
 * workers (one connection per delegate), one sender in the coordinator; time from the send
 * until each client has the message (Socket.IO event handled / Y.Doc updated).
 */
export async function baseline(kind: BaselineKind, fleet: Fleet, n: number, rounds: number, payloadBytes: number, fullEvery: number): Promise<BaselineOutcome> {
  const r = newResult(`baseline-${kind}`, TITLES[kind], n);
  const server = new ServerProcess(`baseline ${kind}`, kind === 'sio' ? 'servers/socketio.ts' : 'servers/yws.ts');
  try {
    const port = await server.ready;
    const url = `http://127.0.0.1:${port}`;
    const m0 = await server.mem();
    const specs: ClientSpec[] = Array.from({ length: n }, (_, i) => ({ token: '', delegationId: '', offsetMs: (i * 5000) / n, full: isFull(i, fullEvery) }));
    const connects = await fleet.connect(kind, url, 'bench', specs, now() + 500, 30_000);
    await sleep(1000);
    const m1 = await server.mem();
    const failed = connects.filter((c) => c.error !== null).length;
    const samples: Array<number | null> = [];
    const fullSamples: Array<number | null> = [];
    const wireSamples: Array<number | null> = [];
    const perRound: string[] = [];
    let sentBytes = 0;
    const sio = kind === 'sio' ? io(url, { transports: ['websocket'], forceNew: true, reconnection: false }) : null;
    const ysender = kind === 'yws' ? new YSender(url) : null;
    try {
      if (sio) await withTimeout(new Promise<void>((resolve) => sio.once('connect', () => resolve())), 15_000, 'the Socket.IO sender to connect');
      if (ysender) await ysender.synced();
      const payload = kind === 'sio' ? 'x'.repeat(payloadBytes) : ywsPayload(payloadBytes);
      for (let round = 1; round <= rounds; round++) {
        const probe = await fleet.arm({ kind: 'seq', seq: round }, 20_000);
        const t0 = now();
        if (sio) {
          sio.emit('b', round, payload);
          sentBytes = payload.length;
        }
        if (ysender) sentBytes = ysender.write(round, payload);
        const seen = await fleet.collect(probe);
        const lat = seen.times.map((t) => (t === null ? null : t - t0));
        samples.push(...lat);
        lat.forEach((v, i) => (seen.full[i] ? fullSamples : wireSamples).push(v));
        const s = summarize(lat);
        perRound.push(`${s.p99.toFixed(1)}${s.missing ? ` (${s.missing} missing)` : ''}`);
        await sleep(300);
      }
    } finally {
      sio?.disconnect();
      ysender?.close();
    }
    const all = summarize(samples);
    r.summaries.push({ name: kind === 'sio' ? 'send → Socket.IO event on each client' : 'send → each client has the update', s: all, note: `${rounds} rounds × ${n} clients` });
    if (kind === 'yws') {
      r.summaries.push({ name: '… full clients: their Y.Doc shows it', s: summarize(fullSamples) });
      r.summaries.push({ name: '… wire clients: the update decoded', s: summarize(wireSamples) });
    }
    r.summaries.push(...connectSummaries(connects).filter((x) => x.name === (kind === 'sio' ? 'all clients: Socket.IO connected' : 'all clients: Yjs document received')).map((x) => ({ ...x, name: `connect: ${x.name}` })));
    r.figures['payload / update size'] = `${sentBytes} B`;
    r.figures['p99 per round (ms)'] = perRound.join(', ');
    r.figures['failed to connect'] = failed;
    const memory = memoryResult(`baseline-${kind}-memory`, `${TITLES[kind]}: server memory`, n, m0, m1, 1);
    await fleet.disconnect();
    return { result: r, memory, all };
  } finally {
    await server.stop();
  }
}
