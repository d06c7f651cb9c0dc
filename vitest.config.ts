import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure logic, milliseconds) and `integration` (real servers on port 0
 * with real Socket.IO and y-websocket clients). The e2e suite runs under Playwright.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['apps/server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Each file starts its own servers; run files one after another on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
