import type { ParticipantStore } from './participant-types.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { MeetingStore } from './types.js';

/** The participants table of the store (both stores keep it beside the meetings). */
export function participantStoreOf(store: MeetingStore): ParticipantStore {
  if (store instanceof SqliteStore || store instanceof PostgresStore) return store.participants;
  throw new Error('this store keeps no participants');
}
