/**
 * `npm run bench`: throughput of the messaging core on this machine, against the local RabbitMQ
 * and Postgres (loopback only, bounded in count, stops by itself).
 *
 * 1. confirmed publishes: AmqpConnection.publish of N messages, 100 in flight;
 * 2. outbox to handler: N outbox rows committed, relayed with confirms, consumed with the inbox
 *    row and the handler's write in one transaction, acked; measured until the last commit.
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AmqpConnection, OutboxRelay, OutboxService } from '@app/messaging';
import {
  ACCOUNT_ID,
  deleteQueues,
  effects,
  eventually,
  startConsumerApp,
  uniqueContract,
  writeEffect,
} from '../test/messaging/messaging-harness';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
process.env.LOG_LEVEL ??= 'warn';

const N = Number(process.env.BENCH_MESSAGES ?? 5_000);

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const { contract, queue } = uniqueContract('bench');
  let app: INestApplication | undefined;
  try {
    app = await startConsumerApp({
      contract,
      queue,
      outboxPollMs: 20,
      behaviour: async (payload, context) => writeEffect(context, payload.n),
    });
    const connection = app.get(AmqpConnection);
    const dataSource = app.get(DataSource);
    const outbox = app.get(OutboxService);
    const relay = app.get(OutboxRelay);
    const rows = [];

    // 1. confirmed publishes, straight to the exchange (consumed too, and counted below).
    const publishSeconds = await timed(async () => {
      for (let start = 0; start < N; start += 100) {
        const batch = Array.from({ length: Math.min(100, N - start) }, (_, i) =>
          connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: start + i }),
        );
        await Promise.all(batch);
      }
    });
    await eventually(
      async () => (await effects(dataSource, queue)).length >= N,
      120_000,
      'the published messages',
    );
    rows.push(['confirmed publishes', N, publishSeconds]);

    // 2. outbox rows in 50 transactions of N/50, then relay + consume until the last one is applied.
    await dataSource.query('DELETE FROM messaging_test_effect WHERE queue = $1', [queue]);
    const endToEndSeconds = await timed(async () => {
      const perTransaction = Math.ceil(N / 50);
      for (let start = 0; start < N; start += perTransaction) {
        await dataSource.transaction(async (em) => {
          for (let n = start; n < Math.min(N, start + perTransaction); n += 1) {
            await outbox.enqueue(em, contract, { accountId: ACCOUNT_ID, n });
          }
        });
        relay.wake();
      }
      await eventually(
        async () => (await effects(dataSource, queue)).length >= N,
        300_000,
        'the outbox messages',
      );
    });
    rows.push(['outbox → relay → consumer (inbox + tx)', N, endToEndSeconds]);

    const memory = process.memoryUsage();
    console.log(`messaging benchmark, ${N} messages each, node ${process.version}`);
    for (const [what, count, seconds] of rows) {
      console.log(
        `${String(what).padEnd(42)} ${(Number(count) / Number(seconds)).toFixed(0).padStart(7)} msg/s  (${Number(seconds).toFixed(2)} s)`,
      );
    }
    console.log(
      `rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
    const perSecond = (count: number | string, seconds: number | string) =>
      Math.round(Number(count) / Number(seconds));
    console.log(
      JSON.stringify({
        messages: N,
        confirmedPublishesPerSecond: perSecond(rows[0][1], rows[0][2]),
        outboxToConsumerPerSecond: perSecond(rows[1][1], rows[1][2]),
        rssMiB: Math.round(memory.rss / 2 ** 20),
      }),
    );
  } finally {
    if (app) {
      await app.get(DataSource).query('DELETE FROM messaging_test_effect WHERE queue = $1', [queue]);
      await deleteQueues(app.get(AmqpConnection), queue);
      await app.close();
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
