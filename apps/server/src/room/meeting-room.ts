import {
  MeetingStateReader,
  type Ack,
  type Command,
  type CommandResult,
  type MeetingDefinition,
  type MeetingState,
  type Principal,
} from '@rostrum/core';
import { deadlineCommandId, systemPrincipal, type SecretState } from '@rostrum/core/server';
import type { DocUpdateMessage } from '../cluster/messages.js';
import { realTimers } from '../platform/timers.js';
import type { InviteRecord, MeetingRecord } from '../store/types.js';
import { SharedDoc } from '../yjs/shared-doc.js';
import { BatchPipeline } from './batch-pipeline.js';
import { CommandReceipts } from './command-receipts.js';
import { DocUpkeep } from './doc-upkeep.js';
import { PollTimers } from './poll-timers.js';
import { Replicator } from './replicator.js';
import { SERVER_ORIGIN, type RoomContext, type RoomOptions } from './room-context.js';
import { createRoomSeed, loadRoomSeed, type RoomSeed } from './room-loader.js';
import { SerialQueue } from './serial-queue.js';

export type { RoomOptions } from './room-context.js';

/** After a restart, a poll whose deadline passed meanwhile closes this long after start. */
const DEADLINE_GRACE_AFTER_START_MS = 2000;

/**
 * One live meeting: its record (plain state + the meeting's shared document), the notes
 * document, and the three parts that keep them: the batch pipeline (commands → one commit →
 * acks → broadcast), the replicator (other nodes' commits) and the document upkeep (notes
 * writes, compaction). They share one context and one serial queue.
 */
export class MeetingRoom {
  /** The meeting's shared document: the public record, written by the server only. */
  readonly meetingDoc: SharedDoc;
  /** The notes' shared document: one text per agenda item, written by the secretariat. */
  readonly notesDoc: SharedDoc;
  private readonly context: RoomContext;
  private readonly pipeline: BatchPipeline;
  private readonly replicator: Replicator;

  private constructor(
    readonly record: MeetingRecord,
    seed: RoomSeed,
    opts: RoomOptions,
  ) {
    let upkeep: DocUpkeep | null = null;
    this.meetingDoc = new SharedDoc(seed.meetingDoc);
    this.notesDoc = new SharedDoc(seed.notesDoc, (update, from) =>
      upkeep ? upkeep.writeNotes(update, from) : Promise.reject(new Error('the room is not ready')),
    );
    const receipts = new CommandReceipts();
    for (const c of seed.commands) receipts.recordStored(c);
    this.context = {
      id: record.id,
      opts,
      docs: { meeting: this.meetingDoc, notes: this.notesDoc },
      world: seed.world,
      seen: seed.seen,
      storedUpdates: seed.storedUpdates,
      broken: false,
      receipts,
      serial: new SerialQueue(),
      reader: new MeetingStateReader(seed.meetingDoc, { state: seed.world.state, ownOrigin: SERVER_ORIGIN }),
      pollTimers: new PollTimers(opts.now, (pollId) => void this.closeAtDeadline(pollId), opts.timers ?? realTimers),
    };
    this.replicator = new Replicator(this.context);
    upkeep = new DocUpkeep(this.context, this.replicator);
    this.pipeline = new BatchPipeline(this.context, this.replicator, upkeep);
    this.context.pollTimers.sync(seed.world.state, DEADLINE_GRACE_AFTER_START_MS);
  }

  /** Creates a meeting from its definition and stores it with its invites. */
  static async create(record: MeetingRecord, invites: InviteRecord[], opts: RoomOptions): Promise<MeetingRoom> {
    return new MeetingRoom(record, await createRoomSeed(record, invites, opts), opts);
  }

  /** Rebuilds a meeting from the store, exactly as it was at the last commit. */
  static async load(record: MeetingRecord, opts: RoomOptions): Promise<MeetingRoom> {
    return new MeetingRoom(record, await loadRoomSeed(record, opts), opts);
  }

  get id(): string {
    return this.record.id;
  }

  get definition(): MeetingDefinition {
    return this.record.definition;
  }

  get state(): MeetingState {
    return this.context.world.state;
  }

  /** The ballots: for the staff export only, never for a document or a message. */
  get secret(): SecretState {
    return this.context.world.secret;
  }

  /** Queues a validated command; resolves with its ack once its effect is durable. */
  submit(principal: Principal, command: Command): Promise<Ack<CommandResult>> {
    return this.pipeline.submit(principal, command);
  }

  /** An update another node committed (cluster bus). */
  receive(message: DocUpdateMessage): Promise<void> {
    return this.replicator.receive(message);
  }

  /** Brings the room up to date with the store (other nodes' commits); nothing to do on one node. */
  refresh(): Promise<void> {
    return this.replicator.refresh();
  }

  /** The server closes a poll at its deadline; a second firing (after a restart) is a retry. */
  private async closeAtDeadline(pollId: string): Promise<void> {
    const ack = await this.submit(systemPrincipal(this.id), {
      id: deadlineCommandId(pollId),
      type: 'poll.close',
      pollId,
    });
    // The chair may have closed it first: that is not a failure.
    if (!ack.ok && ack.error.reason !== 'poll_closed')
      this.context.opts.logger.warn(
        { meetingId: this.id, pollId, error: ack.error },
        'closing a poll at its deadline failed',
      );
  }

  /**
   * Stops the room for good (its meeting is being deleted): commands and notes are refused from
   * now on, deadlines disarmed, and what was queued is finished first.
   */
  async retire(): Promise<void> {
    this.context.broken = true;
    await this.drain();
    await this.context.serial.run(async () => undefined);
  }

  /** Waits for queued commands to be applied (used on shutdown). */
  async drain(): Promise<void> {
    // Deadlines left are re-armed from the record by the next start.
    this.context.pollTimers.stop();
    while (this.pipeline.busy) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
