import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { fail, ok, writeState, type Ack, type Command, type CommandResult, type Principal } from '@rostrum/core';
import { execute, type MeetingWorld } from '@rostrum/core/server';
import { realTimers } from '../platform/timers.js';
import type { CommandRecord, CommitIds } from '../store/types.js';
import { CommandReceipts } from './command-receipts.js';
import type { DocUpkeep } from './doc-upkeep.js';
import { invitesForNewDelegations, invitesForNewPresenters } from './invites.js';
import type { Replicator } from './replicator.js';
import { SERVER_ORIGIN, type RoomContext } from './room-context.js';

type Pending = { principal: Principal; command: Command; resolve: (ack: Ack<CommandResult>) => void };
type Accepted = { p: Pending; result: CommandResult };
type Commit = { world: MeetingWorld; update: Uint8Array | null; ids: CommitIds; afterId: number };

const UNAVAILABLE = 'the meeting is unavailable; the server must restart';

/**
 * The command pipeline of one room: queue → (at most one flush per interval) → the meeting's
 * lock → catch up → execute each command → one Yjs transaction → one store commit → the acks →
 * the broadcast. Every sender is answered only after the commit (acknowledged means durable).
 */
export class BatchPipeline {
  private pending: Pending[] = [];
  private flushing = false;
  private cancelTimer: (() => void) | null = null;
  private lastFlushAt = 0;

  constructor(
    private readonly room: RoomContext,
    private readonly replicator: Replicator,
    private readonly upkeep: DocUpkeep,
  ) {}

  /** Queues a validated command; resolves with its ack once its effect is durable. */
  submit(principal: Principal, command: Command): Promise<Ack<CommandResult>> {
    if (this.room.broken) return Promise.resolve(fail('internal', UNAVAILABLE));
    return new Promise((resolve) => {
      this.pending.push({ principal, command, resolve });
      this.schedule();
    });
  }

  /** Whether commands are queued or being applied (shutdown waits for none). */
  get busy(): boolean {
    return this.pending.length > 0 || this.flushing || this.cancelTimer !== null;
  }

