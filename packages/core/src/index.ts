/**
 * What a client may use: schemas, the public record and its readers, the protocol, the limits and
 * the pure helpers the desk shows. The rules that change a meeting, the secret part and the
 * exports for the staff are server-only (`@rostrum/core/server`); a browser never needs them.
 */
export * from './limits.js';
export * from './text.js';
export * from './documents.js';
export * from './roles.js';
export * from './errors.js';
export * from './definition.js';
export * from './participants.js';
export * from './state.js';
export * from './command-base.js';
export * from './commands.js';
export * from './permissions.js';
export * from './agenda/agenda-commands.js';
export * from './roster/roster-commands.js';
export * from './roster/roster-plan.js';
export * from './floor/floor-state.js';
export * from './floor/floor-commands.js';
export * from './votes/votes-state.js';
export * from './votes/vote-commands.js';
export * from './languages/language-commands.js';
export * from './meeting/meeting-commands.js';
export * from './meeting/meeting-links.js';
export * from './languages/missing-texts.js';
export * from './votes/poll-result.js';
export * from './csv.js';
export * from './clock.js';
export * from './ydoc.js';
export * from './protocol.js';
export * from './notes.js';
export * from './yjs-auth.js';
