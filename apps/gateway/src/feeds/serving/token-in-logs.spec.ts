import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hideFeedTokensFromLogs, withoutFeedToken } from './token-in-logs';

describe('feed tokens in logs', () => {
  it('redacts the token of a feed path only', () => {
    expect(withoutFeedToken('/feeds/abc123/products.yml?x=1')).toBe('/feeds/[redacted]/products.yml?x=1');
    expect(withoutFeedToken('/api/v1/settings')).toBe('/api/v1/settings');
  });

  it('gives later listeners the redacted originalUrl and the real url', async () => {
    const server = createServer();
    const seen: { url?: string; originalUrl?: string }[] = [];
    server.on('request', (request: IncomingMessage & { originalUrl?: string }, response) => {
      seen.push({ url: request.url, originalUrl: request.originalUrl });
      response.end();
    });
    hideFeedTokensFromLogs(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<void>((resolve, reject) =>
        httpRequest({ host: '127.0.0.1', port, path }, (response) => response.resume().on('end', resolve))
          .on('error', reject)
          .end(),
      );
    await get('/feeds/secret-token/products.yml');
    await get('/health/live');
    await new Promise((resolve) => server.close(resolve));
    expect(seen).toEqual([
      { url: '/feeds/secret-token/products.yml', originalUrl: '/feeds/[redacted]/products.yml' },
      { url: '/health/live', originalUrl: undefined },
    ]);
  });
});
