import type { IncomingMessage, Server } from 'node:http';

const FEED_PATH = /^\/feeds\/[^/?#]+/i;

/** A request path with the feed token replaced, as logs may show it. */
export function withoutFeedToken(url: string): string {
  return url.replace(FEED_PATH, '/feeds/[redacted]');
}

/**
 * Keeps feed tokens out of the request log. The HTTP logger serialises a request when it starts
 * (before any Nest middleware of ours could run) and reads `originalUrl`; Express keeps an
 * `originalUrl` it finds and routes by `url`. So a listener that runs before Express's sets
 * `originalUrl` to the redacted path of feed requests, and routing is untouched.
 */
export function hideFeedTokensFromLogs(server: Server): void {
  server.prependListener('request', (request: IncomingMessage & { originalUrl?: string }) => {
    if (request.url && FEED_PATH.test(request.url)) request.originalUrl = withoutFeedToken(request.url);
  });
}
