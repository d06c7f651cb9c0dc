import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ConflictReason, ErrorCode } from '@rostrum/core';
import { linkBase } from '../platform/public-url.js';
import type { InvitationService } from './invitations.js';

export type InvitationRouteDeps = {
  invitations: InvitationService;
  /** PUBLIC_URL; null: the links in the messages point where the request came to (platform/public-url.ts). */
  publicUrl: string | null;
  staffOrAdmin: (req: Request, res: Response, meetingId: string) => Promise<boolean>;
  sendError: (res: Response, code: ErrorCode, message: string) => void;
};

const sendSchema = z.strictObject({ participantIds: z.array(z.string().min(1).max(64)).max(2000).optional() });

/** 409 with the reason `mail_not_configured`: the panel says so and offers the mail-merge CSV instead. */
function notConfigured(res: Response): void {
  res.status(409).json({
    ok: false,
    error: {
      code: 'conflict',
      reason: 'mail_not_configured' satisfies ConflictReason,
      message: 'email is not configured on this server (SMTP_URL or SMTP_HOST, and MAIL_FROM): use the mail-merge CSV',
    },
  });
}

/**
 * The invitations by email (docs/protocol.md, "Invitations by email"): the list with each person's
 * status, "send" for everyone not sent yet (or the people named), and a resend of one person. The
 * staff of the meeting only; sending happens in the background (202), the list shows how it went.
 */
export function registerInvitationRoutes(app: express.Express, deps: InvitationRouteDeps): void {
  const { invitations } = deps;
  const baseOf = (req: Request) => linkBase(deps.publicUrl, { protocol: req.protocol, host: req.host });

  app.get('/api/meetings/:id/invitations', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const rows = await invitations.rows(req.params.id, baseOf(req));
    if (!rows) return deps.sendError(res, 'not_found', 'no such meeting');
    res.json({ ok: true, data: { configured: invitations.configured, rows } });
  });

  app.post('/api/meetings/:id/invitations/send', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const parsed = sendSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return deps.sendError(res, 'invalid', 'give { "participantIds"?: [the ids of the people to send to] }');
    if (!invitations.configured) return notConfigured(res);
    const result = await invitations.send(req.params.id, baseOf(req), parsed.data.participantIds ?? null);
    if (!result) return deps.sendError(res, 'not_found', 'no such meeting');
    res.status(202).json({ ok: true, data: { queued: result.queued.length, skipped: result.skipped } });
  });

  /** One person's invitation again, also after it was sent (a lost message, a new address). */
  app.post('/api/meetings/:id/participants/:pid/invitation', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    if (!invitations.configured) return notConfigured(res);
    const result = await invitations.send(req.params.id, baseOf(req), [req.params.pid], { resend: true });
    if (!result) return deps.sendError(res, 'not_found', 'no such meeting');
    const refused = result.skipped[0];
    if (refused?.reason === 'not_found') return deps.sendError(res, 'not_found', 'no such participant');
    // Being sent already: pressing again changes nothing (as "send" does).
    if (refused?.reason === 'in_progress')
      return res.status(202).json({ ok: true, data: { queued: 0, skipped: result.skipped } });
    if (refused) {
      // A person named by hand with `resend` is skipped only for these two (never as sent or bounced).
      const reason: ConflictReason = refused.reason === 'no_email' ? 'no_email' : 'no_link';
      return res.status(409).json({ ok: false, error: { code: 'conflict', reason, message: REFUSED[reason] } });
    }
    res.status(202).json({ ok: true, data: { queued: result.queued.length, skipped: [] } });
  });
}

const REFUSED: Record<'no_email' | 'no_link', string> = {
  no_email: 'this person has no email address',
  no_link: 'this person holds no live link',
};
