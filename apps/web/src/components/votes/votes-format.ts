import { z } from 'zod';
import { BALLOT_CHOICES, type BallotChoice } from '@rostrum/core';

export type Receipt = { at: number; choice: BallotChoice };

const receiptSchema = z.object({ at: z.number().int().nonnegative(), choice: z.enum(BALLOT_CHOICES) });

/**
 * The voter's receipt (the ack's server time) is kept in this browser only: in an anonymous
 * poll the server never sends anyone a delegation's choice, not even back to the delegation.
 */
const receiptKey = (meetingId: string, pollId: string, delegationId: string) =>
  `rostrum.receipt.${meetingId}.${pollId}.${delegationId}`;

export function loadReceipt(meetingId: string, pollId: string, delegationId: string): Receipt | null {
  try {
    const raw = localStorage.getItem(receiptKey(meetingId, pollId, delegationId));
    if (raw === null) return null;
    const parsed = receiptSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveReceipt(meetingId: string, pollId: string, delegationId: string, receipt: Receipt): void {
  try {
    localStorage.setItem(receiptKey(meetingId, pollId, delegationId), JSON.stringify(receipt));
  } catch {
    // Storage full or disabled: the receipt is still shown until the page is reloaded.
  }
}

/** A bar's share in percent, 0 when there is nothing to share. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}
