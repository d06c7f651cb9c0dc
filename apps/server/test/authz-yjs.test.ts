import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, yjsRoom } from '@rostrum/core';
import { createDemoMeeting, rawYjsSocket, waitFor } from './harness.js';
import { CALLERS, ROLE_OF, type Caller } from './command-fixtures.js';
import { recordOf } from './record.js';
import { useAuthzServer } from './authz-setup.js';

/** The authorisation matrix (authz-setup.ts): the Yjs documents, for every kind of caller. */
const { demo, tokensFor } = useAuthzServer();

const MESSAGE_SYNC = 0;

function syncStep1(): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(enc, new Y.Doc());
  return encoding.toUint8Array(enc);
}

function forgedUpdateFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('status', 'closed');
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeUpdate(enc, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(enc);
}

/** Opens a raw Yjs connection: resolves `synced` when the server answers sync step 1, or the close code. */
function tryYjs(roomName: string, token: string | undefined, frames: Uint8Array[] = []): Promise<'synced' | number> {
  const ws = rawYjsSocket(demo.cleanup, demo.ts, roomName, token ?? null);
  return new Promise((resolve) => {
    ws.once('close', (code) => resolve(code));
    ws.once('open', () => {
      for (const f of frames) ws.send(f);
      ws.send(syncStep1());
    });
    ws.on('message', (data: Buffer) => {
      // messageSync (0) + sync step 2 (1): the document came back.
      if (data[0] === 0 && data[1] === 1) {
        resolve('synced');
        ws.close();
      }
    });
  });
}

describe('the Yjs matrix', () => {
  it('serves the meeting document read-only to every role, the notes to the staff only, and nothing without a valid token', async () => {
    const meeting = await createDemoMeeting(demo.ts);
    const tokens = await tokensFor(meeting);
    const notesReaders: Caller[] = ['chair', 'secretariat'];
    for (const caller of CALLERS) {
      const before = await recordOf(demo.ts, meeting.id);
      const onMeeting = await tryYjs(yjsRoom.meeting(meeting.id), tokens[caller], [forgedUpdateFrame()]);
      const onNotes = await tryYjs(yjsRoom.notes(meeting.id), tokens[caller]);
      const refusedCode = caller === 'none' || caller === 'expired' ? CLOSE_CODES.unauthorized : CLOSE_CODES.forbidden;
      expect({ caller, onMeeting }).toEqual({ caller, onMeeting: ROLE_OF[caller] ? 'synced' : refusedCode });
      expect({ caller, onNotes }).toEqual({ caller, onNotes: notesReaders.includes(caller) ? 'synced' : refusedCode });
      // The forged update sent first was dropped, whoever sent it.
      expect(await recordOf(demo.ts, meeting.id)).toEqual(before);
    }
    await waitFor(
      () => demo.ts.server.registry.get(meeting.id)?.meetingDoc.connectionCount === 0,
      2000,
      'connections closed',
    );
  });
});
