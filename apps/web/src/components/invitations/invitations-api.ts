import { z } from 'zod';

/**
 * The invitation routes (docs/protocol.md, "Invitations by email") as the secretariat's desk calls
 * them, with its link's token.
 */
export const MAIL_STATUSES = ['none', 'sending', 'sent', 'failed', 'bounced'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

const rowSchema = z.object({
  seatKey: z.string().nullable(),
  role: z.string().nullable(),
  delegationId: z.string().nullable(),
  presenterId: z.string().nullable(),
  seat: z.string().nullable(),
  label: z.string(),
  participant: z
    .object({
      id: z.string(),
      name: z.string(),
      title: z.string(),
      email: z.string().nullable(),
      language: z.string(),
      mailStatus: z.enum(MAIL_STATUSES),
      mailError: z.string().nullable(),
      mailAttempts: z.number(),
      mailedAt: z.number().nullable(),
    })
    .nullable(),
  skip: z.enum(['no_participant', 'no_email', 'no_link']).nullable(),
});
export type InvitationRow = z.infer<typeof rowSchema>;

const listSchema = z.object({
  ok: z.literal(true),
  data: z.object({ configured: z.boolean(), rows: z.array(rowSchema) }),
});
export type InvitationList = z.infer<typeof listSchema>['data'];

const path = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`;

export async function loadInvitations(meetingId: string, token: string): Promise<InvitationList | null> {
  try {
    const res = await fetch(`${path(meetingId)}/invitations`, { headers: { Authorization: `Bearer ${token}` } });
    const parsed = listSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.data : null;
  } catch {
    return null;
  }
}

/** What a send did: how many were queued, or why nothing was (`mail_not_configured`, a person's reason, `failed`). */
export type SendResult = { ok: true; queued: number } | { ok: false; reason: string };

const sentSchema = z.object({ ok: z.literal(true), data: z.object({ queued: z.number() }) });
const refusedSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), reason: z.string().optional() }),
});

async function post(url: string, token: string, body: unknown): Promise<SendResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json();
    const sent = sentSchema.safeParse(json);
    if (sent.success) return { ok: true, queued: sent.data.data.queued };
    const refused = refusedSchema.safeParse(json);
    return { ok: false, reason: refused.success ? (refused.data.error.reason ?? refused.data.error.code) : 'failed' };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}

/** Everyone with an address and a link who has not received theirs yet (never a bounced one). */
export const sendAll = (meetingId: string, token: string) => post(`${path(meetingId)}/invitations/send`, token, {});

/** One person's invitation again, also after it was sent. */
export const resendOne = (meetingId: string, participantId: string, token: string) =>
  post(`${path(meetingId)}/participants/${encodeURIComponent(participantId)}/invitation`, token, {});
