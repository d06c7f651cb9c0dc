import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { YJS_PATH, yjsRoom } from '@rostrum/core';
import { createServer } from '../src/app.js';
import {
  ADMIN_TOKEN,
  Cleanup,
  closed,
  commandId,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  opened,
  rawYjsSocket,
  requestJson,
  sendCommand,
  TOKEN_SECRET,
  waitFor,
  type TestMeeting,
  type TestServer,
} from './harness.js';
import { expiredToken, invitesOf } from './record.js';

/**
 * Tokens never reach the logs. A server logging at `trace` into a captured stream goes through
 * a session of connections, bad tokens (garbage, tampered, expired, revoked, in URLs (a Yjs URL
 * too), headers and Yjs authentication frames), commands, a revocation and a re-issue; no token, nor the signature part of one,
 * appears in what it wrote.
 */

let cleanup: Cleanup;
let ts: TestServer;
let meeting: TestMeeting;
const output: string[] = [];

beforeAll(async () => {
  cleanup = new Cleanup();
  const server = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: freshDataDir(cleanup),
      logLevel: 'trace',
      adminToken: ADMIN_TOKEN,
      tokenSecret: TOKEN_SECRET,
    },
    { logStream: { write: (line: string) => void output.push(line) } },
  );
  const { url } = await server.listen();
  cleanup.add(server, (s) => s.close());
  ts = { server, dataDir: server.config.dataDir, url, yjsUrl: `${url.replace(/^http/, 'ws')}${YJS_PATH}` };
  meeting = await createDemoMeeting(ts);
});

afterAll(async () => {
  await cleanup.run();
});

/** A token with its signature changed, and one with its claims changed. */
function tampered(token: string): string[] {
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) throw new Error('not a JWT');
  const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
  return [`${h}.${p}.${flipped}`, `${h}.${p}x.${sig}`];
}

describe('tokens in logs', () => {
  it('are never written, whatever happens to them', async () => {
    const used: string[] = [...meeting.links.map((l) => l.token), ADMIN_TOKEN];
    const chairToken = meeting.token('chair');
    const delegateToken = meeting.token('delegate', 'uz');

    // Good connections and commands: accepted, refused, invalid.
    const chair = await connectSocket(cleanup, ts, chairToken);
    const delegate = await connectSocket(cleanup, ts, delegateToken);
    expect(await sendCommand(chair, { id: commandId(), type: 'meeting.open' })).toMatchObject({ ok: true });
    expect(await sendCommand(delegate, { id: commandId(), type: 'meeting.close' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await sendCommand(delegate, { id: commandId(), type: 'floor.request', kind: 'statement', token: delegateToken }),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const ws = rawYjsSocket(cleanup, ts, yjsRoom.meeting(meeting.id), delegateToken);
    await opened(ws);

    // Bad tokens everywhere a token goes.
    const expired = await expiredToken(ts, meeting.id, 'chair');
    const bad = [...tampered(chairToken), expired, `garbage-${chairToken.slice(-12)}`];
    used.push(expired);
    for (const token of bad) {
      await connectSocket(cleanup, ts, token).then(
        () => {
          throw new Error('connected with a bad token');
        },
        () => undefined,
      );
      expect((await closed(rawYjsSocket(cleanup, ts, yjsRoom.meeting(meeting.id), token))).code).toBe(4401);
      expect((await requestJson(ts, `/api/meetings/${meeting.id}/links`, { token })).status).toBe(401);
      expect((await requestJson(ts, '/api/session', { token })).status).toBe(401);
      expect((await requestJson(ts, `/api/nothing?token=${encodeURIComponent(token)}`)).status).toBe(404);
    }
    expect((await requestJson(ts, `/api/meetings/${meeting.id}?token=${encodeURIComponent(chairToken)}`)).status).toBe(
      401,
    );
    // A token in a Yjs URL (the old way) is refused; neither it nor the URL is logged.
    const inUrl = cleanup.add(
      new WebSocket(`${ts.yjsUrl}/${yjsRoom.meeting(meeting.id)}?token=${encodeURIComponent(chairToken)}`),
      (w) => w.terminate(),
    );
    expect((await closed(inUrl)).code).toBe(4401);
    expect(
      (await requestJson(ts, '/api/meetings', { method: 'POST', token: `${ADMIN_TOKEN}x`, body: '{}' })).status,
    ).toBe(401);
    expect(
      (await requestJson(ts, '/api/meetings', { method: 'POST', token: ADMIN_TOKEN, body: `{"title": "${chairToken}` }))
        .status,
    ).toBe(400);

    // Revocation (cutting live connections) and re-issue.
    const uz = (await invitesOf(ts, meeting.id)).find(
      (i) => i.role === 'delegate' && i.delegationId === 'uz' && i.seat === 'head',
    );
    if (!uz) throw new Error('no invite');
    const wsClosed = closed(ws);
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uz.id}/revoke`, {
          method: 'POST',
          token: meeting.token('secretariat'),
        })
      ).status,
    ).toBe(200);
    await wsClosed;
    await waitFor(() => !delegate.connected, 2000, 'the revoked delegate to be cut off');
    await connectSocket(cleanup, ts, delegateToken).then(
      () => {
        throw new Error('a revoked link connected');
      },
      () => undefined,
    );
    const reissued = await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uz.id}/reissue`, {
      method: 'POST',
      token: ADMIN_TOKEN,
    });
    const fresh = String((reissued.body as { data: { url: string } }).data.url).split('#t=')[1] ?? '';
    used.push(fresh);
    const again = await connectSocket(cleanup, ts, fresh);
    expect(await sendCommand(again, { id: commandId(), type: 'floor.request', kind: 'statement' })).toMatchObject({
      ok: false,
    });

    await new Promise((r) => setTimeout(r, 100));
    const log = output.join('');
    // The logging happened (so this test can fail): refusals, connections, the revocation.
    for (const msg of [
      'socket refused',
      'socket connected',
      'yjs connection refused',
      'yjs connected',
      'the token goes in the first message',
      'invite revoked',
      'invite re-issued',
    ])
      expect(log).toContain(msg);
    expect(log).not.toContain('token=');
    for (const token of [...used, ...bad]) {
      expect(log).not.toContain(token);
      const signature = token.split('.')[2];
      if (signature) expect(log).not.toContain(signature);
    }
  });
});
