import type express from 'express';
import type { Request, Response } from 'express';
import type { Logger } from '../platform/logger.js';
import { OIDC_FLOW_TTL_MS } from './oidc-flow.js';
import type { OidcErrorCode, OidcSignIn } from './oidc.js';
import type { StaffService } from './service.js';

/** The sealed flow between `/start` and `/callback` (oidc-flow.ts); sent to these routes only. */
export const OIDC_FLOW_COOKIE = 'rostrum_oidc';
const FLOW_COOKIE_PATH = '/api/staff/oidc';

export type OidcRoutesDeps = {
  oidc: OidcSignIn | null;
  staff: StaffService;
  logger: Logger;
  /** Starts a staff session for the account, sets the session cookie and sends the browser home. */
  signIn: (req: Request, res: Response, accountId: string) => Promise<void>;
};

function flowCookie(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === OIDC_FLOW_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,4000}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * Staff sign-in with OpenID Connect (docs/protocol.md): a browser goes to `/start`, is sent to
 * the provider, comes back to `/callback`, and lands on `/` signed in, or on
 * `/signin?error=<code>` with one of `OidcErrorCode`.
 */
export function registerOidcRoutes(app: express.Express, deps: OidcRoutesDeps): void {
  const { oidc, staff, logger } = deps;
  const fail = (res: Response, code: OidcErrorCode, detail: string) => {
    logger.warn({ code, detail }, 'staff sign-in with OpenID Connect refused');
    res.redirect(303, `/signin?error=${code}`);
  };
  const clearFlow = (req: Request, res: Response) =>
    res.clearCookie(OIDC_FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: FLOW_COOKIE_PATH });

  /** Whether the sign-in page offers the provider's button, and its name. */
  app.get('/api/staff/oidc', (_req, res) => {
    res.json({ ok: true, data: { enabled: oidc !== null, providerName: oidc?.config.providerName ?? null } });
  });

  app.get('/api/staff/oidc/start', async (req, res) => {
    if (!oidc) return fail(res, 'unavailable', 'OpenID Connect is not configured');
    const redirectUri = oidc.redirectUri({ protocol: req.protocol, host: req.host });
    if (!redirectUri) return fail(res, 'unavailable', 'no public address to come back to (set PUBLIC_URL)');
    let begun: { url: string; flowCookie: string };
    try {
      begun = await oidc.begin(redirectUri);
    } catch (err) {
      return fail(res, 'unavailable', `discovery failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    // SameSite=Lax: the provider's redirect back is a top-level GET, which carries it.
    res.cookie(OIDC_FLOW_COOKIE, begun.flowCookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: FLOW_COOKIE_PATH,
      maxAge: OIDC_FLOW_TTL_MS,
    });
    res.redirect(303, begun.url);
  });

  app.get('/api/staff/oidc/callback', async (req, res) => {
    clearFlow(req, res);
    if (!oidc) return fail(res, 'unavailable', 'OpenID Connect is not configured');
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const out = await oidc.finish(flowCookie(req.headers.cookie), query);
    if (!out.ok) return fail(res, out.code, out.detail);
    const found = await staff.accountForVerifiedEmail(
      out.identity.email,
      out.identity.name,
      oidc.config.autoCreateDomain,
    );
    if (!found.ok)
      return fail(
        res,
        found.code === 'disabled' ? 'disabled' : 'unknown_account',
        `${found.code} account for ${out.identity.email}`,
      );
    if (found.created) logger.info({ accountId: found.account.id }, 'staff account created at first sign-in');
    logger.info({ accountId: found.account.id, subject: out.identity.subject }, 'staff signed in with OpenID Connect');
    await deps.signIn(req, res, found.account.id);
  });
}
