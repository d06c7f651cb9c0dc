import { join, resolve } from 'node:path';
import { YJS_AUTH_TIMEOUT_MS } from '@rostrum/core';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits.js';

export type Config = {
  port: number;
  host: string;
  /** Folder of the SQLite database and the server secret. */
  dataDir: string;
  /** Bearer token for the admin API; generated and stored on first start when not given. */
  adminToken: string | null;
  /** Key that signs invite tokens; generated and stored on first start when not given. */
  tokenSecret: string | null;
  /**
   * Base of the links printed and returned (e.g. https://rostrum.example.org). Null: links point
   * where each request came to (platform/public-url.ts), and printed ones to the bound address.
   */
  publicUrl: string | null;
  /** Built web app to serve, or null (API only). */
  webDist: string | null;
  /**
   * Where the hashed assets of the builds this node served are kept, served after `webDist`'s own
   * (platform/asset-archive.ts; ASSETS_ARCHIVE). Null: `<dataDir>/assets-archive`.
   */
  assetsArchive: string | null;
  /** Allowed CORS origin for the API and Socket.IO; false = same origin only. */
  corsOrigin: string | false;
  logLevel: string;
  /**
   * The least time a new link works after it is made, whatever its meeting does (its stored
   * `expiresAt`, room/link-validity.ts). 0 by default: a link works until `linkGraceMs` after its
   * meeting closes.
   */
  inviteTtlMs: number;
  /** How long links keep working after their meeting closes (LINK_GRACE_DAYS; the secretariat can extend it). */
  linkGraceMs: number;
  minFlushIntervalMs: number;
  presenceIntervalMs: number;
  rateLimits: RateLimits;
  /** Proxies trusted to give the client's address in X-Forwarded-For (TRUST_PROXY); false: none. */
  trustProxy: TrustProxy;
  /** PostgreSQL connection string: the store of several nodes. Null: the SQLite file in `dataDir`. */
  databaseUrl: string | null;
  /** Redis URL: Socket.IO, Yjs updates and presence across nodes. Null: this node is alone. */
  redisUrl: string | null;
  /** This node's name in the cluster (logs, its own messages); random when not given. */
  nodeId: string | null;
  /** How long a new Yjs connection has to send its authentication frame (docs/protocol.md). */
  yjsAuthTimeoutMs: number;
  /**
   * Deprecated (YJS_TOKEN_IN_URL=1): also admit Yjs connections by `?token=` in the URL, for old
   * clients. Off by default, and such connections are refused: URLs end up in access logs.
   */
  yjsTokenInUrl: boolean;
  /** Staff sign-in with OpenID Connect (OIDC_ISSUER and OIDC_CLIENT_ID set); null: passwords only. */
  oidc: OidcConfig | null;
  /** Invitations by email over SMTP (SMTP_URL or SMTP_HOST, with MAIL_FROM); null: not configured. */
  mail: MailConfig | null;
  /**
   * Production mode (NODE_ENV=production): the start prints no link, token or setup link, only
   * where things are (docs/deploy.md, "Production mode").
   */
  production: boolean;
  /** Whether an empty store gets the demo meeting at start (DEMO_MEETING=1|0; by default: not in production). */
  demoMeeting: boolean;
  /** A batch of commands whose execution and commit take longer is logged as 'slow command' (SLOW_COMMAND_MS). */
  slowCommandMs: number;
  now: () => number;
  onStorageFailure: (err: unknown) => void;
};

/** An organisation's identity provider (docs/deploy.md, "Signing staff in with OpenID Connect"). */
export type OidcConfig = {
  /** The issuer, whose `/.well-known/openid-configuration` is read (OIDC_ISSUER). */
  issuer: string;
  clientId: string;
  /** Null: a public client, held by PKCE alone (OIDC_CLIENT_SECRET unset). */
  clientSecret: string | null;
  /** Null: `<public base>/api/staff/oidc/callback` (OIDC_REDIRECT_URI). */
  redirectUri: string | null;
  /** The button's label, "Sign in with …" (OIDC_PROVIDER_NAME; the issuer's host when unset). */
  providerName: string;
  /** A verified email of this domain with no account gets a new secretariat account (OIDC_AUTO_CREATE_DOMAIN). */
  autoCreateDomain: string | null;
};

/** The SMTP server invitations leave through (docs/deploy.md, "Sending invitations by email"). */
export type MailConfig = {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, port 465); false: STARTTLS. */
  secure: boolean;
  /**
   * Without `secure`: refuse to send unless the server upgrades the connection with STARTTLS
   * (SMTP_REQUIRE_TLS, on by default). Every message carries a personal link, and the sign-in
   * its password: neither may cross the network in clear because someone stripped STARTTLS.
   * Off only for a relay on the same machine or a trusted local network.
   */
  requireTls: boolean;
  /** Null: the server takes mail without signing in (a relay on the local network). */
  auth: { user: string; pass: string } | null;
  /** The sender, "WCO Secretariat <meetings@wcoomd.org>" (MAIL_FROM). */
  from: string;
  /** Where answers go (MAIL_REPLY_TO); null: to the sender. */
  replyTo: string | null;
  /** Waits between the attempts of a message refused for a while (4xx, no connection): three attempts in all. */
  retryDelaysMs: readonly number[];
};

