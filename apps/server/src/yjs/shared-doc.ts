import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES } from '@rostrum/core';

/** y-websocket message types (the first varUint of every frame). */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** Distinct state vectors whose sync-step-2 reply is kept (per document version). */
const STEP2_CACHE_SIZE = 16;

/** Above this many buffered bytes a client is too slow to keep up and is disconnected. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** An awareness update that names no client: answers queries and keeps idle sockets alive. */
export const EMPTY_AWARENESS_MESSAGE: Uint8Array = (() => {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 0);
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
  return encoding.toUint8Array(enc);
})();

/** `WebSocket.OPEN`, the same in every WebSocket implementation (the WHATWG constant). */
const OPEN = 1;

/**
 * What a shared document needs of a client's connection (like tldraw's `TLRoomSocket`). A `ws`
 * WebSocket has this shape, so the transport passes its sockets as they are; tests give a fake.
 */
export interface DocSocket {
  /** The WebSocket ready state: only an open socket is sent anything. */
  readonly readyState: number;
  /** Bytes queued for sending: a client too slow to keep up is cut (`MAX_BUFFERED_BYTES`). */
  readonly bufferedAmount: number;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
}

/** The frames a connection received, handed to its document by the transport. */
export type DocConnection = {
  /** A frame from the client; `binary` false (a text frame) closes the connection. */
  receive(data: Uint8Array, binary: boolean): void;
  /** The connection closed: the document forgets it. */
  closed(): void;
};

export type ClientUpdateHandler = (update: Uint8Array, from: DocSocket) => Promise<void>;

type Connection = { writable: boolean };

export type SharedDocStats = {
  dropped: number;
  connections: number;
  /** Updates broadcast, the messages they became (one per recipient) and their bytes. */
  broadcasts: number;
  fanoutMessages: number;
  fanoutBytes: number;
  /** Recipients of the last broadcast. */
  lastFanout: number;
  /** Time spent in the send loops of broadcasts (ms). */
  fanoutMs: number;
};

/**
 * One Yjs document served over the y-websocket protocol. Independent of HTTP: it takes
 * already-authenticated WebSockets and whether each may write.
 *
 * Read-only connections get the document (sync step 1 is answered with step 2) but their
 * sync-step-2 and update messages are dropped: not applied, not stored, not relayed.
 * Awareness is never relayed (that is O(N²)); presence is aggregated elsewhere.
 * Updates are broadcast explicitly by the owner, after they are durable, encoded once.
 */
export class SharedDoc {
  private readonly conns = new Map<DocSocket, Connection>();
  private droppedWrites = 0;
  private readonly fanout = { broadcasts: 0, messages: 0, bytes: 0, last: 0, ms: 0 };
  /**
   * Sync-step-2 replies by the state vector they answer, for the current version of the
   * document: a join storm (every new client sends the empty state vector) or a reconnect
   * storm after a restart (every client sends the same one) encodes the document once, not
   * once per client. Emptied by every change of the document.
   */
  private readonly step2Cache = new Map<string, Uint8Array>();

  constructor(
    readonly doc: Y.Doc,
    private readonly onClientUpdate: ClientUpdateHandler | null = null,
  ) {
    doc.on('update', () => this.step2Cache.clear());
  }

  get stats(): SharedDocStats {
    const f = this.fanout;
    return {
      dropped: this.droppedWrites,
      connections: this.conns.size,
      broadcasts: f.broadcasts,
      fanoutMessages: f.messages,
      fanoutBytes: f.bytes,
      lastFanout: f.last,
      fanoutMs: f.ms,
    };
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  /** Serves an authenticated connection; the transport hands it the frames and the close. */
  addConnection(ws: DocSocket, writable: boolean): DocConnection {
    this.conns.set(ws, { writable: writable && this.onClientUpdate !== null });
    const connection: DocConnection = {
      receive: (data, binary) => {
        if (!binary) ws.close(CLOSE_CODES.invalid, 'binary frames only');
        else this.handleMessage(ws, data);
      },
      closed: () => void this.conns.delete(ws),
    };
    if (this.conns.get(ws)?.writable) {
      // Ask a writer for what it has that we lack (e.g. text typed while offline).
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(enc, this.doc);
      this.send(ws, encoding.toUint8Array(enc));
    }
    return connection;
  }

  /** Sends an update to every connection but `except`, encoded once. */
  broadcast(update: Uint8Array, except: DocSocket | null = null): void {
    if (this.conns.size === 0) return;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeUpdate(enc, update);
    const message = encoding.toUint8Array(enc);
    const started = performance.now();
    let sent = 0;
    for (const ws of this.conns.keys()) {
      if (ws === except) continue;
      this.send(ws, message);
      sent += 1;
    }
    const f = this.fanout;
    f.broadcasts += 1;
    f.messages += sent;
    f.bytes += sent * message.byteLength;
    f.last = sent;
    f.ms += performance.now() - started;
  }

  /** Sends a frame to every connection (keep-alive). */
  sendToAll(message: Uint8Array): void {
    for (const ws of this.conns.keys()) this.send(ws, message);
  }

  /** Sends a frame to the connections `pick` chooses (keep-alive, a slot at a time). */
  sendWhere(message: Uint8Array, pick: (ws: DocSocket) => boolean): void {
    for (const ws of this.conns.keys()) if (pick(ws)) this.send(ws, message);
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.conns.keys()) ws.close(code, reason);
  }

  private send(ws: DocSocket, message: Uint8Array): void {
    if (ws.readyState !== OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(message);
  }

  private handleMessage(ws: DocSocket, data: Uint8Array): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) this.handleSync(ws, conn, decoder);
      else if (type === MESSAGE_QUERY_AWARENESS) this.send(ws, EMPTY_AWARENESS_MESSAGE);
      // Awareness from clients is ignored on purpose; other types are unknown and ignored, and
      // so is an authentication frame after the first (the endpoint read that one): who a
      // connection is was settled when it was admitted.
    } catch {
      ws.close(CLOSE_CODES.invalid, 'malformed message');
    }
  }

  /** The sync-step-2 message answering `stateVector`: what the document has beyond it. */
  private step2For(stateVector: Uint8Array): Uint8Array {
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1');
    const cached = this.step2Cache.get(key);
    if (cached) return cached;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(enc, this.doc, stateVector);
    const message = encoding.toUint8Array(enc);
    // A few distinct vectors at a time (fresh clients, clients of the last version): bounded.
    if (this.step2Cache.size >= STEP2_CACHE_SIZE) this.step2Cache.clear();
    this.step2Cache.set(key, message);
    return message;
  }

  private handleSync(ws: DocSocket, conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.send(ws, this.step2For(decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error('unknown sync message');
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!conn.writable || this.onClientUpdate === null) {
      this.droppedWrites += 1;
      return;
    }
    this.onClientUpdate(update, ws).catch(() => ws.close(CLOSE_CODES.invalid, 'update refused'));
  }
}
