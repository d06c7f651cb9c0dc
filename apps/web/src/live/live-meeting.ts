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

export type LiveSnapshot = {
  meeting: MeetingState | null;
  connection: ConnectionStatus;
  presence: PresenceSnapshot | null;
  /** Add to Date.now() to get the server's clock. */
  clockOffset: number;
  /** The outbox: commands not yet acknowledged (shown as "not sent yet"), or acknowledged and not yet in the record; oldest first. */
  pending: readonly PendingCommand[];
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
  };
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
      this.outbox.set(id, { id, command, resolve, inFlight: false, silent: 0, acked: null });
      this.publishPending();
      this.flush();
    });
  }

  destroy(): void {
    window.removeEventListener('beforeunload', this.beforeUnload);
    clearTimeout(this.retryTimer);
    this.settleAll({ code: 'internal', message: 'closed' });
    this.provider.destroy();
    this.socket.disconnect();
    this.doc.destroy();
    this.listeners.clear();
  }

  /** Sends what waits in the outbox, in order, once both connections are live. */
  private flush(): void {
    if (this.snapshot.connection !== 'live') return;
    for (const entry of this.outbox.values()) if (!entry.inFlight && entry.acked === null) this.send(entry);
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
