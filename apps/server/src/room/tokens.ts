import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';
import { roleSchema, seatSchema, type Principal } from '@rostrum/core';
import type { InviteRecord } from '../store/types.js';

const ISSUER = 'rostrum';
/** Verified tokens kept (a few per person of the largest meetings). */
const VERIFIED_CACHE_SIZE = 10_000;

const claimsSchema = z.object({
  jti: z.string(),
  mid: z.string(),
  role: roleSchema,
  del: z.string().nullable(),
  pre: z.string().nullable(),
  /** A delegate's seat (head or deputy); absent in tokens of other roles. */
  seat: seatSchema.nullable().optional(),
});

/**
 * `expiresAt`: the token's own expiry, or null when it has none. Links carry none since 0.3: how
 * long a link works depends on its meeting (link-validity.ts), decided at each use, so that
 * extending a meeting's links extends the links already sent. Tokens made before carry an `exp`
 * (their invite's 30 days), and it is still honoured: a token is never worth more than it says.
 */
export type TokenCheck =
  { ok: true; principal: Principal; expiresAt: number | null } | { ok: false; code: 'unauthorized'; message: string };

/**
 * Invite tokens are HS256 JWTs naming the invite, the meeting and the role. The token alone
 * is not enough: the invite it names must exist, not be revoked and be within its meeting's
 * link lifetime (checked by the caller against the store), so a link can be cut off at any time.
 */
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens whose signature and claims were verified, by the whole token string: every tab of a
   * delegate connects twice (Socket.IO and Yjs) with the same token, and a join storm would
   * otherwise spend most of its server time in HMAC verification. Expiry is checked on every
   * use; revocation is not decided here (the caller checks the invite each time). Bounded.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number | null }>();

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /**
   * A token for the invite, without an expiry of its own (see `TokenCheck`). `expiresAt` gives it
   * one, as tokens made before 0.3 have (tests make such tokens).
   */
  async sign(invite: InviteRecord, opts: { expiresAt?: number } = {}): Promise<string> {
    const jwt = new SignJWT({
      mid: invite.meetingId,
      role: invite.role,
      del: invite.delegationId,
      pre: invite.presenterId,
      ...(invite.seat === null ? {} : { seat: invite.seat }),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti(invite.id)
      .setIssuer(ISSUER)
      .setIssuedAt();
    if (opts.expiresAt !== undefined) jwt.setExpirationTime(Math.floor(opts.expiresAt / 1000));
    return jwt.sign(this.key);
  }

  async verify(token: string): Promise<TokenCheck> {
    const known = this.verified.get(token);
    if (known && (known.expiresAt === null || known.expiresAt > Date.now()))
      return { ok: true, expiresAt: known.expiresAt, principal: { ...known.principal } };
    const check = await this.verifySignature(token);
    if (check.ok) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
      this.verified.set(token, { principal: { ...check.principal }, expiresAt: check.expiresAt });
    }
    return check;
  }

  private async verifySignature(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return { ok: false, code: 'unauthorized', message: 'malformed token' };
      const c = claims.data;
      const principal: Principal = {
        meetingId: c.mid,
        inviteId: c.jti,
        role: c.role,
        delegationId: c.del,
        presenterId: c.pre,
      };
      if (c.seat) principal.seat = c.seat;
      return { ok: true, expiresAt: payload.exp === undefined ? null : payload.exp * 1000, principal };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        return { ok: false, code: 'unauthorized', message: 'the link has expired' };
      return { ok: false, code: 'unauthorized', message: 'invalid token' };
    }
  }
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of an `Authorization` header, or null. */
export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] ?? null;
}
