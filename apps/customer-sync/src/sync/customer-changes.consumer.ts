import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AmqpContext,
  Consume,
  CustomerChanged,
  CustomerChangedV1,
  CustomerChangedV2,
  CustomerChangedV2Contract,
  CustomerFullLoadItem,
  CustomerFullLoadItemV1,
} from '@app/messaging';
import type { Customer } from '@app/retailcrm';
import { QUEUES } from '../customer-sync.config';
import { CustomerSyncService, Delivery } from './customer-sync.service';

const deliveryOf = (context: AmqpContext): Delivery => ({
  em: context.entityManager,
  messageId: context.messageId,
  retryCount: context.retryCount,
});

/** Customers to sync: live changes (`customer-changed` queue) and full-load items (`full-load` queue). */
@Controller()
export class CustomerChangesConsumer {
  constructor(private readonly sync: CustomerSyncService) {}

  /** The first version, without the customer: it is read from the CRM. */
  @Consume(CustomerChanged, { queue: QUEUES.changes })
  async changedV1(@Payload() message: CustomerChangedV1, @Ctx() context: AmqpContext): Promise<void> {
    await this.sync.handle(
      {
        accountId: message.accountId,
        customerId: message.customerId,
        cause: 'history',
        fields: message.fields,
      },
      deliveryOf(context),
    );
  }

  @Consume(CustomerChangedV2Contract, { queue: QUEUES.changes })
  async changed(@Payload() message: CustomerChangedV2, @Ctx() context: AmqpContext): Promise<void> {
    const snapshot =
      message.customer && message.fetchedAt
        ? { customer: message.customer as unknown as Customer, fetchedAt: new Date(message.fetchedAt) }
        : undefined;
    await this.sync.handle(
      {
        accountId: message.accountId,
        customerId: message.customerId,
        cause: message.cause,
        fields: message.fields,
        snapshot,
        force: message.journalId !== undefined,
      },
      deliveryOf(context),
    );
  }

  @Consume(CustomerFullLoadItem, { queue: QUEUES.fullLoad })
  async fullLoadItem(@Payload() message: CustomerFullLoadItemV1, @Ctx() context: AmqpContext): Promise<void> {
    await this.sync.handle(
      {
        accountId: message.accountId,
        customerId: message.customerId,
        cause: 'full-load',
        fields: [],
        snapshot: {
          customer: message.customer as unknown as Customer,
          fetchedAt: new Date(message.fetchedAt),
        },
        force: true,
        runId: message.runId,
      },
      deliveryOf(context),
    );
  }
}
