import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** An account URL the module must not call: not https, or resolving to a private network. */
export class ForbiddenUrlError extends Error {
  readonly retryable = false;
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url} ${reason}`);
    this.name = 'ForbiddenUrlError';
  }
}

// Loopback, private, link-local (cloud metadata lives there), CGNAT, unspecified, multicast and
// reserved ranges: a URL typed into the settings must never make the module call inside its own network.
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The eight 16-bit words of an IPv6 address, in any notation Node accepts (a zone id is dropped). */
function ipv6Words(address: string): number[] {
  // The URL parser writes every notation (dotted tail, leading zeros, upper case) one way.
  const canonical = new URL(`http://[${address.replace(/%.*$/, '')}]`).hostname.slice(1, -1);
  const words = (part: string) => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const [head, tail] = canonical.split('::');
  if (tail === undefined) return words(head);
  const [first, last] = [words(head), words(tail)];
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}

const dotted = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * The IPv4 address an IPv6 one carries, where the network delivers it to that IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), SIIT (::ffff:0:a.b.c.d), NAT64
 * (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
 */
function embeddedIpv4(words: readonly number[]): string | undefined {
  const zero = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  if (zero(0, 5) && (words[5] === 0xffff || words[5] === 0)) return dotted(words[6], words[7]);
  if (zero(0, 4) && words[4] === 0xffff && words[5] === 0) return dotted(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return dotted(words[6], words[7]);
  if (words[0] === 0x2002) return dotted(words[1], words[2]);
  return undefined;
}

/** Whether an IP address is in a loopback, private, link-local or reserved range. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const words = ipv6Words(address);
    const ipv4 = embeddedIpv4(words);
    if (ipv4 !== undefined) return blocked.check(ipv4, 'ipv4');
    return blocked.check(words.map((word) => word.toString(16)).join(':'), 'ipv6');
  }
  return true;
}

/** Resolves a host name to every address it has (IPv4 and IPv6). */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** The system's resolver (`getaddrinfo`, as `net.connect` uses it). */
export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Checks a URL typed by a shop (RetailCRM address, Mindbox API URL) before the module calls it:
 * https only, and every address its host resolves to must be public. With `allowPrivate` (the
 * sandbox, tests, the demo) http and private addresses are accepted. The clients check the address
 * again when they connect (see `publicOnlyDispatcher`), since a host name may resolve elsewhere later.
 */
export async function assertAllowedUrl(
  url: string,
  allowPrivate: boolean,
  resolve: HostResolver = systemResolver,
): Promise<URL> {
  // The URL parser drops tabs and newlines inside a URL: what is stored would not be what is called.
  if (/[\s\p{Cc}]/u.test(url)) throw new ForbiddenUrlError(url, 'must not contain spaces or line breaks');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ForbiddenUrlError(url, 'is not a URL');
  }
  if (parsed.username || parsed.password)
    throw new ForbiddenUrlError(url, 'must not contain a user or password');
  if (allowPrivate) {
    if (!['https:', 'http:'].includes(parsed.protocol))
      throw new ForbiddenUrlError(url, 'must be an http(s) URL');
    return parsed;
  }
  if (parsed.protocol !== 'https:') throw new ForbiddenUrlError(url, 'must start with https://');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolveAll(url, host, resolve);
  if (addresses.some(isPrivateAddress))
    throw new ForbiddenUrlError(url, 'points at a private or loopback address');
  return parsed;
}

async function resolveAll(url: string, host: string, resolve: HostResolver): Promise<string[]> {
  const addresses = await resolve(host).catch(() => []);
  if (addresses.length === 0) throw new ForbiddenUrlError(url, 'has a host name that does not resolve');
  return addresses;
}