  private schedule(): void {
    if (this.flushing || this.cancelTimer !== null) return;
    const { opts } = this.room;
    const wait = Math.max(0, this.lastFlushAt + opts.minFlushIntervalMs - opts.now());
    this.cancelTimer = (opts.timers ?? realTimers).after(wait, () => {
      this.cancelTimer = null;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      await this.room.serial.run(() => this.flushBatch());
    } catch (err) {
      // Never leave the queue stuck: a failure here must not silence every later command.
      this.room.opts.logger.error({ err, meetingId: this.room.id }, 'flush failed');
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  /** The operator's early warning: a batch slower than `slowCommandMs` (lock, catch-up, execution, commit). */
  private logIfSlow(batch: readonly Pending[], ms: number): void {
    const threshold = this.room.opts.slowCommandMs;
    if (threshold === undefined || ms < threshold) return;
    const types = [...new Set(batch.map((p) => p.command.type))];
    this.room.opts.logger.warn(
      { meetingId: this.room.id, type: types.join(','), commands: batch.length, ms: Math.round(ms), threshold },
      'slow command',
    );
  }

  private async flushBatch(): Promise<void> {
    const room = this.room;
    const batch = this.pending;
    this.pending = [];
    if (room.broken) {
      for (const p of batch) p.resolve(fail('internal', UNAVAILABLE));
      return;
    }
    const now = room.opts.now();
    const replies: Array<() => void> = [];
    const accepted: Accepted[] = [];
    /** Retries of a command accepted earlier in this batch: they get its ack once the commit is known. */
    const twins: Accepted[] = [];
    let committed: Commit | null = null;
    /** Whether the batch was executed, and whether the in-memory document was changed for it (a failure after that is fatal). */
    let executed = false;
    let written = false;

    const startedAt = performance.now();
    try {
      // Under the meeting's lock no other node commits to this meeting: catch up with what they
      // committed before, execute on that fresh state, and commit in the same transaction.
      committed = await room.opts.store.withMeetingLock(room.id, async (tx) => {
        if (room.opts.store.shared) await this.replicator.catchUp(tx, ['meeting'], true);
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
        const afterId = room.seen.meeting;
        const invites = [
          ...invitesForNewDelegations(room.world.state, world.state, now, room.opts.inviteTtlMs),
          ...invitesForNewPresenters(room.world.state, world.state, now, room.opts.inviteTtlMs),
        ];
        const ids = await tx.commitBatch(records, update, 'meeting', invites);
        return { world, update, ids, afterId };
      });
    } catch (err) {
      // Nothing applied (the store could not be reached): retryable, the client resends the same id.
      const refused = written
        ? fail('internal', 'the command could not be stored')
        : fail('store_unavailable', 'the store is unavailable; send the command again later');
      for (const { p } of executed ? [...accepted, ...twins] : batch.map((p) => ({ p })))
        replies.push(() => p.resolve(refused));
      if (written) {
        // The document in memory is now ahead of the store: stop taking commands (fail-stop).
        room.broken = true;
        room.opts.logger.fatal({ err, meetingId: room.id }, 'store commit failed');
        room.opts.onStorageFailure(err);
      } else {
        // Nothing was applied here (the lock or the catch-up failed): the batch is refused, the room goes on.
        room.opts.logger.error({ err, meetingId: room.id }, 'store unavailable; batch refused');
        room.opts.storeHealth?.failed();
      }
    }

    if (executed && !written && !committed) room.opts.storeHealth?.ok();
    this.logIfSlow(batch, performance.now() - startedAt);
    if (committed) {
      room.opts.storeHealth?.ok();
      const { world, update, ids } = committed;
      room.world = world;
      room.seen.seq = Math.max(room.seen.seq, ids.seq);
      room.pollTimers.sync(world.state);
      for (const { p, result } of accepted) room.receipts.record(p.principal, p.command, result);
      if (update && ids.updateId !== null) room.seen.meeting = Math.max(room.seen.meeting, ids.updateId);
      for (const { p, result } of [...accepted, ...twins]) replies.push(() => p.resolve(ok(result)));
    }
    // The batch is durable: its senders are answered first, then the update goes out. Sending it
    // to every connection (2,000 delegates: over a second in a floor storm) used to hold the acks
    // back; the ack and the update travel on different connections, so their order was never
    // promised anyway. The resolved acks are sent by the socket handlers' continuations: let
    // them run (one turn of the event loop, still inside this room's serial task) first.
    for (const reply of replies) reply();
    if (committed?.update) {
      const { update, ids, afterId } = committed;
      if (replies.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      room.docs.meeting.broadcast(update);
      if (ids.updateId !== null)
        room.opts.publish?.({ meetingId: room.id, doc: 'meeting', afterId, updateId: ids.updateId, update });
      await this.upkeep.countStored('meeting');
    }
    this.lastFlushAt = now;
  }

  /** Executes a batch on the current world; fills the replies of refused commands and the accepted ones. */
  private executeBatch(
    batch: Pending[],
    now: number,
    replies: Array<() => void>,
    accepted: Accepted[],
    twins: Accepted[],
  ): MeetingWorld {
    const room = this.room;
    const inBatch = new CommandReceipts();
    let world = room.world;
    for (const p of batch) {
      const before = room.receipts.check(p.principal, p.command);
      const known = before.kind === 'new' ? inBatch.check(p.principal, p.command) : before;
      if (known.kind === 'reused') {
        replies.push(() =>
          p.resolve(fail('conflict', 'this command id was used for another command', 'command_id_reused')),
        );
        continue;
      }
      if (known.kind === 'retry') {
        if (before.kind === 'retry') replies.push(() => p.resolve(ok(known.result)));
        else twins.push({ p, result: known.result });
        continue;
      }
      const outcome = execute(world, p.principal, p.command, {
        now,
        newId: () => `i-${randomUUID().slice(0, 12)}`,
        presentDelegations: () => room.opts.presentDelegations?.(room.id) ?? [],
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
      inBatch.record(p.principal, p.command, result);
    }
    return world;
  }

  /** Projects the state into the document in one transaction; returns the update it made. */
  private writeDoc(world: MeetingWorld): Uint8Array | null {
    const doc = this.room.docs.meeting.doc;
    const updates: Uint8Array[] = [];
    const capture = (u: Uint8Array) => updates.push(u);
    doc.on('update', capture);
    doc.transact(() => writeState(doc, world.state), SERVER_ORIGIN);
    doc.off('update', capture);
    this.room.reader.adopt(world.state);
    return updates.length === 0 ? null : updates.length === 1 ? (updates[0] ?? null) : Y.mergeUpdates(updates);
  }
}
