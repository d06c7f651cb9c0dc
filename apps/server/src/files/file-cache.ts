import type { StoredFile } from '../store/types.js';

/**
 * Uploaded files in memory, shared by the downloads that want them. Files never change once
 * stored, so a copy is never stale. When the chair mentions a report, hundreds of delegates click
 * at once: without this each request read up to 20 MiB from the database (on PostgreSQL, through
 * the pool the commands commit with) and held its own copy. Now one read serves them all: a read
 * in flight is shared, and the most recently used files stay, up to a budget of bytes.
 */
export class FileCache {
  private readonly kept = new Map<string, StoredFile>();
  private readonly loading = new Map<string, Promise<StoredFile | null>>();
  private bytes = 0;

  constructor(
    private readonly load: (meetingId: string, fileId: string) => Promise<StoredFile | null>,
    private readonly budgetBytes: number,
  ) {}

  /** The file, from memory or read once from the store; null if the meeting has no such file. */
  get(meetingId: string, fileId: string): Promise<StoredFile | null> {
    const key = `${meetingId}\u0000${fileId}`;
    const hit = this.kept.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order, so eviction takes the first.
      this.kept.delete(key);
      this.kept.set(key, hit);
      return Promise.resolve(hit);
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const read = this.load(meetingId, fileId)
      .then((file) => {
        if (file) this.keep(key, file);
        return file;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, read);
    return read;
  }

  /** Drops every file of a meeting (a deleted meeting's bytes must not outlive it here). */
  forget(meetingId: string): void {
    const prefix = `${meetingId}\u0000`;
    for (const [key, file] of this.kept)
      if (key.startsWith(prefix)) {
        this.kept.delete(key);
        this.bytes -= file.size;
      }
  }

  /** Bytes held now, for tests and metrics. */
  get size(): number {
    return this.bytes;
  }

  private keep(key: string, file: StoredFile): void {
    // A file larger than the whole budget is served but not kept.
    if (file.size > this.budgetBytes) return;
    this.kept.set(key, file);
    this.bytes += file.size;
    for (const [oldKey, old] of this.kept) {
      if (this.bytes <= this.budgetBytes) break;
      this.kept.delete(oldKey);
      this.bytes -= old.size;
    }
  }
}
