export { createServer, VERSION, type RostrumServer } from './app.js';
export { defaultConfig, type Config } from './platform/config.js';
export { demoMeeting } from './tools/demo.js';
export { SqliteStore } from './store/sqlite.js';
export type { MeetingStore } from './store/types.js';
