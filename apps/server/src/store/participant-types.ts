/**
 * Named participants (migration 4): the person who holds each link of a meeting (its seat) and
 * the extra people a delegation registers as observers of its own delegation. They live in the
 * store only, never in the meeting's Yjs document: their emails are private.
 */
export type MailStatus = 'none' | 'sending' | 'sent' | 'failed' | 'bounced';
export type ParticipantLanguage = 'en' | 'fr' | 'es' | 'ru' | 'ar';
export type EnteredBy = 'secretariat' | 'self';

export const MAIL_STATUSES: readonly MailStatus[] = ['none', 'sending', 'sent', 'failed', 'bounced'];
export const PARTICIPANT_LANGUAGES: readonly ParticipantLanguage[] = ['en', 'fr', 'es', 'ru', 'ar'];

export type ParticipantRecord = {
  id: string;
  meetingId: string;
  /**
   * The link slot this person holds: 'delegate:<delegationId>:<head|deputy>', 'chair',
   * 'presenter:<presenterId>', 'secretariat', 'observer'; null for an extra person of a delegation.
   */
  seatKey: string | null;
  delegationId: string | null;
  name: string;
  /** '' when none. */
  title: string;
  /** Lower-cased and trimmed; null when none. */
  email: string | null;
  /** The language of their invitation email. */
  language: ParticipantLanguage;
  enteredBy: EnteredBy;
  createdAt: number;
  updatedAt: number;
  mailStatus: MailStatus;
  mailError: string | null;
  mailAttempts: number;
  mailedAt: number | null;
};

export type MailStatusUpdate = { status: MailStatus; error: string | null; attempts: number; at: number | null };

export interface ParticipantStore {
  /** The meeting's participants, seats first in the order they were created, then extra people. */
  listParticipants(meetingId: string): Promise<ParticipantRecord[]>;
  /** A participant of that meeting, or null (another meeting's id is null too). */
  getParticipant(meetingId: string, id: string): Promise<ParticipantRecord | null>;
  participantBySeat(meetingId: string, seatKey: string): Promise<ParticipantRecord | null>;
  /**
   * Inserts, or updates by id: the person's fields (seat, delegation, name, title, email,
   * language, who entered it, updated at). Its meeting and creation time stay those first stored,
   * and an id of another meeting is left alone. The mail fields are written on insert only, and
   * afterwards by `setMailStatus` alone (an edit made from an older read cannot undo a send);
   * a changed email resets them to 'none' (the invitation went to the old address). Throws when
   * another participant of the meeting holds the seat key.
   */
  upsertParticipant(p: ParticipantRecord): Promise<void>;
  deleteParticipant(meetingId: string, id: string): Promise<boolean>;
  /**
   * `only`: written only while the person still has that address and is 'sending' (the sender's
   * own updates: a changed address keeps the 'none' its change set).
   */
  setMailStatus(meetingId: string, id: string, s: MailStatusUpdate, only?: { email: string }): Promise<void>;
  /**
   * Marks the person 'sending' (no error, no attempt yet, at `at`) only if their status and its
   * time are still those read in `seen`: true when this call took them. Two nodes pressing "send"
   * at the same instant both read 'none'; only one of them claims the person and sends.
   */
  claimForSending(
    meetingId: string,
    id: string,
    seen: { status: MailStatus; at: number | null },
    at: number,
  ): Promise<boolean>;
}

type Row = Record<string, unknown>;

const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const PARTICIPANT_COLUMNS =
  'id, meeting_id, seat_key, delegation_id, name, title, email, language, entered_by, created_at, updated_at, mail_status, mail_error, mail_attempts, mailed_at';

/** Values in the order of PARTICIPANT_COLUMNS. */
export function participantValues(p: ParticipantRecord): unknown[] {
  return [
    p.id,
    p.meetingId,
    p.seatKey,
    p.delegationId,
    p.name,
    p.title,
    p.email,
    p.language,
    p.enteredBy,
    p.createdAt,
    p.updatedAt,
    p.mailStatus,
    p.mailError,
    p.mailAttempts,
    p.mailedAt,
  ];
}

function languageOf(v: unknown): ParticipantLanguage {
  return PARTICIPANT_LANGUAGES.find((l) => l === v) ?? 'en';
}

function mailStatusOf(v: unknown): MailStatus {
  return MAIL_STATUSES.find((s) => s === v) ?? 'none';
}

export function toParticipant(row: Row): ParticipantRecord {
  return {
    id: String(row.id),
    meetingId: String(row.meeting_id),
    seatKey: strOrNull(row.seat_key),
    delegationId: strOrNull(row.delegation_id),
    name: String(row.name),
    title: String(row.title),
    email: strOrNull(row.email),
    language: languageOf(row.language),
    enteredBy: row.entered_by === 'self' ? 'self' : 'secretariat',
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    mailStatus: mailStatusOf(row.mail_status),
    mailError: strOrNull(row.mail_error),
    mailAttempts: Number(row.mail_attempts),
    mailedAt: numOrNull(row.mailed_at),
  };
}

/** The update part of an upsert; `sameEmail` is the dialect's null-safe comparison of the old and new email. */
export function participantUpsertSet(sameEmail: string): string {
  const keep = (col: string, reset: string) =>
    `${col} = CASE WHEN ${sameEmail} THEN participants.${col} ELSE ${reset} END`;
  return [
    'seat_key = excluded.seat_key',
    'delegation_id = excluded.delegation_id',
    'name = excluded.name',
    'title = excluded.title',
    'email = excluded.email',
    'language = excluded.language',
    'entered_by = excluded.entered_by',
    'updated_at = excluded.updated_at',
    keep('mail_status', "'none'"),
    keep('mail_error', 'NULL'),
    keep('mail_attempts', '0'),
    keep('mailed_at', 'NULL'),
  ].join(', ');
}

/** Seats first (NULL seat keys last), then by creation. */
export const PARTICIPANT_ORDER = 'ORDER BY (seat_key IS NULL), created_at, id';
