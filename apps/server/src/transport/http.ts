import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { fail, isStaff, LIMITS, meetingDefinitionSchema, PROTOCOL_VERSION, type ErrorCode } from '@rostrum/core';
import type { Readiness } from '../platform/health.js';
import type { Logger } from '../platform/logger.js';
import type { BuildInfo } from '../platform/build-info.js';
import type { MeetingRegistry } from '../room/meetings.js';
import { registerResultRoutes } from './results-http.js';
import { registerMinutesRoutes } from '../minutes/routes.js';
import { registerFileRoutes } from '../files/routes.js';
import { registerLinkRoutes } from './links-http.js';
import type { ParticipantStore } from '../store/participant-types.js';
import { splitDefinition, storeDefinitionParticipants } from '../participants/from-definition.js';
import { registerParticipantRoutes } from './participants-http.js';
import { linkBase } from '../platform/public-url.js';
import type { ServerMetrics } from '../platform/metrics.js';
import type { ClientLimits } from './limits.js';
import { corsFor, securityHeaders } from './security.js';
import { bearer, secretsEqual } from '../room/tokens.js';
import type { StaffHttp } from '../staff/routes.js';
import type { InvitationService } from '../mail/invitations.js';
import { registerInvitationRoutes } from '../mail/routes.js';
import type { ExportKind } from '../store/lifecycle-types.js';

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid: 400,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unsupported_protocol: 400,
  store_unavailable: 503,
  internal: 500,
};

/** The cache lifetime of a file whose name carries its content hash. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function sendError(res: Response, code: ErrorCode, message: string): void {
  res.status(STATUS[code]).json(fail(code, message));
}

/** A path of a source map (`….map`), read as the static handler reads it: percent escapes decoded. */
function isSourceMap(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: the static handler refuses it too (and serves nothing).
  }
  return /\.map$/i.test(decoded);
}

/**
 * An error that is the client's fault, as Node, body-parser and the router report it, with its
 * stable code: a body too large (413) or not JSON (400); a `Content-Encoding` the server does not
 * inflate (body-parser reads identity, gzip, deflate and br) or a charset it does not know: 415
 * `unsupported_media_type`, as for a file that is not a PDF or DOCX; any other 4xx they set in
 * `status` / `statusCode` — broken gzip (zlib, 400), an aborted body (400), a path that is not
 * valid percent-encoding (the router's URIError, 400) — is 400 `invalid`. Null: the server's fault.
 */
function clientFault(err: unknown): { code: ErrorCode; message: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const type = 'type' in err ? err.type : undefined;
  if (type === 'entity.too.large')
    return { code: 'payload_too_large', message: `a request body may be at most ${LIMITS.httpJsonBytes} bytes` };
  if (type === 'entity.parse.failed') return { code: 'invalid', message: 'the request body is not valid JSON' };
  if (type === 'encoding.unsupported')
    return {
      code: 'unsupported_media_type',
      message: 'the request body is in a Content-Encoding the server does not read (it reads gzip, deflate and br)',
    };
  if (type === 'charset.unsupported')
    return { code: 'unsupported_media_type', message: 'the request body is in a charset the server does not read' };
  const status = 'status' in err ? err.status : 'statusCode' in err ? err.statusCode : undefined;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 499) return null;
  if (status === 413) return { code: 'payload_too_large', message: 'the request body is too large' };
  if (status === 415)
    return { code: 'unsupported_media_type', message: 'the request body is of a type the server does not read' };
  if (err instanceof URIError) return { code: 'invalid', message: 'the request path is not valid percent-encoding' };
  return { code: 'invalid', message: 'the request is malformed' };
}

