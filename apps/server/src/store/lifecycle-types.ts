/**
 * A meeting's life after it closes (migration 4's columns of `meetings`): archived (hidden from
 * the staff home's default lists), when its minutes and its record were last exported, and its
 * deletion — every row of the meeting, in every table, in one transaction.
 */
export type ExportKind = 'minutes' | 'record';

export type MeetingLifecycle = {
  archivedAt: number | null;
  minutesExportedAt: number | null;
  recordExportedAt: number | null;
};

/** What deleting a meeting removes (the rows of each table), as the staff are told beforehand. */
export type DeletionCounts = {
  commands: number;
  files: number;
  /** Invites: the meeting's links, revoked ones included. */
  links: number;
  participants: number;
  managers: number;
  docUpdates: number;
  attendance: number;
};

export interface MeetingLifecycleStore {
  /** Null for an unknown meeting. */
  lifecycle(meetingId: string): Promise<MeetingLifecycle | null>;
  /** Every meeting's, by id (the staff home's list). */
  lifecycles(): Promise<Map<string, MeetingLifecycle>>;
  /** Archives (`at`) or unarchives (null); false for an unknown meeting. */
  setArchived(meetingId: string, at: number | null): Promise<boolean>;
  /** Notes that the minutes or the record were downloaded at `at` (the latest download is kept). */
  markExported(meetingId: string, kind: ExportKind, at: number): Promise<void>;
  deletionCounts(meetingId: string): Promise<DeletionCounts>;
  /**
   * Removes the meeting and every row that belongs to it, in one transaction (PostgreSQL: under
   * the meeting's lock, so no node commits to it meanwhile). Null when there was no such meeting.
   */
  deleteMeeting(meetingId: string): Promise<DeletionCounts | null>;
}

type Row = Record<string, unknown>;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const LIFECYCLE_COLUMNS = 'id, archived_at, minutes_exported_at, record_exported_at';

export function toLifecycle(row: Row): MeetingLifecycle {
  return {
    archivedAt: numOrNull(row.archived_at),
    minutesExportedAt: numOrNull(row.minutes_exported_at),
    recordExportedAt: numOrNull(row.record_exported_at),
  };
}

export const EXPORT_COLUMN: Record<ExportKind, string> = {
  minutes: 'minutes_exported_at',
  record: 'record_exported_at',
};

/**
 * The meeting's tables in the order their rows are removed (children before `meetings`, which
 * they reference), with the count each contributes. `meetings` itself comes last.
 */
export const MEETING_TABLES: ReadonlyArray<{ table: string; count: keyof DeletionCounts }> = [
  { table: 'participants', count: 'participants' },
  { table: 'meeting_managers', count: 'managers' },
  { table: 'files', count: 'files' },
  { table: 'attendance', count: 'attendance' },
  { table: 'doc_updates', count: 'docUpdates' },
  { table: 'commands', count: 'commands' },
  { table: 'invites', count: 'links' },
];

export function noCounts(): DeletionCounts {
  return { commands: 0, files: 0, links: 0, participants: 0, managers: 0, docUpdates: 0, attendance: 0 };
}
