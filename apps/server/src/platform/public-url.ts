/**
 * The address links are built on. `PUBLIC_URL` when it is configured; otherwise the address the
 * person reached this server at (the request's scheme and host, so that a link copied from
 * `http://192.168.1.5:8080` works on the other laptops of that room, where `localhost` would not).
 * The scheme and host come from Express's `req.protocol` / `req.host`, which read
 * X-Forwarded-Proto / X-Forwarded-Host only from a proxy trusted by `TRUST_PROXY` (the app's
 * `trust proxy` setting): without it, a client cannot put another site's name into the links.
 */

/** A host as it may stand in a link: a DNS name, IPv4 or a bracketed IPv6 address, and a port. */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_PATTERN = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*\\.?|\\[[0-9a-f:.]+\\])(?::(\\d{1,5}))?$`);
const MAX_HOST_LENGTH = 255;

/** The host header's value if it can stand in a link as it is (lowercased), or null. */
export function validHost(value: string | undefined): string | null {
  if (value === undefined) return null;
  const host = value.trim().toLowerCase();
  if (host.length === 0 || host.length > MAX_HOST_LENGTH) return null;
  const m = HOST_PATTERN.exec(host);
  if (!m) return null;
  const port = m[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
  return host;
}

/** What a request says about where it was sent: Express's reading of it (trust proxy applied). */
export type RequestAddress = { protocol: string; host: string | undefined };

/**
 * The base of the links for a request: the configured one, else the request's own scheme and host
 * when they are sound; undefined otherwise (a missing or malformed Host: the caller falls back to
 * the address the server is bound to). Never ends in `/`.
 */
export function linkBase(configured: string | null, req: RequestAddress): string | undefined {
  if (configured) return configured.replace(/\/+$/, '');
  const host = validHost(req.host);
  if (host === null || (req.protocol !== 'http' && req.protocol !== 'https')) return undefined;
  return `${req.protocol}://${host}`;
}

/**
 * The address a server bound to `host`:`port` is reached at from this machine, for what it prints
 * and for links built without a request: `localhost` for the wildcard addresses.
 */
export function boundUrl(host: string, port: number): string {
  if (host === '' || host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
