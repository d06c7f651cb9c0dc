import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on the loopback interface (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The binaries of the newest PostgreSQL that Debian installed. */
export function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const file = join(root, v, 'bin', name);
    if (existsSync(file)) return file;
  }
  throw new Error(`${name} not found under ${root}: apt-get install -y postgresql`);
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
export function asPostgres(cmd: string, args: string[]): { cmd: string; args: string[] } {
  return process.getuid?.() === 0 ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
}

function runChecked(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr || res.stdout}`);
}

export type Services = { databaseUrl: string; redisUrl: string; stop: () => void };

/**
 * A throw-away PostgreSQL (initdb into a temp folder, fsync off) and redis-server, both on free
 * loopback ports. `stop` is synchronous so that it can run from an exit handler too.
 */
export async function startServices(): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-cluster-'));
  const pgData = join(dir, 'pg');
  const stops: Array<() => void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = () => {
    while (stops.length > 0) {
      try {
        stops.pop()?.();
      } catch {
        // keep stopping the rest
      }
    }
  };
  try {
    if (process.getuid?.() === 0) {
      chmodSync(dir, 0o755);
      chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    }
    const pgPort = await freePort();
    const initdb = asPostgres(postgresBin('initdb'), [
      '-D',
      pgData,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    runChecked(initdb.cmd, initdb.args);
    const opts = `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    const start = asPostgres(postgresBin('pg_ctl'), [
      '-D',
      pgData,
      '-l',
      join(dir, 'pg.log'),
      '-o',
      opts,
      '-w',
      'start',
    ]);
    runChecked(start.cmd, start.args);
    stops.push(() => {
      const halt = asPostgres(postgresBin('pg_ctl'), ['-D', pgData, '-m', 'immediate', '-w', 'stop']);
      spawnSync(halt.cmd, halt.args);
    });

    const redisPort = await freePort();
    const redis: ChildProcess = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    stops.push(() => redis.kill('SIGKILL'));
    await waitForPort(redisPort, 5000);
    return {
      databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      stop,
    };
  } catch (err) {
    stop();
    throw err;
  }
}

function idOf(flag: '-u' | '-g', name: string): number {
  const res = spawnSync('id', [flag, name], { encoding: 'utf8' });
  const id = Number(res.stdout.trim());
  if (res.status !== 0 || !Number.isInteger(id)) throw new Error(`no user ${name}`);
  return id;
}
export const uidOf = (name: string) => idOf('-u', name);
export const gidOf = (name: string) => idOf('-g', name);

/** Resolves once something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
