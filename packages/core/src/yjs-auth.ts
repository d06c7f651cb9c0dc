/**
 * Authentication of a Yjs WebSocket by its first message, so that the invite token never
 * travels in the URL (proxies and servers write URLs, query strings included, to their access
 * logs, and an invite token is valid for 30 days).
 *
 * The client's first frame on `/yjs/<room>` is a binary frame:
 *
 *   byte 0        0x64                 message type 100, "authenticate" (lib0 varUint, one byte)
 *   bytes 1..k    varUint n            the token's length in UTF-8 bytes (1 byte below 128, 2 below 16384)
 *   next n bytes  the token, UTF-8     nothing may follow it
 *
 * i.e. the lib0 encoding `writeVarUint(100); writeVarString(token)`. Type 100 is used by neither
 * y-websocket (0 sync, 1 awareness, 2 auth replies from a server, 3 query awareness) nor
 * hocuspocus (0–8), so the frame cannot be mistaken for a document message. docs/protocol.md
 * describes what the server does with it.
 */

/** The message type of the authentication frame (first byte of the frame). */
export const YJS_AUTH_MESSAGE = 100;

/** A token longer than this (in UTF-8 bytes) is refused, as on Socket.IO (4096 characters). */
export const YJS_AUTH_MAX_TOKEN_BYTES = 4096;

/** How long the server waits for the authentication frame after the WebSocket opened. */
export const YJS_AUTH_TIMEOUT_MS = 5000;

/** The authentication frame for `token`. */
export function encodeYjsAuth(token: string): Uint8Array {
  const text = new TextEncoder().encode(token);
  const length: number[] = [];
  // lib0 varUint: 7 bits per byte, least significant first, high bit set on all but the last.
  let n = text.byteLength;
  while (n > 0x7f) {
    length.push(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  length.push(n);
  const frame = new Uint8Array(1 + length.length + text.byteLength);
  frame[0] = YJS_AUTH_MESSAGE;
  frame.set(length, 1);
  frame.set(text, 1 + length.length);
  return frame;
}

/**
 * What a frame says, read without trusting it:
 * - `not_auth`: not an authentication frame (empty, or another message type);
 * - `malformed`: an authentication frame whose length does not match, or whose token is not UTF-8;
 * - `bad_token`: a well-formed frame with an empty token or one over the size limit.
 */
export type YjsAuthFrame = { ok: true; token: string } | { ok: false; error: 'not_auth' | 'malformed' | 'bad_token' };

/** Lengths need at most 2 bytes; a third is allowed so that an oversized length reads as `bad_token`. */
const MAX_LENGTH_BYTES = 3;

export function decodeYjsAuth(frame: Uint8Array): YjsAuthFrame {
  if (frame[0] !== YJS_AUTH_MESSAGE) return { ok: false, error: 'not_auth' };
  let length = 0;
  let pos = 1;
  for (let shift = 0; ; shift += 7) {
    const byte = frame[pos];
    if (byte === undefined || pos > MAX_LENGTH_BYTES) return { ok: false, error: 'malformed' };
    pos += 1;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  if (length === 0 || length > YJS_AUTH_MAX_TOKEN_BYTES) return { ok: false, error: 'bad_token' };
  if (frame.byteLength - pos !== length) return { ok: false, error: 'malformed' };
  try {
    return { ok: true, token: new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(pos)) };
  } catch {
    return { ok: false, error: 'malformed' };
  }
}

/** What `withYjsAuth` needs of a WebSocket: the browser's and the `ws` package's both have it. */
export interface YjsAuthSocket {
  addEventListener(type: 'open', listener: () => void): void;
  send(data: Uint8Array): void;
}

/** The constructor y-websocket's provider calls: `new WS(url, protocols)`. */
export type YjsAuthSocketClass = new (url: string, protocols?: string | string[]) => YjsAuthSocket;

/**
 * A subclass of `Base` whose sockets send the authentication frame for `token` as soon as they
 * open; pass it to y-websocket's `WebsocketProvider` as `WebSocketPolyfill`. It covers every
 * reconnection, since the provider constructs a new socket each time.
 *
 * Order: the provider sets `onopen` (which sends sync step 1) after constructing the socket, and
 * both the browser (HTML event handlers join the listener list when first set) and `ws` (its
 * `onopen` setter calls `addEventListener`) run listeners in the order they were added, so the
 * listener added here in the constructor sends the authentication frame first.
 */
export function withYjsAuth<C extends YjsAuthSocketClass>(Base: C, token: string): C {
  const base: YjsAuthSocketClass = Base;
  class AuthenticatingSocket extends base {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => this.send(encodeYjsAuth(token)));
    }
  }
  // TypeScript cannot extend a type parameter without an `any[]` mixin constructor; the class
  // is a subclass of `Base` (same constructor arguments, instances and statics inherited), so it
  // is a `C`.
  return AuthenticatingSocket as unknown as C;
}
