import type express from 'express';
import type { Request, Response } from 'express';
import type { ErrorCode, Seat } from '@rostrum/core';
import { resultsCsv, resultsExport } from '@rostrum/core/server';
import type { MeetingRegistry } from '../room/meetings.js';

export type ResultsRouteDeps = {
  registry: MeetingRegistry;
  now: () => number;
  /** Admin, or a chair/secretariat token of this meeting; otherwise answers 401/403 itself. */
  staffOrAdmin: (req: Request, res: Response, meetingId: string) => Promise<boolean>;
  sendError: (res: Response, code: ErrorCode, message: string) => void;
  /** Called as the export is sent: for a closed meeting it is the record kept before deletion. */
  exported?: (req: Request, meetingId: string, kind: 'record') => Promise<void>;
};

/**
 * GET /api/meetings/:id/results.json | results.csv | results?format=csv — the polls (with
 * their results; who voted what in roll-call polls, only who voted in anonymous ones) and the
 * decision register, for the chair and the secretariat.
 */
export function registerResultRoutes(app: express.Express, deps: ResultsRouteDeps): void {
  const paths = ['/api/meetings/:id/results', '/api/meetings/:id/results.json', '/api/meetings/:id/results.csv'];
  app.get(paths, async (req, res) => {
    const meetingId = req.params.id;
    if (typeof meetingId !== 'string' || !(await deps.staffOrAdmin(req, res, meetingId))) return;
    const room = await deps.registry.open(meetingId);
    if (!room) return deps.sendError(res, 'not_found', 'no such meeting');
    // With several nodes, ballots cast through the others are read from the store first.
    await room.refresh();
    const format = req.path.endsWith('.csv') ? 'csv' : req.path.endsWith('.json') ? 'json' : req.query.format;
    if (format !== undefined && format !== 'csv' && format !== 'json')
      return deps.sendError(res, 'invalid', 'format is csv or json');

    const seats = new Map<string, Seat | null>();
    for (const invite of await deps.registry.invites(meetingId)) seats.set(invite.id, invite.seat);
    const report = resultsExport(
      { state: room.state, secret: room.secret },
      deps.now(),
      (inviteId) => seats.get(inviteId) ?? null,
    );

    // Results are for the staff: no shared caches, no browser history of the file.
    res.set('Cache-Control', 'no-store');
    if (format === 'csv') {
      res.set('Content-Type', 'text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="rostrum-${meetingId}-results.csv"`);
      // A byte-order mark, so that spreadsheet programs read the Russian texts as UTF-8.
      await deps.exported?.(req, meetingId, 'record');
      res.send(`\uFEFF${resultsCsv(report)}`);
      return;
    }
    await deps.exported?.(req, meetingId, 'record');
    res.json({ ok: true, data: report });
  });
}
