import type { SqliteConnection } from './sqlite-connection.js';
import {
  PARTICIPANT_COLUMNS,
  PARTICIPANT_ORDER,
  participantUpsertSet,
  participantValues,
  toParticipant,
  type MailStatus,
  type MailStatusUpdate,
  type ParticipantRecord,
  type ParticipantStore,
} from './participant-types.js';
import { asRow } from './staff-types.js';

const UPSERT = `INSERT INTO participants (${PARTICIPANT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET ${participantUpsertSet('participants.email IS excluded.email')}
  WHERE participants.meeting_id = excluded.meeting_id`;

/** The participants table in the SQLite file. */
export class SqliteParticipantStore implements ParticipantStore {
  constructor(private readonly conn: SqliteConnection) {}

  async listParticipants(meetingId: string): Promise<ParticipantRecord[]> {
    return this.conn
      .statement(`SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = ? ${PARTICIPANT_ORDER}`)
      .all(meetingId)
      .map((r) => toParticipant(asRow(r) ?? {}));
  }

  async getParticipant(meetingId: string, id: string): Promise<ParticipantRecord | null> {
    const row = asRow(
      this.conn
        .statement(`SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = ? AND id = ?`)
        .get(meetingId, id),
    );
    return row ? toParticipant(row) : null;
  }

  async participantBySeat(meetingId: string, seatKey: string): Promise<ParticipantRecord | null> {
    const row = asRow(
      this.conn
        .statement(`SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = ? AND seat_key = ?`)
        .get(meetingId, seatKey),
    );
    return row ? toParticipant(row) : null;
  }

  async upsertParticipant(p: ParticipantRecord): Promise<void> {
    this.conn.statement(UPSERT).run(...participantValues(p));
  }

  async deleteParticipant(meetingId: string, id: string): Promise<boolean> {
    return (
      this.conn.statement('DELETE FROM participants WHERE meeting_id = ? AND id = ?').run(meetingId, id).changes === 1
    );
  }

  async setMailStatus(meetingId: string, id: string, s: MailStatusUpdate, only?: { email: string }): Promise<void> {
    const set = 'UPDATE participants SET mail_status = ?, mail_error = ?, mail_attempts = ?, mailed_at = ?';
    const values = [s.status, s.error, s.attempts, s.at, meetingId, id];
    if (only)
      this.conn
        .statement(`${set} WHERE meeting_id = ? AND id = ? AND email = ? AND mail_status = 'sending'`)
        .run(...values, only.email);
    else this.conn.statement(`${set} WHERE meeting_id = ? AND id = ?`).run(...values);
  }

  async claimForSending(
    meetingId: string,
    id: string,
    seen: { status: MailStatus; at: number | null },
    at: number,
  ): Promise<boolean> {
    const res = this.conn
      .statement(
        `UPDATE participants SET mail_status = 'sending', mail_error = NULL, mail_attempts = 0, mailed_at = ?
         WHERE meeting_id = ? AND id = ? AND mail_status = ? AND mailed_at IS ?`,
      )
      .run(at, meetingId, id, seen.status, seen.at);
    return res.changes === 1;
  }
}