export type HttpDeps = {
  registry: MeetingRegistry;
  logger: Logger;
  adminToken: string;
  version: string;
  startedAt: number;
  now: () => number;
  webDist: string | null;
  /** The web build served (dist/build.json), as /healthz reports it. */
  build?: BuildInfo;
  /** The hashed assets of the builds served before (platform/asset-archive.ts), served after `webDist`'s. */
  assetsArchive?: string | null;
  corsOrigin: string | false;
  /** PUBLIC_URL; null: links point where each request came to (platform/public-url.ts). */
  publicUrl?: string | null;
  /** Rate limits keyed by invite, admin or real client address (limits.ts); its `trust` is Express's `trust proxy`. */
  limits: ClientLimits;
  /** Prometheus metrics, served on GET /metrics to the admin token. */
  metrics?: ServerMetrics;
  /** Staff accounts and sessions (staff/): a signed-in staff member manages the meetings it may. */
  staff?: StaffHttp;
  /** The meetings' named participants (participants/): kept here, never in a meeting's document. */
  participants?: ParticipantStore;
  /** Invitations by email (mail/): sent, resent and listed with each person's status. */
  invitations?: InvitationService;
  /** Notes a download of a closed meeting's minutes or record (the condition for deleting it). */
  markExported?: (meetingId: string, kind: ExportKind) => Promise<void>;
  /** Readiness (`GET /readyz`): the store and, when configured, Redis, checked now (platform/health.ts). */
  readiness?: () => Promise<Readiness>;
};

