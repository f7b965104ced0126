import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type {
  AccountActivityChangedV1,
  AccountSettingsChangedV1,
  JournalRetryRequestedV1,
  SyncRequestedV1,
} from '@app/messaging';
import { OrderAccountsService } from '../accounts/order-accounts.service';
import { OrderPollScheduler } from '../history/order-poll-scheduler.service';
import { JournalRetryService } from '../journal/journal-retry.service';

/** What order-processing does on commands and account events; messages of other entities are ignored. */
@Injectable()
export class OrderControlService {
  constructor(
    private readonly scheduler: OrderPollScheduler,
    private readonly retries: JournalRetryService,
    private readonly accounts: OrderAccountsService,
  ) {}

  /** The hook: poll the order history now rather than at the next interval. */
  async syncRequested(em: EntityManager, message: SyncRequestedV1): Promise<void> {
    if (message.entity !== 'orders') return;
    await this.scheduler.requestPoll(em, message.accountId);
  }

  /** A saved tab: settings and dictionaries are read afresh. */
  settingsChanged(message: AccountSettingsChangedV1): void {
    this.accounts.invalidate(message.accountId);
  }

  /** An account back in service is polled at once (from its cursor). */
  async activityChanged(em: EntityManager, message: AccountActivityChangedV1): Promise<void> {
    this.accounts.invalidate(message.accountId);
    if (message.active && !message.frozen) await this.scheduler.requestPoll(em, message.accountId);
  }

  async journalRetryRequested(em: EntityManager, message: JournalRetryRequestedV1): Promise<void> {
    if (message.entity !== 'orders') return;
    await this.retries.retry(em, message.accountId, message.journalId);
  }
}
