import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { fail, type Principal } from '@rostrum/core';
import { addressKey, clientAddress, compileTrust, type TrustFn, type TrustProxy } from './client-address.js';
import { ConnectionCaps } from './connection-caps.js';
import type { RateLimits } from '../platform/rate-limits.js';
import { bearer, secretsEqual, type TokenCheck } from '../room/tokens.js';

/** Redis keys of the shared budgets (rate-limiter-flexible adds `:<key>`). */
const REDIS_PREFIX = 'rostrum:rl';

export type ClientLimitsOptions = {
  limits: RateLimits;
  trustProxy: TrustProxy;
  /** Several nodes: the budgets live in Redis, so that every node spends the same ones. */
  redis: Redis | null;
  adminToken: string;
  /** Signature and expiry of an invite token (cached by the token service), not its revocation. */
  verifyToken: (token: string) => Promise<TokenCheck>;
};

/**
 * Every budget of the server, each keyed by one principal (DESIGN.md, principle 9): an invite, the
 * admin, or — for what has no verified principal — the real client address behind the trusted
 * proxies. Shared by the HTTP API, Socket.IO and the Yjs endpoint, so that they agree on who a
 * client is. With Redis (several nodes) the rate budgets are kept there and spent by every node
 * as one; if Redis is unreachable each node falls back to its own memory (never to no limit).
 */
export class ClientLimits {
  readonly trust: TrustFn;
  readonly caps: ConnectionCaps;
  private readonly http: RateLimiterAbstract;
  private readonly failedAuth: RateLimiterAbstract;
  /** Per connection: a connection lives on one node, so its budget stays in memory. */
  private readonly perConnection: RateLimiterMemory;
  private readonly perInvite: RateLimiterAbstract;
  private readonly perDelegation: RateLimiterAbstract;

  /** The numbers behind the budgets and caps. */
  get settings(): RateLimits {
    return this.opts.limits;
  }

  constructor(private readonly opts: ClientLimitsOptions) {
    const { limits, redis } = opts;
    this.trust = compileTrust(opts.trustProxy);
    this.caps = new ConnectionCaps(limits);
    this.http = budget(redis, 'http', limits.httpPerAddress, limits.httpWindowSeconds);
    this.failedAuth = budget(redis, 'auth-failed', limits.failedAuthPerAddress, limits.failedAuthWindowSeconds);
    this.perConnection = new RateLimiterMemory({
      keyPrefix: 'cmd-connection',
      points: limits.commandsPerConnection,
      duration: 1,
    });
    this.perInvite = budget(redis, 'cmd-invite', limits.commandsPerInvite, 1);
    this.perDelegation = budget(redis, 'cmd-delegation', limits.commandsPerDelegation, 1);
  }

  /** The client address of a request (HTTP, Socket.IO handshake, WebSocket upgrade). */
  address(req: IncomingMessage): string {
    return clientAddress(req, this.trust);
  }

  /** The key the address of a request is limited by (IPv6 by /64). */
  addressKey(req: IncomingMessage): string {
    return addressKey(this.address(req));
  }

  /**
   * A secret failed its check for a client of this address key: spends one point of the
   * address's failed-auth budget. Null while within it; once it is spent, the milliseconds
   * until it is renewed, and the caller answers `rate_limited` instead of `unauthorized`.
   */
  async authFailed(key: string): Promise<number | null> {
    const res = await spend(this.failedAuth, key);
    return res.ok ? null : res.msBeforeNext;
  }

  /** Whether the address's failed-auth budget is spent (null: not spent), without spending it. */
  private async authBlocked(key: string): Promise<number | null> {
    const res = await this.failedAuth.get(key);
    if (!res || res.consumedPoints < this.opts.limits.failedAuthPerAddress) return null;
    return Math.max(1, res.msBeforeNext);
  }

  /**
   * May this command be run? Budgets are spent in order, each only once the one before accepted:
   * the connection's own, then its invite's, then (delegates only) its delegation's. A command a
   * budget refuses spends nothing of the budgets after it, so a flooding connection costs only
   * itself and its own link. The delegation's budget is larger than an invite's: one link at its
   * limit cannot spend all of it, and the delegation's other link keeps a share. The chair,
   * secretariat, presenters and observers never touch a delegation's budget, even when their
   * invite names a delegation (the demo chair is Azerbaijan's). Commands the server makes itself
   * (poll deadlines) do not come through here.
   */
  async allowCommand(connectionId: string, principal: Principal): Promise<boolean> {
    if (!(await spend(this.perConnection, connectionId)).ok) return false;
    if (!(await spend(this.perInvite, principal.inviteId)).ok) return false;
    if (principal.role === 'delegate' && principal.delegationId !== null) {
      return (await spend(this.perDelegation, `${principal.meetingId}:${principal.delegationId}`)).ok;
    }
    return true;
  }

  /**
   * Who an HTTP request's budget belongs to: the invite of a token that verifies, `admin` for
   * the admin token, else the client address. A bearer token that is neither spends a point of
   * the address's failed-auth budget; once that is spent, the admin token is not even compared
   * from that address (no oracle for guesses), while a correctly signed invite token still
   * passes (it cannot be guessed, and people behind one shared address keep working).
   */
  private async httpPrincipal(req: Request): Promise<{ key: string } | { retryMs: number }> {
    const address = this.addressKey(req);
    const token = bearer(req.headers.authorization);
    if (token === null) return { key: `ip:${address}` };
    const check = await this.opts.verifyToken(token);
    if (check.ok) return { key: `invite:${check.principal.inviteId}` };
    const blocked = await this.authBlocked(address);
    if (blocked !== null) return { retryMs: blocked };
    if (secretsEqual(token, this.opts.adminToken)) return { key: 'admin' };
    const over = await this.authFailed(address);
    return over === null ? { key: `ip:${address}` } : { retryMs: over };
  }

  /** The rate limit of `/api` and `/metrics`: 429 `rate_limited` with `Retry-After`. */
  httpMiddleware(): RequestHandler {
    const refuse = (res: Response, retryMs: number) => {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryMs / 1000))));
      res.status(429).json(fail('rate_limited', 'too many requests; try again shortly'));
    };
    return (req: Request, res: Response, next: NextFunction) => {
      this.httpPrincipal(req)
        .then(async (who) => {
          if ('retryMs' in who) return refuse(res, who.retryMs);
          const spent = await spend(this.http, who.key);
          if (!spent.ok) return refuse(res, spent.msBeforeNext);
          next();
        })
        .catch(next);
    };
  }
}

/** A budget of `points` per `seconds`: in Redis when given (every node spends the same), else in memory. */
function budget(redis: Redis | null, name: string, points: number, seconds: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${REDIS_PREFIX}:${name}`,
    points,
    duration: seconds,
    // Redis down or reconnecting: this node's own memory limits, at once, rather than waiting
    // for ioredis's retries while commands queue (or no limit at all).
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/** Spends one point: ok, or refused with the time until the window renews. Store errors are thrown. */
async function spend(
  limiter: RateLimiterAbstract,
  key: string,
): Promise<{ ok: true } | { ok: false; msBeforeNext: number }> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, msBeforeNext: err.msBeforeNext };
    throw err;
  }
}
