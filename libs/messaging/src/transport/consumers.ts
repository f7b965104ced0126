import type { Channel } from 'amqplib';

/** A consumer a server started: its channel and the tag to cancel it by. */
export interface ConsumerHandle {
  channel: Channel;
  consumerTag: string;
}

/** Cancels every consumer; messages not yet delivered stay queued. Failures (a dead channel) are moot. */
export async function cancelConsumers(consumers: Iterable<ConsumerHandle>): Promise<void> {
  await Promise.all(
    [...consumers].map(({ channel, consumerTag }) => channel.cancel(consumerTag).catch(() => undefined)),
  );
}

/** Closes the channels of every consumer, once their messages are settled. */
export async function closeConsumerChannels(consumers: Iterable<ConsumerHandle>): Promise<void> {
  await Promise.all([...consumers].map(({ channel }) => channel.close().catch(() => undefined)));
}
