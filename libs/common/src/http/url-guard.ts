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
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is in a loopback, private, link-local or reserved range. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? blocked.check(mapped[1], 'ipv4') : blocked.check(address, 'ipv6');
  }
  return true;
}

/**
 * Checks a URL typed by a shop (RetailCRM address, Mindbox API URL) before the module calls it:
 * https only, and every address its host resolves to must be public. With `allowPrivate` (the
 * sandbox, tests, the demo) http and private addresses are accepted.
 */
export async function assertAllowedUrl(url: string, allowPrivate: boolean): Promise<URL> {
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
  const addresses = isIP(host) ? [host] : await resolveAll(url, host);
  if (addresses.some(isPrivateAddress))
    throw new ForbiddenUrlError(url, 'points at a private or loopback address');
  return parsed;
}

async function resolveAll(url: string, host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    throw new ForbiddenUrlError(url, 'has a host name that does not resolve');
  }
}
