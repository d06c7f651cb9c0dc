import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES, decodeYjsAuth, LIMITS, YJS_AUTH_TIMEOUT_MS, YJS_PATH, type Principal } from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import type { MeetingRegistry } from '../room/meetings.js';
import type { Admission, ClientSession, ClientSessions } from './client-sessions.js';
import type { ClientLimits } from './limits.js';
import { EMPTY_AWARENESS_MESSAGE, type DocSocket } from '../yjs/shared-doc.js';

/** The y-websocket client reconnects after 30 s of silence: speak every 15 s. */
const KEEPALIVE_MS = 15_000;
const KEEPALIVE_SLOTS = 15;

/**
 * What a client may send after its authentication frame and before it is admitted (held, then
 * replayed): sync step 1, awareness, a writer's first updates. A bound, so that the wait for the
 * store cannot be used to pile up memory.
 */
const MAX_HELD_BYTES = 4 * LIMITS.yjsFrameBytes;

type Held = { data: Buffer; isBinary: boolean };

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

type Access = { doc: 'meeting' | 'notes'; writable: boolean } | { error: number; reason: string };

/** Who may open which document: the meeting record read-only for all; notes for staff only. */
export function yjsAccess(principal: Principal, doc: 'meeting' | 'notes'): Access {
  if (doc === 'meeting') return { doc, writable: false };
  if (principal.role === 'secretariat') return { doc, writable: true };
  if (principal.role === 'chair') return { doc, writable: false };
  return { error: CLOSE_CODES.forbidden, reason: 'notes are for the secretariat and the chair' };
}

/**
 * What a connection asks for: a meeting and one of its two documents. Its path ends in the
 * y-websocket room name (core's `yjsRoom`: `<meetingId>` or `<meetingId>.notes`); the meeting's
 * MeetingRoom, which serves both documents, is another thing, named `meetingRoom` here.
 */
type DocRequest = { meetingId: string; doc: 'meeting' | 'notes' };

/** `/yjs/<meetingId>` or `/yjs/<meetingId>.notes` → the document asked for. */
function parseDocPath(pathname: string): DocRequest | null {
  const m = /^\/yjs\/([A-Za-z0-9_-]{1,64})(\.notes)?$/.exec(pathname);
  if (!m?.[1]) return null;
  return { meetingId: m[1], doc: m[2] ? 'notes' : 'meeting' };
}

/**
 * Serves the meetings' Yjs documents over the y-websocket protocol on the shared HTTP
 * server. Authentication happens after the upgrade so that a refused client gets a close
 * code it can act on (4401, 4403, 4404) instead of an opaque failed handshake.
 *
 * The token comes in the client's first frame (`encodeYjsAuth` in core), never in the URL:
 * URLs end up in access logs. `tokenInUrl` (deprecated, off by default) also admits the old
 * `?token=`; when it is off such a connection is refused, so that a client still putting its
 * token in URLs is noticed at once.
 */
