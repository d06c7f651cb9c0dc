import { z } from 'zod';
import { CONFLICT_REASONS, ERROR_CODES, LANGUAGES, ROLES, SEATS, type Lang, type ProtocolError } from '@rostrum/core';

/**
 * The participants routes (docs/protocol.md, "Participants") as the web calls them: the
 * secretariat's desk with its link's token, a link holder with their own.
 */
const seatSchema = z.object({
  seatKey: z.string(),
  role: z.enum(ROLES),
  delegationId: z.string().nullable(),
  presenterId: z.string().nullable(),
  seat: z.enum(SEATS).nullable(),
  label: z.string(),
  live: z.boolean(),
  participantId: z.string().nullable(),
});
export type SeatRow = z.infer<typeof seatSchema>;

const personFields = {
  id: z.string(),
  seatKey: z.string().nullable(),
  name: z.string(),
  title: z.string(),
  email: z.string().nullable(),
  language: z.enum(LANGUAGES),
  enteredBy: z.enum(['secretariat', 'self']),
};

const participantSchema = z.object({
  ...personFields,
  delegationId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  mailStatus: z.string(),
  seat: seatSchema.nullable(),
});
export type ParticipantRow = z.infer<typeof participantSchema>;

const listSchema = z.object({
  ok: z.literal(true),
  data: z.object({ seats: z.array(seatSchema), participants: z.array(participantSchema) }),
});
export type ParticipantList = z.infer<typeof listSchema>['data'];

const ownSchema = z.object({ ok: z.literal(true), data: z.object(personFields).nullable() });
export type OwnDetails = NonNullable<z.infer<typeof ownSchema>['data']>;

/** What the form sends: the person's fields ('' is no title or no address). */
export type PersonFields = { name: string; title: string; email: string; language: Lang };

const issueSchema = z.object({ path: z.string(), code: z.string() });
const refusalSchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string().default(''),
    reason: z.string().optional(),
    issues: z.array(issueSchema).optional(),
  }),
});

/** A refusal: the error as ErrorBanner shows it, and the refused fields with their codes. */
export type Refusal = { error: ProtocolError; issues: Array<{ path: string; code: string }> };
export type WriteResult = { ok: true } | ({ ok: false } & Refusal);

const internal: Refusal = { error: { code: 'internal', message: '' }, issues: [] };

function refusalOf(json: unknown): Refusal {
  const parsed = refusalSchema.safeParse(json);
  if (!parsed.success) return internal;
  const { code, message, reason, issues } = parsed.data.error;
  const known = ERROR_CODES.find((c) => c === code) ?? 'internal';
  const why = CONFLICT_REASONS.find((r) => r === reason);
  return { error: why ? { code: known, message, reason: why } : { code: known, message }, issues: issues ?? [] };
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/participants`;

async function write(url: string, method: string, token: string, body?: unknown): Promise<WriteResult> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? auth(token) : { ...auth(token), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.ok) return { ok: true };
    return { ok: false, ...refusalOf(await res.json().catch(() => null)) };
  } catch {
    return { ok: false, ...internal };
  }
}

// ---- The secretariat's desk.

export async function loadParticipants(meetingId: string, token: string): Promise<ParticipantList | null> {
  try {
    const res = await fetch(meetingPath(meetingId), { headers: auth(token) });
    const parsed = listSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.data : null;
  } catch {
    return null;
  }
}

/** A person for a seat (`seatKey`), or an extra person of a delegation (`seatKey` null). */
export const addParticipant = (
  meetingId: string,
  token: string,
  where: { seatKey: string | null; delegationId: string | null },
  fields: PersonFields,
) => write(meetingPath(meetingId), 'POST', token, { ...where, ...fields });

export const updateParticipant = (meetingId: string, token: string, id: string, fields: PersonFields) =>
  write(`${meetingPath(meetingId)}/${encodeURIComponent(id)}`, 'PUT', token, fields);

export const deleteParticipant = (meetingId: string, token: string, id: string) =>
  write(`${meetingPath(meetingId)}/${encodeURIComponent(id)}`, 'DELETE', token);

export const participantsCsvUrl = (meetingId: string, lang: Lang) =>
  `${meetingPath(meetingId)}.csv?lang=${encodeURIComponent(lang)}`;

// ---- A link holder: who is attending on this link.

/** The link's person; null when no one was entered; 'failed' when it could not be read. */
export async function loadOwnDetails(token: string): Promise<OwnDetails | null | 'failed'> {
  try {
    const res = await fetch('/api/session/participant', { headers: auth(token) });
    const parsed = ownSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.data : 'failed';
  } catch {
    return 'failed';
  }
}

export const saveOwnDetails = (token: string, fields: PersonFields) =>
  write('/api/session/participant', 'PUT', token, fields);

// ---- A delegation's head or deputy: the members of their delegation.

const delegationSchema = z.object({ ok: z.literal(true), data: z.array(z.object(personFields)) });
export type DelegationPerson = z.infer<typeof delegationSchema>['data'][number];

export async function loadDelegationPeople(token: string): Promise<DelegationPerson[] | null> {
  try {
    const res = await fetch('/api/session/participants', { headers: auth(token) });
    const parsed = delegationSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.data : null;
  } catch {
    return null;
  }
}

export const addDelegationMember = (token: string, fields: PersonFields) =>
  write('/api/session/participants', 'POST', token, fields);

export const removeDelegationMember = (token: string, id: string) =>
  write(`/api/session/participants/${encodeURIComponent(id)}`, 'DELETE', token);
