import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The package's own modules must import one another without a circle: a circle makes the order
 * in which modules initialise depend on who is imported first, and it ties features together
 * that should stand apart. Type-only imports count too, since they tie the modules as much.
 */

const root = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative specifiers of `import … from`, `export … from` and `import('…')`. */
function relativeImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...source.matchAll(pattern)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/** The import graph: a file (relative to src) → the files it imports. */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((spec) =>
      relative(dir, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))),
    );
    graph.set(relative(dir, file), targets);
  }
  return graph;
}

/** The first circle found by a depth-first walk, as the path that closes it; null if none. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | null => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return null;
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the structure of packages/core', () => {
  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCycle(new Map([['a.ts', ['b.ts']]]))).toBeNull();
  });

  it('reads every kind of relative import', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export * from './c/d.js';",
      "const e = await import('./e.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['./a.js', '../b.js', './c/d.js', './e.js']);
  });

  it('has no import circle', () => {
    const graph = importGraph(root);
    expect(graph.size).toBeGreaterThan(20);
    const cycle = findCycle(graph);
    expect(cycle === null ? null : `import circle: ${cycle.join(' → ')}`).toBeNull();
  });
});
