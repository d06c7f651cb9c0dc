// The package's public entry ('@rostrum/server'): what another package, the e2e, cluster and load
// tests and the scripts may use of the server. Anything else is internal to apps/server.
export { createServer, VERSION, type RostrumServer } from './app.js';
export { configFromEnv, defaultConfig, type Config } from './platform/config.js';
export { DEFAULT_RATE_LIMITS, type RateLimits } from './platform/rate-limits.js';
export { demoMeeting } from './tools/demo.js';
export { SqliteStore } from './store/sqlite.js';
export type { MeetingStore } from './store/types.js';
