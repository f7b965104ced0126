import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AmqpContext,
  Consume,
  OrderChanged,
  OrderChangedV1,
  OrderChangedV2,
  OrderChangedV2Contract,
} from '@app/messaging';
import type { Order } from '@app/retailcrm';
import { QUEUES } from '../order-processing.config';
import { Delivery, OrderProcessingService } from './order-processing.service';

const deliveryOf = (context: AmqpContext): Delivery => ({
  em: context.entityManager,
  messageId: context.messageId,
  retryCount: context.retryCount,
});

/** Orders to run through the status rules. */
@Controller()
export class OrderChangesConsumer {
  constructor(private readonly processing: OrderProcessingService) {}

  /** The first version, without the order: it is read from the CRM. */
  @Consume(OrderChanged, { queue: QUEUES.changes })
  async changedV1(@Payload() message: OrderChangedV1, @Ctx() context: AmqpContext): Promise<void> {
    await this.processing.handle(
      { accountId: message.accountId, orderId: message.orderId, cause: 'history' },
      deliveryOf(context),
    );
  }

  @Consume(OrderChangedV2Contract, { queue: QUEUES.changes })
  async changed(@Payload() message: OrderChangedV2, @Ctx() context: AmqpContext): Promise<void> {
    const snapshot =
      message.order && message.fetchedAt
        ? { order: message.order as unknown as Order, fetchedAt: new Date(message.fetchedAt) }
        : undefined;
    await this.processing.handle(
      {
        accountId: message.accountId,
        orderId: message.orderId,
        cause: message.cause,
        snapshot,
        force: message.journalId !== undefined,
      },
      deliveryOf(context),
    );
  }
}
