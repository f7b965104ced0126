import { INestApplication, Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { AmqpConnection } from '@app/messaging';
import { ACCOUNT_ID, deleteQueues, eventually, startConsumerApp, uniqueContract } from './messaging-harness';

// The suite runs with LOG_LEVEL=warn; this test reads info lines.
process.env.LOG_LEVEL = 'info';

describe('log lines written while a message is handled', () => {
  let app: INestApplication | undefined;
  let queue = '';

  afterEach(async () => {
    if (!app) return;
    await deleteQueues(app.get(AmqpConnection), queue);
    await app.close();
  });

  it("carry the message's id, its account and its queue, also for the transport's retry warning", async () => {
    const { contract, queue: q } = uniqueContract('logs');
    queue = q;
    const stream = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    let calls = 0;
    app = await startConsumerApp({
      contract,
      queue,
      logStream: stream,
      behaviour: async () => {
        calls += 1;
        new Logger('CustomerSync').log(`applying attempt ${calls}`);
        if (calls === 1) throw new Error('Mindbox timed out');
      },
    });
    const messageId = await app
      .get(AmqpConnection)
      .publish(contract.routingKey, { accountId: ACCOUNT_ID, n: 1, apiKey: 'must-not-leak' } as never);

    await eventually(async () => calls === 2, 10_000, 'the retry');
    await eventually(
      async () => lines.some((l) => l.msg === 'applying attempt 2'),
      5_000,
      'the second log line',
    );
    const handling = lines.filter((l) => l.messageId === messageId);
    expect(handling.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'applying attempt 1',
        'applying attempt 2',
        expect.stringContaining('retrying via'),
      ]),
    );
    for (const line of handling)
      expect(line).toMatchObject({ accountId: ACCOUNT_ID, queue, service: 'test' });
    expect(JSON.stringify(lines)).not.toContain('must-not-leak');
  });
});
