import { Injectable, Logger } from '@nestjs/common';
import { RetailCrmNotFoundError } from '@app/retailcrm';
import type { SyncAccount } from '../accounts/sync-accounts.service';
import { CustomerSyncConfig } from '../customer-sync.config';
import { describeFailure } from '../journal/failure-text';
import { JournalRepository } from '../journal/journal.repository';
import { CustomerSyncMetrics } from '../metrics/customer-sync.metrics';
import { CustomerLinkRepository } from './customer-link.repository';

/**
 * Writes Mindbox ids into the CRM custom field the Customers tab names, after the sync learnt
 * them. Apart from the Mindbox calls on purpose: RetailCRM takes 10 requests a second and has no
 * batch edit of customers, so a full load would otherwise run at the CRM's pace. The edits are
 * made with the module's key, so their history records come back with `apiKey.current` and are
 * skipped: no loop.
 */
@Injectable()
export class WriteBackService {
  private readonly logger = new Logger(WriteBackService.name);

  constructor(
    private readonly links: CustomerLinkRepository,
    private readonly journal: JournalRepository,
    private readonly metrics: CustomerSyncMetrics,
    private readonly config: CustomerSyncConfig,
  ) {}

  /** Writes up to the configured number of pending ids; true when more are waiting. */
  async run(account: SyncAccount): Promise<boolean> {
    const field = account.mapping.mindboxIdCustomField;
    if (!field) return false;
    const limit = this.config.writeBacksPerPoll;
    const pending = await this.links.pendingWriteBacks(account.accountId, limit);
    for (const { customerId, mindboxId } of pending) {
      try {
        await account.crm.customers.edit(customerId, { customFields: { [field]: mindboxId } });
        await this.links.writeBackDone(account.accountId, customerId, mindboxId);
        this.metrics.writeBacks.inc({ result: 'written' });
      } catch (error) {
        if (error instanceof RetailCrmNotFoundError) {
          await this.links.markGone(account.accountId, customerId);
          this.metrics.writeBacks.inc({ result: 'gone' });
          continue;
        }
        const failure = describeFailure(error);
        // The CRM is unavailable or busy: try again at the next poll.
        if (failure.retryable) throw error;
        this.logger.warn(`Mindbox id of customer ${customerId} not written back: ${failure.text}`);
        await this.links.writeBackFailed(account.accountId, customerId, failure.text);
        await this.journal.add({
          accountId: account.accountId,
          crmId: customerId,
          operation: 'write-back',
          outcome: 'warning',
          cause: 'history',
          mindboxId,
          error: `The Mindbox id could not be written into the custom field "${field}": ${failure.text}`,
        });
        this.metrics.writeBacks.inc({ result: 'failed' });
      }
    }
    return pending.length === limit;
  }
}
