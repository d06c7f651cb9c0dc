import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A web build as `vite build` leaves it, in miniature: index.html, build.json and one hashed script. */
export type FakeBuild = { dist: string; build: string; asset: string; script: string };

/**
 * Writes a fake build `name` (8+ hex digits of id) into `<root>/<name>/dist`: the page's
 * index.html names its one hashed asset, `/assets/app-<id>.js`, as a real build's does.
 */
export function writeFakeBuild(root: string, build: string): FakeBuild {
  const dist = join(root, build, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  const asset = `/assets/app-${build}.js`;
  const script = `document.body.dataset.build = '${build}';\n`;
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><html><body><div id="root"></div><script type="module" src="${asset}"></script></body></html>\n`,
  );
  writeFileSync(join(dist, asset), script);
  writeFileSync(join(dist, 'build.json'), JSON.stringify({ build, commit: null, builtAt: new Date(0).toISOString() }));
  return { dist, build, asset, script };
}

/** The asset a page's index.html asks for (its first module script). */
export function scriptOf(indexHtml: string): string {
  const m = /<script type="module"[^>]*src="([^"]+)"/.exec(indexHtml);
  if (!m?.[1]) throw new Error('no module script in index.html');
  return m[1];
}
