import { describe, expect, it } from 'vitest';
import {
  ChunkRecovery,
  decideRecovery,
  isChunkLoadError,
  RELOAD_MARK_KEY,
  RELOAD_WINDOW_MS,
  type MarkStorage,
} from './chunk-recovery.js';

/** sessionStorage as a tab keeps it across its reloads. */
function tabStorage(): MarkStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  };
}

/** One load of the page in a tab: its own recovery, the tab's storage, a count of reloads. */
function pageLoad(storage: MarkStorage | null, now: number) {
  const counts = { reloads: 0 };
  const recovery = new ChunkRecovery({ storage: () => storage, now: () => now, reload: () => void counts.reloads++ });
  return {
    recovery,
    get reloads() {
      return counts.reloads;
    },
  };
}

const T0 = 1_765_000_000_000;

describe('the reload guard', () => {
  it('reloads once for a missing chunk, and gives up if the chunk is missing again after that reload', () => {
    const tab = tabStorage();
    const first = pageLoad(tab, T0);
    expect(first.recovery.missingChunk()).toBe('reload');
    expect(first.reloads).toBe(1);
    // More chunks of the same page fail before the reload happens: still one reload.
    expect(first.recovery.missingChunk()).toBe('reload');
    expect(first.reloads).toBe(1);

    // The reloaded page misses a chunk again: it gives up (and says so), it does not reload.
    const second = pageLoad(tab, T0 + 3000);
    let told = 0;
    second.recovery.subscribe(() => told++);
    expect(second.recovery.missingChunk()).toBe('give-up');
    expect(second.reloads).toBe(0);
    expect(told).toBe(1);
    expect(second.recovery.outcome).toBe('give-up');
  });

  it('reloads again for a missing chunk long after the last such reload (a later upgrade)', () => {
    const tab = tabStorage();
    expect(decideRecovery(tab, T0)).toBe('reload');
    expect(decideRecovery(tab, T0 + RELOAD_WINDOW_MS - 1)).toBe('give-up');
    expect(decideRecovery(tab, T0 + RELOAD_WINDOW_MS + 1)).toBe('reload');
    expect(tab.items.get(RELOAD_MARK_KEY)).toBe(String(T0 + RELOAD_WINDOW_MS + 1));
  });

  it('never reloads without a storage to note it in, nor when the mark cannot be written', () => {
    expect(decideRecovery(null, T0)).toBe('give-up');
    const full: MarkStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(decideRecovery(full, T0)).toBe('give-up');
  });

  it('a mark it cannot read (or from a clock set back) does not make it loop', () => {
    const tab = tabStorage();
    tab.items.set(RELOAD_MARK_KEY, 'garbage');
    expect(decideRecovery(tab, T0)).toBe('reload');
    tab.items.set(RELOAD_MARK_KEY, String(T0 + 1000));
    expect(decideRecovery(tab, T0)).toBe('give-up');
  });
});

describe('offline', () => {
  it('gives up without reloading (the browser would show its own error page) and leaves the guard unset', () => {
    const tab = tabStorage();
    let reloads = 0;
    const recovery = new ChunkRecovery({
      storage: () => tab,
      now: () => T0,
      reload: () => void reloads++,
      online: () => false,
    });
    expect(recovery.missingChunk()).toBe('give-up');
    expect(reloads).toBe(0);
    expect(tab.items.has(RELOAD_MARK_KEY)).toBe(false);
  });
});

describe('isChunkLoadError', () => {
  it('knows the browsers’ and Vite’s messages for a chunk that could not be fetched', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: https://r.example.org/assets/ChairConsole-C_6ItPMI.js',
      'error loading dynamically imported module: https://r.example.org/assets/fr-x1.js',
      'Importing a module script failed.',
      'Unable to preload CSS for /assets/Dialog-WoH5UbvN.css',
    ])
      expect(isChunkLoadError(new Error(message))).toBe(true);
    expect(isChunkLoadError(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
  });
});
