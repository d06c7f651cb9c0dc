import { io, type Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  CLOSE_CODES,
  clockOffset,
  PROTOCOL_VERSION,
  readState,
  YJS_PATH,
  yjsRoom,
  type Ack,
  type ClientToServerEvents,
  type CommandInput,
  type CommandResult,
  type MeetingState,
  type PresenceSnapshot,
  type ServerToClientEvents,
} from '@rostrum/core';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

export type LiveSnapshot = {
  meeting: MeetingState | null;
  connection: ConnectionStatus;
  presence: PresenceSnapshot | null;
  /** Add to Date.now() to get the server's clock. */
  clockOffset: number;
};

export type { CommandInput } from '@rostrum/core';

function newCommandId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/**
 * The live connection to one meeting: the Yjs document (read-only, synced by the
 * y-websocket provider) for the record, and Socket.IO for commands, presence and time.
 * Exposes a snapshot for React's useSyncExternalStore.
 */
export class LiveMeeting {
  readonly doc = new Y.Doc();
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly provider: WebsocketProvider;
  private readonly listeners = new Set<() => void>();
  private snapshot: LiveSnapshot = { meeting: null, connection: 'connecting', presence: null, clockOffset: 0 };
  private everLive = false;
  private refused = false;

  constructor(meetingId: string, token: string) {
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${YJS_PATH}`;
    this.provider = new WebsocketProvider(wsBase, yjsRoom.meeting(meetingId), this.doc, {
      params: { token },
      disableBc: true,
      maxBackoffTime: 5000,
    });
    this.socket = io({
      auth: { token, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      ackTimeout: 10_000,
      retries: 3,
    });

    this.doc.on('update', () => this.update({ meeting: readState(this.doc) }));
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
    this.socket.on('disconnect', () => this.refreshConnection());
    this.socket.on('connect_error', (err) => {
      const data: unknown = 'data' in err ? err.data : undefined;
      const code = typeof data === 'object' && data !== null && 'code' in data ? data.code : undefined;
      if (code === 'unauthorized' || code === 'not_found') this.refused = true;
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

  /** Sends a command; retried with the same id on timeout, so it takes effect once. */
  async command(input: CommandInput): Promise<Ack<CommandResult>> {
    try {
      return await this.socket.emitWithAck('command', { ...input, id: newCommandId() });
    } catch {
      return { ok: false, error: { code: 'internal', message: 'timeout' } };
    }
  }

  destroy(): void {
    this.provider.destroy();
    this.socket.disconnect();
    this.doc.destroy();
    this.listeners.clear();
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
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }
}
