import { io, type Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  clockOffset,
  CLOSE_CODES,
  MeetingStateReader,
  PROTOCOL_VERSION,
  withYjsAuth,
  YJS_PATH,
  yjsRoom,
  type Ack,
  type ClientToServerEvents,
  type Command,
  type CommandInput,
  type CommandResult,
  type CommandType,
  type MeetingState,
  type NodeStatus,
  type PresenceSnapshot,
  type ServerToClientEvents,
} from '@rostrum/core';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

/**
 * A command not yet acknowledged, or acknowledged but not yet seen in the record (`acked`): the
 * ack and the document's update come on different connections, the ack usually first, and until
 * the update arrives the view would offer the same action again.
 */
export type PendingCommand = { id: string; type: CommandType; acked: boolean };

/**
 * What the server this client is connected to cannot do now (docs/protocol.md, `status`):
 * `peers`, it cannot reach the other servers (changes made there arrive late); `store`, it cannot
 * store commands (the outbox keeps them and sends them again).
 */
export type Degraded = { peers: boolean; store: boolean };

export type LiveSnapshot = {
  meeting: MeetingState | null;
  connection: ConnectionStatus;
  presence: PresenceSnapshot | null;
  /** Add to Date.now() to get the server's clock. */
  clockOffset: number;
  /** The outbox: commands not yet acknowledged (shown as "not sent yet"), or acknowledged and not yet in the record; oldest first. */
  pending: readonly PendingCommand[];
  degraded: Degraded;
};

/** How long to wait for an ack before sending the same command (same id) again. */
const ACK_TIMEOUT_MS = 8000;
/** Sends without an answer while connected before the outbox gives a command up as `timeout`. */
const MAX_SILENT_ATTEMPTS = 4;
/** An acknowledged command whose update has not shown up by then is settled anyway. */
const ARRIVAL_TIMEOUT_MS = 5000;
/** Reconnection backoff cap of both connections: a restarted server is live again within seconds. */
const MAX_RECONNECT_DELAY_MS = 2000;
/** A join refused as `rate_limited` (connection caps, failed-token budget) is tried again after this. */
const RATE_LIMITED_RETRY_MS = 10_000;
/** A command refused as retryable (`store_unavailable`) is sent again after 1 s, doubling up to this. */
const MAX_RETRY_DELAY_MS = 15_000;
const FIRST_RETRY_DELAY_MS = 1000;
/** The record behind the revision the server announced for this long: the Yjs connection resyncs. */
const GAP_TIMEOUT_MS = 3000;

type OutboxEntry = {
  id: string;
  command: Command;
  resolve: (ack: Ack<CommandResult>) => void;
  /** Sent on the current connection and waiting for its ack. */
  inFlight: boolean;
  /** Sends that timed out while connected. */
  silent: number;
  /** The server's answer, kept until the record reaches its revision. */
  acked: { ack: Ack<CommandResult>; revision: number; timer: ReturnType<typeof setTimeout> } | null;
  /** Refusals with a retryable code in a row, and the timer of the next send. */
  retries: number;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
};

export type { CommandInput } from '@rostrum/core';

function newCommandId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/**
 * The live connection to one meeting: the Yjs document (read-only, synced by the
 * y-websocket provider) for the record, and Socket.IO for commands, presence and time.
 * Exposes a snapshot for React's useSyncExternalStore.
 *
 * Commands go through an outbox: each gets its id once, is sent when the connection is live
 * and sent again (same id, so the server applies it once) after a reconnection or a lost ack,
 * until the server answers. Nothing is dropped while the connection is down; the snapshot lists
 * what is not yet acknowledged so the views can show it, and leaving the page asks first.
 */
export class LiveMeeting {
  readonly doc = new Y.Doc();
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly provider: WebsocketProvider;
  private readonly listeners = new Set<() => void>();
  private snapshot: LiveSnapshot = {
    meeting: null,
    connection: 'connecting',
    presence: null,
    clockOffset: 0,
    pending: [],
    degraded: { peers: false, store: false },
  };
  /** The highest revision the server announced (`status`, acks); the record should reach it. */
  private announced = -1;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private everLive = false;
  private refused = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly outbox = new Map<string, OutboxEntry>();
  private readonly beforeUnload = (event: BeforeUnloadEvent) => {
    if ([...this.outbox.values()].some((e) => e.acked === null)) event.preventDefault();
  };

