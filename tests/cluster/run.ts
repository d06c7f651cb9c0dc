// `npm run test:cluster`: starts a throw-away PostgreSQL and redis-server, runs the store
// contract against PostgreSQL and the three-node cluster test, and stops the services whatever
// happens (a failed test, Ctrl-C).
import { spawnSync } from 'node:child_process';
import { startServices } from './services.js';

const services = await startServices();
const stop = () => services.stop();
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stop();
    process.exit(130);
  });
}
const res = spawnSync('npx', ['vitest', 'run', '--config', 'tests/cluster/vitest.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: services.databaseUrl, TEST_REDIS_URL: services.redisUrl },
  timeout: 180_000,
});
stop();
process.exit(res.status ?? 1);
