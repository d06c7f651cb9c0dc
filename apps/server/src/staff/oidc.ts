import * as client from 'openid-client';
import type { Config, OidcConfig } from '../platform/config.js';
import { linkBase, type RequestAddress } from '../platform/public-url.js';
import { FlowSeal, OIDC_FLOW_TTL_MS } from './oidc-flow.js';

export const OIDC_CALLBACK_PATH = '/api/staff/oidc/callback';

/**
 * Why a sign-in with the provider failed, as `/signin?error=<code>` says it (stable: the web
 * translates them). `state`: no flow, an expired or used one, or a state that is not its own.
 */
export type OidcErrorCode = 'state' | 'provider' | 'email_unverified' | 'unknown_account' | 'disabled' | 'unavailable';

/** Who the provider says signed in: a verified email, and a name if it gave one. */
export type OidcIdentity = { email: string; name: string | null; subject: string };

export type OidcOutcome = { ok: true; identity: OidcIdentity } | { ok: false; code: OidcErrorCode; detail: string };

/** Plain http is allowed for a provider on this machine only (a development or test provider). */
function loopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
}

/**
 * The authorization code flow with PKCE, state and nonce (openid-client does the protocol). The
 * provider's metadata is discovered on first use and kept; a failed discovery is tried again
 * on the next sign-in, so a provider that is down at start does not stop the server.
 */
export class OidcSignIn {
  private discovered: Promise<client.Configuration> | null = null;
  private readonly flows: FlowSeal;

  constructor(
    readonly config: OidcConfig,
    secret: string,
    private readonly publicUrl: string | null,
    private readonly now: () => number,
  ) {
    this.flows = new FlowSeal(secret, now);
  }

  /** Where the provider sends the browser back: OIDC_REDIRECT_URI, else this server's public base. */
  redirectUri(req: RequestAddress): string | null {
    if (this.config.redirectUri) return this.config.redirectUri;
    const base = linkBase(this.publicUrl, req);
    return base === undefined ? null : `${base}${OIDC_CALLBACK_PATH}`;
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret } = this.config;
      const url = new URL(issuer);
      this.discovered = client
        .discovery(url, clientId, clientSecret ?? undefined, clientSecret ? undefined : client.None(), {
          execute: loopbackHttp(url) ? [client.allowInsecureRequests] : [],
        })
        .catch((err: unknown) => {
          this.discovered = null;
          throw err;
        });
    }
    return this.discovered;
  }

  /** The provider's authorization URL, and the sealed flow to keep in the browser's cookie meanwhile. */
  async begin(redirectUri: string): Promise<{ url: string; flowCookie: string }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const flowCookie = this.flows.seal({
      state,
      nonce,
      codeVerifier,
      redirectUri,
      expiresAt: this.now() + OIDC_FLOW_TTL_MS,
    });
    return { url: url.href, flowCookie };
  }

  /** Checks the provider's answer (`query`) against the flow of the cookie, redeems the code, reads the email. */
  async finish(flowCookie: string | null, query: URLSearchParams): Promise<OidcOutcome> {
    const flow = flowCookie ? this.flows.consume(flowCookie) : null;
    if (!flow) return { ok: false, code: 'state', detail: 'no sign-in under way (expired, used or missing)' };
    if (query.get('state') !== flow.state) return { ok: false, code: 'state', detail: 'the state does not match' };
    const error = query.get('error');
    if (error !== null) return { ok: false, code: 'provider', detail: `the provider answered ${error}` };
    let claims: Record<string, unknown>;
    try {
      const config = await this.configuration();
      const current = new URL(flow.redirectUri);
      current.search = query.toString();
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) return { ok: false, code: 'provider', detail: 'no ID token' };
      claims = { ...idClaims };
      // Many providers put the email in the userinfo answer only (scope claims, not ID token claims).
      if (typeof claims.email !== 'string')
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
    } catch (err) {
      return { ok: false, code: 'provider', detail: err instanceof Error ? err.message : String(err) };
    }
    const email = claims.email;
    if (typeof email !== 'string' || claims.email_verified !== true)
      return { ok: false, code: 'email_unverified', detail: 'the provider gave no verified email' };
    const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : null;
    return { ok: true, identity: { email, name, subject: String(claims.sub) } };
  }
}

/** The server's OpenID Connect sign-in when it is configured, else null. */
export function oidcSignIn(config: Config, secret: string): OidcSignIn | null {
  return config.oidc ? new OidcSignIn(config.oidc, secret, config.publicUrl, config.now) : null;
}
