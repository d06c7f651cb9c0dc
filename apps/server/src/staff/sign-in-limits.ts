import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Failed sign-ins allowed per account and per client address in a window (then 429 with Retry-After). */
export type SignInLimits = { perAccount: number; perAddress: number; windowSeconds: number };

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 20, windowSeconds: 900 };

function limiter(redis: Redis | null, name: string, points: number, seconds: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
  if (!redis) return memory;
  // With several nodes every node counts the same failures; Redis down: this node's own count.
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `rostrum:${name}`,
    points,
    duration: seconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/**
 * Only failures are counted, per account (the email asked for, known or not: the answer must not
 * tell them apart) and per client address. Once either is spent, sign-in is refused without even
 * checking the password, until the window renews.
 */
export class SignInBudget {
  private readonly account: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;

  constructor(
    private readonly limits: SignInLimits,
    redis: Redis | null,
  ) {
    this.account = limiter(redis, 'signin-account', limits.perAccount, limits.windowSeconds);
    this.address = limiter(redis, 'signin-address', limits.perAddress, limits.windowSeconds);
  }

  /** Milliseconds until sign-in may be tried again for this email or address; null when it may now. */
  async blocked(email: string, address: string): Promise<number | null> {
    const [a, b] = await Promise.all([this.account.get(email), this.address.get(address)]);
    const waits = [
      a && a.consumedPoints >= this.limits.perAccount ? a.msBeforeNext : null,
      b && b.consumedPoints >= this.limits.perAddress ? b.msBeforeNext : null,
    ].filter((w): w is number => w !== null);
    return waits.length > 0 ? Math.max(1, ...waits) : null;
  }

  async failed(email: string, address: string): Promise<void> {
    for (const [l, key] of [
      [this.account, email],
      [this.address, address],
    ] as const) {
      try {
        await l.consume(key);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
      }
    }
  }

  /** A successful sign-in forgets the account's failures (not the address's). */
  async succeeded(email: string): Promise<void> {
    await this.account.delete(email);
  }
}
