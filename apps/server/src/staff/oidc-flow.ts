import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** How long a sign-in begun at the provider may take to come back. */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;

/** What a sign-in needs to remember between leaving for the provider and coming back. */
export type OidcFlow = {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  expiresAt: number;
};

/**
 * The flow travels in a short-lived HttpOnly cookie, sealed (AES-256-GCM with a key derived from
 * the server's secret): the browser can neither read the PKCE verifier nor forge a flow, and any
 * node of a cluster can finish a sign-in another began. Replays are refused by `FlowSeal.consume`.
 */
export class FlowSeal {
  private readonly key: Buffer;
  /** States already used, until they would have expired anyway (this node; the code is single use at the provider too). */
  private readonly used = new Map<string, number>();

  constructor(
    secret: string,
    private readonly now: () => number,
  ) {
    this.key = createHmac('sha256', secret).update('oidc-flow-cookie').digest();
  }

  seal(flow: OidcFlow): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The flow of a cookie if it is genuine, unexpired and not used before (then it is used); else null. */
  consume(sealed: string): OidcFlow | null {
    const flow = this.open(sealed);
    const now = this.now();
    if (!flow || flow.expiresAt <= now || this.used.has(flow.state)) return null;
    for (const [state, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(state);
    this.used.set(flow.state, flow.expiresAt);
    return flow;
  }

  private open(sealed: string): OidcFlow | null {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length < 29) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const value: unknown = JSON.parse(text);
      return isFlow(value) ? value : null;
    } catch {
      return null;
    }
  }
}

function isFlow(v: unknown): v is OidcFlow {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.state === 'string' &&
    typeof o.nonce === 'string' &&
    typeof o.codeVerifier === 'string' &&
    typeof o.redirectUri === 'string' &&
    typeof o.expiresAt === 'number'
  );
}
