import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { TrustFn, TrustProxy } from '../platform/trust-proxy.js';

export { parseTrustProxy, type TrustFn, type TrustProxy } from '../platform/trust-proxy.js';

/**
 * The trust function for a setting, as Express compiles `trust proxy` (it is given to Express as
 * this function, so that `req.ip` and the WebSocket endpoints agree).
 */
export function compileTrust(setting: TrustProxy): TrustFn {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/**
 * The client's address: the TCP peer, or the nearest untrusted address of `X-Forwarded-For`
 * behind trusted proxies (`proxy-addr`, as Express's `req.ip`). Works on any request, the
 * upgrade requests of Socket.IO and the Yjs endpoint included. 'unknown' for a socket already gone.
 */
export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  // proxy-addr's types say string; it returns undefined when the TCP socket has no address left.
  const address: string | undefined = proxyaddr(req, trust);
  return address ?? 'unknown';
}

/**
 * The key under which an address is limited: IPv4 (also IPv4-mapped IPv6) as is; IPv6 by its
 * /64, because one host commonly holds a whole /64 and could otherwise take a fresh budget per
 * request. Anything else (a proxy that forwarded garbage) as a bounded string.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return `other:${address.slice(0, 64)}`;
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  const v6 = ipaddr.IPv6.parse(address);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(':')}::/64`;
}
