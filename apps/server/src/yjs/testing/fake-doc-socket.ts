import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { DocSocket } from '../shared-doc.js';

/** A client connection in memory: what it was sent, how it was closed, how much it has queued. */
export class FakeDocSocket implements DocSocket {
  readonly sent: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  terminated = false;
  bufferedAmount = 0;

  /** OPEN (1) until closed or terminated, then CLOSED (3). */
  get readyState(): number {
    return this.closedWith === null && !this.terminated ? 1 : 3;
  }

  send(message: Uint8Array): void {
    this.sent.push(message);
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** A y-websocket frame carrying a document update, as a client sends it. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeUpdate(enc, update);
  return encoding.toUint8Array(enc);
}
