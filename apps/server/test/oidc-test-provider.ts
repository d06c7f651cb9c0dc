import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider for tests (oidc-provider, with its development login and consent pages:
 * any password, the login is the account id below), on a loopback port. The integration test
 * (staff-oidc.test.ts) starts it in-process; the browser test (tests/e2e/staff-oidc.spec.ts) runs
 * this file as a script: `OIDC_TEST_PORT=… OIDC_TEST_REDIRECT_URI=… node --import tsx <this file>`.
 */

/** The people the test provider knows: login → what it says of them. */
export const TEST_PEOPLE: Record<string, { email: string; email_verified: boolean; name: string }> = {
  // Upper case at the provider, lower case in Rostrum: matched case-insensitively.
  sec: { email: 'Sec.Retariat@Example.org', email_verified: true, name: 'Sam Secretariat' },
  admin: { email: 'admin@example.org', email_verified: true, name: 'Ada Admin' },
  stranger: { email: 'stranger@elsewhere.org', email_verified: true, name: 'Stan Stranger' },
  off: { email: 'off@example.org', email_verified: true, name: 'Olive Off' },
  newcomer: { email: 'newcomer@example.org', email_verified: true, name: 'Nina Newcomer' },
  unverified: { email: 'sec.retariat@example.org', email_verified: false, name: 'Not Verified' },
};

export const TEST_CLIENT_ID = 'rostrum';
export const TEST_CLIENT_SECRET = 'a client secret long enough for the test provider';

/** The provider's port is taken first (Rostrum needs the issuer); the client is registered by `register`. */
export async function listenTestProvider(port = 0): Promise<{
  http: Server;
  issuer: string;
  register: (redirectUri: string) => void;
}> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const register = (redirectUri: string) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: TEST_CLIENT_ID,
          client_secret: TEST_CLIENT_SECRET,
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      cookies: { keys: ['test cookie key'] },
      findAccount: (_ctx, id) => {
        const person = TEST_PEOPLE[id];
        return person ? { accountId: id, claims: () => ({ sub: id, ...person }) } : undefined;
      },
    });
    http.on('request', provider.callback());
  };
  return { http, issuer, register };
}

const script = process.argv[1];
if (script && import.meta.url === pathToFileURL(script).href) {
  const redirectUri = process.env.OIDC_TEST_REDIRECT_URI;
  if (!redirectUri) throw new Error('OIDC_TEST_REDIRECT_URI is required');
  const { issuer, register } = await listenTestProvider(Number(process.env.OIDC_TEST_PORT ?? 0));
  register(redirectUri);
  console.log(`test OpenID provider at ${issuer}`);
}
