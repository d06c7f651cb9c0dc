import type express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { ErrorCode } from '@rostrum/core';
import type { MeetingRegistry } from '../room/meetings.js';
import type { TokenService } from '../room/tokens.js';
import type { Logger } from '../platform/logger.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.js';
import { sameSecret } from './secrets.js';
import type { AccountRecord } from '../store/staff-types.js';
import { publicAccount, SESSION_MAX_MS, type StaffContext, type StaffService } from './service.js';
import type { OidcSignIn } from './oidc.js';
import { registerOidcRoutes } from './oidc-routes.js';
import { registerLifecycleRoutes } from './lifecycle-routes.js';
import type { MeetingLifecycle, MeetingLifecycleStore } from '../store/lifecycle-types.js';

export const SESSION_COOKIE = 'rostrum_staff';
/** How long a token for the desk (`…/enter`) works: a working day; the home page asks again after. */
export const DESK_TOKEN_TTL_MS = 12 * 3_600_000;

type SendError = (res: Response, code: ErrorCode, message: string) => void;

export type StaffHttpDeps = {
  staff: StaffService;
  registry: MeetingRegistry;
  tokens: TokenService;
  logger: Logger;
  now: () => number;
  /** The client address key of a request (limits.ts), for the sign-in budget. */
  addressKey: (req: Request) => string;
  /** Origins besides the request's own that may send state-changing requests (PUBLIC_URL, CORS_ORIGIN). */
  trustedOrigins: () => string[];
  /** Sign-in with the organisation's identity provider (oidc.ts), when configured. */
  oidc?: OidcSignIn | null;
  /** Archiving, export stamps and deletion of meetings (lifecycle-routes.ts); none: those routes are absent. */
  lifecycle?: MeetingLifecycleStore | null;
};

