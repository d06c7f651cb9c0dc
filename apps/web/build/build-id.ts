import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { Plugin } from 'vite';

/** What `dist/build.json` holds: read by the server at start (/healthz, /metrics, its asset archive). */
export type BuildInfo = {
  /** A hash of the content of every built file: two builds of the same sources have the same id. */
  build: string;
  /** The git commit built, when the sources are a git checkout; null otherwise (a tarball). */
  commit: string | null;
  builtAt: string;
};

/** The commit checked out, or null outside a git checkout (or without git). */
function gitCommit(cwd: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/**
 * Writes `build.json` beside `index.html`: the build id is the content hash of the files built
 * (names and bytes, source maps left out), so that the server can say which build it serves and
 * keep that build's hashed assets in its archive (apps/server/src/platform/asset-archive.ts).
 */
export function buildId(): Plugin {
  return {
    name: 'rostrum-build-id',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      for (const name of Object.keys(bundle).sort()) {
        const file = bundle[name];
        if (!file || name.endsWith('.map') || name === 'build.json') continue;
        hash.update(name).update('\0');
        hash.update(file.type === 'chunk' ? file.code : file.source).update('\0');
      }
      const info: BuildInfo = {
        build: hash.digest('hex').slice(0, 16),
        commit: gitCommit(process.cwd()),
        builtAt: new Date().toISOString(),
      };
      this.emitFile({ type: 'asset', fileName: 'build.json', source: `${JSON.stringify(info, null, 2)}\n` });
    },
  };
}
