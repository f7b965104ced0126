import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { MindboxModule } from '@app/mindbox';
import { RetailCrmModule } from '@app/retailcrm';
import { SettingsModule } from '@app/settings';
import { SyncAccountsService } from './accounts/sync-accounts.service';
import { SyncControlConsumer } from './control/sync-control.consumer';
import { SyncControlService } from './control/sync-control.service';
import { CustomerSyncConfig, messagingOptionsFromEnv, SERVICE_NAME } from './customer-sync.config';
import { CustomerSyncEnv } from './customer-sync.env';
import { FullLoadRunner } from './full-load/full-load-runner.service';
import { FullLoadRepository } from './full-load/full-load.repository';
import { FullLoadService } from './full-load/full-load.service';
import { HistoryPoller } from './history/history-poller.service';
import { PollScheduler } from './history/poll-scheduler.service';
import { SyncStateRepository } from './history/sync-state.repository';
import { JournalRetryService } from './journal/journal-retry.service';
import { JournalRepository } from './journal/journal.repository';
import { CustomerSyncMetrics } from './metrics/customer-sync.metrics';
import { CustomerChangesConsumer } from './sync/customer-changes.consumer';
import { CustomerLinkRepository } from './sync/customer-link.repository';
import { CustomerSyncService } from './sync/customer-sync.service';
import { WriteBackService } from './sync/write-back.service';

/** The customers' full load and live sync, RetailCRM -> Mindbox (see README.md). */
@Module({
  imports: [RetailCrmModule, MindboxModule],
  controllers: [CustomerChangesConsumer, SyncControlConsumer],
  providers: [
    CustomerSyncConfig,
    CustomerSyncMetrics,
    SyncAccountsService,
    SyncStateRepository,
    HistoryPoller,
    PollScheduler,
    FullLoadRepository,
    FullLoadService,
    FullLoadRunner,
    CustomerLinkRepository,
    CustomerSyncService,
    WriteBackService,
    JournalRepository,
    JournalRetryService,
    SyncControlService,
  ],
})
export class CustomerSyncFeatureModule {}

@Module({
  imports: [
    ServiceModule.forRoot({
      name: SERVICE_NAME,
      env: CustomerSyncEnv,
      imports: [
        MessagingModule.forRoot(messagingOptionsFromEnv()),
        SettingsModule,
        CustomerSyncFeatureModule,
      ],
    }),
  ],
})
export class CustomerSyncModule {}
