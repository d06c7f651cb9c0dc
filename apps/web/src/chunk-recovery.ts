/**
 * Recovery from a missing chunk. During a rolling upgrade a page can be loaded from one build
 * and ask for a script or a locale of it that the node answering no longer has (or not yet: a
 * new page from an upgraded node, its chunk asked of an old one). The server keeps the assets of
 * earlier builds (docs/deploy.md, "Rolling upgrade"); when one is missing all the same, the page
 * reloads once — the new index.html names chunks that exist — and, if that does not help, says
 * so with a button instead of staying blank.
 *
 * The reload is guarded in sessionStorage (per tab, kept across the reload): a second failure
 * soon after the reload made for the first one gives up, so that the page never reloads in a loop.
 */

/** sessionStorage key: when this tab last reloaded for a missing chunk (ms since the epoch). */
export const RELOAD_MARK_KEY = 'rostrum.chunkReload';
/** A missing chunk this soon after such a reload: the reload did not help, give up. */
export const RELOAD_WINDOW_MS = 60_000;

export type Recovery = 'reload' | 'give-up';

export type MarkStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Reload (noting when), unless this tab reloaded for a missing chunk less than
 * `RELOAD_WINDOW_MS` ago. Without storage (blocked, full) never reload: nothing would stop a loop.
 */
export function decideRecovery(storage: MarkStorage | null, now: number): Recovery {
  if (!storage) return 'give-up';
  try {
    const last = Number(storage.getItem(RELOAD_MARK_KEY) ?? 'NaN');
    if (Number.isFinite(last) && Math.abs(now - last) < RELOAD_WINDOW_MS) return 'give-up';
    storage.setItem(RELOAD_MARK_KEY, String(now));
    return 'reload';
  } catch {
    return 'give-up';
  }
}

/** What browsers and Vite say when a module or a stylesheet of the build cannot be fetched. */
const CHUNK_ERROR =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS|Loading (CSS )?chunk|module script failed/i;

export function isChunkLoadError(err: unknown): boolean {
  return err instanceof Error && CHUNK_ERROR.test(err.message);
}

/** One page's recovery: the first missing chunk decides (reload or give up), later ones repeat it. */
export class ChunkRecovery {
  private decided: Recovery | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly deps: {
      storage: () => MarkStorage | null;
      now: () => number;
      reload: () => void;
      /** Offline, a reload would show the browser's own error page: give up and say so instead. */
      online?: () => boolean;
    },
  ) {}

  get outcome(): Recovery | null {
    return this.decided;
  }

  /** A chunk could not be loaded: reloads the page once, or gives up (the listeners show why). */
  missingChunk(): Recovery {
    if (this.decided !== null) return this.decided;
    const offline = this.deps.online?.() === false;
    const decided = offline ? 'give-up' : decideRecovery(this.deps.storage(), this.deps.now());
    this.decided = decided;
    if (decided === 'reload') this.deps.reload();
    for (const listener of this.listeners) listener();
    return decided;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function sessionStore(): MarkStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}

/** The page's recovery (the error boundary, i18n's locale loader and Vite's preload errors use it). */
export const chunkRecovery = new ChunkRecovery({
  storage: sessionStore,
  now: () => Date.now(),
  reload: () => window.location.reload(),
  online: () => navigator.onLine,
});

/**
 * Vite's `vite:preloadError`: a chunk's scripts or styles could not be preloaded. While the page
 * reloads, the error is held back (preventDefault); once given up, it goes on to the error boundary.
 */
export function listenForPreloadErrors(): void {
  window.addEventListener('vite:preloadError', (event) => {
    if (chunkRecovery.missingChunk() === 'reload') event.preventDefault();
  });
}
