import { randomBytes } from 'node:crypto';
import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { fail, type ConflictReason, type ErrorCode, type Principal } from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import type { MeetingRegistry } from '../room/meetings.js';
import type { DeletionCounts, MeetingLifecycle, MeetingLifecycleStore } from '../store/lifecycle-types.js';
import type { StaffContext, StaffService } from './service.js';

type SendError = (res: Response, code: ErrorCode, message: string) => void;

export type LifecycleRouteDeps = {
  staff: StaffService;
  registry: MeetingRegistry;
  lifecycle: MeetingLifecycleStore;
  logger: Logger;
  now: () => number;
  signedIn: (req: Request, res: Response) => StaffContext | null;
};

/** Why a meeting may not be deleted yet, in the order the secretariat deals with them. */
export type DeletionBlocker = Extract<
  ConflictReason,
  'meeting_not_closed' | 'minutes_not_exported' | 'record_not_exported'
>;

export function deletionBlockers(closed: boolean, life: MeetingLifecycle): DeletionBlocker[] {
  const out: DeletionBlocker[] = [];
  if (!closed) out.push('meeting_not_closed');
  if (life.minutesExportedAt === null) out.push('minutes_not_exported');
  if (life.recordExportedAt === null) out.push('record_not_exported');
  return out;
}

const managerIdSchema = z.string().min(1).max(64);

const BLOCKER_TEXT: Record<DeletionBlocker, string> = {
  meeting_not_closed: 'the meeting is not closed',
  minutes_not_exported: 'the minutes have not been downloaded since the meeting closed',
  record_not_exported: 'the record (results export) has not been downloaded since the meeting closed',
};

function refuse(res: Response, reason: DeletionBlocker): void {
  res.status(409).json(fail('conflict', BLOCKER_TEXT[reason], reason));
}

/**
 * The secretariat's end of a meeting (docs/protocol.md, "Meeting lifecycle"): close it without
 * opening the chair's console, archive it (off the home page's default list), see what deleting
 * it would remove, delete it — only once it is closed and its minutes and record were downloaded
 * — and who manages it. For a signed-in administrator or a manager of the meeting.
 */
export function registerLifecycleRoutes(app: express.Express, deps: LifecycleRouteDeps, send: SendError): void {
  const { staff, registry, lifecycle, now } = deps;

  /** The signed-in manager (or administrator) and the meeting's room; answers the refusal itself. */
  const managed = async (req: Request, res: Response) => {
    const ctx = deps.signedIn(req, res);
    if (!ctx) return null;
    const meetingId = String(req.params.id);
    if (!(await staff.mayManage(ctx.account, meetingId)))
      return (send(res, 'forbidden', 'you do not manage this meeting'), null);
    const room = await registry.open(meetingId);
    if (!room) return (send(res, 'not_found', 'no such meeting'), null);
    return { ctx, room, meetingId };
  };

  const lifecycleOf = async (meetingId: string): Promise<MeetingLifecycle> =>
    (await lifecycle.lifecycle(meetingId)) ?? { archivedAt: null, minutesExportedAt: null, recordExportedAt: null };

  /** Closes the meeting as its chair would (meeting.close), for a secretariat that is not on the chair's console. */
  app.post('/api/staff/meetings/:id/close', async (req, res) => {
    const m = await managed(req, res);
    if (!m) return;
    const chair = (await registry.invites(m.meetingId)).find((i) => i.role === 'chair' && i.revokedAt === null);
    if (!chair) return send(res, 'not_found', 'the meeting has no live chair link');
    const principal: Principal = {
      meetingId: m.meetingId,
      inviteId: chair.id,
      role: 'chair',
      delegationId: null,
      presenterId: null,
    };
    // A random id in the chair link's namespace: no client can have sent it first.
    const ack = await m.room.submit(principal, {
      id: `staff-close-${randomBytes(12).toString('base64url')}`,
      type: 'meeting.close',
    });
    if (!ack.ok) {
      const status = ack.error.code === 'conflict' ? 409 : ack.error.code === 'internal' ? 500 : 400;
      return res.status(status).json({ ok: false, error: ack.error });
    }
    deps.logger.info({ accountId: m.ctx.account.id, meetingId: m.meetingId }, 'staff closed a meeting');
    res.json({ ok: true, data: { status: m.room.state.meta.status, closedAt: m.room.state.meta.closedAt } });
  });

  for (const [action, archive] of [
    ['archive', true],
    ['unarchive', false],
  ] as const)
    app.post(`/api/staff/meetings/:id/${action}`, async (req, res) => {
      const m = await managed(req, res);
      if (!m) return;
      if (archive && m.room.state.meta.status !== 'closed') return refuse(res, 'meeting_not_closed');
      await lifecycle.setArchived(m.meetingId, archive ? now() : null);
      res.json({ ok: true, data: await lifecycleOf(m.meetingId) });
    });

  /** What deleting the meeting would remove, and whether it may be deleted now (and if not, why). */
  app.get('/api/staff/meetings/:id/deletion', async (req, res) => {
    const m = await managed(req, res);
    if (!m) return;
    const life = await lifecycleOf(m.meetingId);
    const blockers = deletionBlockers(m.room.state.meta.status === 'closed', life);
    const counts: DeletionCounts = await lifecycle.deletionCounts(m.meetingId);
    res.json({ ok: true, data: { meetingId: m.meetingId, allowed: blockers.length === 0, blockers, counts, ...life } });
  });

  app.delete('/api/staff/meetings/:id', async (req, res) => {
    const m = await managed(req, res);
    if (!m) return;
    const blocker = deletionBlockers(m.room.state.meta.status === 'closed', await lifecycleOf(m.meetingId))[0];
    if (blocker) return refuse(res, blocker);
    const deleted = await registry.delete(m.meetingId, () => lifecycle.deleteMeeting(m.meetingId));
    if (!deleted) return send(res, 'not_found', 'no such meeting');
    deps.logger.warn({ accountId: m.ctx.account.id, meetingId: m.meetingId, deleted }, 'meeting deleted');
    res.json({ ok: true, data: { meetingId: m.meetingId, deleted } });
  });

  /** The meeting's managers, and the enabled accounts that could be added. */
  app.get('/api/staff/meetings/:id/managers', async (req, res) => {
    const m = await managed(req, res);
    if (!m) return;
    const accounts = await staff.store.listAccounts();
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const managers = (await staff.store.listManagers(m.meetingId)).flatMap((r) => {
      const a = byId.get(r.accountId);
      return a ? [{ accountId: a.id, name: a.name, email: a.email, role: a.role, addedAt: r.addedAt }] : [];
    });
    const taken = new Set(managers.map((x) => x.accountId));
    const candidates = accounts
      .filter((a) => a.disabledAt === null && !taken.has(a.id))
      .map((a) => ({ accountId: a.id, name: a.name, email: a.email, role: a.role }));
    res.json({ ok: true, data: { managers, candidates } });
  });

  app.delete('/api/staff/meetings/:id/managers/:accountId', async (req, res) => {
    const m = await managed(req, res);
    if (!m) return;
    const accountId = managerIdSchema.safeParse(req.params.accountId);
    if (!accountId.success) return send(res, 'invalid', 'not an account id');
    if (!(await staff.store.removeManager(m.meetingId, accountId.data)))
      return send(res, 'not_found', 'this account does not manage the meeting');
    deps.logger.info(
      { accountId: m.ctx.account.id, meetingId: m.meetingId, removed: accountId.data },
      'meeting manager removed',
    );
    res.json({ ok: true, data: {} });
  });
}
