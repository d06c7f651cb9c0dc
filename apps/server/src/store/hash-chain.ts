import { createHash } from 'node:crypto';
import type { CommandRecord } from './types.js';

/** The digest that starts every meeting's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The log is hash-chained: each row's hash covers the previous hash and the row's content,
 * so that a changed, removed or reordered row is detected when the chain is recomputed.
 */
export function chainHash(prev: string, seq: number, cmd: CommandRecord): string {
  const canonical = JSON.stringify([
    seq,
    cmd.commandId,
    cmd.type,
    cmd.at,
    cmd.principal.inviteId,
    cmd.principal.role,
    cmd.principal.delegationId,
    cmd.payload,
    cmd.result,
  ]);
  return createHash('sha256').update(prev).update(canonical).digest('hex');
}
