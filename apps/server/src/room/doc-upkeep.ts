import * as Y from 'yjs';
import type { DocName } from '../store/types.js';
import type { DocSocket } from '../yjs/shared-doc.js';
import type { Replicator } from './replicator.js';
import type { RoomContext } from './room-context.js';

/** Merge a document's stored updates into one after this many. */
const COMPACT_AFTER_UPDATES = 200;

/**
 * Keeps the room's documents in the store: the notes a writer sends (stored, then applied and
 * relayed) and the compaction of each document's stored updates into one.
 */
export class DocUpkeep {
  constructor(
    private readonly room: RoomContext,
    private readonly replicator: Replicator,
  ) {}

  /** A notes update from a writable connection (the secretariat's editor). */
  async writeNotes(update: Uint8Array, from: DocSocket): Promise<void> {
    // Decoding validates the update without applying it: a malformed one throws here and is
    // neither stored nor relayed. An empty one (a writer's sync reply with nothing new) is skipped.
    const decoded = Y.decodeUpdate(update);
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    const room = this.room;
    await room.serial.run(async () => {
      // A retired room (its meeting deleted) stores nothing more.
      if (room.broken) throw new Error('the meeting is no longer available');
      // Stored before it is applied and relayed: what others see is durable. Under the lock, so
      // that update ids become visible in order and a compaction never drops an unseen update.
      const { afterId, updateId } = await room.opts.store.withMeetingLock(room.id, async (tx) => {
        if (room.opts.store.shared) await this.replicator.catchUp(tx, ['notes'], false);
        const before = room.seen.notes;
        return { afterId: before, updateId: await tx.appendUpdate('notes', update) };
      });
      const notes = room.docs.notes;
      Y.applyUpdate(notes.doc, update, from);
      notes.broadcast(update, from);
      room.seen.notes = Math.max(room.seen.notes, updateId);
      room.opts.publish?.({ meetingId: room.id, doc: 'notes', afterId, updateId, update });
      await this.countStored('notes');
    });
  }

  /** Counts one more stored update of a document; past the threshold, merges them into one. */
  async countStored(doc: DocName): Promise<void> {
    const room = this.room;
    room.storedUpdates[doc] += 1;
    if (room.storedUpdates[doc] < COMPACT_AFTER_UPDATES) return;
    const shared = room.docs[doc];
    // Everything stored up to `seen[doc]` is in this document (read under the lock), so the
    // merged state may replace exactly those rows; later ones (other nodes') stay.
    const upToId = room.seen[doc];
    if (upToId === 0) return;
    try {
      await room.opts.store.withMeetingLock(room.id, (tx) =>
        tx.compactUpTo(doc, Y.encodeStateAsUpdate(shared.doc), upToId),
      );
      room.storedUpdates[doc] = 1;
    } catch (err) {
      // The uncompacted updates are still all there: nothing is lost, compaction is retried later.
      room.opts.logger.error({ err, meetingId: room.id, doc }, 'compaction failed');
    }
  }
}
