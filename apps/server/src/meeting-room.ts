import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  deadlineCommandId,
  execute,
  fail,
  initialSecret,
  initialState,
  ok,
  readState,
  replaySecret,
  systemPrincipal,
  writeState,
  type Ack,
  type Command,
  type CommandResult,
  type MeetingDefinition,
  type MeetingState,
  type MeetingWorld,
  type Principal,
  type SecretState,
} from '@rostrum/core';
import type { Logger } from './logger.js';
import { PollTimers } from './poll-timers.js';
import type { CommandRecord, DocName, InviteRecord, MeetingRecord, MeetingStore } from './store/types.js';
import { SharedDoc } from './yjs/shared-doc.js';

/** The origin of the server's own transactions on the meeting document. */
const SERVER_ORIGIN = Symbol('rostrum-server');

/** Merge a document's stored updates into one after this many. */
const COMPACT_AFTER_UPDATES = 200;

export type RoomOptions = {
  store: MeetingStore;
  logger: Logger;
  now: () => number;
  /** Minimum time between two flushes under load: bursts coalesce into one update per tick. */
  minFlushIntervalMs: number;
  /** Called when the store fails to commit: the in-memory record is then ahead of the store. */
  onStorageFailure: (err: unknown) => void;
  /** Delegations with someone connected (the presence tracker): the quorum of a closing poll. */
  presentDelegations?: (meetingId: string) => readonly string[];
};

/** After a restart, a poll whose deadline passed meanwhile closes this long after start. */
const DEADLINE_GRACE_AFTER_START_MS = 2000;

type Pending = { principal: Principal; command: Command; resolve: (ack: Ack<CommandResult>) => void };
type Applied = { inviteId: string; fingerprint: string; result: CommandResult };

/** A command's content, to tell a retry (same content) from a reused id (other content). */
function fingerprint(command: unknown): string {
  return JSON.stringify(command);
}

/** A retry comes from the same invite with the same command; anything else reuses the id. */
function sameCommand(a: Applied, p: Pending): boolean {
  return a.inviteId === p.principal.inviteId && a.fingerprint === fingerprint(p.command);
}

/**
 * One live meeting: its record (plain state + Yjs document), the notes document and the
 * command pipeline. Commands are queued and applied in batches: each batch becomes one Yjs
 * transaction and one store transaction (group commit); every sender gets its own ack after
 * the commit, and only then is the update broadcast.
 */