const emailSchema = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'not an email address');
const nameSchema = z.string().trim().min(1).max(200);
const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `a password has at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `a password has at most ${PASSWORD_MAX} characters`);
const signInSchema = z.object({ email: z.string().max(254), password: z.string().max(PASSWORD_MAX) });
const linkUseSchema = z.object({
  email: emailSchema.optional(),
  name: nameSchema.optional(),
  password: passwordSchema,
});
const newAccountSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(['admin', 'secretariat']).default('secretariat'),
  /** None: the answer carries a one-time set-password link to hand over. */
  password: passwordSchema.nullable().default(null),
});
const enterSchema = z.object({ role: z.enum(['secretariat', 'chair']).default('secretariat') });
const managerSchema = z.object({ accountId: z.string().min(1).max(64) });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes reached before there is a session to hold a CSRF token: Origin is checked, not the token. */
const NO_TOKEN_PATHS = [/^\/api\/staff\/signin$/, /^\/api\/staff\/links\/[^/]+$/];

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

function invalid(res: Response, error: z.ZodError, send: SendError): void {
  send(res, 'invalid', error.issues[0]?.message ?? 'the request is not valid');
}

/**
 * Staff sessions over HTTP: the session cookie, the CSRF checks and the /api/staff routes. A
 * request that carries `Authorization` (an invite token, the admin token) is never read as a
 * session, so scripts behave as before and a cookie cannot lend them anything.
 */
export class StaffHttp {
  private readonly contexts = new WeakMap<Request, StaffContext>();

  constructor(private readonly deps: StaffHttpDeps) {}

  /** The signed-in staff member of a request (set by `middleware`), or null. */
  of(req: Request): StaffContext | null {
    return this.contexts.get(req) ?? null;
  }

  /** The creator of a meeting manages it. */
  async meetingCreated(meetingId: string, accountId: string): Promise<void> {
    await this.deps.staff.store.addManager(meetingId, accountId, this.deps.now());
  }

  mayManage(account: AccountRecord, meetingId: string): Promise<boolean> {
    return this.deps.staff.mayManage(account, meetingId);
  }

  visibleMeetings(account: AccountRecord): Promise<'all' | Set<string>> {
    return this.deps.staff.visibleMeetings(account);
  }

  /** Whether a state-changing request comes from a page of this server (Origin, else Fetch Metadata). */
  private sameOrigin(req: Request): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site';
    const own = `${req.protocol}://${req.host}`;
    return origin === own || this.deps.trustedOrigins().includes(origin);
  }

  /**
   * Reads the session cookie on /api; refuses a state-changing request made with it unless it
   * comes from this origin and (once signed in) carries the session's `X-CSRF-Token`.
   */
  middleware(send: SendError): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.headers.authorization !== undefined) return next();
      const sessionId = cookieValue(req.headers.cookie, SESSION_COOKIE);
      const unsafe = !SAFE_METHODS.has(req.method);
      if (unsafe && (sessionId !== null || req.path.startsWith('/staff/')) && !this.sameOrigin(req))
        return send(res, 'forbidden', 'a request from another origin');
      if (sessionId === null) return next();
      this.deps.staff
        .session(sessionId)
        .then((ctx) => {
          if (!ctx) return next();
          const exempt = NO_TOKEN_PATHS.some((p) => p.test(req.originalUrl.split('?')[0] ?? ''));
          const given = req.headers['x-csrf-token'];
          if (unsafe && !exempt && (typeof given !== 'string' || !sameSecret(given, ctx.csrfToken)))
            return send(res, 'forbidden', 'the X-CSRF-Token header is missing or wrong');
          this.contexts.set(req, ctx);
          next();
        })
        .catch(next);
    };
  }

  private setCookie(req: Request, res: Response, sessionId: string): void {
    res.cookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'lax',
      // req.secure honours X-Forwarded-Proto from a trusted proxy (TRUST_PROXY).
      secure: req.secure,
      path: '/',
      maxAge: SESSION_MAX_MS,
    });
  }

  private clearCookie(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
  }

  private sessionBody(ctx: { account: Parameters<typeof publicAccount>[0]; csrfToken: string }) {
    return { ok: true, data: { account: publicAccount(ctx.account), csrfToken: ctx.csrfToken } };
  }

  register(app: express.Express, send: SendError): void {
    const { staff, registry, now } = this.deps;
    const signedIn = (req: Request, res: Response): StaffContext | null => {
      const ctx = this.of(req);
      if (!ctx) send(res, 'unauthorized', 'sign in first');
      return ctx;
    };
    const admin = (req: Request, res: Response): StaffContext | null => {
      const ctx = signedIn(req, res);
      if (ctx && ctx.account.role !== 'admin') return (send(res, 'forbidden', 'for administrators only'), null);
      return ctx;
    };
    const startSession = async (req: Request, res: Response, sessionId: string, status = 200) => {
      const ctx = await staff.session(sessionId);
      if (!ctx) return send(res, 'internal', 'the session could not be started');
      this.setCookie(req, res, sessionId);
      res.status(status).json(this.sessionBody(ctx));
    };

    app.get('/api/staff/session', (req, res) => {
      const ctx = signedIn(req, res);
      if (ctx) res.json(this.sessionBody(ctx));
    });

    app.post('/api/staff/signin', async (req, res) => {
      const body = signInSchema.safeParse(req.body);
      if (!body.success) return invalid(res, body.error, send);
      const out = await staff.signIn(body.data.email, body.data.password, this.deps.addressKey(req));
      if (!out.ok && out.code === 'rate_limited') {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(out.retryMs / 1000))));
        return send(res, 'rate_limited', 'too many failed sign-ins; try again later');
      }
      if (!out.ok) return send(res, 'unauthorized', 'the email or the password is wrong');
      this.deps.logger.info({ accountId: out.account.id }, 'staff signed in');
      await startSession(req, res, out.sessionId);
    });

    registerOidcRoutes(app, {
      oidc: this.deps.oidc ?? null,
      staff,
      logger: this.deps.logger,
      signIn: async (req, res, accountId) => {
        this.setCookie(req, res, await staff.startSession(accountId));
        res.redirect(303, '/');
      },
    });

    app.post('/api/staff/signout', async (req, res) => {
      const ctx = this.of(req);
      if (ctx) await staff.signOut(ctx.sessionId);
      this.clearCookie(req, res);
      res.json({ ok: true, data: {} });
    });

    app.post('/api/staff/signout-everywhere', async (req, res) => {
      const ctx = signedIn(req, res);
      if (!ctx) return;
      await staff.signOutEverywhere(ctx.account.id);
      this.clearCookie(req, res);
      res.json({ ok: true, data: {} });
    });

    /** What a one-time link (setup, set password) is for; 404 when it cannot be used (any reason). */
    app.get('/api/staff/links/:token', async (req, res) => {
      const info = await staff.linkInfo(req.params.token);
      if (!info) return send(res, 'not_found', 'this link has been used or has expired');
      res.json({ ok: true, data: info });
    });

    /** Uses a one-time link: the first administrator's account, or a password; then signed in. */
    app.post('/api/staff/links/:token', async (req, res) => {
      const body = linkUseSchema.safeParse(req.body);
      if (!body.success) return invalid(res, body.error, send);
      const info = await staff.linkInfo(req.params.token);
      if (!info) return send(res, 'not_found', 'this link has been used or has expired');
      let accountId: string;
      if (info.kind === 'setup') {
        const { email, name, password } = body.data;
        if (!email || !name) return send(res, 'invalid', 'the email and the name are required');
        const account = await staff.setupFirstAdmin(req.params.token, { email, name, password });
        if (!account) return send(res, 'not_found', 'this link has been used or has expired');
        this.deps.logger.info({ accountId: account.id }, 'first administrator created');
        accountId = account.id;
      } else {
        const account = await staff.setPasswordWithLink(req.params.token, body.data.password);
        if (!account) return send(res, 'not_found', 'this link has been used or has expired');
        accountId = account.id;
      }
      await startSession(req, res, await staff.startSession(accountId), 201);
    });

    app.get('/api/staff/accounts', async (req, res) => {
      if (!admin(req, res)) return;
      res.json({ ok: true, data: (await staff.store.listAccounts()).map(publicAccount) });
    });

    app.post('/api/staff/accounts', async (req, res) => {
      const ctx = admin(req, res);
      if (!ctx) return;
      const body = newAccountSchema.safeParse(req.body);
      if (!body.success) return invalid(res, body.error, send);
      const made = await staff.createAccount(ctx.account, body.data);
      if (!made) return send(res, 'conflict', 'an account with this email exists');
      const base = `${req.protocol}://${req.host}`;
      res.status(201).json({
        ok: true,
        data: {
          account: publicAccount(made.account),
          setPasswordUrl: made.setPasswordToken ? `${base}/setup/${made.setPasswordToken}` : null,
        },
      });
    });

    /** A forgotten password: a new one-time set-password link for the administrator to hand over. */
    app.post('/api/staff/accounts/:id/password-link', async (req, res) => {
      if (!admin(req, res)) return;
      const token = await staff.passwordLink(req.params.id);
      if (!token) return send(res, 'not_found', 'no such account, or it is disabled');
      res.status(201).json({ ok: true, data: { setPasswordUrl: `${req.protocol}://${req.host}/setup/${token}` } });
    });

    for (const [action, disabled] of [
      ['disable', true],
      ['enable', false],
    ] as const)
      app.post(`/api/staff/accounts/:id/${action}`, async (req, res) => {
        const ctx = admin(req, res);
        if (!ctx) return;
        if (disabled && req.params.id === ctx.account.id)
          return send(res, 'conflict', 'an administrator cannot disable their own account');
        const account = await staff.setDisabled(req.params.id, disabled);
        if (!account) return send(res, 'not_found', 'no such account');
        res.json({ ok: true, data: publicAccount(account) });
      });

    /**
     * The meetings this staff member manages (an administrator: all), for the home page; the
     * archived ones only with `?archived=1` (and then only those).
     */
    app.get('/api/staff/meetings', async (req, res) => {
      const ctx = signedIn(req, res);
      if (!ctx) return;
      const visible = await staff.visibleMeetings(ctx.account);
      const rooms = visible === 'all' ? registry.all() : await this.openAll([...visible]);
      const lives = (await this.deps.lifecycle?.lifecycles()) ?? new Map<string, MeetingLifecycle>();
      const archived = req.query.archived === '1';
      const life = (id: string) =>
        lives.get(id) ?? { archivedAt: null, minutesExportedAt: null, recordExportedAt: null };
      res.json({
        ok: true,
        data: rooms
          .filter((r) => (life(r.id).archivedAt !== null) === archived)
          .map((r) => ({
            ...life(r.id),
            id: r.id,
            title: r.state.meta.title,
            languages: r.state.meta.languages,
            status: r.state.meta.status,
            startsAt: r.state.meta.startsAt,
            timeZone: r.state.meta.timeZone,
            openedAt: r.state.meta.openedAt,
            closedAt: r.state.meta.closedAt,
          })),
      });
    });

    if (this.deps.lifecycle)
      registerLifecycleRoutes(
        app,
        { staff, registry, lifecycle: this.deps.lifecycle, logger: this.deps.logger, now, signedIn },
        send,
      );

    /** Adds a staff account to a meeting's managers (an administrator, or one of its managers). */
    app.post('/api/staff/meetings/:id/managers', async (req, res) => {
      const ctx = signedIn(req, res);
      if (!ctx) return;
      const body = managerSchema.safeParse(req.body);
      if (!body.success) return invalid(res, body.error, send);
      if (!(await staff.mayManage(ctx.account, req.params.id)))
        return send(res, 'forbidden', 'you do not manage this meeting');
      if (!(await registry.open(req.params.id))) return send(res, 'not_found', 'no such meeting');
      if (!(await staff.store.accountById(body.data.accountId))) return send(res, 'not_found', 'no such account');
      await staff.store.addManager(req.params.id, body.data.accountId, now());
      res.json({ ok: true, data: {} });
    });

    /**
     * Opens a managed meeting's desk without an invite link: a token of the meeting's own
     * secretariat (or chair) invite, signed for a working day, used by the web like a link's.
     */
    app.post('/api/staff/meetings/:id/enter', async (req, res) => {
      const ctx = signedIn(req, res);
      if (!ctx) return;
      const body = enterSchema.safeParse(req.body ?? {});
      if (!body.success) return invalid(res, body.error, send);
      if (!(await staff.mayManage(ctx.account, req.params.id)))
        return send(res, 'forbidden', 'you do not manage this meeting');
      if (!(await registry.open(req.params.id))) return send(res, 'not_found', 'no such meeting');
      const invite = (await registry.invites(req.params.id)).find(
        (i) => i.role === body.data.role && i.revokedAt === null,
      );
      if (!invite) return send(res, 'not_found', `the meeting has no live ${body.data.role} link`);
      const token = await this.deps.tokens.sign(invite, { expiresAt: now() + DESK_TOKEN_TTL_MS });
      this.deps.logger.info(
        { accountId: ctx.account.id, meetingId: req.params.id, role: body.data.role },
        'staff entered a meeting',
      );
      res.json({ ok: true, data: { meetingId: req.params.id, role: body.data.role, token } });
    });
  }

  private async openAll(ids: string[]) {
    const rooms = await Promise.all(ids.map((id) => this.deps.registry.open(id)));
    return rooms.filter((r) => r !== undefined);
  }
}
