import { databaseFile, type Config } from './config.js';

/**
 * What a node really uses, as its start says it (the banner and the 'started' log line): never a
 * password, token or link with a token in it — only where things are.
 */
export type StartFacts = {
  version: string;
  /** The web build served (its content hash, dist/build.json), `unknown` without one. */
  build: string;
  /** `sqlite <path>` or `postgresql user@host:port/database`. */
  store: string;
  /** `host:port` of Redis, or `none` (this node is alone). */
  redis: string;
  /** The address and port bound to, as given by HOST and PORT (the port the system chose for 0). */
  bind: string;
  /** PUBLIC_URL, or links built from each request's own address. */
  publicUrl: string;
  /** `host:port` of the SMTP server, or `not configured`. */
  mail: string;
  mode: 'production' | 'development';
};

/** An address as `host:port` (IPv6 in brackets). */
function hostPort(host: string, port: number | string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/**
 * The PostgreSQL server a DATABASE_URL names, without its password: `user@host:port/database`.
 * Unix sockets (`?host=/run/postgresql`) and the client's defaults are named as libpq applies them.
 */
export function describePostgres(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Not a URL (a libpq "key=value" string may hold a password): say only what it is.
    return 'postgresql (connection string not shown)';
  }
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
  const port = url.port || url.searchParams.get('port') || '5432';
  const user = decodeURIComponent(url.username) || url.searchParams.get('user') || '(default user)';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || url.searchParams.get('dbname') || user;
  const where = host.startsWith('/') ? `${host} (socket), port ${port}` : hostPort(host, port);
  return `postgresql ${user}@${where}/${database}`;
}

/** The Redis a REDIS_URL names, as `host:port` (with TLS said), never its password. */
export function describeRedis(redisUrl: string | null): string {
  if (!redisUrl) return 'none';
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    return 'configured (address not shown)';
  }
  const where = hostPort(url.hostname || 'localhost', url.port || '6379');
  return url.protocol === 'rediss:' ? `${where} (TLS)` : where;
}

/** What this node uses, from its configuration and the port it is listening on. */
export function startFacts(config: Config, port: number, version: string, build: string): StartFacts {
  return {
    version,
    build,
    store: config.databaseUrl ? describePostgres(config.databaseUrl) : `sqlite ${databaseFile(config)}`,
    redis: describeRedis(config.redisUrl),
    bind: hostPort(config.host === '' ? '0.0.0.0' : config.host, port),
    publicUrl: config.publicUrl ?? 'from each request',
    mail: config.mail ? hostPort(config.mail.host, config.mail.port) : 'not configured',
    mode: config.production ? 'production' : 'development',
  };
}

/** Whether the node listens on every interface (HOST unset, 0.0.0.0 or ::). */
export function bindsEverywhere(config: Config): boolean {
  return config.host === '' || config.host === '0.0.0.0' || config.host === '::';
}

/** The banner's lines, for the operator's terminal or journal. */
export function bannerLines(facts: StartFacts): string[] {
  return [
    `Rostrum ${facts.version}, build ${facts.build} (${facts.mode})`,
    `  store       ${facts.store}`,
    `  redis       ${facts.redis}`,
    `  listening   ${facts.bind}`,
    `  public URL  ${facts.publicUrl}`,
    `  mail        ${facts.mail}`,
  ];
}
