import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * PostgreSQL's own client tools (pg_dump, pg_restore) for the backups of a PostgreSQL store:
 * Debian's `postgresql` (or `postgresql-client`) package installs them under
 * /usr/lib/postgresql/<major>/bin, with a version-picking wrapper on the PATH. The newest
 * major version is taken first: pg_dump must be at least as new as the server it dumps.
 */
export function postgresTool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const major of majors) {
    const file = join(root, major, 'bin', name);
    if (existsSync(file)) return file;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  throw new Error(`${name} not found (PATH or ${root}/*/bin): apt-get install -y postgresql-client`);
}

/**
 * The connection string without its password, and the password apart: the tools get it in
 * PGPASSWORD, so that it never shows on a command line (`ps` shows those to every user).
 */
export function connectionForTools(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = url.password ? decodeURIComponent(url.password) : null;
  url.password = '';
  return { dbname: url.toString(), env: password === null ? {} : { PGPASSWORD: password } };
}

/** The database's name and host as logs may show them (no user, no password). */
export function describeDatabase(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** Runs a tool; rejects with its error output when it fails. */
export function runTool(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with ${code ?? 'a signal'}: ${stderr.trim()}`));
    });
  });
}
