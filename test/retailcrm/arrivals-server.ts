// A fake RetailCRM in a process of its own that notes when each request arrives, for the
// two-process budget test. The test's own process is too busy (Jest, its own requests) to stamp
// arrivals: a blocked event loop would stamp several at once and show a burst that never was.
//
// Prints "listening <url>", answers every request with the credentials fixture; on a line on stdin
// prints one JSON line [{ apiKey, at }] (epoch milliseconds) and exits.
import { once } from 'node:events';
import { fixtureReply, startTestServer } from '@app/retailcrm/test/fake-retailcrm.server';

async function main(): Promise<void> {
  const server = await startTestServer(() => fixtureReply('credentials.json'));
  console.log(`listening ${server.url}`);
  await once(process.stdin, 'data');
  const arrivals = server.requests.map((request) => ({
    apiKey: request.headers['x-api-key'],
    at: performance.timeOrigin + request.at,
  }));
  console.log(JSON.stringify(arrivals));
  await server.close();
  process.stdin.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
