import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMeeting } from '../src/tools/demo.js';
import { ADMIN_TOKEN, Cleanup, freshDataDir, startManagedServer, type TestServer } from './harness.js';

/**
 * Malformed HTTP that Node and Express hand to the error handler (a path that is not valid
 * percent-encoding, a body in an unknown encoding or broken gzip, an unknown charset): each is the
 * client's fault and gets a 4xx with the JSON error body, never a 500, and the server goes on.
 * Also: the web app's source maps are not served. One server with a built web app (a temp folder).
 */
let cleanup: Cleanup;
let ts: TestServer;

beforeAll(async () => {
  cleanup = new Cleanup();
  const dataDir = freshDataDir(cleanup);
  const webDist = join(dataDir, 'web');
  mkdirSync(join(webDist, 'assets'), { recursive: true });
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Rostrum</title>');
  writeFileSync(join(webDist, 'assets', 'index-abc123.js'), 'console.log(1);\n');
  writeFileSync(
    join(webDist, 'assets', 'index-abc123.js.map'),
    '{"version":3,"sources":["../../src/secret-source.ts"],"mappings":""}',
  );
  ts = await startManagedServer(cleanup, dataDir, { webDist });
});

afterAll(async () => {
  await cleanup.run();
});

type Raw = { status: number; contentType: string; text: string; body: unknown };

/** A request written by hand: the path is sent exactly as given, the body as bytes. */
function raw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<Raw> {
  const url = new URL(ts.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: init.method ?? 'GET', path, headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = JSON.parse(text) as unknown;
          } catch {
            // not JSON: the test says what it expects
          }
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : Buffer.from(init.body));
  });
}

const json = (encoding: string) => ({
  'content-type': 'application/json',
  'content-encoding': encoding,
  authorization: `Bearer ${ADMIN_TOKEN}`,
});

describe('malformed HTTP input answers 4xx with a stable code', () => {
  it('a path that is not valid percent-encoding: 400 invalid', async () => {
    for (const path of [
      '/api/meetings/%E0%A4%A',
      '/api/meetings/%E0%A4%A/results.csv',
      '/api/meetings/%/links',
      '/m/%E0%A4%A',
    ]) {
      const res = await raw(path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect([path, res.status, res.body]).toEqual([
        path,
        400,
        { ok: false, error: { code: 'invalid', message: expect.any(String) } },
      ]);
    }
  });

  it('a body in an encoding the server does not know: 415 unsupported_media_type', async () => {
    const res = await raw('/api/meetings', {
      method: 'POST',
      headers: json('br2'),
      body: new TextEncoder().encode('{}'),
    });
    expect([res.status, res.body]).toEqual([
      415,
      { ok: false, error: { code: 'unsupported_media_type', message: expect.any(String) } },
    ]);
  });

  it('a JSON body in a charset the server does not know: 415 unsupported_media_type', async () => {
    const res = await raw('/api/meetings', {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=x-rostrum-unknown',
        authorization: `Bearer ${ADMIN_TOKEN}`,
      },
      body: new TextEncoder().encode('{}'),
    });
    expect([res.status, res.body]).toEqual([
      415,
      { ok: false, error: { code: 'unsupported_media_type', message: expect.any(String) } },
    ]);
  });

  it('a body that says gzip and is not, or is cut short: 400 invalid', async () => {
    const cut = gzipSync(JSON.stringify(demoMeeting())).subarray(0, 40);
    for (const body of [new TextEncoder().encode('{"title":"not gzip"}'), new Uint8Array(cut)]) {
      const res = await raw('/api/meetings', { method: 'POST', headers: json('gzip'), body });
      expect([res.status, res.body]).toEqual([
        400,
        { ok: false, error: { code: 'invalid', message: expect.any(String) } },
      ]);
    }
    // A body that really is gzip is read.
    const good = await raw('/api/meetings', {
      method: 'POST',
      headers: json('gzip'),
      body: new Uint8Array(gzipSync(JSON.stringify(demoMeeting()))),
    });
    expect(good.status).toBe(201);
  });
});

describe('the web app', () => {
  it('is served, but not its source maps (404, also spelled with escapes or in capitals)', async () => {
    const js = await raw('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.text).toContain('console.log');
    for (const path of [
      '/assets/index-abc123.js.map',
      '/assets/index-abc123.js%2Emap',
      '/assets/index-abc123.js%2emap',
      '/assets/index-abc123.JS.MAP',
      '/assets/index-abc123.js.map?v=1',
    ]) {
      const res = await raw(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain('secret-source');
    }
  });
});

describe('after all of that', () => {
  it('the server still answers', async () => {
    const res = await raw('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });
});
