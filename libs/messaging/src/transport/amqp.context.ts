import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import type { EntityManager } from 'typeorm';
import { retryCountOf } from '../messaging.constants';

type AmqpContextArgs = [
  message: ConsumeMessage,
  entityManager: EntityManager,
  queue: string,
  routingKey: string,
];

/**
 * What a consumer handler gets besides its payload. `entityManager` is the transaction the inbox
 * row is written in: the handler's own writes must use it so they commit with that row.
 */
export class AmqpContext extends BaseRpcContext<AmqpContextArgs> {
  get message(): ConsumeMessage {
    return this.args[0];
  }

  get entityManager(): EntityManager {
    return this.args[1];
  }

  get queue(): string {
    return this.args[2];
  }

  get routingKey(): string {
    return this.args[3];
  }

  get messageId(): string {
    return String(this.args[0].properties.messageId);
  }

  /** How many times this message failed before this delivery. */
  get retryCount(): number {
    return retryCountOf(this.args[0].properties.headers);
  }
}
