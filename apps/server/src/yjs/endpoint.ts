import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_CODES, LIMITS, YJS_PATH, type Principal } from '@rostrum/core';
import type { Logger } from '../logger.js';
import type { MeetingRegistry } from '../meetings.js';
import { atExpiry } from '../connection-expiry.js';
import { EMPTY_AWARENESS_MESSAGE } from './shared-doc.js';

/** The y-websocket client reconnects after 30 s of silence: speak every 15 s. */
const KEEPALIVE_MS = 15_000;
const KEEPALIVE_SLOTS = 15;

type Access = { doc: 'meeting' | 'notes'; writable: boolean } | { error: number; reason: string };

/** Who may open which document: the meeting record read-only for all; notes for staff only. */
export function yjsAccess(principal: Principal, doc: 'meeting' | 'notes'): Access {
  if (doc === 'meeting') return { doc, writable: false };
  if (principal.role === 'secretariat') return { doc, writable: true };
  if (principal.role === 'chair') return { doc, writable: false };
  return { error: CLOSE_CODES.forbidden, reason: 'notes are for the secretariat and the chair' };
}

/** `/yjs/<meetingId>` or `/yjs/<meetingId>.notes` → the meeting id and the document. */
function parseRoom(pathname: string): { meetingId: string; doc: 'meeting' | 'notes' } | null {
  const m = /^\/yjs\/([A-Za-z0-9_-]{1,64})(\.notes)?$/.exec(pathname);
  if (!m?.[1]) return null;
  return { meetingId: m[1], doc: m[2] ? 'notes' : 'meeting' };
}

/** Tracks the principal of every Yjs socket, so that revoked invites can be cut off. */
export const yjsPrincipals = new WeakMap<WebSocket, Principal>();

/**
 * Serves the meetings' Yjs documents over the y-websocket protocol on the shared HTTP
 * server. Authentication happens after the upgrade so that a refused client gets a close
 * code it can act on (4401, 4403, 4404) instead of an opaque failed handshake.
 */
export function attachYjsEndpoint(httpServer: HttpServer, deps: { registry: MeetingRegistry; logger: Logger }): { close: () => void; wss: WebSocketServer } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.yjsFrameBytes });
  const { registry, logger } = deps;
  const alive = new WeakMap<WebSocket, boolean>();

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${YJS_PATH}/`)) return; // Socket.IO's own upgrades
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Protocol errors (a frame over maxPayload, a bad opcode, invalid UTF-8) are emitted as
      // 'error' before ws closes the connection (1009, 1002, 1007). Without a listener that
      // error is thrown and ends the process: one oversized frame, even before the token is
      // checked, took the server down.
      ws.on('error', (err) => logger.debug({ err: err.message }, 'yjs connection error'));
      void accept(ws, url).catch((err: unknown) => {
        logger.error({ err }, 'yjs connection failed');
        ws.close(1011, 'internal error');
      });
    });
  });

  async function accept(ws: WebSocket, url: URL): Promise<void> {
    const room = parseRoom(url.pathname);
    if (!room) return ws.close(CLOSE_CODES.notFound, 'no such document');
    const token = url.searchParams.get('token');
    if (!token) return ws.close(CLOSE_CODES.unauthorized, 'a token is required');
    // Messages that arrive while the token is checked would be lost: hold them.
    const early: Buffer[] = [];
    const hold = (data: Buffer) => early.push(data);
    ws.on('message', hold);
    const auth = await registry.authenticate(token);
    ws.off('message', hold);
    if (!auth.ok) {
      // Who, never the token (it is in the URL, which is not logged either).
      logger.info({ code: auth.code, reason: auth.message }, 'yjs connection refused');
      return ws.close(auth.code === 'not_found' ? CLOSE_CODES.notFound : CLOSE_CODES.unauthorized, auth.message);
    }
    logger.debug({ meetingId: auth.principal.meetingId, inviteId: auth.principal.inviteId, role: auth.principal.role, doc: room.doc }, 'yjs connected');
    if (auth.principal.meetingId !== room.meetingId) return ws.close(CLOSE_CODES.forbidden, 'the token is for another meeting');
    const access = yjsAccess(auth.principal, room.doc);
    if ('error' in access) return ws.close(access.error, access.reason);
    yjsPrincipals.set(ws, auth.principal);
    const cancelExpiry = atExpiry(auth.expiresAt, Date.now, () => ws.close(CLOSE_CODES.unauthorized, 'the link has expired'));
    ws.on('close', cancelExpiry);
    const shared = room.doc === 'meeting' ? auth.room.meeting : auth.room.notes;
    shared.addConnection(ws, access.writable);
    for (const data of early) ws.emit('message', data, true);
    alive.set(ws, true);
    keepaliveSlot.set(ws, nextSlot++ % KEEPALIVE_SLOTS);
    ws.on('pong', () => alive.set(ws, true));
  }

  registry.onRevoke((inviteId) => {
    for (const ws of wss.clients) {
      if (yjsPrincipals.get(ws)?.inviteId === inviteId) ws.close(CLOSE_CODES.unauthorized, 'the link was revoked');
    }
  });

  // Keep-alive for the y-websocket client, and ping/pong to find dead peers. Every connection
  // is served once per KEEPALIVE_MS, a slot of them per tick: 2,000 clients never get 4,000
  // frames in one burst that holds the event loop (and a fan-out behind it) for tens of ms.
  const keepaliveSlot = new WeakMap<WebSocket, number>();
  let nextSlot = 0;
  let tick = 0;
  const timer = setInterval(() => {
    const slot = tick++ % KEEPALIVE_SLOTS;
    const due = (ws: WebSocket) => keepaliveSlot.get(ws) === slot;
    for (const room of registry.all()) {
      room.meeting.sendWhere(EMPTY_AWARENESS_MESSAGE, due);
      room.notes.sendWhere(EMPTY_AWARENESS_MESSAGE, due);
    }
    for (const ws of wss.clients) {
      if (!due(ws)) continue;
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, KEEPALIVE_MS / KEEPALIVE_SLOTS);
  timer.unref();

  return {
    wss,
    close: () => {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
