import { Controller, INestApplication, Module, OnModuleDestroy } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { BaseEnv } from '@app/common/config/base.env';
import { validateEnv } from '@app/common/config/validate-env';
import { DatabaseModule } from '@app/common/database/database.module';
import { HealthModule } from '@app/common/health/health.module';
import { LoggingModule } from '@app/common/logging/logging.module';
import { MetricsModule } from '@app/common/metrics/metrics.module';
import {
  AccountMessage,
  AmqpConnection,
  AmqpContext,
  AmqpServer,
  Consume,
  deadLetterQueueName,
  MessageContract,
  MessagingModule,
  registerContracts,
  retryQueueName,
} from '@app/messaging';

/** The payload of the test contracts. */
export class TestPingV1 extends AccountMessage {
  @IsInt()
  n: number;

  @IsOptional()
  @IsIn(['ok', 'fail', 'invalid'])
  mode?: 'ok' | 'fail' | 'invalid';
}

export type Behaviour = (payload: TestPingV1, context: AmqpContext) => Promise<void>;

/** Short retry ladder of the tests: two retries, 300 ms then 900 ms. */
export const RETRY_DELAYS = [300, 900];

export const ACCOUNT_ID = '6f1f7a4e-0c1d-4a53-9a55-0d7c2b1e0a01';

/** A routing key and queue that no other test shares, so runs never see each other's messages. */
export function uniqueContract(label: string): { contract: MessageContract<TestPingV1>; queue: string } {
  const id = `${label}-${randomUUID().slice(0, 8)}`;
  const contract: MessageContract<TestPingV1> = { routingKey: `test.${id}.v1`, payload: TestPingV1 };
  registerContracts(contract);
  return { contract, queue: `test.${id}` };
}

/** The effect a test handler writes in the message's transaction. */
export async function ensureEffectTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `CREATE TABLE IF NOT EXISTS messaging_test_effect (
       id bigserial PRIMARY KEY, queue text NOT NULL, message_id text NOT NULL, n int NOT NULL, at timestamptz DEFAULT now())`,
  );
}

export async function writeEffect(context: AmqpContext, n: number): Promise<void> {
  await context.entityManager.query(
    'INSERT INTO messaging_test_effect (queue, message_id, n) VALUES ($1, $2, $3)',
    [context.queue, context.messageId, n],
  );
}

export async function effects(
  dataSource: DataSource,
  queue: string,
): Promise<{ message_id: string; n: number }[]> {
  return dataSource.query('SELECT message_id, n FROM messaging_test_effect WHERE queue = $1 ORDER BY id', [
    queue,
  ]);
}

export interface HarnessOptions {
  serviceName?: string;
  contract: MessageContract<TestPingV1>;
  queue: string;
  behaviour: Behaviour;
  retryDelaysMs?: number[];
  outboxPollMs?: number;
  drainTimeoutMs?: number;
  /** When set, the app logs JSON lines through LoggingModule into this stream. */
  logStream?: Writable;
  /** A module of the app whose `onModuleDestroy` takes this long, as a poll scheduler's may. */
  slowDestroyMs?: number;
  /** Close on SIGTERM/SIGINT as the services do (`enableShutdownHooks`). */
  shutdownHooks?: boolean;
  /** Serve `/health/*` as the services do, on a free port of 127.0.0.1 (`app.getUrl()`). */
  health?: boolean;
}

/** A Nest app with the real messaging module, a real broker and a real database, consuming one queue. */
export async function startConsumerApp(options: HarnessOptions): Promise<INestApplication> {
  @Controller()
  class TestConsumer {
    @Consume(options.contract, { queue: options.queue })
    handle(@Payload() payload: TestPingV1, @Ctx() context: AmqpContext): Promise<void> {
      return options.behaviour(payload, context);
    }
  }

  class SlowToStop implements OnModuleDestroy {
    async onModuleDestroy(): Promise<void> {
      await sleep(options.slowDestroyMs ?? 0);
    }
  }

  @Module({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(BaseEnv) }),
      DatabaseModule.forRoot(),
      MetricsModule.forRoot('test'),
      ...(options.logStream ? [LoggingModule.forRoot('test', { stream: options.logStream })] : []),
      ...(options.health ? [HealthModule.forRoot({ database: true })] : []),
      MessagingModule.forRoot({
        serviceName: options.serviceName ?? `test-${randomUUID().slice(0, 8)}`,
        retryDelaysMs: options.retryDelaysMs ?? RETRY_DELAYS,
        outboxPollMs: options.outboxPollMs ?? 100,
        drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
        publishTimeoutMs: 2_000,
      }),
    ],
    controllers: [TestConsumer],
    providers: options.slowDestroyMs ? [SlowToStop] : [],
  })
  class TestAppModule {}

  const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  if (options.logStream) app.useLogger(app.get(Logger));
  if (options.shutdownHooks) app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get(AmqpServer) }, { inheritAppConfig: true });
  if (options.health) await app.listen(0, '127.0.0.1');
  else await app.init();
  await app.get(AmqpConnection).currentModel(10_000);
  await app.startAllMicroservices();
  await ensureEffectTable(app.get(DataSource));
  return app;
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Removes the queues a test declared. */
export async function deleteQueues(
  connection: AmqpConnection,
  queue: string,
  retryDelaysMs = RETRY_DELAYS,
): Promise<void> {
  const channel = await connection.createChannel();
  for (const name of [
    queue,
    deadLetterQueueName(queue),
    ...retryDelaysMs.map((d) => retryQueueName(queue, d)),
  ]) {
    await channel.deleteQueue(name).catch(() => undefined);
  }
  await channel.close().catch(() => undefined);
}

/** Runs rabbitmqctl (the tests run as root beside the broker, as in CI). */
export function rabbitmqctl(...args: string[]): string {
  return execFileSync('rabbitmqctl', args, { encoding: 'utf8', timeout: 60_000 });
}
