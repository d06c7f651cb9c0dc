import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temp folder per run, under which every server under test makes its data folder. A server
 * removes its own folder when it stops, but not when it is killed (the hard limit, Ctrl-C, a
 * failure kill the children at once): the coordinator removes the whole run folder on its way out.
 */
let dir: string | null = null;

export function runDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'rostrum-bench-run-'));
  return dir;
}

export function removeRunDir(): void {
  if (dir === null) return;
  rmSync(dir, { recursive: true, force: true });
  dir = null;
}
