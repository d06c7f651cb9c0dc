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
