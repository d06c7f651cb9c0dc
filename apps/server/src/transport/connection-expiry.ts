/** setTimeout cannot wait longer than this (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Calls `onExpired` when a token expires, for connections opened before that: an expired link
 * must not keep a live connection. Returns a function that cancels the timer.
 */
export function atExpiry(expiresAt: number, now: () => number, onExpired: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    const wait = expiresAt - now();
    if (wait <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
    timer.unref();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
  };
}
