import type express from 'express';
import type { Request, Response } from 'express';
import type { ErrorCode } from '@rostrum/core';
import { buildMinutes, minutesLangKey, parseMinutesFormat, parseMinutesLang, MINUTES_FORMATS } from '@rostrum/minutes';
import type { Logger } from '../platform/logger.js';
import type { MeetingRegistry } from '../room/meetings.js';
import { verifyLog } from '../store/verify.js';
import { minutesInput } from './input.js';
import { MinutesRenderer, RendererBusyError } from './renderer.js';

export type MinutesRouteDeps = {
  registry: MeetingRegistry;
  now: () => number;
  logger: Logger;
  /** Admin, or a chair/secretariat token of this meeting; otherwise answers 401/403 itself. */
  staffOrAdmin: (req: Request, res: Response, meetingId: string) => Promise<boolean>;
  sendError: (res: Response, code: ErrorCode, message: string) => void;
  renderer?: MinutesRenderer;
  /** Called as the minutes are sent: for a closed meeting they are the ones kept before deletion. */
  exported?: (req: Request, meetingId: string, kind: 'minutes') => Promise<void>;
};

/** The HTML minutes open in a browser with nothing allowed to run, whatever they contain. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/**
 * GET /api/meetings/:id/minutes?format=md|html|docx|pdf|json&lang=<l>|<l1>+<l2>|both — the
 * minutes, built from the record at the time of the request (a draft while the meeting is
 * open), in one language of the meeting or two side by side (`parseMinutesLang`; by default its
 * original).
 * GET /api/meetings/:id/verify — the log's hash chain recomputed from the store.
 * Both for the chair, the secretariat and the admin; delegates and observers get `forbidden`.
 */
export function registerMinutesRoutes(app: express.Express, deps: MinutesRouteDeps): MinutesRenderer {
  const renderer = deps.renderer ?? new MinutesRenderer(deps.logger);
  const { registry, now, sendError } = deps;

  app.get('/api/meetings/:id/minutes', async (req, res) => {
    const meetingId = req.params.id;
    if (typeof meetingId !== 'string' || !(await deps.staffOrAdmin(req, res, meetingId))) return;
    const room = await registry.open(meetingId);
    if (!room) return sendError(res, 'not_found', 'no such meeting');
    const format = parseMinutesFormat(req.query.format);
    if (format === null) return sendError(res, 'invalid', `format is one of ${MINUTES_FORMATS.join(', ')}`);
    const parsed = parseMinutesLang(req.query.lang, room.state.meta.languages);
    if (!parsed.ok) return sendError(res, 'invalid', parsed.message);
    const { lang } = parsed;
    try {
      const { input, verification } = await minutesInput(
        registry.store,
        meetingId,
        { state: room.state, notes: room.notesDoc.doc },
        now(),
      );
      const file = await renderer.render(buildMinutes(input), format, lang);
      res.set({
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Content-Length': String(file.body.byteLength),
        // Minutes are for the staff: no shared caches, no copy kept by the browser.
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'X-Log-Digest': verification.digest,
        'X-Log-Intact': String(verification.intact),
      });
      if (format === 'html') res.set('Content-Security-Policy', HTML_CSP);
      await deps.exported?.(req, meetingId, 'minutes');
      res.end(Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength));
    } catch (err) {
      if (err instanceof RendererBusyError) {
        res.set('Retry-After', '5');
        return sendError(res, 'rate_limited', 'other documents are being built; try again in a few seconds');
      }
      deps.logger.error({ err, meetingId, format, lang: minutesLangKey(lang) }, 'minutes failed');
      sendError(res, 'internal', 'the minutes could not be built');
    }
  });

  app.get('/api/meetings/:id/verify', async (req, res) => {
    const meetingId = req.params.id;
    if (typeof meetingId !== 'string' || !(await deps.staffOrAdmin(req, res, meetingId))) return;
    if (!(await registry.open(meetingId))) return sendError(res, 'not_found', 'no such meeting');
    const result = verifyLog(await registry.store.listCommands(meetingId));
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, data: { meetingId, checkedAt: now(), ...result } });
  });

  return renderer;
}
