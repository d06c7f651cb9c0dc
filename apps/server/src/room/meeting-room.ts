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
  MeetingStateReader,
  readState,
  replaySecret,
  stampDocLayouts,
  systemPrincipal,
  upgradeDocLayouts,
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
import type { DocUpdateMessage } from '../cluster/messages.js';
import type { Logger } from '../platform/logger.js';
import { invitesForNewDelegations } from './invites.js';
import { PollTimers } from './poll-timers.js';
import type {
  CommandRecord,
  CommitIds,
  DocName,
  InviteRecord,
  MeetingRecord,
  MeetingStore,
  MeetingTx,
  StoredCommand,
  StoredUpdate,
} from '../store/types.js';
import { SharedDoc } from '../yjs/shared-doc.js';

/** The origin of the server's own transactions on the meeting document. */
const SERVER_ORIGIN = Symbol('rostrum-server');
/** The origin of updates committed by another node and applied here. */
const REMOTE_ORIGIN = Symbol('rostrum-remote');

/** What catching up reads: the lock's transaction, or the store itself outside the lock. */
type CatchUpSource = Pick<MeetingTx, 'updatesSince' | 'commandsSince'>;

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
  /** Announces a committed update to the other nodes (several nodes on one store). */
  publish?: (message: DocUpdateMessage) => void;
  /** How long an invite link is valid: the links of delegations added by a roster import. */
  inviteTtlMs: number;
};

/** After a restart, a poll whose deadline passed meanwhile closes this long after start. */
const DEADLINE_GRACE_AFTER_START_MS = 2000;

type Pending = { principal: Principal; command: Command; resolve: (ack: Ack<CommandResult>) => void };
type Applied = { inviteId: string; fingerprint: string; result: CommandResult };

/** A command's content, to tell a retry (same content) from a reused id (other content). */
function fingerprint(command: unknown): string {
  return JSON.stringify(command);
}

/**
 * Command ids are unique per sender (the invite; the server's own commands send as the system
 * invite, an id no invite link can have): one client's id never blocks another's command.
 */
