import { createHash, randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import {
  cleanFileName,
  fail,
  FILE_TYPES,
  idSchema,
  isStaff,
  LIMITS,
  type ErrorCode,
  type FileRef,
} from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import type { MeetingRegistry } from '../room/meetings.js';
import { bearer } from '../room/tokens.js';
import { FileCache } from './file-cache.js';
import { detectFileKind } from './sniff.js';

/** Memory for files being downloaded (see FileCache): a few reports of a few MiB each. */
const DOWNLOAD_CACHE_BYTES = 64 * 1024 * 1024;

export type FileRouteDeps = {
  registry: MeetingRegistry;
  now: () => number;
  logger: Logger;
  isAdmin: (req: Request) => boolean;
  sendError: (res: Response, code: ErrorCode, message: string) => void;
};

/** Who is asking: an invite of this meeting (its id) or the admin token (null). */
type Caller = { inviteId: string | null };

/** The raw body of an upload, whatever its Content-Type; larger than a file may be is refused. */
const readRawBody = express.raw({ type: () => true, limit: LIMITS.fileBytes });

/** The original name as sent: `?name=` (UTF-8, so Cyrillic names survive; headers would not carry them). */
function nameOf(req: Request): string {
  const raw = req.query.name;
  return typeof raw === 'string' ? raw.slice(0, 1000) : '';
}

function isTooLarge(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.too.large';
}

/**
 * POST /api/meetings/:id/files?name=… — the chair or secretariat of the meeting (or the admin)
 * uploads a document file as the raw body; answers 201 with its `FileRef`.
 * GET /api/meetings/:id/files/:fileId — any participant of the meeting downloads it.
 * The bytes live in the store with the meeting (see docs/architecture.md, *Uploaded files*).
 */
export function registerFileRoutes(app: express.Express, deps: FileRouteDeps): void {
  const { registry, sendError } = deps;
  const files = new FileCache((meetingId, fileId) => registry.store.getFile(meetingId, fileId), DOWNLOAD_CACHE_BYTES);
  // A deleted meeting's files go from memory too, on every node (the admin token reaches any meeting id).
  registry.onDelete((meetingId) => files.forget(meetingId));

  /** Answers 401/403 itself and returns null unless the caller may act on this meeting. */
  async function authorize(req: Request, res: Response, meetingId: string, staffOnly: boolean): Promise<Caller | null> {
    if (deps.isAdmin(req)) return { inviteId: null };
    const token = bearer(req.headers.authorization);
    if (!token) return (sendError(res, 'unauthorized', 'a token is required'), null);
    const auth = await registry.authenticate(token);
    if (!auth.ok) return (sendError(res, auth.code, auth.message), null);
    if (auth.principal.meetingId !== meetingId)
      return (sendError(res, 'forbidden', 'the token is for another meeting'), null);
    if (staffOnly && !isStaff(auth.principal.role))
      return (sendError(res, 'forbidden', 'for the chair and the secretariat only'), null);
    return { inviteId: auth.principal.inviteId };
  }

  app.post('/api/meetings/:id/files', async (req, res, next) => {
    const meetingId = req.params.id;
    // Who first, before a byte of the body is read: a refused caller costs no upload.
    const caller = await authorize(req, res, meetingId, true);
    if (!caller) return;
    const room = await registry.open(meetingId);
    if (!room) return sendError(res, 'not_found', 'no such meeting');
    // A closed meeting's documents can no longer change (agenda.setDocuments is refused): a file
    // uploaded now could never be named, yet would count against the meeting's limits.
    if (room.state.meta.status === 'closed')
      return void res.status(409).json(fail('conflict', 'the meeting is closed', 'meeting_closed'));
    readRawBody(req, res, (err?: unknown) => {
      if (err) {
        if (isTooLarge(err))
          return sendError(res, 'payload_too_large', `a file may be at most ${LIMITS.fileBytes} bytes`);
        return next(err);
      }
      void storeUpload(req, res, meetingId, caller).catch(next);
    });
  });

  async function storeUpload(req: Request, res: Response, meetingId: string, caller: Caller): Promise<void> {
    const body: unknown = req.body;
    const bytes = Buffer.isBuffer(body)
      ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
      : new Uint8Array();
    if (bytes.byteLength === 0) return sendError(res, 'invalid', 'the request body is the file, and it is empty');
    const kind = detectFileKind(bytes);
    if (kind === null)
      return sendError(res, 'unsupported_media_type', 'only PDF and DOCX files are accepted (checked by content)');
    const name = cleanFileName(nameOf(req), kind);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = {
      id: `f-${randomBytes(12).toString('base64url')}`,
      meetingId,
      name,
      kind,
      size: bytes.byteLength,
      sha256,
      uploadedBy: caller.inviteId,
      createdAt: deps.now(),
      data: bytes,
    };
    const added = await registry.store.addFile(file, {
      maxCount: LIMITS.filesPerMeeting,
      maxTotalBytes: LIMITS.fileBytesPerMeeting,
    });
    if (!added.ok) {
      const message =
        added.reason === 'too_many'
          ? `a meeting may hold at most ${LIMITS.filesPerMeeting} files`
          : `a meeting's files may total at most ${LIMITS.fileBytesPerMeeting} bytes`;
      return sendError(res, 'payload_too_large', message);
    }
    const { stored } = added;
    // The same bytes, name and kind again (a retry after a lost answer, a double click): the file
    // already stored is the answer, and the meeting's budget is not spent twice.
    const isNew = stored.id === file.id;
    if (isNew)
      deps.logger.info(
        { meetingId, fileId: file.id, kind, size: file.size, inviteId: caller.inviteId },
        'file uploaded',
      );
    const ref: FileRef = { id: stored.id, name: stored.name, size: stored.size, kind: stored.kind };
    res.status(isNew ? 201 : 200).json({ ok: true, data: ref });
  }

  app.get('/api/meetings/:id/files/:fileId', async (req, res) => {
    const meetingId = req.params.id;
    if (!(await authorize(req, res, meetingId, false))) return;
    const fileId = idSchema.safeParse(req.params.fileId);
    const file = fileId.success ? await files.get(meetingId, fileId.data) : null;
    if (!file) return sendError(res, 'not_found', 'no such file in this meeting');
    // `attachment` writes the name as an ASCII fallback plus `filename*=UTF-8''…` (RFC 6266),
    // so a Cyrillic name arrives intact; it would also guess a type, which is set after it.
    res.attachment(file.name);
    res.set({
      'Content-Type': FILE_TYPES[file.kind].mime,
      'Content-Length': String(file.size),
      // Behind a token: no shared cache may keep it, and the browser keeps no copy either.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      // Opened directly, whatever it holds runs nothing under this origin.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    res.end(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
  });
}
