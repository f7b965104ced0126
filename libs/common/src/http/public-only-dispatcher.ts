import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, type Dispatcher, fetch as undiciFetch } from 'undici';
import { type HostResolver, isPrivateAddress, systemResolver } from './url-guard';

/**
 * A connection refused because its host is, or resolves to, a loopback, private, link-local or
 * reserved address. Not retryable: the account's URL (or its DNS) must be fixed.
 */
export class PrivateAddressError extends Error {
  readonly retryable = false;
  readonly code = 'ERR_PRIVATE_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `${host} is a private or loopback address; the module does not connect to it`
        : `${host} resolves to ${address}, a private or loopback address; the module does not connect to it`,
    );
    this.name = 'PrivateAddressError';
  }
}

/**
 * The {@link PrivateAddressError} behind a failed `fetch` (which wraps it as the `cause` of a
 * "fetch failed" TypeError), if that is why it failed. Read by name too: the error may come from
 * another realm (a test VM), where `instanceof` fails.
 */
export function privateAddressRefusal(error: unknown): PrivateAddressError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof PrivateAddressError) return current;
    if ((current as { name?: unknown }).name === 'PrivateAddressError') return current as PrivateAddressError;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` that answers only public addresses: the addresses it gives are
 * the ones the socket connects to, so a host that resolved to a public address when its URL was
 * saved and resolves to 127.0.0.1 now (DNS rebinding) is refused here.
 */
function publicOnlyLookup(resolve: HostResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.find(isPrivateAddress);
        if (refused !== undefined) return callback(new PrivateAddressError(hostname, refused), '');
        const entries = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => !options.family || entry.family === options.family);
        if (entries.length === 0) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          return callback(error, '');
        }
        if (options.all) return callback(null, entries);
        callback(null, entries[0].address, entries[0].family);
      },
      (error: Error) => callback(error, ''),
    );
  };
}

/**
 * An undici dispatcher for `fetch` (`{ dispatcher }`) that connects only to public addresses:
 * a literal IP host is checked before connecting, a host name at its DNS lookup. Refusals fail
 * the fetch with a {@link PrivateAddressError} as its cause; nothing is sent.
 *
 * @param resolve how host names are resolved; the system's resolver by default, a fake in tests
 */
export function publicOnlyDispatcher(resolve: HostResolver = systemResolver): Dispatcher {
  const connect = buildConnector({ lookup: publicOnlyLookup(resolve) });
  return new Agent({
    connect: (options, callback) => {
      // net.connect skips the lookup for an IP: such hosts are checked here.
      const host = options.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) && isPrivateAddress(host)) return callback(new PrivateAddressError(host, host), null);
      connect(options, callback);
    },
  });
}

/** What decides where the module's calls to account URLs (RetailCRM, Mindbox) may go. */
export interface AccountFetchOptions {
  /** ALLOW_PRIVATE_URLS: the sandbox, tests and the demo run on loopback. */
  allowPrivate: boolean;
  /** How host names are resolved when private addresses are refused; for tests. */
  resolve?: HostResolver;
}

/**
 * The `fetch` for account URLs: the global one when private URLs are allowed, otherwise undici's
 * own `fetch` with a {@link publicOnlyDispatcher}. Fetch and dispatcher come from one package, so
 * the refusal reaches the caller as the very `cause` object (Node's built-in fetch rebuilds a cause
 * that is not an `Error` of its own realm, as in a test VM).
 */
export function accountFetch({ allowPrivate, resolve }: AccountFetchOptions): typeof fetch {
  if (allowPrivate) return (input, init) => fetch(input, init);
  const dispatcher = publicOnlyDispatcher(resolve);
  const guarded = (input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher });
  // undici's Request, Response and Headers are the classes behind the global ones.
  return guarded as unknown as typeof fetch;
}
