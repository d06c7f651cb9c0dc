import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import {
  commandSchema,
  fail,
  LIMITS,
  ok,
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type CommandResult,
  type NodeStatus,
  type Principal,
  type ServerToClientEvents,
} from '@rostrum/core';
import { isUnreachable, type NodeHealth } from '../platform/health.js';
import type { Logger } from '../platform/logger.js';
import type { ServerMetrics } from '../platform/metrics.js';
import type { MeetingRegistry } from '../room/meetings.js';
import { AttendanceRecorder } from './attendance.js';
import { ClientSessions, type Admission, type ClientSession } from './client-sessions.js';
import { PresenceTracker } from './presence.js';
import type { ClientLimits } from './limits.js';
import { checkFileRefs } from '../files/refs.js';

/** How long a connection past its address's cap may stay to read why it is refused. */
const OVER_CAP_GRACE_MS = 2000;

/** Set by the handshake once the token holds; `admission` notes revocations until the socket is admitted. */
type SocketData = { principal: Principal; expiresAt: number; admission: Admission };
export type RostrumIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RostrumSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** The Engine.IO connection under a socket (engine.io is socket.io's own dependency, not ours). */
type EngineSocket = RostrumSocket['conn'];

export const meetingChannel = (meetingId: string) => `meeting:${meetingId}`;

/** A `connect_error` with a stable code in `data`, as the client reads it. */
function connectError(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

/** The acknowledgement callback of an event: its last argument, if that is a function. */
function ackOf(args: unknown[]): ((res: Ack<unknown>) => void) | null {
  const last = args.at(-1);
  if (typeof last !== 'function') return null;
  return (res) => {
    last(res);
  };
}

/** The issues of a failed zod parse, short enough for an error message. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function attachSocketIo(
  httpServer: HttpServer,
  deps: {
    registry: MeetingRegistry;
    logger: Logger;
    now: () => number;
    corsOrigin: string | false;
    presenceIntervalMs: number;
    /** Command budgets, connection caps and the client address (limits.ts). */
    limits: ClientLimits;
    /** Several nodes: the Redis Streams adapter, so that rooms and broadcasts span the nodes. */
    adapter?: ServerOptions['adapter'];
    /** Counts and times every command from receipt to ack (`GET /metrics`). */
    metrics?: ServerMetrics;
    /** The node's degraded state, told to its clients (`status`) and on acks (`degraded`). */
    health?: NodeHealth;
  },
): { io: RostrumIo; presence: PresenceTracker; sessions: ClientSessions } {
  const io: RostrumIo = new Server(httpServer, {
    maxHttpBufferSize: LIMITS.socketMessageBytes,
    // The Yjs endpoint shares this HTTP server: engine.io must leave its upgrades alone.
    destroyUpgrade: false,
    cors: deps.corsOrigin ? { origin: deps.corsOrigin } : undefined,
    serveClient: false,
    // An Engine.IO connection that has not joined (its token checked) by then is closed: idle
    // unauthenticated connections do not stay (they count against their address meanwhile).
    connectTimeout: deps.limits.settings.connectTimeoutMs,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  const { registry, logger, now } = deps;
  const { limits } = deps;
  // Connections past their address's cap, from the moment they exist (before any token is
  // read): refused when they ask to join, closed soon whatever they do.
  const overCap = new WeakSet<object>();
  io.engine.on('connection', (conn: EngineSocket) => {
    const release = limits.caps.acquireAddress(limits.addressKey(conn.request));
    if (release) return void conn.once('close', release);
    overCap.add(conn);
    // Time to send the join and read the `rate_limited` answer, then gone.
    setTimeout(() => conn.close(), OVER_CAP_GRACE_MS).unref();
  });
  // Each node sends the merged snapshot to its own sockets only (`local`): with several nodes,
  // a plain room broadcast would reach every node's sockets once per node.
  const presence = new PresenceTracker(
    registry,
    now,
    (meetingId, snapshot) => io.local.to(meetingChannel(meetingId)).emit('presence', snapshot),
    deps.presenceIntervalMs,
  );
  // Durable join/leave per delegation, for the minutes' attendance.
  const attendance = new AttendanceRecorder(
    registry.store,
    now,
    logger,
    registry.all().map((r) => r.id),
  );
  // Every client session of this node, Socket.IO and Yjs alike: they count for presence and
  // attendance (Socket.IO only), and revocation and expiry cut them, in one place.
  const sessions = new ClientSessions(now, {
    joined: (session) => {
      presence.join(session.id, session.principal);
      attendance.join(session.principal);
    },
    left: (session) => {
      presence.leave(session.id, session.principal.meetingId);
      attendance.leave(session.principal);
    },
  });
  registry.onRevoke((inviteId) => sessions.revoke(inviteId));
  const health = deps.health;
  const statusOf = (meetingId: string): NodeStatus => {
    const h = health?.snapshot ?? { store: 'ok', redis: 'not_configured' };
    return { store: h.store, peers: h.redis, revision: registry.get(meetingId)?.state.meta.revision ?? 0 };
  };
  // This node's clients only (`local`): each node tells its own what it can reach.
  health?.onChange(() => {
    for (const room of registry.all()) io.local.to(meetingChannel(room.id)).emit('status', statusOf(room.id));
  });
  // Told before its links are revoked (MeetingRegistry.delete): the leaves of the cut connections are not stored.
  registry.onDelete((meetingId) => attendance.forget(meetingId));

  io.use((socket, next) => {
    if (overCap.has(socket.conn)) return next(connectError('rate_limited', 'too many connections from this address'));
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined;
    const version =
      typeof auth === 'object' && auth !== null && 'protocolVersion' in auth ? auth.protocolVersion : PROTOCOL_VERSION;
    if (version !== PROTOCOL_VERSION)
      return next(connectError('unsupported_protocol', `protocol ${PROTOCOL_VERSION} expected`));
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
      return next(connectError('unauthorized', 'a token is required'));
    // From before the token is checked until the socket is admitted (or refused, or gone), a
    // revocation of its invite is noted: the check may have read the invite just before it.
    const admission = sessions.beginAdmission();
    socket.conn.once('close', () => admission.settle());
    const refuse = (err: Error): void => {
      admission.settle();
      next(err);
    };
    registry
      .authenticate(token)
      .then(async (auth) => {
        // Who, never the token: logs are read by more people than the links are given to.
        if (!auth.ok) {
          logger.info({ code: auth.code, reason: auth.message }, 'socket refused');
          // Past the address's budget of failed tokens, every further failure is `rate_limited`.
          const wait = await limits.authFailed(limits.addressKey(socket.request));
          return refuse(
            wait === null
              ? connectError(auth.code, auth.message)
              : connectError('rate_limited', 'too many failed tokens; try again later'),
          );
        }
        if (admission.wasRevoked(auth.principal.inviteId))
          return refuse(connectError('unauthorized', 'the link was revoked'));
        // Gone while its token was checked: nothing to admit (its close event has passed).
        if (socket.conn.readyState !== 'open') return refuse(connectError('unauthorized', 'the connection closed'));
        const release = limits.caps.acquireInvite(auth.principal.inviteId);
        if (!release) return refuse(connectError('rate_limited', 'too many connections of this link'));
        // Whichever comes first: the socket leaves, or its connection closes (a refused join included).
        socket.once('disconnect', release);
        socket.conn.once('close', release);
        logger.debug(
          { meetingId: auth.principal.meetingId, inviteId: auth.principal.inviteId, role: auth.principal.role },
          'socket connected',
        );
        socket.data.principal = auth.principal;
        socket.data.expiresAt = auth.expiresAt;
        socket.data.admission = admission;
        next();
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'socket authentication failed');
        refuse(connectError('internal', 'authentication failed'));
      });
  });

  io.on('connection', (socket: RostrumSocket) => {
    const principal = socket.data.principal;
    const metrics = deps.metrics;
    if (metrics)
      socket.use((packet, next) => {
        const done = metrics.observeCommand(packet);
        const ack = packet.at(-1);
        if (done && typeof ack === 'function')
          packet[packet.length - 1] = (res: unknown) => {
            done(res);
            ack(res);
          };
        next();
      });
    const session: ClientSession = {
      id: socket.id,
      principal,
      expiresAt: socket.data.expiresAt,
      present: true,
      end: (reason) => {
        socket.emit('session_ended', { code: 'unauthorized', reason });
        socket.disconnect(true);
      },
      onClose: (fn) => void socket.on('disconnect', fn),
    };
    // Revoked between the handshake and now (Socket.IO connects a tick after it): cut as revoked.
    if (!sessions.admit(socket.data.admission, session)) return session.end('revoked');
    void socket.join(meetingChannel(principal.meetingId));
    socket.emit('presence', presence.snapshot(principal.meetingId));
    socket.emit('status', statusOf(principal.meetingId));

    // The acknowledgement is the last argument, whatever came before it: every call that gives
    // one gets an answer (a hostile client may add arguments the protocol does not have).
    socket.on('session', (...args: unknown[]) => {
      const ack = ackOf(args);
      if (!ack) return;
      ack(
        ok({
          protocolVersion: PROTOCOL_VERSION,
          meetingId: principal.meetingId,
          role: principal.role,
          delegationId: principal.delegationId,
          presenterId: principal.presenterId,
          seat: principal.seat ?? null,
          serverNow: now(),
        }),
      );
    });

    socket.on('time', (...args: unknown[]) => {
      const ack = ackOf(args);
      if (!ack) return;
      ack(ok({ serverNow: now() }));
    });

    socket.on('command', (...args: unknown[]) => {
      const ack = ackOf(args);
      if (!ack) {
        socket.emit('protocol_error', { code: 'invalid', message: 'a command needs an acknowledgement callback' });
        return;
      }
      if (args.length !== 2) return ack(fail('invalid', 'a command is one object and an acknowledgement'));
      const raw = args[0];
      const room = registry.get(principal.meetingId);
      if (!room) return ack(fail('not_found', 'no such meeting'));
      let size: number;
      try {
        size = Buffer.byteLength(JSON.stringify(raw) ?? '');
      } catch {
        return ack(fail('invalid', 'the command is not JSON'));
      }
      if (size > LIMITS.commandBytes)
        return ack(fail('payload_too_large', `a command may be at most ${LIMITS.commandBytes} bytes`));
      // A command is JSON: Socket.IO would hand binary attachments over as Buffers, which an
      // object schema with only optional keys (floor.setLimits' limits) would take for `{}`.
      if (holdsBinary(raw)) return ack(fail('invalid', 'a command is JSON, without binary data'));
      const parsed = commandSchema.safeParse(raw);
      if (!parsed.success) return ack(fail('invalid', describeIssues(parsed.error.issues)));
      const command = parsed.data;
      limits
        .allowCommand(socket.id, principal)
        .then(async (allowed) => {
          if (!allowed) return fail('rate_limited', 'too many commands; slow down');
          // Uploaded files a command names must be this meeting's (files/refs.ts): checked before it runs.
          return (await checkFileRefs(registry.store, principal, command)) ?? room.submit(principal, command);
        })
        .then(withDegraded)
        .then(ack, (err: unknown) => {
          logger.error({ err, meetingId: principal.meetingId }, 'command failed');
          // A store out of reach before the command ran (its files' check): nothing applied, retryable.
          if (!isUnreachable(err)) return ack(fail('internal', 'the command failed'));
          health?.storeFailed();
          ack(fail('store_unavailable', 'the store is unavailable; send the command again later'));
        });
    });

    // Socket.IO also accepts numbers as event names: the name is untrusted, not a string
    // (`event.slice` on a number threw out of the listener and took the process down).
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === 'command' || event === 'session' || event === 'time') return;
      const last = args.at(-1);
      const error = fail('invalid', `unknown event "${String(event).slice(0, 40)}"`);
      if (typeof last === 'function') last(error);
      else socket.emit('protocol_error', error.error);
    });
  });

  /** Stored, but not delivered to the other nodes now: the ack says so (never claimed live for all). */
  function withDegraded(res: Ack<CommandResult>): Ack<CommandResult> {
    return res.ok && health?.snapshot.redis === 'unavailable' ? ok({ ...res.data, degraded: true }) : res;
  }

  return { io, presence, sessions };
}

/** Whether a value received over Socket.IO holds binary data (bounded: commands are small). */
function holdsBinary(v: unknown, depth = 0): boolean {
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return true;
  if (depth > 32 || typeof v !== 'object' || v === null) return false;
  return Object.values(v).some((x) => holdsBinary(x, depth + 1));
}