export function attachYjsEndpoint(
  httpServer: HttpServer,
  deps: {
    registry: MeetingRegistry;
    logger: Logger;
    authTimeoutMs?: number;
    tokenInUrl?: boolean;
    /** Connection caps, failed-token budget and the client address, shared with Socket.IO (limits.ts); createServer always gives them. */
    limits?: ClientLimits;
    /** The node's client sessions: revocation and expiry cut Yjs connections there (client-sessions.ts). */
    sessions: ClientSessions;
  },
): { close: () => void; wss: WebSocketServer } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.yjsFrameBytes });
  const { registry, logger } = deps;
  const authTimeoutMs = deps.authTimeoutMs ?? YJS_AUTH_TIMEOUT_MS;
  const tokenInUrl = deps.tokenInUrl ?? false;
  if (tokenInUrl)
    logger.warn(
      'YJS_TOKEN_IN_URL is on (deprecated): Yjs clients may put their tokens in URLs, which access logs keep',
    );
  const alive = new WeakMap<WebSocket, boolean>();
  let nextSessionId = 0;

  /** Refuses a connection: the log says why, never with the token or the URL. */
  const refuse = (ws: WebSocket, code: number, reason: string): void => {
    logger.info({ code, reason }, 'yjs connection refused');
    ws.close(code, reason);
  };

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${YJS_PATH}/`)) return; // Socket.IO's own upgrades
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Protocol errors (a frame over maxPayload, a bad opcode, invalid UTF-8) are emitted as
      // 'error' before ws closes the connection (1009, 1002, 1007). Without a listener that
      // error is thrown and ends the process: one oversized frame, even before the token is
      // checked, took the server down.
      ws.on('error', (err) => logger.debug({ err: err.message }, 'yjs connection error'));
      // Counted from the upgrade, before any token is read: idle connections count against their
      // address (Socket.IO's and these together), and are closed by the authentication timeout.
      const address = deps.limits ? deps.limits.addressKey(req) : null;
      const releaseAddress =
        deps.limits && address !== null ? deps.limits.caps.acquireAddress(address) : () => undefined;
      if (!releaseAddress) return refuse(ws, CLOSE_CODES.rateLimited, 'too many connections from this address');
      ws.once('close', releaseAddress);
      void accept(ws, url, address).catch((err: unknown) => {
        logger.error({ err }, 'yjs connection failed');
        ws.close(1011, 'internal error');
      });
    });
  });

  /**
   * Reads a new connection's authentication frame (its first frame) and holds what follows until
   * the connection is admitted: `release()` stops holding and returns it in arrival order. With a
   * token from the URL (deprecated) every frame is held. `token` resolves to null once the
   * connection was refused (or closed) before it authenticated.
   */
  function intake(ws: WebSocket, urlToken: string | null): { token: Promise<string | null>; release: () => Held[] } {
    const held: Held[] = [];
    let heldBytes = 0;
    let settle: (token: string | null) => void = () => undefined;
    const token = new Promise<string | null>((resolve) => {
      settle = resolve;
    });
    let awaitingFrame = urlToken === null;
    const timer = awaitingFrame
      ? setTimeout(() => {
          awaitingFrame = false;
          refused(CLOSE_CODES.unauthorized, 'no authentication in time');
        }, authTimeoutMs)
      : null;
    // Refused: nothing more is read from it (it is closing).
    const refused = (code: number, reason: string): void => {
      ws.off('message', onMessage);
      refuse(ws, code, reason);
      settle(null);
    };
    const onMessage = (raw: RawData, isBinary: boolean): void => {
      const data = toBuffer(raw);
      if (awaitingFrame) {
        awaitingFrame = false;
        if (timer) clearTimeout(timer);
        if (!isBinary) return refused(CLOSE_CODES.invalid, 'binary frames only');
        const frame = decodeYjsAuth(data);
        if (frame.ok) return settle(frame.token);
        if (frame.error === 'malformed') return refused(CLOSE_CODES.invalid, 'malformed authentication frame');
        return refused(
          CLOSE_CODES.unauthorized,
          frame.error === 'not_auth' ? 'the first message must authenticate' : 'a token is required',
        );
      }
      heldBytes += data.byteLength;
      if (heldBytes > MAX_HELD_BYTES) return refused(CLOSE_CODES.invalid, 'too much data before admission');
      held.push({ data, isBinary });
    };
    ws.on('message', onMessage);
    ws.once('close', () => {
      if (timer) clearTimeout(timer);
      settle(null); // no effect once the token was read
    });
    if (urlToken !== null) settle(urlToken);
    return {
      token,
      release: () => {
        ws.off('message', onMessage);
        return held;
      },
    };
  }

  async function accept(ws: WebSocket, url: URL, address: string | null): Promise<void> {
    const wanted = parseDocPath(url.pathname);
    if (!wanted) return ws.close(CLOSE_CODES.notFound, 'no such document');
    const urlToken = url.searchParams.get('token');
    if (urlToken !== null && !tokenInUrl)
      return refuse(ws, CLOSE_CODES.unauthorized, 'the token goes in the first message, not in the URL');
    // Listening starts now, in the upgrade's callback: no frame can arrive unheard.
    const incoming = intake(ws, urlToken);
    const token = await incoming.token;
    if (token === null) return;
    // From before the token is checked until admitted, refused or gone, a revocation of its
    // invite is noted: the check may have read the invite just before it was revoked.
    const admission = deps.sessions.beginAdmission();
    try {
      await admit(ws, { wanted, token, tokenInUrl: urlToken !== null, address, admission, held: incoming.release });
    } finally {
      admission.settle();
    }
  }

  /** Checks a connection's token and, if it holds for the document asked for, serves it. */
  async function admit(
    ws: WebSocket,
    c: {
      wanted: DocRequest;
      token: string;
      tokenInUrl: boolean;
      address: string | null;
      admission: Admission;
      /** Stops holding the frames that came after the token, and returns them. */
      held: () => Held[];
    },
  ): Promise<void> {
    const { wanted, address, admission } = c;
    const auth = await registry.authenticate(c.token);
    // Gone meanwhile (the client left, or sent too much): never admit a closed socket.
    if (ws.readyState !== ws.OPEN) return;
    if (!auth.ok) {
      // Past the address's budget of failed tokens, every further failure is 4429 (as Socket.IO's `rate_limited`).
      const wait = deps.limits && address !== null ? await deps.limits.authFailed(address) : null;
      if (wait !== null) return refuse(ws, CLOSE_CODES.rateLimited, 'too many failed tokens; try again later');
      return refuse(ws, auth.code === 'not_found' ? CLOSE_CODES.notFound : CLOSE_CODES.unauthorized, auth.message);
    }
    const { principal, room: meetingRoom } = auth;
    const revoked = (): void => refuse(ws, CLOSE_CODES.unauthorized, 'the link was revoked');
    if (admission.wasRevoked(principal.inviteId)) return revoked();
    logger.debug(
      {
        meetingId: principal.meetingId,
        inviteId: principal.inviteId,
        role: principal.role,
        doc: wanted.doc,
        tokenInUrl: c.tokenInUrl,
      },
      'yjs connected',
    );
    if (principal.meetingId !== wanted.meetingId)
      return ws.close(CLOSE_CODES.forbidden, 'the token is for another meeting');
    const access = yjsAccess(principal, wanted.doc);
    if ('error' in access) return ws.close(access.error, access.reason);
    const releaseInvite = deps.limits ? deps.limits.caps.acquireInvite(principal.inviteId) : () => undefined;
    if (!releaseInvite) return refuse(ws, CLOSE_CODES.rateLimited, 'too many connections of this link');
    ws.once('close', releaseInvite);
    const session: ClientSession = {
      id: `yjs-${nextSessionId++}`,
      principal,
      expiresAt: auth.expiresAt,
      present: false,
      end: (reason) =>
        ws.close(CLOSE_CODES.unauthorized, reason === 'revoked' ? 'the link was revoked' : 'the link has expired'),
      onClose: (fn) => void ws.once('close', fn),
    };
    if (!deps.sessions.admit(admission, session)) return revoked();
    const shared = wanted.doc === 'meeting' ? meetingRoom.meetingDoc : meetingRoom.notesDoc;
    const connection = shared.addConnection(ws, access.writable);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data, isBinary) => {
      if (isBinary && Buffer.isBuffer(data))
        connection.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), true);
      else connection.receive(new Uint8Array(0), false);
    });
    ws.on('close', () => connection.closed());
    // Replayed in the same tick as addConnection: nothing can arrive in between and be lost.
    for (const m of c.held()) ws.emit('message', m.data, m.isBinary);
    alive.set(ws, true);
    keepaliveSlot.set(ws, nextSlot++ % KEEPALIVE_SLOTS);
    ws.on('pong', () => alive.set(ws, true));
  }

  // Keep-alive for the y-websocket client, and ping/pong to find dead peers. Every connection
  // is served once per KEEPALIVE_MS, a slot of them per tick: 2,000 clients never get 4,000
  // frames in one burst that holds the event loop (and a fan-out behind it) for tens of ms.
  const keepaliveSlot = new WeakMap<DocSocket, number>();
  let nextSlot = 0;
  let tick = 0;
  const timer = setInterval(() => {
    const slot = tick++ % KEEPALIVE_SLOTS;
    const due = (ws: DocSocket) => keepaliveSlot.get(ws) === slot;
    for (const meetingRoom of registry.all()) {
      meetingRoom.meetingDoc.sendWhere(EMPTY_AWARENESS_MESSAGE, due);
      meetingRoom.notesDoc.sendWhere(EMPTY_AWARENESS_MESSAGE, due);
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
