// PostgreSQL and Redis for the cluster mode of the bench. The services are the cluster test's
// throw-away ones (tests/cluster/services.ts: initdb into a temp folder, fsync off, redis-server
// without persistence, loopback ports only); they are stopped whatever ends the run: the end,
// a failure, Ctrl-C or the hard limit all leave through process.exit, and `stop` is synchronous.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { startServices } from '../../cluster/services.js';
import type { Engines } from '../scenarios/rostrum.js';

export type SharedEngines = {
  /** A database of its own and a Redis database index of its own for one configuration of the run. */
  fresh(label: string): NonNullable<Engines>;
  /** CPU time used so far by PostgreSQL (every backend) and redis-server, in ms; NaN where /proc cannot tell. */
  cpuMs(): number;
  stop(): void;
};

/** Linux clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat times. */
const TICKS_PER_SECOND = 100;

type ProcStat = { pid: number; ppid: number; cpuTicks: number; reapedTicks: number };

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): state is field 3. */
function procStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const num = (field: number) => Number(f[field - 3] ?? Number.NaN);
    return { pid, ppid: num(4), cpuTicks: num(14) + num(15), reapedTicks: num(16) + num(17) };
  } catch {
    return null;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * CPU of the services: they share the 2 cores with the nodes and the load generator, and their
 * time is in no node's figure. PostgreSQL: the postmaster of our port, its live backends and
 * those it has reaped; Redis: the server on our port.
 */
function servicesCpuMs(pgPort: string, redisPort: string): number {
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const stats = pids.map(procStat).filter((x): x is ProcStat => x !== null);
  const postmaster = stats.find((s) => {
    const cmd = cmdline(s.pid);
    return /\bpostgres\b/.test(cmd) && cmd.includes(` -p ${pgPort} `);
  });
  const redis = stats.find((s) => cmdline(s.pid).startsWith(`redis-server 127.0.0.1:${redisPort}`));
  if (!postmaster || !redis) return Number.NaN;
  const backends = stats.filter((s) => s.ppid === postmaster.pid);
  const ticks =
    postmaster.cpuTicks + postmaster.reapedTicks + backends.reduce((t, s) => t + s.cpuTicks, 0) + redis.cpuTicks;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export async function startEngines(): Promise<SharedEngines> {
  const services = await startServices();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    services.stop();
  };
  process.once('exit', stop);
  let made = 0;
  return {
    fresh(label) {
      made += 1;
      // Each configuration starts from an empty store: the record of the previous one would be
      // loaded by every node at start and change what a join costs.
      const name = `rostrum_bench_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${made}`;
      const res = spawnSync('psql', [services.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (res.status !== 0)
        throw new Error(
          `creating the database ${name} failed: ${res.stderr || res.error?.message || `status ${res.status}`}`,
        );
      const db = new URL(services.databaseUrl);
      db.pathname = `/${name}`;
      // Redis pub/sub ignores the database index, but the Socket.IO adapter's stream is a key:
      // each configuration gets its own (the previous configuration's nodes are stopped by then).
      const redis = new URL(services.redisUrl);
      redis.pathname = `/${made % 16}`;
      return { databaseUrl: db.toString(), redisUrl: redis.toString() };
    },
    cpuMs: () => servicesCpuMs(new URL(services.databaseUrl).port, new URL(services.redisUrl).port),
    stop,
  };
}
