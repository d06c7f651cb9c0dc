import type { Command, CommandResult, Principal } from '@rostrum/core';
import type { StoredCommand } from '../store/types.js';

/** An accepted command as a retry is checked against: who sent it, its content, its result. */
type Receipt = { inviteId: string; fingerprint: string; result: CommandResult };

/** What a command is, given what was accepted before. */
export type ReceiptCheck = { kind: 'new' } | { kind: 'retry'; result: CommandResult } | { kind: 'reused' };

/** A command's content, to tell a retry (same content) from a reused id (other content). */
function fingerprint(command: unknown): string {
  return JSON.stringify(command);
}

/**
 * Command ids are unique per sender (the invite; the server's own commands send as the system
 * invite, an id no invite link can have): one client's id never blocks another's command.
 */
function receiptKey(inviteId: string, commandId: string): string {
  return `${inviteId}\u0000${commandId}`;
}

/**
 * The idempotency map: every accepted command by sender and id, so that a retry (same sender,
 * same content) is answered with the first result and the same id on other content is refused.
 * Filled from the log on load and from other nodes' commands as the room catches up.
 */
export class CommandReceipts {
  private readonly byKey = new Map<string, Receipt>();

  check(principal: Principal, command: Command): ReceiptCheck {
    const known = this.byKey.get(receiptKey(principal.inviteId, command.id));
    if (!known) return { kind: 'new' };
    // A retry returns the first result; the same sender's id on another command is refused.
    return known.inviteId === principal.inviteId && known.fingerprint === fingerprint(command)
      ? { kind: 'retry', result: known.result }
      : { kind: 'reused' };
  }

  record(principal: Principal, command: Command, result: CommandResult): void {
    this.byKey.set(receiptKey(principal.inviteId, command.id), {
      inviteId: principal.inviteId,
      fingerprint: fingerprint(command),
      result,
    });
  }

  /** A command of the log (this node's before a restart, or another node's). */
  recordStored(c: StoredCommand): void {
    this.byKey.set(receiptKey(c.principal.inviteId, c.commandId), {
      inviteId: c.principal.inviteId,
      fingerprint: fingerprint(c.payload),
      result: c.result as CommandResult,
    });
  }
}
