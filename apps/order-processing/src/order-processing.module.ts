import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { MindboxModule } from '@app/mindbox';
import { RetailCrmModule } from '@app/retailcrm';
import { SettingsModule } from '@app/settings';
import { OrderAccountsService } from './accounts/order-accounts.service';
import { OrderControlConsumer } from './control/order-control.consumer';
import { OrderControlService } from './control/order-control.service';
import { OrderHistoryPoller } from './history/order-history-poller.service';
import { OrderPollScheduler } from './history/order-poll-scheduler.service';
import { OrderSyncStateRepository } from './history/order-sync-state.repository';
import { JournalRetryService } from './journal/journal-retry.service';
import { OrderJournalRepository } from './journal/order-journal.repository';
import { OrderProcessingMetrics } from './metrics/order-processing.metrics';
import { OrderCardIntentsRepository } from './order-card/order-card-intents.repository';
import { messagingOptionsFromEnv, OrderProcessingConfig, SERVICE_NAME } from './order-processing.config';
import { OrderProcessingEnv } from './order-processing.env';
import { OrderChangesConsumer } from './processing/order-changes.consumer';
import { OrderProcessingService } from './processing/order-processing.service';
import { OrderStateRepository } from './processing/order-state.repository';
import { OpenTransactionsSweeper } from './recovery/open-transactions.service';

/** Orders through the status rules, RetailCRM -> Mindbox -> prices back (see README.md). */
@Module({
  imports: [RetailCrmModule, MindboxModule],
  controllers: [OrderChangesConsumer, OrderControlConsumer],
  providers: [
    OrderProcessingConfig,
    OrderProcessingMetrics,
    OrderAccountsService,
    OrderSyncStateRepository,
    OrderHistoryPoller,
    OrderPollScheduler,
    OrderStateRepository,
    OrderCardIntentsRepository,
    OrderProcessingService,
    OrderJournalRepository,
    JournalRetryService,
    OrderControlService,
    OpenTransactionsSweeper,
  ],
})
export class OrderProcessingFeatureModule {}

@Module({
  imports: [
    ServiceModule.forRoot({
      name: SERVICE_NAME,
      env: OrderProcessingEnv,
      imports: [
        MessagingModule.forRoot(messagingOptionsFromEnv()),
        SettingsModule,
        OrderProcessingFeatureModule,
      ],
    }),
  ],
})
export class OrderProcessingModule {}
