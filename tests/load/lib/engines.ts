// PostgreSQL and Redis for the cluster mode of the bench. The services are the cluster test's
// throw-away ones (tests/cluster/services.ts: initdb into a temp folder, fsync off, redis-server
// without persistence, loopback ports only); they are stopped whatever ends the run: the end,
// a failure, Ctrl-C or the hard limit all leave through process.exit, and `stop` is synchronous.
import { spawnSync } from 'node:child_process';
import { startServices } from '../../cluster/services.js';
import type { Engines } from '../scenarios/rostrum.js';

export type SharedEngines = {
  /** A database of its own and a Redis database index of its own for one configuration of the run. */
  fresh(label: string): NonNullable<Engines>;
  stop(): void;
};

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
      const res = spawnSync('psql', [services.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8', timeout: 30_000 });
      if (res.status !== 0) throw new Error(`creating the database ${name} failed: ${res.stderr || res.error?.message || `status ${res.status}`}`);
      const db = new URL(services.databaseUrl);
      db.pathname = `/${name}`;
      // Redis pub/sub ignores the database index, but the Socket.IO adapter's stream is a key:
      // each configuration gets its own (the previous configuration's nodes are stopped by then).
      const redis = new URL(services.redisUrl);
      redis.pathname = `/${made % 16}`;
      return { databaseUrl: db.toString(), redisUrl: redis.toString() };
    },
    stop,
  };
}
