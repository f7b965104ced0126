import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AccountActivityChanged,
  AccountActivityChangedV1,
  AccountSettingsChanged,
  AccountSettingsChangedV1,
  AmqpContext,
  Consume,
  JournalRetryRequested,
  JournalRetryRequestedV1,
  SyncRequested,
  SyncRequestedV1,
} from '@app/messaging';
import { QUEUES } from '../order-processing.config';
import { OrderControlService } from './order-control.service';

/** Commands and account events for order-processing; each maps to one service call. */
@Controller()
export class OrderControlConsumer {
  constructor(private readonly control: OrderControlService) {}

  /** The account's hook URL for orders was called. */
  @Consume(SyncRequested, { queue: QUEUES.changes })
  async syncRequested(@Payload() message: SyncRequestedV1, @Ctx() context: AmqpContext): Promise<void> {
    await this.control.syncRequested(context.entityManager, message);
  }

  @Consume(AccountSettingsChanged, { queue: QUEUES.changes })
  async settingsChanged(@Payload() message: AccountSettingsChangedV1): Promise<void> {
    this.control.settingsChanged(message);
  }

  @Consume(AccountActivityChanged, { queue: QUEUES.changes })
  async activityChanged(
    @Payload() message: AccountActivityChangedV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    await this.control.activityChanged(context.entityManager, message);
  }

  @Consume(JournalRetryRequested, { queue: QUEUES.changes })
  async journalRetryRequested(
    @Payload() message: JournalRetryRequestedV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    await this.control.journalRetryRequested(context.entityManager, message);
  }
}
