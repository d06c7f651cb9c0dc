// One simulated delegate: its Socket.IO client and, for the Yjs document, a full client (the
// y-websocket provider and a Y.Doc) or a wire client (the protocol on a raw WebSocket, reading
// updates through the node's mirror). See worker.ts.
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeYjsAuth, PROTOCOL_VERSION, readState, withYjsAuth, YJS_PATH } from '@rostrum/core';
import { now } from '../lib/clock.js';
import type { ClientSpec, ConnectResult, Target } from '../lib/ipc.js';
import { mirrorOf, throughMirror, type Mirror } from './mirror.js';
import { awarenessHello, MESSAGE_SYNC, STEP1_EMPTY, STEP2_EMPTY, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from './wire.js';

const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;

export type Client = {
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

/** Errors of this worker's clients, by kind (reported with its stats). */
export const errors: Record<string, number> = {};

function countError(kind: string): void {
  errors[kind] = (errors[kind] ?? 0) + 1;
}

function yjsUrl(target: Target, url: string): string {
  return target === 'rostrum' ? `${url.replace(/^http/, 'ws')}${YJS_PATH}` : url.replace(/^http/, 'ws');
}

export function connectOne(
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

export function destroy(client: Client): void {
  client.closing = true;
  client.socket?.disconnect();
  client.provider?.destroy();
  client.doc?.destroy();
  client.ws?.terminate();
}
