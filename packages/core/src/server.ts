/**
 * Server-only: the rules that change a meeting (`execute` and each feature's rules), the secret
 * part (ballots) and its replay, the deadline close, the results export for the staff and the
 * upgrade of stored documents. Everything a client may also use is in `@rostrum/core`.
 */
export * from './rules.js';
export * from './execute.js';
export * from './initial-state.js';
export * from './secret.js';
export * from './agenda/agenda-rules.js';
export * from './roster/roster-rules.js';
export * from './meeting/meeting-rules.js';
export * from './floor/floor-rules.js';
export * from './votes/vote-rules.js';
export * from './votes/system-close.js';
export * from './votes/replay.js';
export * from './votes/votes-export.js';
export * from './doc-layout.js';
