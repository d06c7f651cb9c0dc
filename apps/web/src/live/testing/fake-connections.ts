import type * as Y from 'yjs';
import { writeState, type MeetingState } from '@rostrum/core';

/**
 * Stand-ins for the two connections `LiveMeeting` opens, so that its outbox can be tested without
 * a browser or a server. They keep the parts of socket.io-client 4.8 and y-websocket 3 that the
 * outbox depends on, as those libraries do them:
 *
 * - `timeout(ms).emit(event, …args, cb)`: the callback gets `(null, answer)` when the server
 *   answers, `Error('operation has timed out')` after `ms`; an answer after that is dropped.
 * - when the connection is lost, `disconnect` is emitted first, then every ack still awaited is
 *   called with `Error('socket has been disconnected')` (socket.io-client's `_clearAcks`);
 * - a provider is `wsconnected` once its WebSocket is open and `synced` once the server's answer
 *   to its sync step 1 is applied; on a close it emits `connection-close` first, then `sync`
 *   (false) and `status`.
 *
 * The test plays the server: it accepts or refuses the join, answers what was sent, drops the
 * connection, and writes the record into the document the provider syncs.
 */

type Listener = (...args: never[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  protected fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

type AckCallback = (err: Error | null, answer?: unknown) => void;

/** One message the client sent, as the server got it. */
export type Sent = {
  event: string;
  /** The arguments before the acknowledgement callback. */
  args: unknown[];
  /** Whether the client still waits for this message's answer (not answered, timed out or cut). */
  readonly awaited: boolean;
  /** The server's answer; ignored, as by socket.io-client, once the client stopped waiting. */
  answer(answer: unknown): void;
};

export class FakeSocket extends Emitter {
  connected = false;
  /** Every message sent, in order. */
  readonly sent: Sent[] = [];
  /** How often the client itself asked to connect (`socket.connect()`). */
  connectCalls = 0;
  private readonly awaiting = new Map<Sent, AckCallback>();

  constructor(readonly options: unknown) {
    super();
  }

  /** The commands sent so far. */
  get commands(): Sent[] {
    return this.sent.filter((s) => s.event === 'command');
  }

  timeout(ms: number) {
    return {
      emit: (event: string, ...args: unknown[]): void => {
        const callback = args.pop();
        if (typeof callback !== 'function') throw new Error('the outbox always asks for an acknowledgement');
        this.emitWithTimeout(ms, event, args, callback as AckCallback);
      },
      emitWithAck: (event: string, ...args: unknown[]): Promise<unknown> =>
        new Promise((resolve, reject) =>
          this.emitWithTimeout(ms, event, args, (err, answer) => (err ? reject(err) : resolve(answer))),
        ),
    };
  }

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  /** The client closes its connection (`destroy`). */
  disconnect(): this {
    if (this.connected) this.lose('io client disconnect');
    return this;
  }

  /** The server admits the join. */
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The server refuses the join with a code, as `connect_error` carries it. */
  refuse(code: string): void {
    this.fire('connect_error', Object.assign(new Error(`refused: ${code}`), { data: { code } }));
  }

  /** The connection is lost (network, server restart). */
  drop(): void {
    this.lose('transport close');
  }

  /** A server → client event (`presence`, `session_ended`). */
  serverEmit(event: string, payload: unknown): void {
    this.fire(event, payload);
  }

  private emitWithTimeout(ms: number, event: string, args: unknown[], callback: AckCallback): void {
    // The outbox sends only while connected; socket.io-client would buffer the message instead.
    if (!this.connected) throw new Error(`"${event}" sent while disconnected`);
    const awaiting = this.awaiting;
    const sent: Sent = {
      event,
      args,
      get awaited() {
        return awaiting.has(sent);
      },
      answer: (answer) => awaiting.get(sent)?.(null, answer),
    };
    const timer = setTimeout(() => awaiting.get(sent)?.(new Error('operation has timed out')), ms);
    awaiting.set(sent, (err, answer) => {
      awaiting.delete(sent);
      clearTimeout(timer);
      callback(err, answer);
    });
    this.sent.push(sent);
  }

  private lose(reason: string): void {
    this.connected = false;
    this.fire('disconnect', reason);
    for (const callback of [...this.awaiting.values()]) callback(new Error('socket has been disconnected'));
  }
}

export class FakeProvider extends Emitter {
  wsconnected = false;
  synced = false;
  /** The client stopped reconnecting (`disconnect()`) or closed the provider (`destroy()`). */
  stopped = false;

  constructor(
    readonly url: string,
    readonly room: string,
    readonly doc: Y.Doc,
    readonly options: unknown,
  ) {
    super();
    opened.providers.push(this);
  }

  /** The WebSocket opens and the first sync brings the record. */
  open(state: MeetingState): void {
    this.wsconnected = true;
    this.fire('status', { status: 'connected' });
    this.receive(state);
    this.synced = true;
    this.fire('sync', true);
  }

  /** An update of the record arrives (the server broadcast a commit). */
  receive(state: MeetingState): void {
    this.doc.transact(() => writeState(this.doc, state));
  }

  /** The server closes the WebSocket with `code`. */
  close(code: number): void {
    this.fire('connection-close', { code, reason: '' });
    this.wsconnected = false;
    this.synced = false;
    this.fire('sync', false);
    this.fire('status', { status: 'disconnected' });
  }

  disconnect(): void {
    this.stopped = true;
    this.wsconnected = false;
    this.synced = false;
  }

  /** How often the client asked to connect again (a resync after a gap: `disconnect()` then `connect()`). */
  connectCalls = 0;

  connect(): void {
    this.connectCalls += 1;
    this.stopped = false;
  }

  destroy(): void {
    this.disconnect();
  }
}

/** Every connection opened since the last `reset`, newest last. */
export const opened = { sockets: [] as FakeSocket[], providers: [] as FakeProvider[] };

export function reset(): void {
  opened.sockets.length = 0;
  opened.providers.length = 0;
}

/** Stands for socket.io-client's `io`. */
export function fakeIo(options: unknown): FakeSocket {
  const socket = new FakeSocket(options);
  opened.sockets.push(socket);
  return socket;
}
