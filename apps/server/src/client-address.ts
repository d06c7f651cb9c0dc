import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/**
 * Which proxies in front of the server are trusted to say who the client is (`TRUST_PROXY`):
 * - `false` (default): none; the client is the TCP peer, `X-Forwarded-For` is ignored;
 * - a number n: the n proxies nearest to the server (n hops of `X-Forwarded-For`, from the right);
 * - a list of addresses or CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`): those proxies.
 * `true` (trust every hop) is not offered: the left end of `X-Forwarded-For` is whatever the
 * client wrote, so every limit keyed by it would be the client's choice.
 */
export type TrustProxy = false | number | string[];

/** `proxy-addr`'s trust function: is the address at hop `i` (0 = the TCP peer) a trusted proxy? */
export type TrustFn = (address: string, hop: number) => boolean;

/** Reads `TRUST_PROXY`: empty/`false`/`0`, a hop count, or a comma-separated list of addresses and CIDRs. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true')
    throw new Error(
      'TRUST_PROXY=true would trust addresses the client writes itself: give the number of proxies (e.g. 1) or their addresses',
    );
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  // proxy-addr throws on anything that is not an address, a CIDR range or a range name.
  proxyaddr.compile(list);
  return list;
}

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
