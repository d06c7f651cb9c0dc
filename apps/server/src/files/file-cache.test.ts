import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../store/types.js';
import { FileCache } from './file-cache.js';

function file(id: string, size: number): StoredFile {
  return {
    id,
    meetingId: 'm',
    name: `${id}.pdf`,
    kind: 'pdf',
    size,
    sha256: '',
    uploadedBy: null,
    createdAt: 0,
    data: new Uint8Array(size),
  };
}

/** A store that counts its reads and answers when told. */
function slowStore(files: StoredFile[]) {
  const reads: string[] = [];
  const waiting: Array<() => void> = [];
  const load = (meetingId: string, id: string) => {
    reads.push(id);
    return new Promise<StoredFile | null>((resolve) =>
      waiting.push(() => resolve(files.find((f) => f.meetingId === meetingId && f.id === id) ?? null)),
    );
  };
  const release = () => waiting.splice(0).forEach((go) => go());
  return { reads, load, release };
}

describe('FileCache', () => {
  it('serves many requests for one file with one read of the store, and later ones from memory', async () => {
    const store = slowStore([file('report', 1000)]);
    const cache = new FileCache(store.load, 10_000);
    const burst = Array.from({ length: 200 }, () => cache.get('m', 'report'));
    store.release();
    const got = await Promise.all(burst);
    expect(new Set(got).size).toBe(1);
    expect(got[0]?.size).toBe(1000);
    expect(await cache.get('m', 'report')).toBe(got[0]);
    expect(store.reads).toEqual(['report']);
  });

  it('keeps the most recently used files within its budget of bytes; an unknown file is not kept', async () => {
    const store = slowStore([file('a', 400), file('b', 400), file('c', 400), file('huge', 5000)]);
    const cache = new FileCache(store.load, 1000);
    const get = async (id: string) => {
      const p = cache.get('m', id);
      store.release();
      return p;
    };
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent
    await get('c'); // over budget: b goes
    expect(cache.size).toBe(800);
    await get('a');
    await get('b');
    expect(store.reads).toEqual(['a', 'b', 'c', 'b']);
    expect(await get('huge')).not.toBeNull();
    expect(await get('missing')).toBeNull();
    expect(cache.size).toBeLessThanOrEqual(1000);
    // Another meeting's file of the same id is another file.
    expect(await get('a')).not.toBeNull();
    const other = cache.get('other', 'a');
    store.release();
    expect(await other).toBeNull();
  });

  it("forgets a deleted meeting's files, and only that meeting's", async () => {
    const store = slowStore([file('a', 400), { ...file('a', 300), meetingId: 'other' }]);
    const cache = new FileCache(store.load, 10_000);
    const get = async (meetingId: string, id: string) => {
      const p = cache.get(meetingId, id);
      store.release();
      return p;
    };
    await get('m', 'a');
    await get('other', 'a');
    expect(cache.size).toBe(700);
    cache.forget('m');
    expect(cache.size).toBe(300);
    // Read again from the store (which, for a deleted meeting, has nothing any more).
    await get('m', 'a');
    await get('other', 'a');
    expect(store.reads).toEqual(['a', 'a', 'a']);
  });
});
