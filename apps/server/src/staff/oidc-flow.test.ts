import { describe, expect, it } from 'vitest';
import { FlowSeal, OIDC_FLOW_TTL_MS, type OidcFlow } from './oidc-flow.js';

const flow = (expiresAt: number): OidcFlow => ({
  state: 'state-1',
  nonce: 'nonce-1',
  codeVerifier: 'verifier-1',
  redirectUri: 'https://rostrum.example.org/api/staff/oidc/callback',
  expiresAt,
});

describe('the sealed sign-in flow', () => {
  it('opens once, before it expires, and only under the key that sealed it', () => {
    let now = 1_000;
    const seal = new FlowSeal('server secret', () => now);
    const sealed = seal.seal(flow(now + OIDC_FLOW_TTL_MS));
    expect(sealed).not.toContain('verifier-1');
    expect(new FlowSeal('another secret', () => now).consume(sealed)).toBeNull();
    expect(seal.consume(sealed)).toEqual(flow(1_000 + OIDC_FLOW_TTL_MS));
    expect(seal.consume(sealed)).toBeNull();

    const late = seal.seal({ ...flow(now + OIDC_FLOW_TTL_MS), state: 'state-2' });
    now += OIDC_FLOW_TTL_MS;
    expect(seal.consume(late)).toBeNull();
  });

  it('refuses a changed or malformed cookie', () => {
    const seal = new FlowSeal('server secret', () => 0);
    const sealed = seal.seal(flow(OIDC_FLOW_TTL_MS));
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(seal.consume(flipped)).toBeNull();
    expect(seal.consume('')).toBeNull();
    expect(seal.consume('not base64 at all!')).toBeNull();
  });
});
