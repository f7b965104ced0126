import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Gauge } from 'prom-client';
import { MetricsService } from '@app/common/metrics/metrics.service';
import { AmqpConnection, OutboxService } from '@app/messaging';
import {
  ACCOUNT_ID,
  RETRY_DELAYS,
  deleteQueues,
  effects,
  eventually,
  rabbitmqctl,
  startConsumerApp,
  uniqueContract,
  writeEffect,
} from './messaging-harness';

async function gaugeValue(gauge: Gauge): Promise<number> {
  return (await gauge.get()).values.reduce((sum, sample) => sum + sample.value, 0);
}

describe('broker outages', () => {
  let app: INestApplication | undefined;
  let queue = '';

  afterEach(async () => {
    if (!app) return;
    await deleteQueues(app.get(AmqpConnection), queue, RETRY_DELAYS);
    await app.close();
    app = undefined;
  });

  it('recovers from forcibly closed connections without losing or doubling a message', async () => {
    const { contract, queue: q } = uniqueContract('closed');
    queue = q;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      outboxPollMs: 50,
      behaviour: async (payload, context) => writeEffect(context, payload.n),
    });
    const dataSource = app.get(DataSource);
    const outbox = app.get(OutboxService);
    const connection = app.get(AmqpConnection);
    const total = 200;
    // Outbox rows keep arriving while every connection of the broker is cut twice.
    const writer = (async () => {
      for (let n = 0; n < total; n += 1) {
        await dataSource.transaction((em) => outbox.enqueue(em, contract, { accountId: ACCOUNT_ID, n }));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await eventually(async () => (await effects(dataSource, queue)).length > 20, 10_000, 'some messages');
    const firstConnection = await connection.currentModel();
    rabbitmqctl('close_all_connections', 'integration test: connection cut');
    await eventually(
      async () => connection.isConnected() && (await connection.currentModel()) !== firstConnection,
      15_000,
      'a new connection',
    );
    rabbitmqctl('close_all_connections', 'integration test: second cut');
    await writer;
    await eventually(async () => (await effects(dataSource, queue)).length >= total, 30_000, 'every message');
    const applied = (await effects(dataSource, queue)).map((e) => e.n).sort((a, b) => a - b);
    expect(applied).toEqual(Array.from({ length: total }, (_, n) => n));
  }, 90_000);

  it('delivers an outbox row written while the broker is down once it is back', async () => {
    const { contract, queue: q } = uniqueContract('down');
    queue = q;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      outboxPollMs: 100,
      health: true,
      behaviour: async (payload, context) => writeEffect(context, payload.n),
    });
    const dataSource = app.get(DataSource);
    const connection = app.get(AmqpConnection);
    const ready = `${await app.getUrl()}/health/ready`;
    expect((await fetch(ready)).status).toBe(200);
    rabbitmqctl('stop_app');
    try {
      await eventually(async () => !connection.isConnected(), 15_000, 'the disconnection');
      // Readiness reads the connection the app holds: the pod leaves the Service while it is gone.
      const down = await fetch(ready);
      expect(down.status).toBe(503);
      expect(JSON.stringify(await down.json())).toContain('broker');
      const id = await dataSource.transaction((em) =>
        app!.get(OutboxService).enqueue(em, contract, { accountId: ACCOUNT_ID, n: 42 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [row] = await dataSource.query('SELECT published_at FROM outbox_message WHERE id = $1', [id]);
      expect(row.published_at).toBeNull();
      // The relay keeps measuring while it cannot publish: the lag alert sees the outage.
      const metrics = app.get(MetricsService);
      await eventually(
        async () => (await gaugeValue(metrics.outboxLagSeconds)) >= 1,
        10_000,
        'the outbox lag to grow while the broker is down',
      );
      expect(await gaugeValue(metrics.outboxPending)).toBeGreaterThanOrEqual(1);
    } finally {
      rabbitmqctl('start_app');
    }
    await eventually(async () => connection.isConnected(), 30_000, 'the reconnection');
    expect((await fetch(ready)).status).toBe(200);
    await eventually(async () => (await effects(dataSource, queue)).length === 1, 30_000, 'the delivery');
    expect(await effects(dataSource, queue)).toEqual([expect.objectContaining({ n: 42 })]);
  }, 120_000);
});