const DAY = 24 * 60 * 60 * 1000;

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 8080,
    host: '0.0.0.0',
    dataDir: resolve('data'),
    adminToken: null,
    tokenSecret: null,
    publicUrl: null,
    webDist: null,
    assetsArchive: null,
    corsOrigin: false,
    logLevel: 'info',
    inviteTtlMs: 0,
    linkGraceMs: 30 * DAY,
    minFlushIntervalMs: 20,
    presenceIntervalMs: 1000,
    rateLimits: DEFAULT_RATE_LIMITS,
    trustProxy: false,
    databaseUrl: null,
    redisUrl: null,
    nodeId: null,
    yjsAuthTimeoutMs: YJS_AUTH_TIMEOUT_MS,
    yjsTokenInUrl: false,
    oidc: null,
    mail: null,
    production: false,
    demoMeeting: true,
    slowCommandMs: 250,
    now: Date.now,
    onStorageFailure: () => undefined,
    ...overrides,
  };
}

/** A whole number of at least 1 from the environment, or the default when unset. */
function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  return n;
}

/** DEMO_MEETING=1 or 0 when given; otherwise the demo meeting is for everything but production. */
function demoMeeting(env: NodeJS.ProcessEnv, production: boolean): boolean {
  const raw = env.DEMO_MEETING?.trim() ?? '';
  if (raw === '') return !production;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`DEMO_MEETING must be 1 (create the demo meeting on an empty store) or 0, not "${raw}"`);
}