export class MeetingRoom {
  readonly meeting: SharedDoc;
  readonly notes: SharedDoc;
  private world: MeetingWorld;
  private readonly applied = new Map<string, Applied>();
  private pending: Pending[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private storedUpdates: Record<DocName, number>;
  private broken = false;
  private readonly pollTimers: PollTimers;

  private constructor(
    readonly record: MeetingRecord,
    world: MeetingWorld,
    meetingDoc: Y.Doc,
    notesDoc: Y.Doc,
    storedUpdates: Record<DocName, number>,
    private readonly opts: RoomOptions,
  ) {
    this.world = world;
    this.storedUpdates = storedUpdates;
    this.meeting = new SharedDoc(meetingDoc);
    this.notes = new SharedDoc(notesDoc, (update, from) => this.applyNotesUpdate(update, from));
    this.pollTimers = new PollTimers(opts.now, (pollId) => void this.closeAtDeadline(pollId));
    this.pollTimers.sync(world.state, DEADLINE_GRACE_AFTER_START_MS);
  }

  get id(): string {
    return this.record.id;
  }

  get definition(): MeetingDefinition {
    return this.record.definition;
  }

  get state(): MeetingState {
    return this.world.state;
  }

  /** The ballots: for the staff export only, never for a document or a message. */
  get secret(): SecretState {
    return this.world.secret;
  }

  /** Creates a meeting from its definition and stores it with its invites. */
  static async create(record: MeetingRecord, invites: InviteRecord[], opts: RoomOptions): Promise<MeetingRoom> {
    const state = initialState(record.id, record.definition);
    const doc = new Y.Doc();
    doc.transact(() => writeState(doc, state), SERVER_ORIGIN);
    await opts.store.createMeeting(record, invites, Y.encodeStateAsUpdate(doc));
    return new MeetingRoom(record, { state, secret: initialSecret() }, doc, new Y.Doc(), { meeting: 1, notes: 0 }, opts);
  }

  /** Rebuilds a meeting from the store, exactly as it was at the last commit. */
  static async load(record: MeetingRecord, opts: RoomOptions): Promise<MeetingRoom> {
    const [meetingUpdates, notesUpdates, commands] = await Promise.all([
      opts.store.loadUpdates(record.id, 'meeting'),
      opts.store.loadUpdates(record.id, 'notes'),
      opts.store.listCommands(record.id),
    ]);
    const doc = new Y.Doc();
    doc.transact(() => meetingUpdates.forEach((u) => Y.applyUpdate(doc, u)), SERVER_ORIGIN);
    const state = readState(doc);
    if (state === null) throw new Error(`meeting ${record.id}: stored document is incomplete`);
    const notes = new Y.Doc();
    notes.transact(() => notesUpdates.forEach((u) => Y.applyUpdate(notes, u)));
    // The ballots are in no document: they are rebuilt from the accepted commands of the log.
    const room = new MeetingRoom(record, { state, secret: replaySecret(commands) }, doc, notes, { meeting: meetingUpdates.length, notes: notesUpdates.length }, opts);
    for (const c of commands) {
      room.applied.set(c.commandId, { inviteId: c.principal.inviteId, fingerprint: fingerprint(c.payload), result: c.result as CommandResult });
    }
    return room;
  }

  /** Queues a validated command; resolves with its ack once its effect is durable. */
  submit(principal: Principal, command: Command): Promise<Ack<CommandResult>> {
    if (this.broken) return Promise.resolve(fail('internal', 'the meeting is unavailable; the server must restart'));
    return new Promise((resolve) => {
      this.pending.push({ principal, command, resolve });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.timer !== null) return;
    const wait = Math.max(0, this.lastFlushAt + this.opts.minFlushIntervalMs - this.opts.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      await this.flushBatch();
    } catch (err) {
      // Never leave the queue stuck: a failure here must not silence every later command.
      this.opts.logger.error({ err, meetingId: this.id }, 'flush failed');
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  private async flushBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const now = this.opts.now();
    const replies: Array<() => void> = [];
    const accepted: Array<{ p: Pending; result: CommandResult }> = [];
    const inBatch = new Map<string, Applied>();
    /** Retries of a command accepted earlier in this batch: they get its ack once the commit is known. */
    const twins: Array<{ p: Pending; result: CommandResult }> = [];
    let world = this.world;

    for (const p of batch) {
      const known = this.applied.get(p.command.id) ?? inBatch.get(p.command.id);
      if (known) {
        // A retry returns the first result; the same id from someone else is refused.
        if (!sameCommand(known, p)) {
          replies.push(() => p.resolve(fail('conflict', 'this command id was used for another command', 'command_id_reused')));
        } else if (this.applied.has(p.command.id)) {
          replies.push(() => p.resolve(ok(known.result)));
        } else {
          twins.push({ p, result: known.result });
        }
        continue;
      }
      const outcome = execute(world, p.principal, p.command, {
        now,
        newId: () => `i-${randomUUID().slice(0, 12)}`,
        presentDelegations: () => this.opts.presentDelegations?.(this.id) ?? [],
      });
      if (!outcome.ok) {
        const error = outcome.error;
        replies.push(() => p.resolve({ ok: false, error }));
        continue;
      }
      world = outcome.world;
      const result: CommandResult = { revision: world.state.meta.revision, at: now };
      if (outcome.createdId !== undefined) result.createdId = outcome.createdId;
      accepted.push({ p, result });
      inBatch.set(p.command.id, { inviteId: p.principal.inviteId, fingerprint: fingerprint(p.command), result });
    }

    if (accepted.length > 0) {
      const committed = await this.commit(world, accepted, now);
      if (!committed) {
        const refused = fail('internal', 'the command could not be stored');
        for (const { p } of [...accepted, ...twins]) replies.push(() => p.resolve(refused));
      } else {
        for (const { p, result } of [...accepted, ...twins]) replies.push(() => p.resolve(ok(result)));
      }
    }
    for (const reply of replies) reply();
    this.lastFlushAt = now;
  }

  /** Projects the state into the document, stores commands + update atomically, then broadcasts. */
  private async commit(world: MeetingWorld, accepted: Array<{ p: Pending; result: CommandResult }>, now: number): Promise<boolean> {
    const doc = this.meeting.doc;
    const updates: Uint8Array[] = [];
    const capture = (u: Uint8Array) => updates.push(u);
    doc.on('update', capture);
    doc.transact(() => writeState(doc, world.state), SERVER_ORIGIN);
    doc.off('update', capture);
    const update = updates.length === 0 ? null : updates.length === 1 ? (updates[0] ?? null) : Y.mergeUpdates(updates);
    const records: CommandRecord[] = accepted.map(({ p, result }) => ({
      commandId: p.command.id,
      principal: p.principal,
      type: p.command.type,
      payload: p.command,
      result,
      at: now,
    }));
    try {
      await this.opts.store.commitBatch(this.id, records, update, 'meeting');
    } catch (err) {
      // The document in memory is now ahead of the store: stop taking commands (fail-stop).
      this.broken = true;
      this.opts.logger.fatal({ err, meetingId: this.id }, 'store commit failed');
      this.opts.onStorageFailure(err);
      return false;
    }
    this.world = world;
    this.pollTimers.sync(world.state);
    for (const { p, result } of accepted) {
      this.applied.set(p.command.id, { inviteId: p.principal.inviteId, fingerprint: fingerprint(p.command), result });
    }
    if (update) {
      this.meeting.broadcast(update);
      await this.countStored('meeting');
    }
    return true;
  }

  private async applyNotesUpdate(update: Uint8Array, from: WebSocket): Promise<void> {
    // Decoding validates the update without applying it: a malformed one throws here and is
    // neither stored nor relayed. An empty one (a writer's sync reply with nothing new) is skipped.
    const decoded = Y.decodeUpdate(update);
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    // Stored before it is applied and relayed: what others see is durable.
    await this.opts.store.appendUpdate(this.id, 'notes', update);
    Y.applyUpdate(this.notes.doc, update, from);
    this.notes.broadcast(update, from);
    await this.countStored('notes');
  }

  private async countStored(doc: DocName): Promise<void> {
    this.storedUpdates[doc] += 1;
    const count = this.storedUpdates[doc];
    if (count < COMPACT_AFTER_UPDATES) return;
    const shared = doc === 'meeting' ? this.meeting : this.notes;
    try {
      await this.opts.store.compact(this.id, doc, Y.encodeStateAsUpdate(shared.doc), count);
      this.storedUpdates[doc] = 1;
    } catch (err) {
      // The uncompacted updates are still all there: nothing is lost, compaction is retried later.
      this.opts.logger.error({ err, meetingId: this.id, doc }, 'compaction failed');
    }
  }

  /** The server closes a poll at its deadline; a second firing (after a restart) is a retry. */
  private async closeAtDeadline(pollId: string): Promise<void> {
    const ack = await this.submit(systemPrincipal(this.id), { id: deadlineCommandId(pollId), type: 'poll.close', pollId });
    // The chair may have closed it first: that is not a failure.
    if (!ack.ok && ack.error.reason !== 'poll_closed') this.opts.logger.warn({ meetingId: this.id, pollId, error: ack.error }, 'closing a poll at its deadline failed');
  }

  /** Waits for queued commands to be applied (used on shutdown). */
  async drain(): Promise<void> {
    // Deadlines left are re-armed from the record by the next start.
    this.pollTimers.stop();
    while (this.pending.length > 0 || this.flushing || this.timer !== null) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
