import type { Channel } from 'amqplib';
import { deadLetterQueueName, EVENTS_EXCHANGE, retryQueueName } from '../messaging.constants';

/** Redeliveries after which RabbitMQ parks a message that keeps crashing its consumer. */
export const DELIVERY_LIMIT = 20;

/** The retry queue of one rung of the ladder; its name carries its delay, so changing delays adds queues instead of clashing with old arguments. */
export const retryQueueFor = (queue: string, delayMs: number): string => retryQueueName(queue, delayMs);

/**
 * Declares a consumer queue with its retry ladder and parking queue:
 * - the work queue is a durable quorum queue bound to the events exchange; a delivery limit
 *   dead-letters a message that crashes consumers over and over into the parking queue;
 * - each retry queue holds a failed message for its TTL, then dead-letters it back to the
 *   work queue through the default exchange. It is a durable classic queue: quorum queues'
 *   at-least-once dead-lettering depends on a broker worker that RabbitMQ 3.10 does not
 *   restart after `stop_app`/`start_app`, which took every such queue down in our tests;
 * - the parking queue is a durable classic queue: it has no delivery limit, so listing it
 *   (get, then return) never drops a message.
 */
export async function assertConsumerTopology(
  channel: Channel,
  queue: string,
  routingKeys: string[],
  retryDelaysMs: number[],
): Promise<void> {
  const parking = deadLetterQueueName(queue);
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue(parking, { durable: true, arguments: { 'x-queue-type': 'classic' } });
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': DELIVERY_LIMIT,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': parking,
    },
  });
  for (const key of routingKeys) await channel.bindQueue(queue, EVENTS_EXCHANGE, key);
  for (const delay of new Set(retryDelaysMs)) {
    await channel.assertQueue(retryQueueFor(queue, delay), {
      durable: true,
      arguments: {
        'x-queue-type': 'classic',
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
}
