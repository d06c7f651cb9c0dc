// The server's folders are layers: a folder may import only the folders below it, so that the
// tree says what docs/architecture.md says (transport → room → store, platform at the bottom).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** What each folder may import (besides itself). Files at the top (app.ts, main.ts, index.ts) compose everything. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  platform: [],
  store: ['platform'],
  yjs: ['platform'],
  cluster: ['platform', 'store'],
  room: ['platform', 'store', 'yjs', 'cluster'],
  files: ['platform', 'store', 'room'],
  // Named participants (kept apart from the record): their records, views, export and minutes list.
  participants: ['platform', 'store', 'room'],
  // Invitations by email.
  mail: ['platform', 'store', 'room'],
  minutes: ['platform', 'store', 'room', 'participants'],
  staff: ['platform', 'store', 'room'],
  transport: ['platform', 'store', 'yjs', 'cluster', 'room', 'files', 'minutes', 'staff', 'mail', 'participants'],
  tools: ['platform', 'store', 'room', 'minutes'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The folder of a file under src, or '' for the files at the top. */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function crossings(): string[] {
  const wrong: string[] = [];
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    if (from === '') continue;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (spec === undefined) continue;
      const to = folderOf(resolve(dirname(file), spec));
      if (to === from) continue;
      if (!(MAY_IMPORT[from] ?? []).includes(to))
        wrong.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to || 'top'})`);
    }
  }
  return wrong;
}

describe('server layers', () => {
  it('names every folder of src in the layer table', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('imports only downwards: transport → room → store, platform at the bottom', () => {
    expect(crossings()).toEqual([]);
  });
});
