import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveAssets, KEEP_BUILDS, UNLISTED_GRACE_MS } from '../src/platform/asset-archive.js';
import { ADMIN_TOKEN, Cleanup, freshDataDir, startManagedServer, stopServer } from './harness.js';
import { scriptOf, writeFakeBuild } from './fake-build.js';

const BUILD_A = 'aaaaaaaa00000001';
const BUILD_B = 'bbbbbbbb00000002';

let cleanup = new Cleanup();
afterEach(async () => {
  await cleanup.run();
  cleanup = new Cleanup();
});

function tempDir(): string {
  return cleanup.add(mkdtempSync(join(tmpdir(), 'rostrum-builds-')), (d) =>
    rmSync(d, { recursive: true, force: true }),
  );
}

describe('a node serves the assets of the builds it served before', () => {
  it('a page of build A still gets its script from the same data folder restarted on build B', async () => {
    const builds = tempDir();
    const a = writeFakeBuild(builds, BUILD_A);
    const b = writeFakeBuild(builds, BUILD_B);
    const dataDir = freshDataDir(cleanup);

    const onA = await startManagedServer(cleanup, dataDir, { webDist: a.dist });
    const pageA = await (await fetch(`${onA.url}/`)).text();
    const health = (await (await fetch(`${onA.url}/healthz`)).json()) as { build: string };
    expect(health.build).toBe(BUILD_A);
    await stopServer(onA);

    // The same node, upgraded: build A's dist is gone (replaced by B), and its page is still open.
    rmSync(a.dist, { recursive: true });
    const onB = await startManagedServer(cleanup, dataDir, { webDist: b.dist });
    expect(((await (await fetch(`${onB.url}/healthz`)).json()) as { build: string }).build).toBe(BUILD_B);
    const old = await fetch(`${onB.url}${scriptOf(pageA)}`);
    expect(old.status).toBe(200);
    expect(await old.text()).toBe(a.script);
    expect(old.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    // Its own build: from dist, immutable too; the page itself is revalidated every time.
    const pageB = await fetch(`${onB.url}/`);
    expect(pageB.headers.get('cache-control')).toBe('no-cache');
    const own = await fetch(`${onB.url}${scriptOf(await pageB.text())}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    // An asset of no build it has: a 404 that no cache keeps (never index.html in its place).
    const missing = await fetch(`${onB.url}/assets/app-cccccccc00000003.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('ASSETS_ARCHIVE puts the archive where it is told, and the metrics name the build', async () => {
    const builds = tempDir();
    const a = writeFakeBuild(builds, BUILD_A);
    const archive = join(tempDir(), 'archive');
    const ts = await startManagedServer(cleanup, freshDataDir(cleanup), { webDist: a.dist, assetsArchive: archive });
    expect(readdirSync(join(archive, 'assets'))).toEqual([`app-${BUILD_A}.js`]);
    const metrics = await (
      await fetch(`${ts.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(
      new RegExp(`rostrum_build_info\\{version="[^"]+",build="${BUILD_A}",commit="unknown"\\} 1`),
    );
  });
});

describe('archiveAssets', () => {
  it(`keeps the assets of the last ${KEEP_BUILDS} builds, and a file listed by none once it is old`, () => {
    const root = tempDir();
    const archiveDir = join(root, 'archive');
    const ids = Array.from(
      { length: KEEP_BUILDS + 2 },
      (_, i) => `${String(i).padStart(2, '0')}eeeeee0000000${i % 10}`,
    );
    let now = 1_000_000_000_000;
    for (const id of ids) {
      const build = writeFakeBuild(root, id);
      const result = archiveAssets({ webDist: build.dist, archiveDir, build: id, now: (now += 1000) });
      expect(result?.builds[0]).toBe(id);
    }
    // The two oldest builds are forgotten, but their files are fresh: kept for now.
    expect(readdirSync(join(archiveDir, 'assets'))).toHaveLength(ids.length);
    // A file copied by hand (an operator's step before the first upgrade) and an old forgotten one.
    writeFileSync(join(archiveDir, 'assets', 'by-hand-12345678.js'), '');
    const old = new Date(now - 2 * UNLISTED_GRACE_MS);
    for (const id of ids.slice(0, 2)) utimesSync(join(archiveDir, 'assets', `app-${id}.js`), old, old);
    const last = ids.at(-1) ?? '';
    const result = archiveAssets({ webDist: join(root, last, 'dist'), archiveDir, build: last, now: now + 1000 });
    expect(result?.removed).toBe(2);
    expect(result?.builds).toHaveLength(KEEP_BUILDS);
    expect(readdirSync(join(archiveDir, 'assets')).sort()).toEqual(
      ['by-hand-12345678.js', ...ids.slice(2).map((id) => `app-${id}.js`)].sort(),
    );
  });
});
