import { INestApplication, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BaseEnv } from '@app/common/config/base.env';
import { validateEnv } from '@app/common/config/validate-env';
import { DatabaseModule } from '@app/common/database/database.module';
import { MetricsModule } from '@app/common/metrics/metrics.module';
import { AmqpConnection } from '../amqp-connection.service';
import { AccountMessage, MessageValidationError } from '../contracts/message-contract';
import { MessagingModule } from '../messaging.module';
import { RpcClient } from './rpc.client';
import { DEFAULT_RPC_TIMEOUT_MS, DIRECT_REPLY_TO, RpcHeaders } from './rpc.constants';
import {
  RpcContract,
  RpcInvalidReplyError,
  rpcQueueName,
  RpcRemoteError,
  RpcTimeoutError,
  RpcUnavailableError,
} from './rpc.contract';
import { RpcModule } from './rpc.module';
import { RpcCallContext, RpcServer } from './rpc.server';

// Request/reply against the real broker (AMQP_URL) and database (TEST_DATABASE_URL): a server
// app and a client app, as the gateway and promo-loyalty are, each with its own connection.

class SumRequest extends AccountMessage {
  @IsInt()
  a: number;

  @IsInt()
  b: number;

  /** How the test server behaves. */
  @IsOptional()
  @IsIn(['ok', 'slow', 'throw', 'bad-reply'])
  mode?: 'ok' | 'slow' | 'throw' | 'bad-reply';
}

class SumReply {
  @IsInt()
  sum: number;

  @IsString()
  accountId: string;

  /** What the server saw of the deadline. */
  @IsInt()
  remainingMs: number;
}

const ACCOUNT_ID = '0b6c8f44-7e7e-4c55-8a1e-3b1f2f0a9d11';

function contractOf(service: string): RpcContract<SumRequest, SumReply> {
  return { name: `test.sum.v1`, service, request: SumRequest, reply: SumReply };
}

interface Seen {
  handled: number[];
}

async function startApp(service: string, serve: boolean, seen: Seen): Promise<INestApplication> {
  @Injectable()
  class SumHandler implements OnModuleInit {
    constructor(private readonly rpc: RpcServer) {}

    onModuleInit(): void {
      if (!serve) return;
      this.rpc.serve(contractOf(service), async (request: SumRequest, call: RpcCallContext) => {
        seen.handled.push(request.a);
        if (request.mode === 'slow') await sleep(1_500);
        if (request.mode === 'throw') throw new Error('the sum broke');
        const reply = {
          sum: request.a + request.b,
          accountId: request.accountId,
          remainingMs: call.remainingMs(),
        };
        return request.mode === 'bad-reply' ? ({ ...reply, sum: 'many' } as unknown as SumReply) : reply;
      });
    }
  }

  @Module({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(BaseEnv) }),
      DatabaseModule.forRoot(),
      MetricsModule.forRoot('test'),
      MessagingModule.forRoot({ serviceName: `rpc-test-${randomUUID().slice(0, 8)}`, outboxPollMs: 0 }),
      RpcModule,
    ],
    providers: [SumHandler],
  })
  class AppModule {}

  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  await app.get(AmqpConnection).currentModel(10_000);
  // The reply channel and the consumer open on the connect that may follow init.
  for (let i = 0; i < 100 && !app.get(RpcClient).isReady(); i++) await sleep(50);
  return app;
}

