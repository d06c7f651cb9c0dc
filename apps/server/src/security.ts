import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { fail } from '@rostrum/core';

/**
 * Security headers for the API and the web app. The CSP allows only this origin (WebSockets
 * included); `upgrade-insecure-requests` is off so that a plain-http deployment on a LAN works.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** CORS only for the configured origin; without one, the browser's same-origin rule stands. */
export function corsFor(origin: string | false): RequestHandler | null {
  if (!origin) return null;
  // A function (not the string) so that other origins get no CORS headers at all.
  return cors({ origin: (requestOrigin, callback) => callback(null, requestOrigin === origin), credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 });
}

export type RateLimits = {
  /** HTTP requests per client address per window. */
  httpPerAddress: number;
  httpWindowSeconds: number;
  /** Commands per connection per second (a burst allowance on top). */
  commandsPerConnection: number;
  /** Commands per delegation (all its people together) per second. */
  commandsPerDelegation: number;
};

export const DEFAULT_RATE_LIMITS: RateLimits = {
  httpPerAddress: 600,
  httpWindowSeconds: 60,
  commandsPerConnection: 20,
  commandsPerDelegation: 40,
};

/** Per-address HTTP rate limit answering 429 `rate_limited`. */
export function httpRateLimit(limits: RateLimits): RequestHandler {
  const limiter = new RateLimiterMemory({ points: limits.httpPerAddress, duration: limits.httpWindowSeconds });
  return (req: Request, res: Response, next: NextFunction) => {
    limiter
      .consume(req.socket.remoteAddress ?? 'unknown')
      .then(() => next())
      .catch((err: unknown) => {
        if (!(err instanceof RateLimiterRes)) return next(err);
        res.setHeader('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
        res.status(429).json(fail('rate_limited', 'too many requests; try again shortly'));
      });
  };
}

/**
 * Command rate limits: per connection, and per delegation so that many tabs of one delegation
 * cannot flood the meeting either. Consumes one point from each; resolves false when refused.
 */
export class CommandRateLimiter {
  private readonly perConnection: RateLimiterMemory;
  private readonly perDelegation: RateLimiterMemory;

  constructor(limits: RateLimits) {
    this.perConnection = new RateLimiterMemory({ points: limits.commandsPerConnection, duration: 1 });
    this.perDelegation = new RateLimiterMemory({ points: limits.commandsPerDelegation, duration: 1 });
  }

  async allow(connectionId: string, delegationKey: string | null): Promise<boolean> {
    try {
      await this.perConnection.consume(connectionId);
      if (delegationKey !== null) await this.perDelegation.consume(delegationKey);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }
}
