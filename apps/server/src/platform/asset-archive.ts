import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from './logger.js';

/** Builds whose assets the archive keeps (the current one included): a rolling upgrade needs the previous one. */
export const KEEP_BUILDS = 5;
/** A file no kept build lists is removed only once it is this old (a copy made by hand before an upgrade stays a while). */
export const UNLISTED_GRACE_MS = 24 * 60 * 60 * 1000;

const manifestSchema = z.array(z.object({ build: z.string(), at: z.number(), files: z.array(z.string()) }));
type Manifest = z.infer<typeof manifestSchema>;

export type ArchiveResult = {
  /** The folder served under `/assets` after the build's own `dist/assets`. */
  assetsDir: string;
  /** Builds the archive now holds, newest first. */
  builds: string[];
  copied: number;
  removed: number;
};

function readManifest(file: string): Manifest {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Written aside and renamed: a node that stops halfway leaves the old manifest or the new one. */
function writeAtomically(file: string, write: (tmp: string) => void): void {
  const tmp = `${file}.${process.pid}.tmp`;
  write(tmp);
  renameSync(tmp, file);
}

/**
 * Copies the hashed assets of the build being served (`<webDist>/assets`) into the archive
 * (`<archiveDir>/assets`) and forgets builds older than the last `KEEP_BUILDS`.
 *
 * Why: during a rolling upgrade a page whose index.html came from a node on the old build asks
 * for its scripts from a node on the new one (and the other way round). The assets' names carry
 * their content hash, so files of different builds never collide and copying is always safe; a
 * node that serves the archive after its own `dist/assets` serves the pages of every build it
 * ran before (docs/deploy.md, "Rolling upgrade"). Null when there is no built web app.
 */
export function archiveAssets(opts: {
  webDist: string;
  archiveDir: string;
  build: string;
  now: number;
}): ArchiveResult | null {
  const source = join(opts.webDist, 'assets');
  if (!existsSync(source)) return null;
  const assetsDir = join(opts.archiveDir, 'assets');
  mkdirSync(assetsDir, { recursive: true });
  // Source maps are never served (transport/http.ts): not archived either.
  const files = readdirSync(source, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => e.name)
    .sort();
  let copied = 0;
  for (const name of files) {
    const target = join(assetsDir, name);
    if (existsSync(target)) continue; // same name, same content
    writeAtomically(target, (tmp) => copyFileSync(join(source, name), tmp));
    copied++;
  }
  // A build without an id (no build.json) is still told apart by the names of its files.
  const build =
    opts.build !== 'unknown'
      ? opts.build
      : `files-${createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16)}`;
  const manifestFile = join(opts.archiveDir, 'builds.json');
  const manifest = [
    { build, at: opts.now, files },
    ...readManifest(manifestFile).filter((b) => b.build !== build),
  ].slice(0, KEEP_BUILDS);
  writeAtomically(manifestFile, (tmp) => writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`));
  const listed = new Set(manifest.flatMap((b) => b.files));
  let removed = 0;
  for (const name of readdirSync(assetsDir)) {
    if (listed.has(name)) continue;
    const path = join(assetsDir, name);
    try {
      if (opts.now - statSync(path).mtimeMs < UNLISTED_GRACE_MS) continue;
      unlinkSync(path);
      removed++;
    } catch {
      // Gone already (another process pruned it): nothing to do.
    }
  }
  return { assetsDir, builds: manifest.map((b) => b.build), copied, removed };
}

/**
 * The archive of a node that serves a web build (ASSETS_ARCHIVE, else `<dataDir>/assets-archive`),
 * brought up to date at start: the folder to serve under `/assets`, or null (no web build, or the
 * archive cannot be written: the node then serves its own build's assets only, and says so).
 */
export function openAssetArchive(
  config: { webDist: string | null; assetsArchive: string | null; dataDir: string; now: () => number },
  build: string,
  logger: Logger,
): string | null {
  if (!config.webDist) return null;
  const archiveDir = config.assetsArchive ?? join(config.dataDir, 'assets-archive');
  try {
    const result = archiveAssets({ webDist: config.webDist, archiveDir, build, now: config.now() });
    if (result)
      logger.info(
        { archive: archiveDir, builds: result.builds, copied: result.copied, removed: result.removed },
        'asset archive ready',
      );
    return result?.assetsDir ?? null;
  } catch (err) {
    logger.warn({ err, archive: archiveDir }, 'asset archive not written: pages of earlier builds may miss scripts');
    return null;
  }
}
