import { chainHash, GENESIS_HASH } from './hash-chain.js';
import type { StoredCommand } from './types.js';

/**
 * Tamper evidence of a meeting's log. Each stored row carries a SHA-256 chained from the row
 * before it (store/hash-chain.ts); recomputing the chain from the rows as they are now tells
 * whether any row was changed, removed, inserted or reordered since it was written. The final
 * digest is printed in the minutes: comparing it with a later recomputation also catches a
 * log rewritten as a whole (hashes recomputed), which the chain alone cannot.
 */
export type LogVerification = {
  intact: boolean;
  /** Rows in the log. */
  commands: number;
  /** The hash of the last row as stored (GENESIS_HASH for an empty log). */
  digest: string;
  /** The hash recomputed from the rows' content; equals `digest` when intact. */
  recomputed: string;
  /** The first row whose sequence number or hash does not match, if any. */
  firstBadSeq: number | null;
  problem: 'sequence' | 'hash' | null;
};

export function verifyLog(rows: readonly StoredCommand[]): LogVerification {
  let recomputed = GENESIS_HASH;
  let firstBadSeq: number | null = null;
  let problem: LogVerification['problem'] = null;
  rows.forEach((row, i) => {
    const expectedSeq = i + 1;
    // Chain over the position the row should have: a missing or moved row breaks it there.
    recomputed = chainHash(recomputed, expectedSeq, row);
    if (firstBadSeq !== null) return;
    if (row.seq !== expectedSeq) {
      firstBadSeq = row.seq;
      problem = 'sequence';
    } else if (row.hash !== recomputed) {
      firstBadSeq = row.seq;
      problem = 'hash';
    }
  });
  const digest = rows.at(-1)?.hash ?? GENESIS_HASH;
  return { intact: firstBadSeq === null, commands: rows.length, digest, recomputed, firstBadSeq, problem };
}