/** PUBLIC_URL as links start with it: an http(s) address without a query or fragment (a trailing `/` is dropped). */
function publicUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL must be an address such as https://rostrum.example.org, not "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '')
    throw new Error(`PUBLIC_URL must be an http or https address without ? or #, not "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** An absolute http(s) address from the environment, or null when unset. */
function httpUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash !== '')
    throw new Error(`${name} must be an http or https address, not "${raw}"`);
  return raw;
}

/** OIDC_* settings: all or nothing, so that a half-configured provider fails at start, not at sign-in. */
function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = httpUrl(env, 'OIDC_ISSUER');
  const clientId = env.OIDC_CLIENT_ID || null;
  if (issuer === null && clientId === null) return null;
  if (issuer === null || clientId === null) throw new Error('OIDC_ISSUER and OIDC_CLIENT_ID are set together');
  const issuerUrl = new URL(issuer);
  // Plain http only for a provider on this machine (staff/oidc.ts allows no other).
  if (issuerUrl.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(issuerUrl.hostname))
    throw new Error(`OIDC_ISSUER must be an https address (http only on localhost), not "${issuer}"`);
  const domain = env.OIDC_AUTO_CREATE_DOMAIN?.trim().toLowerCase() || null;
  if (domain !== null && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
    throw new Error(`OIDC_AUTO_CREATE_DOMAIN must be a domain such as example.org, not "${domain}"`);
  return {
    issuer,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    redirectUri: httpUrl(env, 'OIDC_REDIRECT_URI'),
    providerName: env.OIDC_PROVIDER_NAME?.trim() || issuerUrl.host,
    autoCreateDomain: domain,
  };
}

/** An address as MAIL_FROM / MAIL_REPLY_TO take it: `someone@example.org` or `Name <someone@example.org>`. */
const MAILBOX = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

function mailbox(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  if (!MAILBOX.test(raw))
    throw new Error(`${name} must be an address such as meetings@example.org or "Name <meetings@example.org>"`);
  return raw;
}

/** SMTP_URL (smtp:// or smtps://, user and password in it) or SMTP_HOST and its parts: where the server is. */
function smtpServer(env: NodeJS.ProcessEnv): Pick<MailConfig, 'host' | 'port' | 'secure' | 'auth'> | null {
  const rawUrl = env.SMTP_URL?.trim() || null;
  const host = env.SMTP_HOST?.trim() || null;
  if (rawUrl !== null && host !== null) throw new Error('set SMTP_URL or SMTP_HOST, not both');
  if (rawUrl !== null) {
    let url: URL | null = null;
    try {
      url = new URL(rawUrl);
    } catch {
      // reported below
    }
    // The URL holds the password: never repeated in the message.
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '')
      throw new Error('SMTP_URL must be smtp://user:password@host:port or smtps://user:password@host:port');
    const secure = url.protocol === 'smtps:';
    const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
    const user = decodeURIComponent(url.username);
    return {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port,
      secure,
      auth: user === '' ? null : { user, pass: decodeURIComponent(url.password) },
    };
  }
  if (host === null) {
    if (env.SMTP_USER || env.SMTP_PASSWORD || env.SMTP_PORT || env.SMTP_SECURE)
      throw new Error('SMTP_PORT, SMTP_SECURE, SMTP_USER and SMTP_PASSWORD need SMTP_HOST');
    return null;
  }
  const secureRaw = env.SMTP_SECURE?.trim() ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(secureRaw))
    throw new Error(`SMTP_SECURE must be 1 (TLS from the start, port 465) or 0 (STARTTLS), not "${secureRaw}"`);
  const secure = secureRaw === '1' || secureRaw === 'true';
  const portRaw = env.SMTP_PORT?.trim() ?? '';
  const port = portRaw === '' ? (secure ? 465 : 587) : Number(portRaw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`SMTP_PORT must be a port number, not "${portRaw}"`);
  const user = env.SMTP_USER || null;
  if ((user === null) !== !env.SMTP_PASSWORD) throw new Error('SMTP_USER and SMTP_PASSWORD are set together');
  return { host, port, secure, auth: user === null ? null : { user, pass: env.SMTP_PASSWORD ?? '' } };
}

/** SMTP_* and MAIL_*: all that is needed or nothing, so that a half-configured mailer fails at start, not at sending. */
function mailConfig(env: NodeJS.ProcessEnv): MailConfig | null {
  const server = smtpServer(env);
  const from = mailbox(env, 'MAIL_FROM');
  const replyTo = mailbox(env, 'MAIL_REPLY_TO');
  if (server === null) {
    if (from !== null || replyTo !== null) throw new Error('MAIL_FROM and MAIL_REPLY_TO need SMTP_URL or SMTP_HOST');
    return null;
  }
  if (from === null) throw new Error("MAIL_FROM is required with SMTP_URL or SMTP_HOST (the invitations' sender)");
  const requireRaw = env.SMTP_REQUIRE_TLS?.trim() ?? '';
  if (requireRaw !== '' && requireRaw !== '0' && requireRaw !== '1')
    throw new Error(`SMTP_REQUIRE_TLS must be 1 (refuse to send without TLS, the default) or 0, not "${requireRaw}"`);
  return { ...server, requireTls: requireRaw !== '0', from, replyTo, retryDelaysMs: [2_000, 8_000] };
}

/**
 * Reads the environment: PORT, HOST, DATA_DIR, ADMIN_TOKEN, TOKEN_SECRET, PUBLIC_URL, CORS_ORIGIN,
 * LOG_LEVEL, and for several nodes DATABASE_URL (PostgreSQL), REDIS_URL and NODE_ID; YJS_TOKEN_IN_URL=1
 * (deprecated) admits Yjs connections with the token in the URL; TRUST_PROXY (the reverse proxies
 * trusted for X-Forwarded-For, -Proto and -Host), MAX_CONNECTIONS_PER_ADDRESS and MAX_CONNECTIONS_PER_INVITE;
 * LINK_GRACE_DAYS (how long links work after their meeting closes, 30 by default); OIDC_ISSUER,
 * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_PROVIDER_NAME, OIDC_AUTO_CREATE_DOMAIN
 * (staff sign-in with OpenID Connect); SMTP_URL or SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER,
 * SMTP_PASSWORD, with MAIL_FROM and MAIL_REPLY_TO (invitations by email); NODE_ENV=production (no
 * demo meeting, nothing secret printed at start), DEMO_MEETING=1|0 (overrides it for the demo
 * meeting) and SLOW_COMMAND_MS (250 by default); ASSETS_ARCHIVE (where the assets of earlier web
 * builds are kept, platform/asset-archive.ts).
 */
export function configFromEnv(env: NodeJS.ProcessEnv, webDist: string | null): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const production = env.NODE_ENV === 'production';
  return defaultConfig({
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    adminToken: env.ADMIN_TOKEN || null,
    tokenSecret: env.TOKEN_SECRET || null,
    publicUrl: publicUrl(env.PUBLIC_URL),
    linkGraceMs: positiveInt(env, 'LINK_GRACE_DAYS', 30) * DAY,
    corsOrigin: env.CORS_ORIGIN || false,
    logLevel: env.LOG_LEVEL ?? 'info',
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    nodeId: env.NODE_ID || null,
    yjsTokenInUrl: env.YJS_TOKEN_IN_URL === '1',
    oidc: oidcConfig(env),
    mail: mailConfig(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    production,
    demoMeeting: demoMeeting(env, production),
    slowCommandMs: positiveInt(env, 'SLOW_COMMAND_MS', 250),
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      connectionsPerAddress: positiveInt(env, 'MAX_CONNECTIONS_PER_ADDRESS', DEFAULT_RATE_LIMITS.connectionsPerAddress),
      connectionsPerInvite: positiveInt(env, 'MAX_CONNECTIONS_PER_INVITE', DEFAULT_RATE_LIMITS.connectionsPerInvite),
    },
    webDist,
    assetsArchive: env.ASSETS_ARCHIVE ? resolve(env.ASSETS_ARCHIVE) : null,
  });
}

export const databaseFile = (config: Config) => join(config.dataDir, 'rostrum.sqlite');
