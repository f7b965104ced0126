import { INestApplication } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { AmqpConnection, EVENTS_EXCHANGE } from '@app/messaging';
import {
  ACCOUNT_ID,
  deleteQueues,
  effects,
  eventually,
  startConsumerApp,
  uniqueContract,
  writeEffect,
} from './messaging-harness';

const ROOT = join(__dirname, '..', '..');

function startChild(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'test/messaging/consumer-process.ts',
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { child, lines };
}

/**
 * Publishes with a bare connection, as another service would: the harness apps consume as soon
 * as they start, and the child is the consumer under test.
 */
async function publishBare(routingKey: string, n: number): Promise<string> {
  const publisher = await connect(process.env.AMQP_URL!);
  try {
    const channel = await publisher.createConfirmChannel();
    const messageId = randomUUID();
    channel.publish(EVENTS_EXCHANGE, routingKey, Buffer.from(JSON.stringify({ accountId: ACCOUNT_ID, n })), {
      messageId,
      persistent: true,
      mandatory: true,
    });
    await channel.waitForConfirms();
    return messageId;
  } finally {
    await publisher.close();
  }
}

async function queuedMessages(queue: string): Promise<number> {
  const probe = await connect(process.env.AMQP_URL!);
  try {
    return (await (await probe.createChannel()).checkQueue(queue)).messageCount;
  } finally {
    await probe.close();
  }
}

describe('a consumer killed in the middle of a message', () => {
  let app: INestApplication | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    child?.kill('SIGKILL');
    await app?.close();
  });

  it('leaves the message to the next consumer, which applies it once', async () => {
    const { contract, queue } = uniqueContract('killed');
    const started = startChild({ ROUTING_KEY: contract.routingKey, QUEUE: queue, HOLD_MS: '60000' });
    child = started.child;
    await eventually(async () => started.lines.includes('ready'), 30_000, 'the child consumer');

    const messageId = await publishBare(contract.routingKey, 7);

    await eventually(
      async () => started.lines.includes(`holding ${messageId}`),
      15_000,
      'the child to take the message',
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));

    let calls = 0;
    app = await startConsumerApp({
      contract,
      queue,
      behaviour: async (payload, context) => {
        calls += 1;
        await writeEffect(context, payload.n);
      },
    });
    const dataSource = app.get(DataSource);
    await eventually(async () => (await effects(dataSource, queue)).length > 0, 15_000, 'the redelivery');
    expect(await effects(dataSource, queue)).toEqual([{ message_id: messageId, n: 7 }]);
    expect(calls).toBe(1);
    await deleteQueues(app.get(AmqpConnection), queue);
  }, 60_000);
});

describe('a consumer stopped by SIGTERM', () => {
  let child: ChildProcess | undefined;
  let app: INestApplication | undefined;

  afterEach(async () => {
    child?.kill('SIGKILL');
    await app?.close();
  });

  it('takes no new message from the signal on, even while another module is slow to stop, and finishes the one it holds', async () => {
    const { contract, queue } = uniqueContract('sigterm');
    const started = startChild({
      ROUTING_KEY: contract.routingKey,
      QUEUE: queue,
      HOLD_MS: '1000',
      SLOW_DESTROY_MS: '3000',
    });
    child = started.child;
    await eventually(async () => started.lines.includes('ready'), 30_000, 'the child consumer');
    const held = await publishBare(contract.routingKey, 1);
    await eventually(async () => started.lines.includes(`holding ${held}`), 15_000, 'the first message');

    // Nest closes the app, then raises the signal again to end the process.
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child!.once('exit', (_code, signal) => resolve(signal)),
    );
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The slow module keeps the app closing for 3 s: this message must wait for another replica.
    const waiting = await publishBare(contract.routingKey, 2);
    expect(await exited).toBe('SIGTERM');

    expect(started.lines.filter((line) => line.startsWith('holding '))).toEqual([`holding ${held}`]);
    expect(await queuedMessages(queue)).toBe(1);
    // The next replica applies it; the one the stopped consumer held was committed once.
    app = await startConsumerApp({
      contract,
      queue,
      behaviour: async (payload, context) => writeEffect(context, payload.n),
    });
    const dataSource = app.get(DataSource);
    await eventually(async () => (await effects(dataSource, queue)).length === 2, 15_000, 'both effects');
    expect(await effects(dataSource, queue)).toEqual([
      { message_id: held, n: 1 },
      { message_id: waiting, n: 2 },
    ]);
    await deleteQueues(app.get(AmqpConnection), queue);
  }, 60_000);
});
