import { Inject, Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountMessage, MessageContract, validatePayload } from '../contracts';
import { MESSAGING_OPTIONS } from '../messaging.constants';
import type { MessagingOptions } from '../messaging.interfaces';
import { OutboxRepository } from './outbox.repository';

/**
 * Writes outgoing messages in the caller's transaction, so a business change and the events it
 * causes commit or roll back together. The relay publishes them afterwards.
 */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Validates the payload against its contract and queues it; returns the future `messageId`. */
  async enqueue<T extends AccountMessage>(
    em: EntityManager,
    contract: MessageContract<T>,
    payload: T,
  ): Promise<string> {
    const message = validatePayload(contract, payload);
    const id = randomUUID();
    await this.outbox.add(em, {
      id,
      producer: this.options.serviceName,
      routingKey: contract.routingKey,
      accountId: message.accountId,
      payload: instanceToPlain(message),
    });
    return id;
  }
}
