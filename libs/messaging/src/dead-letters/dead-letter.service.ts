import { Injectable } from '@nestjs/common';
import type { Channel, GetMessage } from 'amqplib';
import { AmqpConnection } from '../amqp-connection.service';
import { deadLetterQueueName, Headers, routingKeyOf } from '../messaging.constants';

/** A parked message as the operator sees it. */
export interface ParkedMessage {
  messageId: string;
  routingKey: string;
  accountId: string | null;
  retries: number;
  lastError: string | null;
  failedAt: string | null;
  body: string;
}

const header = (message: GetMessage, name: string): string | null => {
  const value = message.properties.headers?.[name];
  return value === undefined || value === null ? null : String(value);
};

/**
 * Lists and replays the messages parked in a consumer queue's dead-letter queue. Listing takes
 * messages without acknowledging them and gives them all back by closing its channel, so the
 * queue is unchanged afterwards.
 */
@Injectable()
export class DeadLetterService {
  constructor(private readonly connection: AmqpConnection) {}

  /** How many messages are parked for `queue`. */
  async count(queue: string): Promise<number> {
    return this.withChannel(
      async (channel) => (await channel.checkQueue(deadLetterQueueName(queue))).messageCount,
    );
  }

  async list(queue: string, limit = 100): Promise<ParkedMessage[]> {
    return this.withChannel(async (channel) => {
      const parked: ParkedMessage[] = [];
      for (
        let message = await this.take(channel, queue);
        message;
        message = await this.take(channel, queue)
      ) {
        parked.push(this.describe(message));
        if (parked.length >= limit) break;
      }
      return parked;
    });
  }

  /**
   * Puts parked messages back on their work queue with a fresh retry budget; all of them, or only
   * those whose messageId is listed. Returns the ids replayed.
   */
  async replay(queue: string, messageIds?: string[]): Promise<string[]> {
    const wanted = messageIds ? new Set(messageIds) : null;
    return this.withChannel(async (channel) => {
      const replayed: string[] = [];
      for (
        let message = await this.take(channel, queue);
        message;
        message = await this.take(channel, queue)
      ) {
        const messageId = String(message.properties.messageId ?? '');
        if (wanted && !wanted.has(messageId)) continue; // given back when the channel closes
        const headers = {
          ...message.properties.headers,
          // Kept before x-death goes: a message the broker parked has its key only there.
          [Headers.routingKey]: routingKeyOf(message.properties.headers, message.fields.routingKey),
          [Headers.retryCount]: 0,
          [Headers.replayedAt]: new Date().toISOString(),
        };
        delete headers['x-death'];
        await this.connection.publishRaw('', queue, message.content, {
          ...message.properties,
          messageId,
          headers,
        });
        channel.ack(message);
        replayed.push(messageId);
        if (wanted && replayed.length === wanted.size) break;
      }
      return replayed;
    });
  }

  private take(channel: Channel, queue: string): Promise<GetMessage | false> {
    return channel.get(deadLetterQueueName(queue), { noAck: false });
  }

  private describe(message: GetMessage): ParkedMessage {
    return {
      messageId: String(message.properties.messageId ?? ''),
      routingKey: routingKeyOf(message.properties.headers, message.fields.routingKey),
      accountId: header(message, Headers.accountId),
      retries: Number(header(message, Headers.retryCount) ?? 0),
      lastError: header(message, Headers.lastError),
      failedAt: header(message, Headers.failedAt),
      body: message.content.toString('utf8'),
    };
  }

  private async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await this.connection.createChannel();
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}
