/**
 * The fixed set of error codes a client can receive. The UI translates each code (and a
 * conflict's `reason`), so new codes must be added here, in docs/protocol.md and in both locales.
 */
export const ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'invalid',
  'not_found',
  'conflict',
  'payload_too_large',
  /** An uploaded file that is not a PDF or a DOCX by its content (HTTP 415). */
  'unsupported_media_type',
  'rate_limited',
  'unsupported_protocol',
  /**
   * The store (PostgreSQL) could not be reached: nothing was applied. Retryable: send the same
   * command (same id, so that it counts once) again later.
   */
  'store_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes after which the same request, sent again later with the same id, may succeed. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['store_unavailable']);

/** Why a command conflicts with the current state; each has a translated message in the UI. */
export const CONFLICT_REASONS = [
  'meeting_not_open',
  'meeting_already_open',
  'meeting_closed',
  'item_not_found',
  'item_not_active',
  'item_already_active',
  'item_done',
  'no_next_item',
  'no_previous_item',
  'command_id_reused',
  'list_closed',
  'entry_not_found',
  'entry_already_queued',
  'queue_empty',
  'speaker_not_found',
  'no_speaker',
  'no_last_speaker',
  'already_paused',
  'not_paused',
  'proposal_not_found',
  'proposal_in_vote',
  'poll_not_found',
  'poll_already_open',
  'poll_closed',
  'poll_still_open',
  'decision_not_found',
  'roster_full',
  'delegation_exists',
  /** A text without the meeting's original language, or one the meeting does not have. */
  'text_original_missing',
  'language_not_in_meeting',
  /** `meeting.addLanguage` of a language the meeting has. */
  'language_exists',
  /** `text.translate` naming what the meeting does not have. */
  'delegation_not_found',
  'presenter_not_found',
  'document_not_found',
  /** A seat that already has a named person (participants: edit it instead). */
  'seat_taken',
  /** A delegation that registered as many extra people as it may. */
  'participants_full',
  /** Invitations by email: the server has no SMTP configured (the mail-merge CSV remains). */
  'mail_not_configured',
  /** A person's invitation sent again by hand: they have no address, or no live link to send. */
  'no_email',
  'no_link',
  /** The secretariat's end of a meeting (archive, delete): it must be closed first. */
  'meeting_not_closed',
  /** Deleting a meeting whose minutes, or record, were not downloaded since it closed. */
  'minutes_not_exported',
  'record_not_exported',
] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

export type ProtocolError = {
  code: ErrorCode;
  message: string;
  reason?: ConflictReason;
  /** Set on retryable errors (`RETRYABLE_CODES`): the same command may be sent again later. */
  retryable?: true;
};

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, reason?: ConflictReason): { ok: false; error: ProtocolError } {
  const error: ProtocolError = reason ? { code, message, reason } : { code, message };
  if (RETRYABLE_CODES.has(code)) error.retryable = true;
  return { ok: false, error };
}

export function conflict(reason: ConflictReason, message: string): { ok: false; error: ProtocolError } {
  return fail('conflict', message, reason);
}
