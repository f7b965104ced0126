import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AccountActivityChanged,
  AccountActivityChangedV1,
  AccountSettingsChanged,
  AccountSettingsChangedV1,
  AmqpContext,
  Consume,
  FullLoadRequested,
  FullLoadRequestedV1,
  JournalRetryRequested,
  JournalRetryRequestedV1,
  SyncRequested,
  SyncRequestedV1,
} from '@app/messaging';
import { QUEUES } from '../customer-sync.config';
import { SyncControlService } from './sync-control.service';

/**
 * Commands and account events for customer-sync, on the live queue: they are few and should not
 * wait behind a full load. Each maps to one service call.
 */
@Controller()
export class SyncControlConsumer {
  constructor(private readonly control: SyncControlService) {}

  /** The account's hook URL was called. */
  @Consume(SyncRequested, { queue: QUEUES.changes })
  async syncRequested(@Payload() message: SyncRequestedV1, @Ctx() context: AmqpContext): Promise<void> {
    await this.control.syncRequested(context.entityManager, message);
  }

  @Consume(AccountSettingsChanged, { queue: QUEUES.changes })
  async settingsChanged(
    @Payload() message: AccountSettingsChangedV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    await this.control.settingsChanged(context.entityManager, message);
  }

  @Consume(AccountActivityChanged, { queue: QUEUES.changes })
  async activityChanged(
    @Payload() message: AccountActivityChangedV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    await this.control.activityChanged(context.entityManager, message);
  }

  @Consume(FullLoadRequested, { queue: QUEUES.changes })
  async fullLoadRequested(
    @Payload() message: FullLoadRequestedV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    await this.control.fullLoadRequested(context.entityManager, message);
  }

  @Consume(JournalRetryRequested, { queue: QUEUES.changes })
  async journalRetryRequested(
    @Payload() message: JournalRetryRequestedV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    await this.control.journalRetryRequested(context.entityManager, message);
  }
}
