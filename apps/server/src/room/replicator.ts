import * as Y from 'yjs';
import { replaySecret } from '@rostrum/core/server';
import type { DocUpdateMessage } from '../cluster/messages.js';
import type { DocName, MeetingTx, StoredCommand, StoredUpdate } from '../store/types.js';
import { REMOTE_ORIGIN, type RoomContext } from './room-context.js';

/** What catching up reads: the lock's transaction, or the store itself outside the lock. */
export type CatchUpSource = Pick<MeetingTx, 'updatesSince' | 'commandsSince'>;

/**
 * Follows what other nodes commit to the same meeting (several nodes on one store): their
 * document updates, applied and sent on to this node's clients, and their commands, whose
 * ballots and ids join this room's. On one node (SQLite) it has nothing to do.
 */
export class Replicator {
  constructor(private readonly room: RoomContext) {}

  /**
   * Applies what other nodes committed since this room last looked: their document updates (sent
   * on to this node's clients, merged into one message) and their commands (ballots, command ids).
   */
  async catchUp(source: CatchUpSource, docs: DocName[], commands: boolean): Promise<void> {
    const seen = this.room.seen;
    const [updates, newCommands] = await Promise.all([
      Promise.all(docs.map((doc) => source.updatesSince(doc, seen[doc]))),
      commands ? source.commandsSince(seen.seq) : Promise.resolve([]),
    ]);
    docs.forEach((doc, i) => this.applyStored(doc, updates[i] ?? []));
    this.replayCommands(newCommands);
  }

  /**
   * An update another node committed (cluster bus). Applied as it comes when this room has every
   * update before it; after a gap (a lost message, a restart) the room reads what it lacks from
   * the store instead. Applying an update twice changes nothing, so overlaps are harmless.
   */
  receive(message: DocUpdateMessage): Promise<void> {
    return this.room.serial.run(async () => {
      const seen = this.room.seen;
      if (message.updateId <= seen[message.doc]) return;
      if (message.afterId > seen[message.doc]) return this.catchUp(this.storeSource, [message.doc], false);
      this.applyStored(message.doc, [{ id: message.updateId, data: message.update }]);
    });
  }

  /** Brings the room up to date with the store (other nodes' commits); nothing to do on one node. */
  refresh(): Promise<void> {
    if (!this.room.opts.store.shared) return Promise.resolve();
    return this.room.serial.run(() => this.catchUp(this.storeSource, ['meeting', 'notes'], true));
  }

  private applyStored(doc: DocName, updates: StoredUpdate[]): void {
    const room = this.room;
    const fresh = updates.filter((u) => u.id > room.seen[doc]);
    const last = fresh.at(-1);
    if (last === undefined) return;
    const shared = room.docs[doc];
    shared.doc.transact(() => fresh.forEach((u) => Y.applyUpdate(shared.doc, u.data)), REMOTE_ORIGIN);
    shared.broadcast(fresh.length === 1 ? last.data : Y.mergeUpdates(fresh.map((u) => u.data)));
    room.seen[doc] = last.id;
    room.storedUpdates[doc] += fresh.length;
    if (doc === 'meeting') {
      const state = room.reader.read();
      if (state === null) {
        // The document now holds what this node cannot read (another node's newer schema, a bad
        // update): executing on the state it had would write over it. Stop taking commands.
        room.broken = true;
        room.opts.logger.fatal(
          { meetingId: room.id },
          'an update from another node could not be read; the meeting stops taking commands here',
        );
        throw new Error(`meeting ${room.id}: the document from the store is incomplete`);
      }
      room.world = { ...room.world, state };
      room.pollTimers.sync(state);
    }
  }

  /** Commands another node accepted: their ballots join the secret, their ids the receipts. */
  private replayCommands(commands: StoredCommand[]): void {
    const room = this.room;
    const fresh = commands.filter((c) => c.seq > room.seen.seq);
    const last = fresh.at(-1);
    if (last === undefined) return;
    const replayed = replaySecret(fresh);
    const ballots = { ...room.world.secret.ballots };
    for (const [pollId, byDelegation] of Object.entries(replayed.ballots))
      ballots[pollId] = { ...ballots[pollId], ...byDelegation };
    room.world = { ...room.world, secret: { ballots } };
    for (const c of fresh) room.receipts.recordStored(c);
    room.seen.seq = last.seq;
  }

  /** The store itself as a catch-up source, outside the lock (reads only). */
  private get storeSource(): CatchUpSource {
    const { store } = this.room.opts;
    return {
      updatesSince: (doc, afterId) => store.updatesSince(this.room.id, doc, afterId),
      commandsSince: (afterSeq) => store.commandsSince(this.room.id, afterSeq),
    };
  }
}
