import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ErrorCode } from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import { linkBase } from '../platform/public-url.js';
import type { MeetingRegistry } from '../room/meetings.js';

export type LinkRouteDeps = {
  registry: MeetingRegistry;
  logger: Logger;
  now: () => number;
  /** PUBLIC_URL; null: links point where each request came to (platform/public-url.ts). */
  publicUrl: string | null;
  staffOrAdmin: (req: Request, res: Response, meetingId: string) => Promise<boolean>;
  sendError: (res: Response, code: ErrorCode, message: string) => void;
};

/** Further than this is a typing slip (a year 2205), not a meeting's follow-up. */
const MAX_EXTENSION_MS = 10 * 365 * 24 * 60 * 60 * 1000;

/** `until`: milliseconds since the epoch, or an ISO 8601 date-time with its offset. */
const extendSchema = z.strictObject({
  until: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]),
});

/** The `invalid` error of one field, with a stable `code` a client can translate. */
function fieldError(res: Response, path: string, code: string, message: string): void {
  res.status(400).json({ ok: false, error: { code: 'invalid', message, issues: [{ path, code, message }] } });
}

/**
 * A meeting's invitation links for its staff: the list (on the address the request came to), a
 * link replaced, and how long the links work, extended by the secretariat (room/link-validity.ts).
 */
export function registerLinkRoutes(app: express.Express, deps: LinkRouteDeps): void {
  const { registry } = deps;
  // Express's reading of the request: X-Forwarded-Proto/-Host only from a proxy in TRUST_PROXY.
  const baseOf = (req: Request) => linkBase(deps.publicUrl, { protocol: req.protocol, host: req.host });

  app.get('/api/meetings/:id/links', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    if (!(await registry.open(req.params.id))) return deps.sendError(res, 'not_found', 'no such meeting');
    res.json({ ok: true, data: await registry.links(req.params.id, baseOf(req)) });
  });

  /** How long the meeting's links work. */
  app.get('/api/meetings/:id/links/lifetime', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const lifetime = await registry.lifetime(req.params.id);
    if (!lifetime) return deps.sendError(res, 'not_found', 'no such meeting');
    res.json({ ok: true, data: lifetime });
  });

  /** Keeps every live link of the meeting working at least until `until` (also after it closes). */
  app.post('/api/meetings/:id/links/extend', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const parsed = extendSchema.safeParse(req.body);
    if (!parsed.success)
      return fieldError(
        res,
        'until',
        'invalid_date',
        'give { "until": a date-time with its offset (ISO 8601) or milliseconds since 1970 }',
      );
    const raw = parsed.data.until;
    const until = typeof raw === 'number' ? raw : Date.parse(raw);
    const now = deps.now();
    if (until <= now) return fieldError(res, 'until', 'date_in_past', 'links can only be extended to a future date');
    if (until > now + MAX_EXTENSION_MS)
      return fieldError(res, 'until', 'date_too_far', 'links can be extended by ten years at most');
    const lifetime = await registry.extendLinks(req.params.id, until);
    if (!lifetime) return deps.sendError(res, 'not_found', 'no such meeting');
    deps.logger.info({ meetingId: req.params.id, until }, 'links extended');
    res.json({ ok: true, data: lifetime });
  });

  /** Replaces a link: the old one is revoked, the same person gets a new one. */
  app.post('/api/meetings/:id/invites/:inviteId/reissue', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const link = await registry.reissue(req.params.id, req.params.inviteId, baseOf(req));
    if (!link) return deps.sendError(res, 'not_found', 'no such invite');
    if (link === 'replaced')
      return deps.sendError(res, 'conflict', 'this seat already has a live link: this one was replaced');
    deps.logger.info(
      { meetingId: req.params.id, inviteId: req.params.inviteId, newInviteId: link.inviteId },
      'invite re-issued',
    );
    res.status(201).json({ ok: true, data: link });
  });
}
