import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readState, withYjsAuth, YJS_PATH, yjsRoom, type MeetingState } from '@rostrum/core';

/** The token of a link (`…#t=<token>`). */
export function tokenOfUrl(url: string): string {
  const token = url.split('#t=')[1];
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

/**
 * The meeting's record as the server holds it, read over the Yjs endpoint from Node (not through
 * any page): what the views are checked against.
 */
export async function serverState(baseUrl: string, meetingId: string, token: string): Promise<MeetingState> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    `${baseUrl.replace(/^http/, 'ws')}${YJS_PATH}`,
    yjsRoom.meeting(meetingId),
    doc,
    {
      WebSocketPolyfill: withYjsAuth(WebSocket, token) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    },
  );
  try {
    const deadline = Date.now() + 5000;
    while (!provider.synced) {
      if (Date.now() > deadline) throw new Error('the meeting document did not sync');
      await new Promise((r) => setTimeout(r, 20));
    }
    const state = readState(doc);
    if (!state) throw new Error('no meeting state');
    return state;
  } finally {
    provider.destroy();
    doc.destroy();
  }
}
