import type { MeetingStateReader } from '@rostrum/core';
import type { MeetingWorld } from '@rostrum/core/server';
import type { DocUpdateMessage } from '../cluster/messages.js';
import type { Logger } from '../platform/logger.js';
import type { Timers } from '../platform/timers.js';
import type { DocName, MeetingStore } from '../store/types.js';
import type { SharedDoc } from '../yjs/shared-doc.js';
import type { CommandReceipts } from './command-receipts.js';
import type { PollTimers } from './poll-timers.js';
import type { SerialQueue } from './serial-queue.js';

export type RoomOptions = {
  store: MeetingStore;
  logger: Logger;
  now: () => number;
  /** The flush interval and poll deadlines; real timers unless a test drives a fake clock. */
  timers?: Timers;
  /** Minimum time between two flushes under load: bursts coalesce into one update per tick. */
  minFlushIntervalMs: number;
  /** Called when the store fails to commit: the in-memory record is then ahead of the store. */
  onStorageFailure: (err: unknown) => void;
  /**
   * Told when a batch could not reach the store (refused with `store_unavailable`, nothing applied)
   * and when a commit succeeds again: the node's degraded state (platform/health.ts).
   */
  storeHealth?: { failed(): void; ok(): void };
  /** Delegations with someone connected (the presence tracker): the quorum of a closing poll. */
  presentDelegations?: (meetingId: string) => readonly string[];
  /** Announces a committed update to the other nodes (several nodes on one store). */
  publish?: (message: DocUpdateMessage) => void;
  /**
   * The least time a new link works (its `expiresAt`), for links issued during the meeting
   * (delegations imported, presenters added); beyond it, room/link-validity.ts decides.
   */
  inviteTtlMs: number;
  /**
   * A batch whose lock, catch-up, execution and commit take longer than this is logged ('slow
   * command', with its commands' types and the time): a store or lock under strain shows before
   * delegates complain. Unset: not measured.
   */
  slowCommandMs?: number;
};

/** How far this room has followed the store: the last update id applied per document, the last log seq. */
export type StoreCursor = { meeting: number; notes: number; seq: number };

/**
 * What the parts of one room (the batch pipeline, the replicator, the document upkeep) share:
 * the record in memory, the two shared documents, and how far they follow the store. Only the
 * room's serial queue changes it, so the parts never see it half-written.
 */
export type RoomContext = {
  readonly id: string;
  readonly opts: RoomOptions;
  readonly docs: Readonly<Record<DocName, SharedDoc>>;
  /** The public state and the ballots, as of the last commit or catch-up. */
  world: MeetingWorld;
  readonly seen: StoreCursor;
  /** Updates stored per document since the last compaction. */
  readonly storedUpdates: Record<DocName, number>;
  /** Set when the record in memory may be ahead of (or unreadable against) the store: no more commands. */
  broken: boolean;
  readonly receipts: CommandReceipts;
  readonly serial: SerialQueue;
  /** The state as the meeting document holds it, re-read only where other nodes changed it. */
  readonly reader: MeetingStateReader;
  readonly pollTimers: PollTimers;
};

/** The origin of the server's own transactions on the meeting document. */
export const SERVER_ORIGIN = Symbol('rostrum-server');
/** The origin of updates committed by another node and applied here. */
export const REMOTE_ORIGIN = Symbol('rostrum-remote');