export function createHttpApp(deps: HttpDeps): express.Express {
  const { registry, adminToken, now } = deps;
  const app = express();
  app.disable('x-powered-by');
  // The same trust function as the WebSocket endpoints: `req.ip` is their client address too.
  app.set('trust proxy', deps.limits.trust);
  app.use(securityHeaders());
  const corsMiddleware = corsFor(deps.corsOrigin);
  if (corsMiddleware) app.use('/api', corsMiddleware);
  // Every route that checks a secret is limited: the API and the metrics (admin token).
  app.use(['/api', '/metrics'], deps.limits.httpMiddleware());
  app.use(express.json({ limit: LIMITS.httpJsonBytes }));
  // The session cookie, and its CSRF checks on every state-changing request made with it.
  const staff = deps.staff;
  if (staff) app.use('/api', staff.middleware(sendError));

  const isAdmin = (req: Request) => {
    const token = bearer(req.headers.authorization);
    return token !== null && secretsEqual(token, adminToken);
  };

  // Prometheus metrics (metrics.ts), for the admin token only: meeting ids are labels.
  const metrics = deps.metrics;
  if (metrics)
    app.get('/metrics', (req, res) =>
      isAdmin(req) ? void metrics.serve(res) : sendError(res, 'unauthorized', 'the admin token is required'),
    );

  app.get('/healthz', (_req, res) => {
    res.json({
      status: 'ok',
      version: deps.version,
      // Which web build this node serves: in a rolling upgrade, which nodes run the new one.
      build: deps.build?.build ?? 'unknown',
      commit: deps.build?.commit ?? null,
      protocolVersion: PROTOCOL_VERSION,
      uptimeSeconds: Math.round((now() - deps.startedAt) / 1000),
      meetingsLoaded: registry.size,
    });
  });

  // Readiness, beside /healthz (liveness): 503 while the store or Redis cannot be used, so that a
  // load balancer sends no new clients here and monitoring sees which one failed.
  const readiness = deps.readiness;
  if (readiness)
    app.get('/readyz', (_req, res) => {
      readiness().then(
        (r) => {
          res.setHeader('Cache-Control', 'no-store');
          res.status(r.status === 'ready' ? 200 : 503).json(r);
        },
        () => res.status(503).json({ status: 'not_ready' }),
      );
    });

  app.post('/api/meetings', async (req, res) => {
    // A staff member who creates a meeting manages it.
    const creator = staff?.of(req)?.account ?? null;
    if (!isAdmin(req) && !creator) return sendError(res, 'unauthorized', 'the admin token is required');
    const parsed = meetingDefinitionSchema.safeParse(req.body);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 10)
        .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      return res
        .status(400)
        .json({ ok: false, error: { code: 'invalid', message: 'the meeting definition is not valid', issues } });
    }
    // The people go to the participants table only, never into the stored definition or a document.
    const { definition, participants } = splitDefinition(parsed.data);
    const { room, links } = await registry.create(
      definition,
      linkBase(deps.publicUrl ?? null, { protocol: req.protocol, host: req.host }),
    );
    if (deps.participants)
      await storeDefinitionParticipants(deps.participants, room.id, definition, participants, now());
    if (creator && staff) await staff.meetingCreated(room.id, creator.id);
    res.status(201).json({ ok: true, data: { id: room.id, links } });
  });

  app.get('/api/meetings', async (req, res) => {
    const account = isAdmin(req) ? null : (staff?.of(req)?.account ?? null);
    if (!isAdmin(req) && !account) return sendError(res, 'unauthorized', 'the admin token is required');
    // A staff member sees the meetings it manages (an administrator account: all).
    const visible = account && staff ? await staff.visibleMeetings(account) : 'all';
    res.json({
      ok: true,
      // The live title (with the translations filled in since), and the languages to read it in.
      data: (visible === 'all' ? registry.all() : registry.all().filter((r) => visible.has(r.id))).map((r) => ({
        id: r.id,
        title: r.state.meta.title,
        languages: r.state.meta.languages,
        status: r.state.meta.status,
      })),
    });
  });

  /** Admin, a staff member signed in who manages this meeting, or a staff token of this meeting. */
  async function staffOrAdmin(req: Request, res: Response, meetingId: string): Promise<boolean> {
    if (isAdmin(req)) return true;
    const signedIn = staff?.of(req);
    if (signedIn && staff) {
      if (await staff.mayManage(signedIn.account, meetingId)) return true;
      return (sendError(res, 'forbidden', 'you do not manage this meeting'), false);
    }
    const token = bearer(req.headers.authorization);
    if (!token) return (sendError(res, 'unauthorized', 'a token is required'), false);
    const auth = await registry.authenticate(token);
    if (!auth.ok) return (sendError(res, auth.code, auth.message), false);
    if (auth.principal.meetingId !== meetingId)
      return (sendError(res, 'forbidden', 'the token is for another meeting'), false);
    if (!isStaff(auth.principal.role))
      return (sendError(res, 'forbidden', 'for the chair and the secretariat only'), false);
    return true;
  }

  app.get('/api/meetings/:id', async (req, res) => {
    // `open`: with several nodes, a meeting created on another one is loaded from the store here.
    const room = await registry.open(req.params.id);
    if (!(await staffOrAdmin(req, res, req.params.id))) return;
    if (!room) return sendError(res, 'not_found', 'no such meeting');
    res.json({ ok: true, data: { id: room.id, definition: room.definition, status: room.state.meta.status } });
  });

  app.get('/api/meetings/:id/invites', async (req, res) => {
    if (!(await staffOrAdmin(req, res, req.params.id))) return;
    const invites = await registry.invites(req.params.id);
    res.json({ ok: true, data: invites });
  });

  /** Cuts a link off at once, on every connection it holds. */
  app.post('/api/meetings/:id/invites/:inviteId/revoke', async (req, res) => {
    if (!(await staffOrAdmin(req, res, req.params.id))) return;
    const revoked = await registry.revoke(req.params.id, req.params.inviteId);
    if (!revoked) return sendError(res, 'not_found', 'no such invite');
    deps.logger.info({ meetingId: req.params.id, inviteId: revoked.id }, 'invite revoked');
    res.json({ ok: true, data: { inviteId: revoked.id, revokedAt: revoked.revokedAt } });
  });

  // The links, their lifetime and re-issues (links-http.ts).
  registerLinkRoutes(app, {
    registry,
    logger: deps.logger,
    now,
    publicUrl: deps.publicUrl ?? null,
    staffOrAdmin,
    sendError,
  });

  // Invitations by email, with each person's status (mail/routes.ts).
  if (deps.invitations)
    registerInvitationRoutes(app, {
      invitations: deps.invitations,
      publicUrl: deps.publicUrl ?? null,
      staffOrAdmin,
      sendError,
    });

  const invitations = deps.invitations;
  // Named participants: the staff's list and export, a link holder's own details (participants-http.ts).
  if (deps.participants)
    registerParticipantRoutes(app, {
      registry,
      participants: deps.participants,
      logger: deps.logger,
      now,
      staffOrAdmin,
      sendError,
      mailStatusOf: invitations ? (p) => invitations.shown(p) : undefined,
    });

  /** Who a token belongs to: the web app asks this before it opens any connection. */
  app.get('/api/session', async (req, res) => {
    const token = bearer(req.headers.authorization);
    if (!token) return sendError(res, 'unauthorized', 'a token is required');
    const auth = await registry.authenticate(token);
    if (!auth.ok) return sendError(res, auth.code, auth.message);
    const { principal } = auth;
    res.json({
      ok: true,
      data: {
        protocolVersion: PROTOCOL_VERSION,
        meetingId: principal.meetingId,
        role: principal.role,
        delegationId: principal.delegationId,
        presenterId: principal.presenterId,
        seat: principal.seat ?? null,
        serverNow: now(),
      },
    });
  });

  // A closed meeting's minutes or record downloaded: one condition less for deleting it.
  // Noted before the file is sent, so that the next request (the deletion check) sees it.
  const exported = async (req: Request, meetingId: string, kind: ExportKind): Promise<void> => {
    if (registry.get(meetingId)?.state.meta.status !== 'closed' || !deps.markExported) return;
    // A download another site started (a link or a redirect to it: the staff cookie goes along
    // with a top-level navigation) is served but does not count; this app's own pages and
    // clients that are not browsers (no Sec-Fetch-Site) do.
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return;
    await deps.markExported(meetingId, kind).catch((err: unknown) => {
      deps.logger.error({ err, meetingId, kind }, 'export not noted');
    });
  };
  registerResultRoutes(app, { registry, now, staffOrAdmin, sendError, exported });
  registerMinutesRoutes(app, { registry, now, logger: deps.logger, staffOrAdmin, sendError, exported });
  registerFileRoutes(app, { registry, now, logger: deps.logger, isAdmin, sendError });
  staff?.register(app, sendError);

  app.use('/api', (_req, res) => sendError(res, 'not_found', 'no such endpoint'));

  const webDist = deps.webDist;
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    // Hashed assets (`assets/<name>-<hash>.js`) never change under their name: a year, never
    // revalidated. index.html and build.json say which build is current: revalidated every time.
    // The rest (zod-config.js): an hour.
    const assetsDir = join(webDist, 'assets') + sep;
    const files = express.static(webDist, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, path) => {
        if (path.startsWith(assetsDir)) res.setHeader('Cache-Control', IMMUTABLE);
        else if (['index.html', 'build.json'].includes(basename(path))) res.setHeader('Cache-Control', 'no-cache');
      },
    });
    // Source maps are built (`sourcemap: 'hidden'`, for scripts/bundle-size.mjs and our own error
    // reports) but never served: they would hand the whole source to anyone. A request for one
    // goes on as if the file were not there (404), also when spelled with escapes (`.js%2Emap`).
    app.use((req, res, next) => (isSourceMap(req.path) ? next() : files(req, res, next)));
    // A page of an earlier build (its index.html from a node not yet upgraded, or from before this
    // node's restart) asks for that build's assets: they are in the archive (platform/asset-archive.ts).
    const archiveDir = deps.assetsArchive;
    if (archiveDir) {
      const archive = express.static(archiveDir, {
        index: false,
        setHeaders: (res) => res.setHeader('Cache-Control', IMMUTABLE),
      });
      app.use('/assets', (req, res, next) => (isSourceMap(req.path) ? next() : archive(req, res, next)));
    }
    // An asset of no build this node has: a 404 that no cache (browser, proxy) keeps, so that the
    // page's one reload may find it (on another node, or once this one is upgraded).
    app.use('/assets', (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.status(404).type('text/plain').send('no such asset');
    });
    const index = join(webDist, 'index.html');
    app.get(['/', '/m/{*rest}', '/signin', '/accounts', '/setup/{*rest}'], (_req, res) =>
      res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } }),
    );
  }

  // Body parser errors (malformed JSON, too large) and anything unexpected: a stable code, no stack.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const fault = clientFault(err);
    if (fault) return sendError(res, fault.code, fault.message);
    deps.logger.error({ err }, 'request failed');
    sendError(res, 'internal', 'the request failed');
  });

  return app;
}
