import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The build a node serves, from `dist/build.json` (written by the web build: apps/web/build/build-id.ts). */
export type BuildInfo = {
  /** The content hash of the built web app; `unknown` without a build (API only, or a build before ids). */
  build: string;
  /** The git commit built, when known. */
  commit: string | null;
};

export const UNKNOWN_BUILD: BuildInfo = { build: 'unknown', commit: null };

const buildFile = z.object({
  build: z.string().regex(/^[0-9a-f]{8,64}$/),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,40}$/)
    .nullable()
    .catch(null),
});

/** Reads the build id of a web build; `unknown` when there is none or it cannot be read. */
export function readBuildInfo(webDist: string | null): BuildInfo {
  if (!webDist) return UNKNOWN_BUILD;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(webDist, 'build.json'), 'utf8'));
  } catch {
    return UNKNOWN_BUILD;
  }
  const parsed = buildFile.safeParse(raw);
  return parsed.success ? { build: parsed.data.build, commit: parsed.data.commit } : UNKNOWN_BUILD;
}
