import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AmqpConnection, DeadLetterService } from '@app/messaging';
import {
  ACCOUNT_ID,
  deleteQueues,
  eventually,
  RETRY_DELAYS,
  startConsumerApp,
  uniqueContract,
} from './messaging-harness';

// Deliveries a producer got wrong, found by the consumers' fuzz (test/fuzz): each must end parked
// with its reason after the retries it deserves, not in a requeue loop up to the delivery limit.

describe('deliveries with malformed properties', () => {
  let app: INestApplication | undefined;
  let queue = '';

  afterEach(async () => {
    if (!app) return;
    await deleteQueues(app.get(AmqpConnection), queue, RETRY_DELAYS);
    await app.close();
    app = undefined;
  });

  /** A consumer that records the retry count of each attempt, failing when told to. */
  async function start(label: string, fail: boolean) {
    const { contract, queue: q } = uniqueContract(label);
    queue = q;
    const attempts: number[] = [];
    app = await startConsumerApp({
      contract,
      queue,
      behaviour: async (_payload, context) => {
        attempts.push(context.retryCount);
        if (fail) throw new Error('Mindbox answered 503');
      },
    });
    const send = (body: string, messageId: string, headers: Record<string, unknown> = {}) =>
      app!.get(AmqpConnection).publishRaw('', queue, Buffer.from(body), {
        messageId,
        headers: { 'x-routing-key': contract.routingKey, ...headers },
      });
    const parked = async () => {
      const deadLetters = app!.get(DeadLetterService);
      await eventually(
        async () => (await deadLetters.count(queue)) === 1,
        15_000,
        'the message to be parked',
      );
      return (await deadLetters.list(queue))[0];
    };
    return { attempts, send, parked };
  }

  it('parks at once, with the reason, a message whose messageId is too long for the inbox', async () => {
    const { attempts, send, parked } = await start('long-id', false);
    await send(JSON.stringify({ accountId: ACCOUNT_ID, n: 1 }), `m-${'x'.repeat(70)}`);
    const message = await parked();
    expect(message.lastError).toContain('messageId is longer than 64 characters');
    expect(message.retries).toBe(0);
    expect(attempts).toEqual([]);
  });

  it('parks a malformed message whose x-retry-count is not a number, with its reason', async () => {
    const { send, parked } = await start('nan-count', false);
    await send('not json', randomUUID(), { 'x-retry-count': 'abc' });
    const message = await parked();
    expect(message.lastError).toContain('is not JSON');
    expect(message.retries).toBe(0);
  });

  it('takes a failing message with a negative x-retry-count up the retry ladder from its first rung', async () => {
    const { attempts, send, parked } = await start('negative-count', true);
    await send(JSON.stringify({ accountId: ACCOUNT_ID, n: 1 }), randomUUID(), { 'x-retry-count': -1 });
    const message = await parked();
    expect(message.lastError).toContain('Mindbox answered 503');
    expect(attempts).toEqual([0, 1, 2]);
  });
});
