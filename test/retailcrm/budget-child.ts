// A separate process that fires requests at one RetailCRM account as fast as it can, through
// RetailCrmClient and the Postgres-backed rate budget. Started by rate-budget.int-spec.ts.
//
// env: DATABASE_URL, CRM_URL, CRM_API_KEY, REQUESTS, WARM_UP_API_KEY. Prints "ready", waits for a
// line on stdin, sends, prints one JSON line {ok, failed, elapsedMs}, exits.
import 'reflect-metadata';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { LocalRateBudget, PostgresRateBudget } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClient } from '@app/retailcrm';

async function main(): Promise<void> {
  const url = process.env.CRM_URL!;
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [] });
  await dataSource.initialize();
  const budget = new PostgresRateBudget(dataSource);
  const client = new RetailCrmClient({ url, apiKey: process.env.CRM_API_KEY!, budget });
  const requests = Number(process.env.REQUESTS ?? 25);

  // The first fetch of a process loads and compiles the HTTP stack, which holds that request back
  // by tens of milliseconds. A long-running service pays it once; warm it up here, under a key of
  // its own, so that start-up does not show as rate jitter.
  const warmUp = new RetailCrmClient({
    url,
    apiKey: process.env.WARM_UP_API_KEY!,
    budget: new LocalRateBudget(),
  });
  await warmUp.credentials();

  console.log('ready');
  await once(process.stdin, 'data');
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: requests }, () => client.credentials()));
  const elapsedMs = Math.round(performance.now() - started);
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  console.log(JSON.stringify({ ok: results.length - failed.length, failed, elapsedMs }));
  await dataSource.destroy();
  process.stdin.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
