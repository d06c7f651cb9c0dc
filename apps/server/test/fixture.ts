import { afterEach, beforeEach } from 'vitest';
import type { Config } from '../src/platform/config.js';
import { startDemo, type Cleanup, type DemoServer, type TestMeeting, type TestServer } from './harness.js';

/** The server and demo meeting of the running test (see `useDemoServer`). */
export type DemoFixture = {
  readonly cleanup: Cleanup;
  /** The server; a test that restarts it puts the new one here (`demo.ts = await restartServer(…)`). */
  ts: TestServer;
  readonly meeting: TestMeeting;
};

/**
 * The integration tests' one fixture: a fresh server on port 0 with the demo meeting before each
 * test of the file, stopped after it with everything the test connected. Call it once at the top
 * of a file; read `demo.ts`, `demo.meeting` and `demo.cleanup` inside the tests. `overrides` are
 * the server's settings for this file (a function when they depend on the test's module state).
 */
export function useDemoServer(overrides: Partial<Config> | (() => Partial<Config>) = {}): DemoFixture {
  let current: DemoServer | null = null;
  const running = (): DemoServer => {
    if (!current) throw new Error('the demo server exists only inside a test');
    return current;
  };
  beforeEach(async () => {
    current = await startDemo(typeof overrides === 'function' ? overrides() : overrides);
  });
  afterEach(async () => {
    const finished = current;
    current = null;
    await finished?.cleanup.run();
  });
  return {
    get cleanup() {
      return running().cleanup;
    },
    get ts() {
      return running().ts;
    },
    set ts(server: TestServer) {
      running().ts = server;
    },
    get meeting() {
      return running().meeting;
    },
  };
}
