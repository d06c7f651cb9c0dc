// An in-memory MeetingStore for the room's unit tests: the same contract as the SQLite and
// PostgreSQL stores (store-contract.test.ts), without a database, plus a switch that makes the
// next commit fail.
import { chainHash, GENESIS_HASH } from '../../store/hash-chain.js';
import type {
  AddFileResult,
  AttendanceRecord,
  CommandRecord,
  CommitIds,
  DocName,
  FileLimits,
  InviteRecord,
  MeetingRecord,
  MeetingStore,
  MeetingTx,
  StoredCommand,
  StoredFile,
  StoredFileMeta,
  StoredUpdate,
} from '../../store/types.js';

type MeetingRows = {
  record: MeetingRecord;
  commands: StoredCommand[];
  updates: Record<DocName, StoredUpdate[]>;
  attendance: AttendanceRecord[];
  files: StoredFile[];
};

export class MemoryStore implements MeetingStore {
  readonly migration = { from: 0, to: 0, applied: [], backup: null };
  readonly shared = false;
  /** Nothing outlives the process: there is nothing to copy before an upgrade. */
  async backupBeforeDocUpgrade(): Promise<string | null> {
    return null;
  }
  private readonly settings = new Map<string, string>();
  private readonly meetings = new Map<string, MeetingRows>();
  private readonly invites = new Map<string, InviteRecord>();
  private nextUpdateId = 1;
  /** Commits made (batches of commands), to check group commit. */
  commits = 0;
  /** When set, the next `commitBatch` throws and stores nothing. */
  failNextCommit = false;

  private rows(meetingId: string): MeetingRows {
    const rows = this.meetings.get(meetingId);
    if (!rows) throw new Error(`no meeting ${meetingId}`);
    return rows;
  }

  async getSetting(key: string): Promise<string | null> {
    return this.settings.get(key) ?? null;
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    if (!this.settings.has(key)) this.settings.set(key, value);
    return this.settings.get(key) ?? value;
  }

  async createMeeting(meeting: MeetingRecord, invites: InviteRecord[], initialUpdate: Uint8Array): Promise<void> {
    this.meetings.set(meeting.id, {
      record: meeting,
      commands: [],
      updates: { meeting: [{ id: this.nextUpdateId++, data: initialUpdate }], notes: [] },
      attendance: [],
      files: [],
    });
    for (const i of invites) this.invites.set(i.id, i);
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    return [...this.meetings.values()].map((m) => m.record);
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    return this.meetings.get(id)?.record ?? null;
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    return this.invites.get(id) ?? null;
  }

  async listInvites(meetingId: string): Promise<InviteRecord[]> {
    return [...this.invites.values()].filter((i) => i.meetingId === meetingId);
  }

  async addInvite(invite: InviteRecord): Promise<void> {
    this.invites.set(invite.id, invite);
  }

  async revokeInvite(id: string, at: number): Promise<void> {
    const invite = this.invites.get(id);
    if (invite && invite.revokedAt === null) this.invites.set(id, { ...invite, revokedAt: at });
  }

  async extendInvites(meetingId: string, until: number): Promise<void> {
    for (const [id, invite] of this.invites)
      if (invite.meetingId === meetingId && invite.revokedAt === null && invite.expiresAt < until)
        this.invites.set(id, { ...invite, expiresAt: until });
  }

  async loadUpdates(meetingId: string, doc: DocName): Promise<Uint8Array[]> {
    return this.rows(meetingId).updates[doc].map((u) => u.data);
  }

  async listCommands(meetingId: string): Promise<StoredCommand[]> {
    return [...this.rows(meetingId).commands];
  }

  async withMeetingLock<T>(meetingId: string, fn: (tx: MeetingTx) => Promise<T>): Promise<T> {
    const rows = this.rows(meetingId);
    const tx: MeetingTx = {
      updatesSince: async (doc, afterId) => rows.updates[doc].filter((u) => u.id > afterId),
      commandsSince: async (afterSeq) => rows.commands.filter((c) => c.seq > afterSeq),
      commitBatch: async (commands, update, doc, invites = []) => this.commit(rows, commands, update, doc, invites),
      appendUpdate: async (doc, update) => this.append(rows, doc, update),
      compactUpTo: async (doc, merged, upToId) => {
        rows.updates[doc] = [{ id: upToId, data: merged }, ...rows.updates[doc].filter((u) => u.id > upToId)];
      },
    };
    return fn(tx);
  }

  private commit(
    rows: MeetingRows,
    commands: CommandRecord[],
    update: Uint8Array | null,
    doc: DocName,
    invites: InviteRecord[],
  ): CommitIds {
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error('the disk is full');
    }
    let last = rows.commands.at(-1);
    for (const cmd of commands) {
      const seq = (last?.seq ?? 0) + 1;
      const stored: StoredCommand = { ...cmd, seq, hash: chainHash(last?.hash ?? GENESIS_HASH, seq, cmd) };
      rows.commands.push(stored);
      last = stored;
    }
    for (const i of invites) this.invites.set(i.id, i);
    this.commits += 1;
    return { seq: last?.seq ?? 0, updateId: update ? this.append(rows, doc, update) : null };
  }

  private append(rows: MeetingRows, doc: DocName, update: Uint8Array): number {
    const id = this.nextUpdateId++;
    rows.updates[doc].push({ id, data: update });
    return id;
  }

  async updatesSince(meetingId: string, doc: DocName, afterId: number): Promise<StoredUpdate[]> {
    return this.rows(meetingId).updates[doc].filter((u) => u.id > afterId);
  }

  async commandsSince(meetingId: string, afterSeq: number): Promise<StoredCommand[]> {
    return this.rows(meetingId).commands.filter((c) => c.seq > afterSeq);
  }

  async appendAttendance(meetingId: string, events: AttendanceRecord[]): Promise<void> {
    this.rows(meetingId).attendance.push(...events);
  }

  async listAttendance(meetingId: string): Promise<AttendanceRecord[]> {
    return [...this.rows(meetingId).attendance];
  }

  async addFile(file: StoredFile, limits: FileLimits): Promise<AddFileResult> {
    const files = this.rows(file.meetingId).files;
    const same = files.find((f) => f.sha256 === file.sha256 && f.name === file.name && f.kind === file.kind);
    if (same) return { ok: true, stored: meta(same) };
    if (files.length >= limits.maxCount) return { ok: false, reason: 'too_many' };
    if (files.reduce((n, f) => n + f.size, 0) + file.size > limits.maxTotalBytes)
      return { ok: false, reason: 'too_large' };
    files.push(file);
    return { ok: true, stored: meta(file) };
  }

  async getFile(meetingId: string, id: string): Promise<StoredFile | null> {
    return this.meetings.get(meetingId)?.files.find((f) => f.id === id) ?? null;
  }

  async listFiles(meetingId: string): Promise<StoredFileMeta[]> {
    return this.rows(meetingId).files.map(meta);
  }

  async close(): Promise<void> {}
}

function meta(file: StoredFile): StoredFileMeta {
  const { data: _data, ...rest } = file;
  return rest;
}
