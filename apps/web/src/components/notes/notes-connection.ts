import { useEffect, useState, useSyncExternalStore } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, withYjsAuth, YJS_PATH, yjsRoom } from '@rostrum/core';

/**
 * The secretariat's notes document: a second y-websocket connection, to the room
 * `<meetingId>.notes` (writable for the secretariat, read-only for the chair). The Y.Doc lives
 * as long as the view: what is typed while the connection is down stays in it and is sent when
 * the connection comes back (the server asks a writer for what it lacks on every connect).
 */
export type NotesStatus = 'connecting' | 'live' | 'offline' | 'refused';

export class NotesConnection {
  readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;
  private readonly listeners = new Set<() => void>();
  private status: NotesStatus = 'connecting';
  private everLive = false;
  private refused = false;

  constructor(meetingId: string, token: string) {
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${YJS_PATH}`;
    this.provider = new WebsocketProvider(wsBase, yjsRoom.notes(meetingId), this.doc, {
      // The token goes in each connection's first message, never in the URL (access logs keep URLs).
      WebSocketPolyfill: withYjsAuth(WebSocket, token),
      // Never talk to other tabs over BroadcastChannel: the server is the only relay.
      disableBc: true,
      maxBackoffTime: 5000,
    });
    this.provider.on('status', () => this.refresh());
    this.provider.on('sync', () => this.refresh());
    this.provider.on('connection-close', (event) => {
      const code = event?.code;
      if (code === CLOSE_CODES.unauthorized || code === CLOSE_CODES.forbidden || code === CLOSE_CODES.notFound) {
        this.refused = true;
        this.provider.disconnect();
      }
      this.refresh();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): NotesStatus => this.status;

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private refresh(): void {
    let next: NotesStatus;
    if (this.refused) next = 'refused';
    else if (this.provider.wsconnected && this.provider.synced) {
      next = 'live';
      this.everLive = true;
    } else next = this.everLive ? 'offline' : 'connecting';
    if (next === this.status) return;
    this.status = next;
    for (const l of this.listeners) l();
  }
}

/** A notes connection for the lifetime of the component that uses it. */
export function useNotesConnection(meetingId: string, token: string | null): NotesConnection | null {
  const [conn, setConn] = useState<NotesConnection | null>(null);
  useEffect(() => {
    if (!token) return;
    const c = new NotesConnection(meetingId, token);
    setConn(c);
    return () => {
      c.destroy();
      setConn(null);
    };
  }, [meetingId, token]);
  return conn;
}

const noStatus = (): (() => void) => () => undefined;

export function useNotesStatus(conn: NotesConnection | null): NotesStatus {
  return useSyncExternalStore(conn?.subscribe ?? noStatus, conn?.getStatus ?? (() => 'connecting' as const));
}
