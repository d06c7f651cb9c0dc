import { hash, verify } from '@node-rs/argon2';

/** At least this long; no maximum below 64 (a long passphrase is welcome). */
export const PASSWORD_MIN = 10;
/** An upper bound only against hashing megabytes; far above any passphrase. */
export const PASSWORD_MAX = 256;

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes): memory-hard, so that a stolen
 * table is slow to guess through. `@node-rs/argon2` ships prebuilt binaries (nothing compiled).
 */
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which this build cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * A hash of nothing anyone knows, checked against when there is no account (or no password yet):
 * a sign-in for an unknown email then takes as long as one with a wrong password.
 */
let decoy: Promise<string> | null = null;

/** Whether `password` matches `stored`; with `stored` null, spends the same time and says no. */
export async function checkPassword(password: string, stored: string | null): Promise<boolean> {
  if (stored === null) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
