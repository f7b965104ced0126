import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { LocalRateBudget, PostgresRateBudget } from '@app/common/rate-budget/rate-budget';
import { MindboxClient } from '@app/mindbox';

const PER_SECOND = 20;
const SLOT_MS = 1000 / PER_SECOND;
// The budget hands out slots at least SLOT_MS apart (SLOT_MARGIN wider, in fact); slots SLOT_MS
// apart would put PER_SECOND + 1 of them into a closed one-second window at its ends, and a
// request leaves only when its process gets to it: a GC pause or a busy machine holds some back
// and lets them arrive together with later ones. The window is shortened by three slots to
// tolerate a stall of that size (150 ms); a budget that is not shared (2 × PER_SECOND a second) or
// a burst is far outside it. The total duration below checks the rate over the whole run.
const WINDOW_MS = 1000 - 3 * SLOT_MS;

/** Counts arrivals per operation; every seventh request is answered 503 so that retries happen. */
class CountingServer {
  readonly arrivals = new Map<string, number[]>();
  private seen = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<CountingServer> {
    const server = createServer();
    const counting = new CountingServer(server);
    server.on('request', (req, res) => {
      const at = performance.now();
      const operation = new URL(req.url ?? '/', 'http://x').searchParams.get('operation') ?? '?';
      counting.arrivals.set(operation, [...(counting.arrivals.get(operation) ?? []), at]);
      req.resume();
      req.on('end', () => {
        counting.seen += 1;
        const busy = counting.seen % 7 === 0;
        res.writeHead(busy ? 503 : 200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify(
            busy ? { status: 'InternalServerError', httpStatusCode: 503 } : { status: 'Success' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return counting;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The most arrivals that fall in any window [t, t + windowMs) starting at an arrival. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('Mindbox rate limit shared through Postgres', () => {
  const endpointId = `it-${randomUUID()}`;
  let server: CountingServer;
  let dataSources: DataSource[];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = await CountingServer.start();
    // Two connections pools, as two processes would have: the budget is shared only through the table.
    dataSources = await Promise.all(
      [1, 2].map(() => new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize()),
    );
  });

  afterAll(async () => {
    await dataSources[0]?.query(`DELETE FROM rate_budget WHERE key LIKE $1`, [`mindbox:${endpointId}:%`]);
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await server.close();
  });

  it('holds per operation and endpoint across two clients, and gives each operation its own budget', async () => {
    const [first, second] = dataSources.map(
      (dataSource) =>
        new MindboxClient({
          apiUrl: server.url,
          endpointId,
          secretKey: 'integration-secret',
          budget: new PostgresRateBudget(dataSource),
          perSecond: PER_SECOND,
          retryBaseDelayMs: 10,
          retryMaxDelayMs: 50,
        }),
    );
    const burst = (client: MindboxClient, operation: string, count: number) =>
      Array.from({ length: count }, () =>
        client.async(operation, { customer: { ids: { retailCrmId: '1' } } }).then(() => performance.now()),
      );

    // Cold starts (the first fetch loads its HTTP stack, sockets and pool connections open on
    // demand) would delay the first requests and bunch them up at the server, whatever the budget
    // did. Open them all before measuring.
    await Promise.all(
      dataSources.flatMap((dataSource) =>
        Array.from({ length: 10 }, () => dataSource.query('SELECT pg_sleep(0.02)')),
      ),
    );
    const warmUp = new MindboxClient({
      apiUrl: server.url,
      endpointId,
      secretKey: 'integration-secret',
      budget: new LocalRateBudget(),
      perSecond: 10_000,
    });
    await Promise.all(Array.from({ length: 60 }, () => warmUp.async('Website.WarmUp', {})));

    const started = performance.now();
    const shared = [
      ...burst(first, 'Website.EditCustomer', 25),
      ...burst(second, 'Website.EditCustomer', 25),
    ];
    const other = burst(second, 'Website.UpdateOrderStatus', PER_SECOND);
    const sharedDone = Math.max(...(await Promise.all(shared)));
    const otherDone = Math.max(...(await Promise.all(other)));

    const edits = server.arrivals.get('Website.EditCustomer') ?? [];
    const statuses = server.arrivals.get('Website.UpdateOrderStatus') ?? [];
    // Every call succeeded; retried attempts came on top and took slots too.
    expect(edits.length).toBeGreaterThan(50);
    expect(statuses.length).toBeGreaterThanOrEqual(PER_SECOND);
    expect(busiestWindow(edits, WINDOW_MS)).toBeLessThanOrEqual(PER_SECOND);
    expect(busiestWindow(statuses, WINDOW_MS)).toBeLessThanOrEqual(PER_SECOND);
    // 50+ attempts at 20 a second need at least 2.45 s, whichever client sent them.
    expect(sharedDone - started).toBeGreaterThanOrEqual((edits.length - 1) * SLOT_MS - SLOT_MS);
    // The other operation did not queue behind them: its budget was its own.
    expect(otherDone - started).toBeLessThan((statuses.length - 1) * SLOT_MS + 700);
    expect(otherDone).toBeLessThan(sharedDone);
  }, 10_000);
});