function appliedKey(inviteId: string, commandId: string): string {
  return `${inviteId}\u0000${commandId}`;
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
  /** Accepted commands by sender and id (`appliedKey`): what a retry is answered with. */
  private readonly applied = new Map<string, Applied>();
  private pending: Pending[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private storedUpdates: Record<DocName, number>;
  /** The last stored update id applied to each document, and the last log seq replayed. */
  private readonly seen: { meeting: number; notes: number; seq: number };
  /** Flushes, notes writes and updates from other nodes run one at a time, in order. */
  private serial: Promise<void> = Promise.resolve();
  private broken = false;
  private readonly pollTimers: PollTimers;
  /** The state as the meeting document holds it, re-read only where other nodes changed it. */
  private readonly reader: MeetingStateReader;

  private constructor(
    readonly record: MeetingRecord,
    world: MeetingWorld,
    meetingDoc: Y.Doc,
    notesDoc: Y.Doc,
    storedUpdates: Record<DocName, number>,
    seen: { meeting: number; notes: number; seq: number },
    private readonly opts: RoomOptions,
  ) {
    this.world = world;
    this.storedUpdates = storedUpdates;
    this.seen = seen;
    this.meeting = new SharedDoc(meetingDoc);
    this.reader = new MeetingStateReader(meetingDoc, { state: world.state, ownOrigin: SERVER_ORIGIN });
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
    doc.transact(() => {
      writeState(doc, state);
      stampDocLayouts(doc);
    }, SERVER_ORIGIN);
    await opts.store.createMeeting(record, invites, Y.encodeStateAsUpdate(doc));
    // Ids start at 0: a first catch-up re-reads the initial update, which applying twice leaves unchanged.
    return new MeetingRoom(
      record,
      { state, secret: initialSecret() },
      doc,
      new Y.Doc(),
      { meeting: 1, notes: 0 },
      { meeting: 0, notes: 0, seq: 0 },
      opts,
    );
  }

  /** Rebuilds a meeting from the store, exactly as it was at the last commit. */
  static async load(record: MeetingRecord, opts: RoomOptions): Promise<MeetingRoom> {
    const [meetingUpdates, notesUpdates, commands] = await Promise.all([
      opts.store.updatesSince(record.id, 'meeting', 0),
      opts.store.updatesSince(record.id, 'notes', 0),
      opts.store.commandsSince(record.id, 0),
    ]);
    const doc = new Y.Doc();
    doc.transact(() => meetingUpdates.forEach((u) => Y.applyUpdate(doc, u.data)), SERVER_ORIGIN);
    const state = readState(doc);
    if (state === null) throw new Error(`meeting ${record.id}: stored document is incomplete`);
    const notes = new Y.Doc();
    // One by one: a notes update that a hostile writer got stored and that Yjs cannot replay
    // (seen in the frame fuzz test) costs that update, not the meeting. The meeting document
    // has no such writer: only the server writes it.
    for (const u of notesUpdates) {
      try {
        Y.applyUpdate(notes, u.data);
      } catch (err) {
        opts.logger.error(
          { err, meetingId: record.id, updateId: u.id },
          'a stored notes update could not be applied; skipped',
        );
      }
    }
    const upgraded = await MeetingRoom.upgradeLayouts(record.id, doc, notes, opts);
    // `seen` stays at what was read: a catch-up may re-read the upgrade's own updates, which
    // applying twice leaves unchanged, and cannot skip another node's update stored meanwhile.
    const seen = {
      meeting: meetingUpdates.at(-1)?.id ?? 0,
      notes: notesUpdates.at(-1)?.id ?? 0,
      seq: commands.at(-1)?.seq ?? 0,
    };
    const counts = { meeting: meetingUpdates.length + upgraded.meeting, notes: notesUpdates.length + upgraded.notes };
    // The ballots are in no document: they are rebuilt from the accepted commands of the log.
    const room = new MeetingRoom(record, { state, secret: replaySecret(commands) }, doc, notes, counts, seen, opts);
    for (const c of commands) {
      room.applied.set(appliedKey(c.principal.inviteId, c.commandId), {
        inviteId: c.principal.inviteId,
        fingerprint: fingerprint(c.payload),
        result: c.result as CommandResult,
      });
    }
    return room;
  }

  /**
   * Brings stored documents of an earlier release to this release's layout (core's
   * doc-layout.ts) and stores the change before anyone sees the meeting; returns how many
   * updates it stored per document. Throws on documents newer than this code.
   */
  private static async upgradeLayouts(
    meetingId: string,
    meeting: Y.Doc,
    notes: Y.Doc,
    opts: RoomOptions,
  ): Promise<Record<DocName, number>> {
    const before = { meeting: Y.encodeStateVector(meeting), notes: Y.encodeStateVector(notes) };
    meeting.transact(
      () => notes.transact(() => upgradeDocLayouts(meetingId, { meeting, notes }), SERVER_ORIGIN),
      SERVER_ORIGIN,
    );
    const changed = (doc: Y.Doc, vector: Uint8Array) =>
      !Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(vector));
    const updates: Array<[DocName, Uint8Array]> = [];
    if (changed(meeting, before.meeting)) updates.push(['meeting', Y.encodeStateAsUpdate(meeting, before.meeting)]);
    if (changed(notes, before.notes)) updates.push(['notes', Y.encodeStateAsUpdate(notes, before.notes)]);
    if (updates.length > 0) {
      await opts.store.withMeetingLock(meetingId, async (tx) => {
        for (const [doc, update] of updates) await tx.appendUpdate(doc, update);
      });
      opts.logger.info(
        { meetingId, docs: updates.map(([doc]) => doc) },
        'meeting documents upgraded to the current layout',
      );
    }
    return {
      meeting: updates.filter(([d]) => d === 'meeting').length,
      notes: updates.filter(([d]) => d === 'notes').length,
    };
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

  /** Runs `fn` after every earlier exclusive task of this room, whatever their outcome. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn);
    this.serial = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      await this.exclusive(() => this.flushBatch());
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
    if (this.broken) {
      for (const p of batch) p.resolve(fail('internal', 'the meeting is unavailable; the server must restart'));
      return;
    }
    const now = this.opts.now();
    const replies: Array<() => void> = [];
    const accepted: Array<{ p: Pending; result: CommandResult }> = [];
    /** Retries of a command accepted earlier in this batch: they get its ack once the commit is known. */
    const twins: Array<{ p: Pending; result: CommandResult }> = [];
    let committed: { world: MeetingWorld; update: Uint8Array | null; ids: CommitIds; afterId: number } | null = null;
    /** Whether the batch was executed, and whether the in-memory document was changed for it (a failure after that is fatal). */
    let executed = false;
    let written = false;

    try {
      // Under the meeting's lock no other node commits to this meeting: catch up with what they
      // committed before, execute on that fresh state, and commit in the same transaction.
      committed = await this.opts.store.withMeetingLock(this.id, async (tx) => {
        if (this.opts.store.shared) await this.catchUp(tx, ['meeting'], true);
        const world = this.executeBatch(batch, now, replies, accepted, twins);
        executed = true;
        if (accepted.length === 0) return null;
        written = true;
        const update = this.writeDoc(world);
        const records: CommandRecord[] = accepted.map(({ p, result }) => ({
          commandId: p.command.id,
          principal: p.principal,
          type: p.command.type,
          payload: p.command,
          result,
          at: now,
        }));
        const afterId = this.seen.meeting;
        const invites = invitesForNewDelegations(this.world.state, world.state, now, this.opts.inviteTtlMs);
        const ids = await tx.commitBatch(records, update, 'meeting', invites);
        return { world, update, ids, afterId };
      });
    } catch (err) {
      const refused = fail('internal', 'the command could not be stored');
      for (const { p } of executed ? [...accepted, ...twins] : batch.map((p) => ({ p })))
        replies.push(() => p.resolve(refused));
      if (written) {
        // The document in memory is now ahead of the store: stop taking commands (fail-stop).
        this.broken = true;
        this.opts.logger.fatal({ err, meetingId: this.id }, 'store commit failed');
        this.opts.onStorageFailure(err);
      } else {
        // Nothing was applied here (the lock or the catch-up failed): the batch is refused, the room goes on.
        this.opts.logger.error({ err, meetingId: this.id }, 'store unavailable; batch refused');
      }
    }

    if (committed) {
      const { world, update, ids } = committed;
      this.world = world;
      this.seen.seq = Math.max(this.seen.seq, ids.seq);
      this.pollTimers.sync(world.state);
      for (const { p, result } of accepted) {
        this.applied.set(appliedKey(p.principal.inviteId, p.command.id), {
          inviteId: p.principal.inviteId,
          fingerprint: fingerprint(p.command),
          result,
        });
      }
      if (update && ids.updateId !== null) this.seen.meeting = Math.max(this.seen.meeting, ids.updateId);
      for (const { p, result } of [...accepted, ...twins]) replies.push(() => p.resolve(ok(result)));
    }
    // The batch is durable: its senders are answered first, then the update goes out. Sending it
    // to every connection (2,000 delegates: over a second in a floor storm) used to hold the acks
    // back; the ack and the update travel on different connections, so their order was never
    // promised anyway. The resolved acks are sent by the socket handlers' continuations: let
    // them run (one turn of the event loop, still inside this room's exclusive task) first.
    for (const reply of replies) reply();
    if (committed?.update) {
      const { update, ids, afterId } = committed;
      if (replies.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.meeting.broadcast(update);
      if (ids.updateId !== null)
        this.opts.publish?.({ meetingId: this.id, doc: 'meeting', afterId, updateId: ids.updateId, update });
      await this.countStored('meeting');
    }
    this.lastFlushAt = now;
  }

  /** Executes a batch on the current world; fills the replies of refused commands and the accepted ones. */
  private executeBatch(
    batch: Pending[],
    now: number,
    replies: Array<() => void>,
    accepted: Array<{ p: Pending; result: CommandResult }>,
    twins: Array<{ p: Pending; result: CommandResult }>,
  ): MeetingWorld {
    const inBatch = new Map<string, Applied>();
    let world = this.world;
    for (const p of batch) {
      const key = appliedKey(p.principal.inviteId, p.command.id);
      const known = this.applied.get(key) ?? inBatch.get(key);
      if (known) {
        // A retry returns the first result; the same sender's id on another command is refused.
        if (!sameCommand(known, p)) {
          replies.push(() =>
            p.resolve(fail('conflict', 'this command id was used for another command', 'command_id_reused')),
          );
        } else if (this.applied.has(key)) {
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
      inBatch.set(key, { inviteId: p.principal.inviteId, fingerprint: fingerprint(p.command), result });
    }
    return world;
  }

  /** Projects the state into the document in one transaction; returns the update it made. */
  private writeDoc(world: MeetingWorld): Uint8Array | null {
    const doc = this.meeting.doc;
    const updates: Uint8Array[] = [];
    const capture = (u: Uint8Array) => updates.push(u);
    doc.on('update', capture);
    doc.transact(() => writeState(doc, world.state), SERVER_ORIGIN);
    doc.off('update', capture);
    this.reader.adopt(world.state);
    return updates.length === 0 ? null : updates.length === 1 ? (updates[0] ?? null) : Y.mergeUpdates(updates);
  }

  /**
   * Applies what other nodes committed since this room last looked: their document updates (sent
   * on to this node's clients, merged into one message) and their commands (ballots, command ids).
   */
  private async catchUp(source: CatchUpSource, docs: DocName[], commands: boolean): Promise<void> {
    const [updates, newCommands] = await Promise.all([
      Promise.all(docs.map((doc) => source.updatesSince(doc, this.seen[doc]))),
      commands ? source.commandsSince(this.seen.seq) : Promise.resolve([]),
    ]);
    docs.forEach((doc, i) => this.applyStored(doc, updates[i] ?? []));
    this.replayCommands(newCommands);
  }

  private applyStored(doc: DocName, updates: StoredUpdate[]): void {
    const fresh = updates.filter((u) => u.id > this.seen[doc]);
    const last = fresh.at(-1);
    if (last === undefined) return;
    const shared = doc === 'meeting' ? this.meeting : this.notes;
    shared.doc.transact(() => fresh.forEach((u) => Y.applyUpdate(shared.doc, u.data)), REMOTE_ORIGIN);
    shared.broadcast(fresh.length === 1 ? last.data : Y.mergeUpdates(fresh.map((u) => u.data)));
    this.seen[doc] = last.id;
    this.storedUpdates[doc] += fresh.length;
    if (doc === 'meeting') {
      const state = this.reader.read();
      if (state === null) {
        // The document now holds what this node cannot read (another node's newer schema, a bad
        // update): executing on the state it had would write over it. Stop taking commands.
        this.broken = true;
        this.opts.logger.fatal(
          { meetingId: this.id },
          'an update from another node could not be read; the meeting stops taking commands here',
        );
        throw new Error(`meeting ${this.id}: the document from the store is incomplete`);
      }
      this.world = { ...this.world, state };
      this.pollTimers.sync(state);
    }
  }

  /** Commands another node accepted: their ballots join the secret, their ids the retry map. */
  private replayCommands(commands: StoredCommand[]): void {
    const fresh = commands.filter((c) => c.seq > this.seen.seq);
    const last = fresh.at(-1);
    if (last === undefined) return;
    const replayed = replaySecret(fresh);
    const ballots = { ...this.world.secret.ballots };
    for (const [pollId, byDelegation] of Object.entries(replayed.ballots))
      ballots[pollId] = { ...ballots[pollId], ...byDelegation };
    this.world = { ...this.world, secret: { ballots } };
    for (const c of fresh) {
      this.applied.set(appliedKey(c.principal.inviteId, c.commandId), {
        inviteId: c.principal.inviteId,
        fingerprint: fingerprint(c.payload),
        result: c.result as CommandResult,
      });
    }
    this.seen.seq = last.seq;
  }

  /** The store itself as a catch-up source, outside the lock (reads only). */
  private get storeSource(): CatchUpSource {
    return {
      updatesSince: (doc, afterId) => this.opts.store.updatesSince(this.id, doc, afterId),
      commandsSince: (afterSeq) => this.opts.store.commandsSince(this.id, afterSeq),
    };
  }

  /**
   * An update another node committed (cluster bus). Applied as it comes when this room has every
   * update before it; after a gap (a lost message, a restart) the room reads what it lacks from
   * the store instead. Applying an update twice changes nothing, so overlaps are harmless.
   */
  receive(message: DocUpdateMessage): Promise<void> {
    return this.exclusive(async () => {
      if (message.updateId <= this.seen[message.doc]) return;
      if (message.afterId > this.seen[message.doc]) return this.catchUp(this.storeSource, [message.doc], false);
      this.applyStored(message.doc, [{ id: message.updateId, data: message.update }]);
    });
  }

  /** Brings the room up to date with the store (other nodes' commits); nothing to do on one node. */
  refresh(): Promise<void> {
    if (!this.opts.store.shared) return Promise.resolve();
    return this.exclusive(() => this.catchUp(this.storeSource, ['meeting', 'notes'], true));
  }

  private async applyNotesUpdate(update: Uint8Array, from: WebSocket): Promise<void> {
    // Decoding validates the update without applying it: a malformed one throws here and is
    // neither stored nor relayed. An empty one (a writer's sync reply with nothing new) is skipped.
    const decoded = Y.decodeUpdate(update);
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    await this.exclusive(async () => {
      // Stored before it is applied and relayed: what others see is durable. Under the lock, so
      // that update ids become visible in order and a compaction never drops an unseen update.
      const { afterId, updateId } = await this.opts.store.withMeetingLock(this.id, async (tx) => {
        if (this.opts.store.shared) await this.catchUp(tx, ['notes'], false);
        const before = this.seen.notes;
        return { afterId: before, updateId: await tx.appendUpdate('notes', update) };
      });
      Y.applyUpdate(this.notes.doc, update, from);
      this.notes.broadcast(update, from);
      this.seen.notes = Math.max(this.seen.notes, updateId);
      this.opts.publish?.({ meetingId: this.id, doc: 'notes', afterId, updateId, update });
      await this.countStored('notes');
    });
  }

  private async countStored(doc: DocName): Promise<void> {
    this.storedUpdates[doc] += 1;
    const count = this.storedUpdates[doc];
    if (count < COMPACT_AFTER_UPDATES) return;
    const shared = doc === 'meeting' ? this.meeting : this.notes;
    // Everything stored up to `seen[doc]` is in this document (read under the lock), so the
    // merged state may replace exactly those rows; later ones (other nodes') stay.
    const upToId = this.seen[doc];
    if (upToId === 0) return;
    try {
      await this.opts.store.withMeetingLock(this.id, (tx) =>
        tx.compactUpTo(doc, Y.encodeStateAsUpdate(shared.doc), upToId),
      );
      this.storedUpdates[doc] = 1;
    } catch (err) {
      // The uncompacted updates are still all there: nothing is lost, compaction is retried later.
      this.opts.logger.error({ err, meetingId: this.id, doc }, 'compaction failed');
    }
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
      this.opts.logger.warn({ meetingId: this.id, pollId, error: ack.error }, 'closing a poll at its deadline failed');
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
