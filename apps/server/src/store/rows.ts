import { z } from 'zod';
import { meetingDefinitionSchema, roleSchema, seatSchema } from '@rostrum/core';
import type {
  AttendanceRecord,
  CommandRecord,
  InviteRecord,
  MeetingRecord,
  StoredCommand,
  StoredUpdate,
} from './types.js';

/**
 * The rows both dialects read and write: the same tables, so one set of column lists, value
 * lists and row mappers. Numbers are coerced because PostgreSQL returns BIGINT columns as
 * strings, and byte columns are Buffers from both drivers.
 */

const inviteRow = z.object({
  id: z.string(),
  meeting_id: z.string(),
  role: roleSchema,
  delegation_id: z.string().nullable(),
  presenter_id: z.string().nullable(),
  seat: seatSchema.nullable(),
  label: z.string(),
  created_at: z.coerce.number(),
  expires_at: z.coerce.number(),
  revoked_at: z.coerce.number().nullable(),
});
const meetingRow = z.object({ id: z.string(), definition: z.string(), created_at: z.coerce.number() });
const commandRow = z.object({
  seq: z.coerce.number(),
  command_id: z.string(),
  principal: z.string(),
  type: z.string(),
  payload: z.string(),
  result: z.string(),
  at: z.coerce.number(),
  hash: z.string(),
});
const principalSchema = z.object({
  meetingId: z.string(),
  inviteId: z.string(),
  role: roleSchema,
  delegationId: z.string().nullable(),
  presenterId: z.string().nullable(),
  seat: seatSchema.optional(),
});
const updateRow = z.object({ id: z.coerce.number(), data: z.instanceof(Buffer) });
const attendanceRow = z.object({ delegation_id: z.string(), kind: z.enum(['join', 'leave']), at: z.coerce.number() });
const headRow = z.object({ seq: z.coerce.number(), hash: z.string() });
const settingRow = z.object({ value: z.string() });

export const MEETING_COLUMNS = 'id, definition, created_at';

export function meetingValues(meeting: MeetingRecord): unknown[] {
  return [meeting.id, JSON.stringify(meeting.definition), meeting.createdAt];
}

export function toMeeting(row: unknown): MeetingRecord {
  const r = meetingRow.parse(row);
  return { id: r.id, definition: meetingDefinitionSchema.parse(JSON.parse(r.definition)), createdAt: r.created_at };
}

/** An invite's columns in `INSERT INTO invites`, in the order of `inviteValues`. */
export const INVITE_COLUMNS =
  'id, meeting_id, role, delegation_id, presenter_id, seat, label, created_at, expires_at, revoked_at';

export function inviteValues(i: InviteRecord): unknown[] {
  return [
    i.id,
    i.meetingId,
    i.role,
    i.delegationId,
    i.presenterId,
    i.seat,
    i.label,
    i.createdAt,
    i.expiresAt,
    i.revokedAt,
  ];
}

export function toInvite(row: unknown): InviteRecord {
  const r = inviteRow.parse(row);
  return {
    id: r.id,
    meetingId: r.meeting_id,
    role: r.role,
    delegationId: r.delegation_id,
    presenterId: r.presenter_id,
    seat: r.seat,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** A command's columns in `INSERT INTO commands`, in the order of `commandValues`. */
export const COMMAND_INSERT_COLUMNS = 'meeting_id, seq, command_id, sender, principal, type, payload, result, at, hash';
/** The columns `toStoredCommand` reads. */
export const COMMAND_COLUMNS = 'seq, command_id, principal, type, payload, result, at, hash';

/** `sender` is the invite that sent the command: command ids are unique per sender (migration 2). */
export function commandValues(meetingId: string, seq: number, cmd: CommandRecord, hash: string): unknown[] {
  return [
    meetingId,
    seq,
    cmd.commandId,
    cmd.principal.inviteId,
    JSON.stringify(cmd.principal),
    cmd.type,
    JSON.stringify(cmd.payload),
    JSON.stringify(cmd.result),
    cmd.at,
    hash,
  ];
}

export function toStoredCommand(row: unknown): StoredCommand {
  const r = commandRow.parse(row);
  return {
    seq: r.seq,
    commandId: r.command_id,
    principal: principalSchema.parse(JSON.parse(r.principal)),
    type: r.type,
    payload: JSON.parse(r.payload) as unknown,
    result: JSON.parse(r.result) as unknown,
    at: r.at,
    hash: r.hash,
  };
}

/** The last row of a meeting's chain (`seq, hash`), or undefined for a meeting without commands. */
export function toChainHead(row: unknown): { seq: number; hash: string } | undefined {
  return headRow.optional().parse(row);
}

export function toStoredUpdate(row: unknown): StoredUpdate {
  const r = updateRow.parse(row);
  return { id: r.id, data: new Uint8Array(r.data) };
}

export function toAttendance(row: unknown): AttendanceRecord {
  const r = attendanceRow.parse(row);
  return { delegationId: r.delegation_id, kind: r.kind, at: r.at };
}

/** A `settings` row's value, or null when there is no row. */
export function toSettingValue(row: unknown): string | null {
  return settingRow.optional().parse(row)?.value ?? null;
}
