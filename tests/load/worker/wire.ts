// The y-websocket protocol as a wire client speaks it (see client.ts): the frames it sends
// without keeping a document of its own.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

function frame(write: (enc: encoding.Encoder) => void): Uint8Array {
  const enc = encoding.createEncoder();
  write(enc);
  return encoding.toUint8Array(enc);
}

/** Step 1 with an empty state vector: "send me everything", as a fresh provider does. */
export const STEP1_EMPTY = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
});
/** Step 2 of an empty document: the answer to a server's step 1. */
export const STEP2_EMPTY = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
});

/** The awareness hello a provider sends on open (its client id, clock 0, state `{}`). */
export function awarenessHello(): Uint8Array {
  const inner = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, Math.floor(Math.random() * 2 ** 31));
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, '{}');
  });
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, inner);
  });
}
