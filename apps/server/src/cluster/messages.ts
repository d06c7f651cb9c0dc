// What the nodes of a cluster tell one another: the types the room and the transport share
// with cluster/, kept here so that cluster/ imports nothing above it.
import type { Role } from '@rostrum/core';
import type { DocName } from '../store/types.js';

/** An update committed to the store, as announced to the other nodes (cluster/bus.ts). */
export type DocUpdateMessage = {
  meetingId: string;
  doc: DocName;
  /** The last update id of this document before this one: a receiver that has it has everything before. */
  afterId: number;
  updateId: number;
  update: Uint8Array;
};

/** One node's connections to a meeting: counts per role and per delegation. */
export type PresenceCounts = { roles: Record<Role, number>; delegations: Record<string, number> };

/** The other nodes' connections (cluster/presence.ts); merged into every snapshot. */
export interface RemotePresence {
  contributions(meetingId: string): PresenceCounts[];
}

/** This node's own presence, as the cluster sees it (transport/presence.ts implements it). */
export interface LocalPresence {
  remote: RemotePresence | null;
  local(meetingId: string): PresenceCounts;
  /** Marks a meeting's snapshot as stale: other nodes' counts changed. */
  touch(meetingId: string): void;
}
