import type pg from 'pg';
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

const UPSERT = `INSERT INTO participants (${PARTICIPANT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (id) DO UPDATE SET ${participantUpsertSet('participants.email IS NOT DISTINCT FROM excluded.email')}
  WHERE participants.meeting_id = excluded.meeting_id`;

/** The participants table in PostgreSQL. */
export class PostgresParticipantStore implements ParticipantStore {
  constructor(private readonly pool: pg.Pool) {}

  async listParticipants(meetingId: string): Promise<ParticipantRecord[]> {
    const res = await this.pool.query(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = $1 ${PARTICIPANT_ORDER}`,
      [meetingId],
    );
    return res.rows.map(toParticipant);
  }

  async getParticipant(meetingId: string, id: string): Promise<ParticipantRecord | null> {
    const res = await this.pool.query(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = $1 AND id = $2`,
      [meetingId, id],
    );
    return res.rows[0] ? toParticipant(res.rows[0]) : null;
  }

  async participantBySeat(meetingId: string, seatKey: string): Promise<ParticipantRecord | null> {
    const res = await this.pool.query(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = $1 AND seat_key = $2`,
      [meetingId, seatKey],
    );
    return res.rows[0] ? toParticipant(res.rows[0]) : null;
  }

  async upsertParticipant(p: ParticipantRecord): Promise<void> {
    await this.pool.query(UPSERT, participantValues(p));
  }

  async deleteParticipant(meetingId: string, id: string): Promise<boolean> {
    const res = await this.pool.query('DELETE FROM participants WHERE meeting_id = $1 AND id = $2', [meetingId, id]);
    return res.rowCount === 1;
  }

  async setMailStatus(meetingId: string, id: string, s: MailStatusUpdate, only?: { email: string }): Promise<void> {
    const set = 'UPDATE participants SET mail_status = $1, mail_error = $2, mail_attempts = $3, mailed_at = $4';
    const values = [s.status, s.error, s.attempts, s.at, meetingId, id];
    if (only)
      await this.pool.query(`${set} WHERE meeting_id = $5 AND id = $6 AND email = $7 AND mail_status = 'sending'`, [
        ...values,
        only.email,
      ]);
    else await this.pool.query(`${set} WHERE meeting_id = $5 AND id = $6`, values);
  }

  async claimForSending(
    meetingId: string,
    id: string,
    seen: { status: MailStatus; at: number | null },
    at: number,
  ): Promise<boolean> {
    const res = await this.pool.query(
      `UPDATE participants SET mail_status = 'sending', mail_error = NULL, mail_attempts = 0, mailed_at = $1
       WHERE meeting_id = $2 AND id = $3 AND mail_status = $4 AND mailed_at IS NOT DISTINCT FROM $5`,
      [at, meetingId, id, seen.status, seen.at],
    );
    return res.rowCount === 1;
  }
}
