import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { decodeYjsAuth, encodeYjsAuth, withYjsAuth, YJS_AUTH_MAX_TOKEN_BYTES, YJS_AUTH_MESSAGE } from './yjs-auth.js';

/** The frame as docs/protocol.md defines it, written with lib0 (what y-websocket uses). */
function lib0Frame(token: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, YJS_AUTH_MESSAGE);
  encoding.writeVarString(enc, token);
  return encoding.toUint8Array(enc);
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJhYmMiLCJtaWQiOiJtMSJ9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';

describe('the Yjs authentication frame', () => {
  it('is type 100, the UTF-8 length as a varUint, then the token', () => {
    expect([...encodeYjsAuth('abc')]).toEqual([0x64, 3, 0x61, 0x62, 0x63]);
    const long = 'x'.repeat(200);
    // 200 = 0b1_1001000: 0xc8 (low 7 bits with the continuation bit), then 0x01.
    expect([...encodeYjsAuth(long).subarray(0, 3)]).toEqual([0x64, 0xc8, 0x01]);
    expect(encodeYjsAuth(long).byteLength).toBe(203);
  });

  it('is byte for byte what lib0 writes, and lib0 reads it back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (token) => {
        const frame = encodeYjsAuth(token);
        expect(Buffer.from(frame).equals(Buffer.from(lib0Frame(token)))).toBe(true);
        const dec = decoding.createDecoder(frame);
        expect(decoding.readVarUint(dec)).toBe(YJS_AUTH_MESSAGE);
        expect(decoding.readVarString(dec)).toBe(token);
        expect(decoding.hasContent(dec)).toBe(false);
      }),
    );
  });

  it('decodes what it encodes', () => {
    expect(decodeYjsAuth(encodeYjsAuth(JWT))).toEqual({ ok: true, token: JWT });
    expect(decodeYjsAuth(encodeYjsAuth('é—ü'))).toEqual({ ok: true, token: 'é—ü' });
    const longest = 'a'.repeat(YJS_AUTH_MAX_TOKEN_BYTES);
    expect(decodeYjsAuth(encodeYjsAuth(longest))).toEqual({ ok: true, token: longest });
  });

  it('tells other messages apart: y-websocket sync, awareness, auth and query frames are not authentication', () => {
    for (const frame of [[], [0, 0, 1, 0], [1, 1, 0], [2, 0, 0], [3], [0x64 | 0x80, 0]]) {
      expect(decodeYjsAuth(new Uint8Array(frame))).toEqual({ ok: false, error: 'not_auth' });
    }
  });

  it('refuses an empty or oversized token', () => {
    expect(decodeYjsAuth(encodeYjsAuth(''))).toEqual({ ok: false, error: 'bad_token' });
    expect(decodeYjsAuth(encodeYjsAuth('a'.repeat(YJS_AUTH_MAX_TOKEN_BYTES + 1)))).toEqual({
      ok: false,
      error: 'bad_token',
    });
    // A length that does not fit in three bytes is not read on.
    expect(decodeYjsAuth(new Uint8Array([0x64, 0xff, 0xff, 0xff, 0x7f, 0x61]))).toEqual({
      ok: false,
      error: 'malformed',
    });
  });

  it('refuses a frame whose length does not match, or whose token is not UTF-8', () => {
    const frame = encodeYjsAuth(JWT);
    expect(decodeYjsAuth(frame.subarray(0, frame.byteLength - 1))).toEqual({ ok: false, error: 'malformed' });
    expect(decodeYjsAuth(new Uint8Array([...frame, 0]))).toEqual({ ok: false, error: 'malformed' });
    expect(decodeYjsAuth(new Uint8Array([0x64]))).toEqual({ ok: false, error: 'malformed' });
    expect(decodeYjsAuth(new Uint8Array([0x64, 0x80]))).toEqual({ ok: false, error: 'malformed' });
    expect(decodeYjsAuth(new Uint8Array([0x64, 2, 0xc3, 0x28]))).toEqual({ ok: false, error: 'malformed' });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const result = decodeYjsAuth(new Uint8Array([YJS_AUTH_MESSAGE, ...bytes]));
        // What it accepts is a token it would also write (lengths may be written non-minimally).
        if (result.ok) expect(decodeYjsAuth(encodeYjsAuth(result.token))).toEqual(result);
      }),
    );
  });
});

describe('withYjsAuth', () => {
  /** A socket that records what it sends and runs 'open' listeners in the order they were added. */
  class FakeSocket {
    static readonly OPEN = 1;
    readonly sent: Uint8Array[] = [];
    private readonly listeners: Array<() => void> = [];
    constructor(
      readonly url: string,
      readonly protocols?: string | string[],
    ) {}
    addEventListener(_type: 'open', listener: () => void): void {
      this.listeners.push(listener);
    }
    send(data: Uint8Array): void {
      this.sent.push(data);
    }
    open(): void {
      for (const l of this.listeners) l();
    }
  }

  it('sends the authentication frame on open, before anything the owner sends on open', () => {
    const Socket = withYjsAuth(FakeSocket, JWT);
    const ws = new Socket('ws://host/yjs/m1', []);
    ws.addEventListener('open', () => ws.send(new Uint8Array([0, 0, 0])));
    ws.open();
    expect(ws).toBeInstanceOf(FakeSocket);
    expect(Socket.OPEN).toBe(1);
    expect(ws.url).toBe('ws://host/yjs/m1');
    expect(ws.sent.map((d) => decodeYjsAuth(d))).toEqual([
      { ok: true, token: JWT },
      { ok: false, error: 'not_auth' },
    ]);
  });
});
