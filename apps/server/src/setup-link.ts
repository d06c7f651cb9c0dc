import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { configFromEnv, databaseFile } from './platform/config.js';
import { StaffService } from './staff/service.js';
import { PostgresStore } from './store/postgres.js';
import { SqliteStore } from './store/sqlite.js';

/**
 * `npm run setup-link`: the first administrator's one-time setup link (24 hours), printed on the
 * terminal of whoever runs it with the node's environment (DATABASE_URL or DATA_DIR, PUBLIC_URL)
 * — in production a node's start never prints it, since its journal is read by others too.
 * Each run makes a new link; none once an account exists.
 *
 * Exit codes: 0 printed; 1 an account exists already; 2 no database (start a node once first).
 */
export type SetupLinkIo = { out: (line: string) => void; err: (line: string) => void };

export async function runSetupLink(env: NodeJS.ProcessEnv, io: SetupLinkIo, now = Date.now): Promise<number> {
  const config = configFromEnv(env, null);
  let store: SqliteStore | PostgresStore;
  if (config.databaseUrl) {
    store = await PostgresStore.connect(config.databaseUrl, { max: 1 });
  } else {
    const file = databaseFile(config);
    // Opening a missing file would create an empty database beside the one the nodes use: say so instead.
    if (!existsSync(file)) {
      io.err(`no database at ${file}: start Rostrum once with this DATA_DIR first (or set DATABASE_URL)`);
      return 2;
    }
    store = new SqliteStore(file);
  }
  try {
    // The key signs CSRF tokens of sessions, which this command makes none of.
    const staff = new StaffService({ store: store.staff, now, key: 'setup-link', redis: null });
    const token = await staff.setupToken();
    if (token === null) {
      io.err('an administrator account exists already: sign in, or ask an administrator for a set-password link');
      return 1;
    }
    const path = `/setup/${token}`;
    io.out(
      config.publicUrl
        ? `${config.publicUrl}${path}`
        : `${path}  (after the address Rostrum is reached at; set PUBLIC_URL for the whole link)`,
    );
    io.err('The link works once, for 24 hours: open it to create the first administrator account.');
    return 0;
  } finally {
    await store.close();
  }
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(invoked).href) {
  process.exitCode = await runSetupLink(process.env, {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  });
}
