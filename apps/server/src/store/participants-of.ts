import type { ParticipantStore } from './participant-types.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { MeetingStore } from './types.js';

/** The participants table of the store (both stores keep it beside the meetings). */
export function participantStoreOf(store: MeetingStore): ParticipantStore {
  if (store instanceof SqliteStore || store instanceof PostgresStore) return store.participants;
  throw new Error('this store keeps no participants');
}

/** The participants table of the store, or null for a store without one (a test's memory store). */
export function participantStoreIfAny(store: MeetingStore): ParticipantStore | null {
  return store instanceof SqliteStore || store instanceof PostgresStore ? store.participants : null;
}
