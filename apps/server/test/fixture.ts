import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
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
 * How long one server lives: `test`, a fresh one for each test (the default: no test sees what
 * another did); `file`, one for all the tests of the file, for files that throw many inputs at
 * the same process and check it is still up and its meeting untouched at the end.
 */
export type DemoScope = 'test' | 'file';

/**
 * The integration tests' one fixture: a fresh server on port 0 with the demo meeting before each
 * test of the file (or once for the file, `scope: 'file'`), stopped after it with everything the
 * tests connected. Call it once at the top of a file; read `demo.ts`, `demo.meeting` and
 * `demo.cleanup` inside the tests and hooks. `overrides` are the server's settings for this file
 * (a function when they depend on the test's module state).
 */
export function useDemoServer(
  overrides: Partial<Config> | (() => Partial<Config>) = {},
  { scope = 'test' }: { scope?: DemoScope } = {},
): DemoFixture {
  let current: DemoServer | null = null;
  const running = (): DemoServer => {
    if (!current) throw new Error('the demo server exists only inside a test');
    return current;
  };
  const start = async () => {
    current = await startDemo(typeof overrides === 'function' ? overrides() : overrides);
  };
  const stop = async () => {
    const finished = current;
    current = null;
    await finished?.cleanup.run();
  };
  if (scope === 'file') {
    beforeAll(start);
    afterAll(stop);
  } else {
    beforeEach(start);
    afterEach(stop);
  }
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
