import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type {
  AccountActivityChangedV1,
  AccountSettingsChangedV1,
  FullLoadRequestedV1,
  JournalRetryRequestedV1,
  SyncRequestedV1,
} from '@app/messaging';
import { SyncAccountsService } from '../accounts/sync-accounts.service';
import { FullLoadService } from '../full-load/full-load.service';
import { PollScheduler } from '../history/poll-scheduler.service';
import { JournalRetryService } from '../journal/journal-retry.service';

/** What customer-sync does on commands and account events; messages of other entities are ignored. */
@Injectable()
export class SyncControlService {
  constructor(
    private readonly scheduler: PollScheduler,
    private readonly fullLoads: FullLoadService,
    private readonly retries: JournalRetryService,
    private readonly accounts: SyncAccountsService,
  ) {}

  /** The hook: poll the customer history now rather than at the next interval. */
  async syncRequested(em: EntityManager, message: SyncRequestedV1): Promise<void> {
    if (message.entity !== 'customers') return;
    await this.scheduler.requestPoll(em, message.accountId);
  }

  /** A saved tab: settings are read afresh; the first saved Customers tab starts the full load. */
  async settingsChanged(em: EntityManager, message: AccountSettingsChangedV1): Promise<void> {
    this.accounts.invalidate(message.accountId);
    if (message.tab === 'customers') await this.fullLoads.start(em, message.accountId, 'customers-tab-saved');
  }

  /** An account back in service is polled at once (from its cursor); one out of service is just not polled. */
  async activityChanged(em: EntityManager, message: AccountActivityChangedV1): Promise<void> {
    this.accounts.invalidate(message.accountId);
    if (message.active && !message.frozen) await this.scheduler.requestPoll(em, message.accountId);
  }

  async fullLoadRequested(em: EntityManager, message: FullLoadRequestedV1): Promise<void> {
    if (message.entity !== 'customers') return;
    await this.fullLoads.start(em, message.accountId, 'requested');
  }

  async journalRetryRequested(em: EntityManager, message: JournalRetryRequestedV1): Promise<void> {
    if (message.entity !== 'customers') return;
    await this.retries.retry(em, message.accountId, message.journalId);
  }
}
