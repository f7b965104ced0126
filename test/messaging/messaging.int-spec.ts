import { INestApplication } from '@nestjs/common';
import { connect } from 'amqplib';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '@app/common/metrics/metrics.service';
import {
  AmqpConnection,
  DeadLetterService,
  EVENTS_EXCHANGE,
  OutboxRelay,
  OutboxService,
  UnroutableMessageError,
} from '@app/messaging';
import { DELIVERY_LIMIT } from '@app/messaging/transport/topology';
import {
  ACCOUNT_ID,
  RETRY_DELAYS,
  rabbitmqctl,
  deleteQueues,
  effects,
  eventually,
  startConsumerApp,
  uniqueContract,
  writeEffect,
} from './messaging-harness';

/** The operator's command, `npm run dlq -- <args>`, run as a process; returns what it printed. */
function dlq(...args: string[]): string {
  return execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'libs/messaging/src/cli/dlq.cli.ts',
      ...args,
    ],
    { cwd: join(__dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } },
  );
}

async function countOf(counter: Counter<'queue'>, queue: string): Promise<number> {
  return (await counter.get()).values.find((sample) => sample.labels.queue === queue)?.value ?? 0;
}

describe('messaging against the real broker and database', () => {
  let app: INestApplication | undefined;
  let queue = '';

  afterEach(async () => {
    if (!app) return;
    await deleteQueues(app.get(AmqpConnection), queue, RETRY_DELAYS);
    await app.close();
    app = undefined;
  });

  it('retries a failing message with growing delays, parks it, and replays it from the parking queue', async () => {
    const { contract, queue: q } = uniqueContract('retry');
    queue = q;
    const attempts: { at: number; retry: number }[] = [];
    let healthy = false;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async (payload, context) => {
        attempts.push({ at: Date.now(), retry: context.retryCount });
        await writeEffect(context, payload.n); // rolled back with the failure
        if (!healthy) throw new Error('Mindbox answered 503');
      },
    });
    const connection = app.get(AmqpConnection);
    const deadLetters = app.get(DeadLetterService);

    const messageId = await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1 });
    await eventually(async () => (await deadLetters.count(queue)) === 1, 15_000, 'the message to be parked');

    expect(attempts.map((a) => a.retry)).toEqual([0, 1, 2]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(RETRY_DELAYS[0] - 50);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(RETRY_DELAYS[1] - 50);
    const [parked] = await deadLetters.list(queue);
    expect(parked).toMatchObject({
      messageId,
      routingKey: contract.routingKey,
      accountId: ACCOUNT_ID,
      retries: 2,
    });
    expect(parked.lastError).toContain('Mindbox answered 503');
    expect(await effects(app.get(DataSource), queue)).toEqual([]);
    // Listing leaves the message parked.
    expect(await deadLetters.count(queue)).toBe(1);
    // The operator's command shows the same parked message.
    const listed = dlq('list', queue);
    expect(listed).toContain(messageId);
    expect(listed).toContain('Mindbox answered 503');
    expect(listed).toContain(`1 parked message(s) listed for ${queue}`);
    expect(dlq('count', queue)).toBe(`${queue}: 1 parked\n`);

    // What an SRE sees: three attempts failed, two went to a retry queue, one was parked.
    const metrics = app.get(MetricsService);
    expect(await countOf(metrics.messagesConsumed, queue)).toBe(3);
    expect(await countOf(metrics.messagesFailed, queue)).toBe(3);
    expect(await countOf(metrics.messagesRetried, queue)).toBe(2);
    expect(await countOf(metrics.messagesDeadLettered, queue)).toBe(1);

    healthy = true;
    expect(dlq('replay', queue, messageId)).toBe(`replayed 1 message(s) to ${queue}: ${messageId}\n`);
    await eventually(
      async () => (await effects(app!.get(DataSource), queue)).length === 1,
      10_000,
      'the replay',
    );
    expect(await deadLetters.count(queue)).toBe(0);
    expect(attempts.at(-1)?.retry).toBe(0);
    expect(await countOf(metrics.messagesConsumed, queue)).toBe(4);
    expect(await countOf(metrics.messagesFailed, queue)).toBe(3);
  });

  it('replays a message the broker parked at its delivery limit under the routing key it was published with', async () => {
    const { contract, queue: q } = uniqueContract('limit');
    queue = q;
    // Declare the queues, then stop consuming: the message is left to consumers that keep dying.
    await (await startConsumerApp({ contract, queue, behaviour: async () => undefined })).close();
    const probe = await connect(process.env.AMQP_URL!);
    const channel = await probe.createConfirmChannel();
    const messageId = randomUUID();
    // A bare publish, as a producer of an older version sent it: no x-routing-key header.
    channel.publish(
      EVENTS_EXCHANGE,
      contract.routingKey,
      Buffer.from(JSON.stringify({ accountId: ACCOUNT_ID, n: 5 })),
      { messageId, persistent: true },
    );
    await channel.waitForConfirms();
    // Each return to the queue counts as a delivery, as when a consumer dies holding the message.
    for (let delivery = 0; delivery <= DELIVERY_LIMIT + 5; delivery += 1) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      channel.nack(message, false, true);
    }
    await probe.close();

    app = await startConsumerApp({
      contract,
      queue,
      behaviour: async (payload, context) => writeEffect(context, payload.n),
    });
    const deadLetters = app.get(DeadLetterService);
    await eventually(async () => (await deadLetters.count(queue)) === 1, 10_000, 'the broker to park it');
    const [parked] = await deadLetters.list(queue);
    expect(parked).toMatchObject({ messageId, routingKey: contract.routingKey, accountId: null });

    expect(await deadLetters.replay(queue)).toEqual([messageId]);
    await eventually(
      async () => (await effects(app!.get(DataSource), queue)).length === 1,
      10_000,
      'the replay',
    );
    expect(await effects(app.get(DataSource), queue)).toEqual([{ message_id: messageId, n: 5 }]);
    expect(await deadLetters.count(queue)).toBe(0);
  });

  it('parks a message that breaks its contract at once, without retries', async () => {
    const { contract, queue: q } = uniqueContract('invalid');
    queue = q;
    let calls = 0;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async () => {
        calls += 1;
      },
    });
    const connection = app.get(AmqpConnection);
    const body = Buffer.from(JSON.stringify({ accountId: 'not-a-uuid', n: 'seven' }));
    await connection.publishRaw(EVENTS_EXCHANGE, contract.routingKey, body, { messageId: randomUUID() });
    const deadLetters = app.get(DeadLetterService);
    await eventually(
      async () => (await deadLetters.count(queue)) === 1,
      5_000,
      'the invalid message to be parked',
    );
    const [parked] = await deadLetters.list(queue);
    expect(parked.retries).toBe(0);
    expect(parked.lastError).toMatch(/accountId .*uuid/i);
    expect(parked.lastError).toContain('n must be an integer');
    expect(calls).toBe(0);
  });

  it('refuses to publish a payload that breaks its contract', async () => {
    const { contract, queue: q } = uniqueContract('producer');
    queue = q;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async () => undefined,
    });
    await expect(
      app.get(AmqpConnection).publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1.5 }),
    ).rejects.toThrow(/n must be an integer/);
  });

  it('declares a durable quorum work queue and publishes persistent messages with an id', async () => {
    const { contract, queue: q } = uniqueContract('durable');
    queue = q;
    const seen: { deliveryMode?: number; messageId: string }[] = [];
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async (_payload, context) => {
        seen.push({ deliveryMode: context.message.properties.deliveryMode, messageId: context.messageId });
      },
    });
    const messageId = await app
      .get(AmqpConnection)
      .publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1 });
    await eventually(async () => seen.length === 1, 5_000, 'the message');
    expect(seen).toEqual([{ deliveryMode: 2, messageId }]);
    const queues = rabbitmqctl('list_queues', '-q', '--no-table-headers', 'name', 'type', 'durable')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([name]) => name?.startsWith(queue));
    expect(queues).toEqual(
      expect.arrayContaining([
        [queue, 'quorum', 'true'],
        [`${queue}.dlq`, 'classic', 'true'],
        [`${queue}.retry.${RETRY_DELAYS[0]}`, 'classic', 'true'],
      ]),
    );
    const exchanges = rabbitmqctl('list_exchanges', '-q', '--no-table-headers', 'name', 'type', 'durable')
      .split('\n')
      .map((line) => line.trim().split(/\s+/));
    expect(exchanges).toContainEqual([EVENTS_EXCHANGE, 'topic', 'true']);
  });

  it('applies a duplicated delivery once, also after a crash between commit and ack', async () => {
    const { contract, queue: q } = uniqueContract('dupe');
    queue = q;
    let calls = 0;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async (payload, context) => {
        calls += 1;
        await writeEffect(context, payload.n);
      },
    });
    const connection = app.get(AmqpConnection);
    const dataSource = app.get(DataSource);
    const twice = randomUUID();
    await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1 }, { messageId: twice });
    await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1 }, { messageId: twice });
    // State left by a consumer that committed its effect and died before acking:
    const committed = randomUUID();
    await dataSource.query(
      'INSERT INTO inbox_message (consumer, message_id, routing_key) VALUES ($1, $2, $3)',
      [queue, committed, contract.routingKey],
    );
    await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 2 }, { messageId: committed });
    const last = randomUUID();
    await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 3 }, { messageId: last });

    await eventually(
      async () => (await effects(dataSource, queue)).some((e) => e.message_id === last),
      5_000,
      'the last message',
    );
    expect(await effects(dataSource, queue)).toEqual([
      { message_id: twice, n: 1 },
      { message_id: last, n: 3 },
    ]);
    expect(calls).toBe(2);
  });

  it('treats a mandatory publish that no queue takes as a failure', async () => {
    const { contract, queue: q } = uniqueContract('unbound');
    queue = q;
    const unbound = uniqueContract('nobody-listens');
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async () => undefined,
    });
    await expect(
      app.get(AmqpConnection).publish(unbound.contract.routingKey, { accountId: ACCOUNT_ID, n: 1 }),
    ).rejects.toBeInstanceOf(UnroutableMessageError);
  });

  it('publishes outbox rows of committed transactions only, and keeps unroutable ones for later', async () => {
    const { contract, queue: q } = uniqueContract('outbox');
    queue = q;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async (payload, context) => writeEffect(context, payload.n),
    });
    const dataSource = app.get(DataSource);
    const outbox = app.get(OutboxService);
    const kept = await dataSource.transaction((em) =>
      outbox.enqueue(em, contract, { accountId: ACCOUNT_ID, n: 1 }),
    );
    await expect(
      dataSource.transaction(async (em) => {
        await outbox.enqueue(em, contract, { accountId: ACCOUNT_ID, n: 2 });
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    const unbound = uniqueContract('outbox-unbound');
    const stuck = await dataSource.transaction((em) =>
      outbox.enqueue(em, unbound.contract, { accountId: ACCOUNT_ID, n: 3 }),
    );
    app.get(OutboxRelay).wake();

    await eventually(async () => (await effects(dataSource, queue)).length === 1, 5_000, 'the outbox row');
    await sleep(300);
    expect(await effects(dataSource, queue)).toEqual([{ message_id: kept, n: 1 }]);
    const [row] = await dataSource.query(
      'SELECT attempts, last_error, published_at FROM outbox_message WHERE id = $1',
      [stuck],
    );
    expect(row.published_at).toBeNull();
    expect(row.attempts).toBeGreaterThanOrEqual(1);
    expect(row.last_error).toContain('no queue is bound');
    const [sent] = await dataSource.query('SELECT published_at FROM outbox_message WHERE id = $1', [kept]);
    expect(sent.published_at).not.toBeNull();
    await dataSource.query('DELETE FROM outbox_message WHERE id = $1', [stuck]);
  });

  it('forgets published outbox rows and inbox rows once they are past the retention', async () => {
    const { contract, queue: q } = uniqueContract('prune');
    queue = q;
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async () => undefined,
    });
    const dataSource = app.get(DataSource);
    const [oldSent, recentSent, oldPending] = [randomUUID(), randomUUID(), randomUUID()];
    const outboxRow = (id: string, publishedAgo: string | null) =>
      dataSource.query(
        `INSERT INTO outbox_message (id, producer, routing_key, account_id, payload, published_at)
         VALUES ($1, 'prune-test', $2, $3, '{}', ${publishedAgo === null ? 'NULL' : `now() - interval '${publishedAgo}'`})`,
        [id, contract.routingKey, ACCOUNT_ID],
      );
    await outboxRow(oldSent, '8 days');
    await outboxRow(recentSent, '1 hour');
    await outboxRow(oldPending, null);
    await dataSource.query(
      `INSERT INTO inbox_message (consumer, message_id, routing_key, processed_at)
       VALUES ($1, 'old', 'k', now() - interval '8 days'), ($1, 'recent', 'k', now())`,
      [queue],
    );

    const pruned = await app.get(OutboxRelay).pruneOnce();

    expect(pruned.outbox).toBeGreaterThanOrEqual(1);
    expect(pruned.inbox).toBeGreaterThanOrEqual(1);
    const outboxLeft = await dataSource.query('SELECT id FROM outbox_message WHERE id = ANY($1)', [
      [oldSent, recentSent, oldPending],
    ]);
    expect(outboxLeft.map((r: { id: string }) => r.id).sort()).toEqual([recentSent, oldPending].sort());
    const inboxLeft = await dataSource.query('SELECT message_id FROM inbox_message WHERE consumer = $1', [
      queue,
    ]);
    expect(inboxLeft).toEqual([{ message_id: 'recent' }]);
    await dataSource.query('DELETE FROM outbox_message WHERE id = ANY($1)', [[recentSent, oldPending]]);
  });

  it('on shutdown stops taking messages and finishes the ones it holds before closing', async () => {
    const { contract, queue: q } = uniqueContract('drain');
    queue = q;
    let started = 0;
    const running = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async (payload, context) => {
        started += 1;
        await sleep(1_000);
        await writeEffect(context, payload.n);
      },
    });
    const connection = running.get(AmqpConnection);
    await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1 });
    await eventually(async () => started === 1, 5_000, 'the handler to start');

    const closing = running.close();
    await sleep(200);
    // Consumers are cancelled: this one waits in the queue for the next replica.
    await connection.publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 2 });
    await closing;

    const probe = await connect(process.env.AMQP_URL!);
    const channel = await probe.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    await probe.close();
    const check = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await check.initialize();
    const applied = await effects(check, queue);
    await check.destroy();

    expect(started).toBe(1);
    expect(applied).toEqual([expect.objectContaining({ n: 1 })]);
    expect(messageCount).toBe(1);
    app = await startConsumerApp({
      contract,
      queue,
      retryDelaysMs: RETRY_DELAYS,
      behaviour: async () => undefined,
    });
  });
});
