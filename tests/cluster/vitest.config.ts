import { defineConfig } from 'vitest/config';

/**
 * Integration suites that run a second time here, on PostgreSQL (the harness gives each test
 * server a database of its own when TEST_DATABASE_URL is set). Left out: the ones about the
 * SQLite file itself (crash of the process, backup, hardening's backup, the minutes' raw reads).
 */
const ON_POSTGRES = [
  'commands',
  'command-ids',
  'upgrade',
  'votes',
  'votes-secrecy',
  'votes-durability',
  'floor',
  'notes',
  'roster',
  'presence',
  'restart',
  'readonly',
  'bad-input',
  'authz-commands',
  'authz-rest',
  'authz-yjs',
  'files',
  'token-hygiene',
  'join-storm',
  'staff',
  'participants',
];

/** The cluster run (`npm run test:cluster`, services from tests/cluster/run.ts): not in the default `vitest run`. */
export default defineConfig({
  test: {
    name: 'cluster',
    root: new URL('../..', import.meta.url).pathname,
    include: [
      'apps/server/test/store-contract.test.ts',
      'apps/server/test/participant-store.test.ts',
      'apps/server/test/lifecycle-store.test.ts',
      ...ON_POSTGRES.map((name) => `apps/server/test/${name}.test.ts`),
      'tests/cluster/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
