import { defineConfig } from 'vitest/config';

/** The cluster run (`npm run test:cluster`, services from tests/cluster/run.ts): not in the default `vitest run`. */
export default defineConfig({
  test: {
    name: 'cluster',
    root: new URL('../..', import.meta.url).pathname,
    include: ['apps/server/test/store-contract.test.ts', 'tests/cluster/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
