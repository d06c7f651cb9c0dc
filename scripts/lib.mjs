// Shared steps of `npm start` and `npm test`: only Node's own modules, so they run before any install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The pinned pnpm, run through npx: corepack is not relied upon. */
export const pnpmSpec = pkg.packageManager;

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...opts });
  if (res.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}

export function pnpm(args) {
  run('npx', ['--yes', pnpmSpec, ...args]);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing dependencies (first run; better-sqlite3 compiles in about a minute)…');
  pnpm(['install', '--frozen-lockfile']);
}

/** Builds the web app when its build is missing or older than its sources. */
export function ensureWebBuilt({ force = false } = {}) {
  const dist = join(root, 'apps', 'web', 'dist', 'index.html');
  const sources = [join(root, 'apps', 'web', 'src'), join(root, 'packages', 'core', 'src')];
  const stale = !existsSync(dist) || sources.some((dir) => newestMtime(dir) > statSync(dist).mtimeMs);
  if (!force && !stale) return;
  console.log('Building the web app…');
  pnpm(['--filter', '@rostrum/web', 'build']);
}

/** Debian's Chromium for the browser tests: installed when missing and we are root. */
export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `\n✗ Chromium is needed for the browser tests and was not found at ${path}.\n  Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  console.log('Installing Chromium from Debian packages…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(path)) {
    console.error(`✗ Chromium was installed but is not at ${path}; set CHROMIUM_PATH.`);
    process.exit(1);
  }
  return path;
}
