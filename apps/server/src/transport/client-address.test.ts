import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, compileTrust, parseTrustProxy } from './client-address.js';

/** A request as it reaches the server: the TCP peer and the header the proxies wrote. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  // proxy-addr reads `connection.remoteAddress` and the headers; nothing else of the request.
  return {
    headers,
    connection: { remoteAddress: peer },
    socket: { remoteAddress: peer },
  } as unknown as IncomingMessage;
}

describe('TRUST_PROXY', () => {
  it('reads off, a hop count, or a list of addresses and ranges; refuses true and garbage', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, loopback ,::1')).toEqual(['10.0.0.0/8', 'loopback', '::1']);
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('not-an-address')).toThrow();
  });

  it('without trust, the TCP peer is the client whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.1'), compileTrust(false))).toBe('10.0.0.5');
  });

  it('with a hop count, takes the address that many proxies back, never further left', () => {
    const req = request('10.0.0.5', 'spoofed-by-client, 203.0.113.1, 10.0.0.4');
    expect(clientAddress(req, compileTrust(1))).toBe('10.0.0.4');
    expect(clientAddress(req, compileTrust(2))).toBe('203.0.113.1');
    expect(clientAddress(request('10.0.0.5'), compileTrust(1))).toBe('10.0.0.5');
  });

  it('with a list, trusts only those proxies', () => {
    const trust = compileTrust(['10.0.0.0/8']);
    expect(clientAddress(request('10.0.0.5', '203.0.113.1, 10.0.0.4'), trust)).toBe('203.0.113.1');
    // A client that is not one of the proxies cannot choose its address.
    expect(clientAddress(request('198.51.100.2', '203.0.113.1'), trust)).toBe('198.51.100.2');
  });
});

describe('addressKey', () => {
  it('keys IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(addressKey('203.0.113.1')).toBe('203.0.113.1');
    expect(addressKey('::ffff:203.0.113.1')).toBe('203.0.113.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('unknown')).toBe('other:unknown');
  });
});
