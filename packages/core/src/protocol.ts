import type { CommandResult } from './commands.js';
import type { Ack } from './errors.js';
import type { Role, Seat } from './roles.js';

/**
 * The one typed protocol between clients and the server. docs/protocol.md describes it for
 * people; this module is the source of truth for the code on both sides.
 */
export const PROTOCOL_VERSION = 1;

/** WebSocket close codes of the Yjs endpoint (the 4xxx range mirrors HTTP statuses). */
export const CLOSE_CODES = {
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  invalid: 4400,
  /** Too many connections from one client address or of one link, or too many failed tokens: retry later. */
  rateLimited: 4429,
} as const;

/** Names of the Yjs documents of a meeting, as rooms of the y-websocket endpoint. */
export const yjsRoom = {
  meeting: (meetingId: string) => meetingId,
  notes: (meetingId: string) => `${meetingId}.notes`,
};
export const YJS_PATH = '/yjs';

/** What the server knows of the connected client, answered to `session`. */
export type SessionInfo = {
  protocolVersion: number;
  meetingId: string;
  role: Role;
  delegationId: string | null;
  presenterId: string | null;
  /** A delegate's seat: the head of delegation or the deputy (who may hold the voting right). */
  seat: Seat | null;
  serverNow: number;
};

/** Aggregated presence, published by the server at most once a second. */
export type PresenceSnapshot = {
  at: number;
  /** Delegations with at least one connected person, in roster order. */
  delegations: string[];
  /** Connected sockets per role. */
  connections: Record<Role, number>;
};

/**
 * The state of the node a client is connected to (event `status`): sent on joining, whenever it
 * changes, and after the node caught up with the other nodes. `revision` is the meeting's
 * revision as this node holds it: a client whose document stays behind it resynchronises.
 */
export type NodeStatus = {
  /** `unavailable`: commands are refused with `store_unavailable` (retryable) until it is back. */
  store: 'ok' | 'unavailable';
  /** The link to the other nodes (Redis). `unavailable`: changes made on other nodes arrive late. */
  peers: 'ok' | 'unavailable' | 'not_configured';
  revision: number;
};

export interface ClientToServerEvents {
  /** Any command of `commandSchema`; validated on the server. */
  command: (command: unknown, ack: (res: Ack<CommandResult>) => void) => void;
  /** Who am I, and the server's clock. */
  session: (ack: (res: Ack<SessionInfo>) => void) => void;
  /** The server's clock, for countdowns: the client corrects for the round trip. */
  time: (ack: (res: Ack<{ serverNow: number }>) => void) => void;
}

export interface ServerToClientEvents {
  presence: (snapshot: PresenceSnapshot) => void;
  /** Sent when a message could not be answered by an ack (no callback was given). */
  protocol_error: (error: { code: string; message: string }) => void;
  /** Sent just before the server disconnects a client whose link was revoked or expired. */
  session_ended: (info: { code: 'unauthorized'; reason: 'revoked' | 'expired' }) => void;
  /** This node's degraded state and the meeting's revision (`NodeStatus`). */
  status: (status: NodeStatus) => void;
}

/** The Socket.IO handshake's `auth` object. */
export type HandshakeAuth = { token: string; protocolVersion?: number };