  constructor(meetingId: string, token: string) {
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${YJS_PATH}`;
    this.provider = new WebsocketProvider(wsBase, yjsRoom.meeting(meetingId), this.doc, {
      // The token goes in each connection's first message, never in the URL (access logs keep URLs).
      WebSocketPolyfill: withYjsAuth(WebSocket, token),
      disableBc: true,
      maxBackoffTime: MAX_RECONNECT_DELAY_MS,
    });
    this.socket = io({
      auth: { token, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: MAX_RECONNECT_DELAY_MS,
    });
    window.addEventListener('beforeunload', this.beforeUnload);

    // Only the parts an update touched are parsed again; the others keep their objects, so the
    // views of parts that did not change are not rendered again either.
    const reader = new MeetingStateReader(this.doc);
    this.doc.on('update', () => {
      const meeting = reader.read();
      this.update({ meeting });
      this.settleArrived(meeting?.meta.revision ?? -1);
    });
    this.provider.on('status', () => this.refreshConnection());
    this.provider.on('sync', () => this.refreshConnection());
    this.provider.on('connection-close', (event) => {
      const code = event?.code;
      if (code === CLOSE_CODES.unauthorized || code === CLOSE_CODES.forbidden || code === CLOSE_CODES.notFound) {
        this.refused = true;
        this.provider.disconnect();
      }
      this.refreshConnection();
    });
    this.socket.on('connect', () => {
      this.refreshConnection();
      void this.syncClock();
    });
    this.socket.on('disconnect', () => {
      // Acks of this connection will not come: what was in flight is sent again when live.
      for (const entry of this.outbox.values()) entry.inFlight = false;
      this.refreshConnection();
    });
    this.socket.on('connect_error', (err) => {
      const data: unknown = 'data' in err ? err.data : undefined;
      const code = typeof data === 'object' && data !== null && 'code' in data ? data.code : undefined;
      if (code === 'unauthorized' || code === 'not_found') this.refused = true;
      // Too many connections from this address or of this link (other tabs): Socket.IO does not
      // retry a refused join by itself, so try again after a while, unless the page is closing.
      if (code === 'rate_limited') this.retryTimer = setTimeout(() => this.socket.connect(), RATE_LIMITED_RETRY_MS);
      this.refreshConnection();
    });
    this.socket.on('presence', (presence) => this.update({ presence }));
    this.socket.on('status', (status) => this.onStatus(status));
    // The link was revoked or expired: stop both connections instead of retrying forever.
    this.socket.on('session_ended', () => {
      this.refused = true;
      this.provider.disconnect();
      this.refreshConnection();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  /**
   * Sends a command through the outbox and resolves with the server's answer, however long the
   * connection takes to come back. A request for the floor names the item on screen, so that
   * one made offline is refused (`item_not_active`) if the agenda moved on meanwhile.
   */
  command(input: CommandInput): Promise<Ack<CommandResult>> {
    const id = newCommandId();
    const itemId = this.snapshot.meeting?.current.itemId ?? null;
    const command: Command =
      input.type === 'floor.request' && input.itemId === undefined && itemId !== null
        ? { ...input, itemId, id }
        : { ...input, id };
    return new Promise((resolve) => {
      this.outbox.set(id, {
        id,
        command,
        resolve,
        inFlight: false,
        silent: 0,
        acked: null,
        retries: 0,
        retryTimer: undefined,
      });
      this.publishPending();
      this.flush();
    });
  }

  destroy(): void {
    window.removeEventListener('beforeunload', this.beforeUnload);
    clearTimeout(this.retryTimer);
    clearTimeout(this.gapTimer);
    this.settleAll({ code: 'internal', message: 'closed' });
    this.provider.destroy();
    this.socket.disconnect();
    this.doc.destroy();
    this.listeners.clear();
  }

  /** Sends what waits in the outbox, in order, once both connections are live. */
  private flush(): void {
    if (this.snapshot.connection !== 'live') return;
    for (const entry of this.outbox.values())
      if (!entry.inFlight && entry.acked === null && entry.retryTimer === undefined) this.send(entry);
  }

  /**
   * The server's state (docs/protocol.md, `status`): its degraded state, shown by the views; the
   * store back, the commands it refused go at once; and the revision it holds, which the record
   * here must reach.
   */
  private onStatus(status: NodeStatus): void {
    const store = status.store === 'unavailable';
    this.update({ degraded: { peers: status.peers === 'unavailable', store } });
    if (!store)
      for (const entry of this.outbox.values())
        if (entry.retryTimer !== undefined) {
          clearTimeout(entry.retryTimer);
          entry.retryTimer = undefined;
        }
    this.announce(status.revision);
    this.flush();
  }

  /**
   * The server holds `revision`: if the record here stays behind it (an update lost between the
   * servers, or on this connection), the Yjs connection is opened again, whose sync step brings
   * what is missing, without reloading the page.
   */
  private announce(revision: number): void {
    this.announced = Math.max(this.announced, revision);
    if (this.gapTimer !== undefined || !this.behind()) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (!this.behind() || this.refused) return;
      this.provider.disconnect();
      this.provider.connect();
    }, GAP_TIMEOUT_MS);
  }

  private behind(): boolean {
    const shown = this.snapshot.meeting?.meta.revision ?? -1;
    return this.snapshot.meeting !== null && shown < this.announced;
  }

  /** A retryable refusal: the command stays in the outbox (same id) and goes again after a backoff. */
  private retryLater(entry: OutboxEntry): void {
    const delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** entry.retries);
    entry.retries += 1;
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (this.outbox.has(entry.id) && !entry.inFlight && entry.acked === null && this.snapshot.connection === 'live')
        this.send(entry);
    }, delay);
  }

  private send(entry: OutboxEntry): void {
    entry.inFlight = true;
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('command', entry.command, (err: Error | null, ack?: Ack<CommandResult>) => {
        if (!this.outbox.has(entry.id) || entry.acked !== null) return;
        if (err || !ack) {
          entry.inFlight = false;
          if (!this.socket.connected) return; // sent again once live
          entry.silent += 1;
          if (entry.silent >= MAX_SILENT_ATTEMPTS)
            return this.settle(entry, { ok: false, error: { code: 'internal', message: 'timeout' } });
          return this.send(entry);
        }
        if (!ack.ok && ack.error.retryable === true) {
          // The server could not store it (docs/protocol.md, store_unavailable): kept, sent again later.
          entry.inFlight = false;
          this.update({ degraded: { ...this.snapshot.degraded, store: true } });
          return this.retryLater(entry);
        }
        if (ack.ok) {
          // Stored: the store works; `degraded` says the other servers will see it late.
          this.update({ degraded: { peers: ack.data.degraded === true, store: false } });
          this.announce(ack.data.revision);
        }
        // Accepted, but the record here does not show it yet: the caller has its answer now, and the
        // command stays listed (`acked`) until the update arrives (or a while), so that a view built
        // on the record does not offer the same action again meanwhile.
        const shown = this.snapshot.meeting?.meta.revision ?? -1;
        if (ack.ok && ack.data.revision > shown) {
          entry.acked = {
            ack,
            revision: ack.data.revision,
            timer: setTimeout(() => this.settle(entry, ack), ARRIVAL_TIMEOUT_MS),
          };
          entry.resolve(ack);
          return this.publishPending();
        }
        this.settle(entry, ack);
      });
  }

  /** Settles the acknowledged commands that the record now shows. */
  private settleArrived(revision: number): void {
    for (const entry of [...this.outbox.values()])
      if (entry.acked !== null && entry.acked.revision <= revision) this.settle(entry, entry.acked.ack);
  }

  private settle(entry: OutboxEntry, ack: Ack<CommandResult>): void {
    if (!this.outbox.delete(entry.id)) return;
    clearTimeout(entry.retryTimer);
    this.publishPending();
    // An acknowledged entry already gave its caller the answer.
    if (entry.acked !== null) clearTimeout(entry.acked.timer);
    else entry.resolve(ack);
  }

  /** The link was refused or the page closes: nothing will be sent, say so. */
  private settleAll(error: { code: 'unauthorized' | 'internal'; message: string }): void {
    for (const entry of [...this.outbox.values()]) this.settle(entry, { ok: false, error });
  }

  private publishPending(): void {
    this.update({
      pending: [...this.outbox.values()].map((e) => ({ id: e.id, type: e.command.type, acked: e.acked !== null })),
    });
  }

  private async syncClock(): Promise<void> {
    const sentAt = Date.now();
    try {
      const res = await this.socket.timeout(5000).emitWithAck('time');
      if (res.ok) this.update({ clockOffset: clockOffset(sentAt, res.data.serverNow, Date.now()) });
    } catch {
      // Keep the previous offset; countdowns stay approximately right.
    }
  }

  private refreshConnection(): void {
    let connection: ConnectionStatus;
    if (this.refused) connection = 'refused';
    else if (this.socket.connected && this.provider.wsconnected && this.provider.synced) {
      connection = 'live';
      this.everLive = true;
    } else connection = this.everLive ? 'reconnecting' : 'connecting';
    this.update({ connection });
    if (connection === 'refused') this.settleAll({ code: 'unauthorized', message: 'the link was refused' });
    // Live again (the record synced first): what waited is sent now.
    else this.flush();
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }
}
