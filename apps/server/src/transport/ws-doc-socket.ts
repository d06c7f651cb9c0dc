import type { WebSocket } from 'ws';
import type { DocSocket } from '../yjs/shared-doc.js';

/** A `ws` WebSocket as a shared document's socket: the only place the document meets `ws`. */
export class WsDocSocket implements DocSocket {
  constructor(readonly ws: WebSocket) {}

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(message: Uint8Array): void {
    this.ws.send(message);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }
}