describe('request/reply over RabbitMQ', () => {
  const service = `rpc-test-${randomUUID().slice(0, 8)}`;
  const contract = contractOf(service);
  const seen: Seen = { handled: [] };
  let server: INestApplication;
  let client: INestApplication;
  let rpc: RpcClient;

  beforeAll(async () => {
    server = await startApp(service, true, seen);
    client = await startApp(service, false, seen);
    rpc = client.get(RpcClient);
  });

  afterAll(async () => {
    const channel = await client.get(AmqpConnection).createChannel();
    await channel.deleteQueue(rpcQueueName(service)).catch(() => undefined);
    await channel.close().catch(() => undefined);
    await client?.close();
    await server?.close();
  });

  it('answers a request with its reply, the account and the deadline carried across', async () => {
    const reply = await rpc.call(contract, { accountId: ACCOUNT_ID, a: 2, b: 40 }, { timeoutMs: 3_000 });
    expect(reply).toBeInstanceOf(SumReply);
    expect(reply.sum).toBe(42);
    expect(reply.accountId).toBe(ACCOUNT_ID);
    expect(reply.remainingMs).toBeGreaterThan(0);
    expect(reply.remainingMs).toBeLessThanOrEqual(3_000);
  });

  it('keeps concurrent calls apart by correlation id', async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => rpc.call(contract, { accountId: ACCOUNT_ID, a: i, b: 1000 })),
    );
    expect(replies.map((reply) => reply.sum)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1000));
  });

  it('refuses a request that breaks its contract before sending it', async () => {
    const before = seen.handled.length;
    await expect(rpc.call(contract, { accountId: 'not-a-uuid', a: 1, b: 2 })).rejects.toThrow(
      MessageValidationError,
    );
    await expect(rpc.call(contract, { accountId: ACCOUNT_ID, a: 'one', b: 2 })).rejects.toMatchObject({
      errors: { a: expect.stringContaining('integer') },
    });
    expect(seen.handled.length).toBe(before);
  });

  it('gives up at the deadline when the server is slow, drops the late reply, and answers the next call', async () => {
    const started = Date.now();
    await expect(
      rpc.call(contract, { accountId: ACCOUNT_ID, a: 7, b: 0, mode: 'slow' }, { timeoutMs: 500 }),
    ).rejects.toThrow(RpcTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_400);
    await sleep(1_200); // the late reply arrives meanwhile and finds no one waiting
    await expect(rpc.call(contract, { accountId: ACCOUNT_ID, a: 1, b: 1 })).resolves.toMatchObject({
      sum: 2,
    });
  });

  it('reports a failing handler as a remote failure, without its stack', async () => {
    const error = await rpc
      .call(contract, { accountId: ACCOUNT_ID, a: 1, b: 1, mode: 'throw' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RpcRemoteError);
    expect(error.code).toBe('failed');
    expect(error.message).toContain('the sum broke');
    expect(error.message).not.toContain(' at ');
  });

  it('refuses a reply that breaks its contract', async () => {
    await expect(
      rpc.call(contract, { accountId: ACCOUNT_ID, a: 1, b: 1, mode: 'bad-reply' }),
    ).rejects.toThrow(RpcInvalidReplyError);
  });

  it('fails at once when no queue takes the request', async () => {
    const started = Date.now();
    const nowhere = contractOf(`rpc-test-nobody-${randomUUID().slice(0, 8)}`);
    await expect(
      rpc.call(nowhere, { accountId: ACCOUNT_ID, a: 1, b: 1 }, { timeoutMs: 3_000 }),
    ).rejects.toThrow(RpcUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers "unknown operation" for a name the server does not serve', async () => {
    const other: RpcContract<SumRequest, SumReply> = { ...contract, name: 'test.product.v1' };
    await expect(rpc.call(other, { accountId: ACCOUNT_ID, a: 1, b: 1 })).rejects.toMatchObject({
      code: 'unknown-operation',
    });
  });

  it('answers a request whose deadline header is not a number within the default time, rather than drop it', async () => {
    const channel = await client.get(AmqpConnection).createChannel();
    const replies: SumReply[] = [];
    // A caller of its own, as RpcClient is one: direct reply-to takes no-ack consumers only.
    await channel.consume(
      DIRECT_REPLY_TO,
      (reply) => reply && replies.push(JSON.parse(reply.content.toString()).result),
      { noAck: true },
    );
    for (const deadline of ['', 'soon', 'Infinity']) {
      channel.sendToQueue(
        rpcQueueName(service),
        Buffer.from(JSON.stringify({ accountId: ACCOUNT_ID, a: 1, b: 2 })),
        {
          correlationId: randomUUID(),
          replyTo: DIRECT_REPLY_TO,
          type: contract.name,
          headers: { [RpcHeaders.deadline]: deadline },
        },
      );
    }
    for (let i = 0; i < 40 && replies.length < 3; i++) await sleep(50);
    await channel.close();
    expect(replies).toHaveLength(3);
    for (const reply of replies) {
      expect(reply.sum).toBe(3);
      expect(reply.remainingMs).toBeGreaterThan(0);
      expect(reply.remainingMs).toBeLessThanOrEqual(DEFAULT_RPC_TIMEOUT_MS);
    }
  });

  it('lets requests expire while no server runs, and the next server does not work on them', async () => {
    await server.close();
    const handledBefore = seen.handled.length;
    // The queue is durable: the request waits in it until its deadline, then the broker drops it.
    await expect(
      rpc.call(contract, { accountId: ACCOUNT_ID, a: 99, b: 0 }, { timeoutMs: 400 }),
    ).rejects.toThrow(RpcTimeoutError);
    await sleep(300);
    server = await startApp(service, true, seen);
    await expect(rpc.call(contract, { accountId: ACCOUNT_ID, a: 5, b: 5 })).resolves.toMatchObject({
      sum: 10,
    });
    expect(seen.handled.slice(handledBefore)).toEqual([5]);
  });
});
