import type { FileKind, MeetingDefinition, Principal, Role, Seat } from '@rostrum/core';
import type { MigrationReport } from './migrations.js';

export type InviteRecord = {
  id: string;
  meetingId: string;
  role: Role;
  delegationId: string | null;
  presenterId: string | null;
  /** Delegates: the head of delegation's or the deputy's seat (the voting right moves between them). */
  seat: Seat | null;
  /** Who the link is for, as shown to the secretariat ("Uzbekistan Customs", "Chair"). */
  label: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
};

export type MeetingRecord = {
  id: string;
  definition: MeetingDefinition;
  createdAt: number;
};

/** One accepted command, as appended to the meeting's hash-chained log. */
export type CommandRecord = {
  commandId: string;
  principal: Principal;
  type: string;
  payload: unknown;
  result: unknown;
  at: number;
};

export type StoredCommand = CommandRecord & { seq: number; hash: string };

/** A delegation joining (its first person connects) or leaving (its last one disconnects). */
export type AttendanceRecord = { delegationId: string; kind: 'join' | 'leave'; at: number };

/** An uploaded document file of a meeting, without its bytes (what a listing or a check needs). */
export type StoredFileMeta = {
  id: string;
  meetingId: string;
  /** The cleaned original name, used for the download. */
  name: string;
  kind: FileKind;
  size: number;
  /** SHA-256 of the bytes, hex: lets an operator check a file against a copy. */
  sha256: string;
  /** The invite that uploaded it, or null for the admin token. */
  uploadedBy: string | null;
  createdAt: number;
};
export type StoredFile = StoredFileMeta & { data: Uint8Array };
/** The meeting's bounds on files: `addFile` refuses what would pass them, and stores nothing. */
export type FileLimits = { maxCount: number; maxTotalBytes: number };
/** `stored`: the file now kept, which is an earlier one when the meeting already held the same bytes, name and kind. */
export type AddFileResult = { ok: true; stored: StoredFileMeta } | { ok: false; reason: 'too_many' | 'too_large' };

/** Which Yjs document of a meeting an update belongs to. */
export type DocName = 'meeting' | 'notes';

/** A stored Yjs update with its id: ids grow with every append, so a node can ask for what it has not seen. */
export type StoredUpdate = { id: number; data: Uint8Array };

/** Where a commit left the meeting's log and document: the last seq and the new update's id. */
export type CommitIds = { seq: number; updateId: number | null };

/**
 * The writes of one meeting while its lock is held (see `withMeetingLock`): the only way to
 * write a meeting's log and documents. On PostgreSQL they run in the lock's transaction, so the
 * catch-up reads and the commit see one consistent log. `commitBatch` is atomic: the commands,
 * their invites and the Yjs update they produced are stored together or not at all; only after
 * it resolves may the server acknowledge the commands.
 */
export interface MeetingTx {
  updatesSince(doc: DocName, afterId: number): Promise<StoredUpdate[]>;
  commandsSince(afterSeq: number): Promise<StoredCommand[]>;
  /** `invites`: links that the commands created (a roster import's new delegations), stored in the same transaction. */
  commitBatch(
    commands: CommandRecord[],
    update: Uint8Array | null,
    doc: DocName,
    invites?: InviteRecord[],
  ): Promise<CommitIds>;
  appendUpdate(doc: DocName, update: Uint8Array): Promise<number>;
  /** Replaces the stored updates up to and including `upToId` by `merged` (kept at that id). */
  compactUpTo(doc: DocName, merged: Uint8Array, upToId: number): Promise<void>;
}

/**
 * Durable storage of meetings. One interface for SQLite (embedded, one node) and PostgreSQL
 * (several nodes). A meeting's log and documents are written through `withMeetingLock`'s
 * transaction (`MeetingTx`) only.
 */
export interface MeetingStore {
  /**
   * What opening the store did to its schema (store/migrations.ts); `backup` is also the copy
   * made by `backupBeforeDocUpgrade`.
   */
  readonly migration: MigrationReport;
  /**
   * Called before the server stores the upgrade of a meeting's documents to a newer layout
   * (core's doc-layout.ts): the way back is the store as it was. SQLite copies its file aside
   * once per start (the schema migration's copy, if one was made at this start) and returns the
   * path; PostgreSQL and memory stores copy nothing and return null (PostgreSQL: the operator
   * takes a pg_dump before upgrading, docs/deploy.md).
   */
  backupBeforeDocUpgrade(): Promise<string | null>;
  getSetting(key: string): Promise<string | null>;

  createMeeting(meeting: MeetingRecord, invites: InviteRecord[], initialUpdate: Uint8Array): Promise<void>;
  listMeetings(): Promise<MeetingRecord[]>;
  getMeeting(id: string): Promise<MeetingRecord | null>;

  getInvite(id: string): Promise<InviteRecord | null>;
  listInvites(meetingId: string): Promise<InviteRecord[]>;
  addInvite(invite: InviteRecord): Promise<void>;
  /** Marks an invite revoked (once; a second call keeps the first time). */
  revokeInvite(id: string, at: number): Promise<void>;
  /**
   * Raises the `expiresAt` ("valid at least until", room/link-validity.ts) of the meeting's
   * invites that are not revoked to `until`; one already later keeps its own.
   */
  extendInvites(meetingId: string, until: number): Promise<void>;

  loadUpdates(meetingId: string, doc: DocName): Promise<Uint8Array[]>;

  listCommands(meetingId: string): Promise<StoredCommand[]>;

  /**
   * True when other processes (other Rostrum nodes) write this store too: a room must then catch
   * up with their commits under the meeting lock before it executes anything.
   */
  readonly shared: boolean;
  /** Stores a setting unless one is there already; returns the value that is stored (first writer wins). */
  setSettingIfAbsent(key: string, value: string): Promise<string>;
  /**
   * Runs `fn` holding the meeting's lock: no other node commits to this meeting meanwhile, and
   * the writes of `fn` (through `tx`) commit together when it resolves. SQLite (one node) just
   * runs it; PostgreSQL takes a transaction-scoped advisory lock on the meeting id.
   */
  withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T>;
  updatesSince(meetingId: string, doc: DocName, afterId: number): Promise<StoredUpdate[]>;
  commandsSince(meetingId: string, afterSeq: number): Promise<StoredCommand[]>;
  /** Delegations joining and leaving, append-only, in the order it happened (for the minutes). */
  appendAttendance(meetingId: string, events: AttendanceRecord[]): Promise<void>;
  listAttendance(meetingId: string): Promise<AttendanceRecord[]>;

  /**
   * Uploaded document files, kept with the meeting in the same database. `addFile` checks the
   * meeting's count and total against `limits` and inserts atomically (concurrent uploads
   * cannot pass the limits together); a file with the same bytes, name and kind as one the
   * meeting holds is not stored again (a retried upload, a double click, even at the same time).
   */
  addFile(file: StoredFile, limits: FileLimits): Promise<AddFileResult>;
  /** A file of that meeting, or null (another meeting's file id is null too). */
  getFile(meetingId: string, id: string): Promise<StoredFile | null>;
  listFiles(meetingId: string): Promise<StoredFileMeta[]>;

  /** A cheap query that rejects when the store cannot be used now (readiness: `GET /readyz`). */
  ping?(): Promise<void>;

  close(): Promise<void>;
}
