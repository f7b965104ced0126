import { INestApplication } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '@app/messaging';
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

    // Publish through a second app on the same queue that is not consuming yet: the harness
    // consumes, so publish with a bare connection of the child's broker instead.
    const { connect } = await import('amqplib');
    const publisher = await connect(process.env.AMQP_URL!);
    const channel = await publisher.createConfirmChannel();
    const messageId = '11111111-2222-4333-8444-555555555555'.replace(/5+$/, String(Date.now()).slice(-12));
    channel.publish(
      'retailcrm-mindbox.events',
      contract.routingKey,
      Buffer.from(JSON.stringify({ accountId: ACCOUNT_ID, n: 7 })),
      { messageId, persistent: true, mandatory: true },
    );
    await channel.waitForConfirms();
    await publisher.close();

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
