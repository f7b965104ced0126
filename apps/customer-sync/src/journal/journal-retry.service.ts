import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CustomerChangedV2Contract, OutboxService } from '@app/messaging';
import { JournalRepository } from './journal.repository';

/** The retry button of the sync journal. */
@Injectable()
export class JournalRetryService {
  private readonly logger = new Logger(JournalRetryService.name);

  constructor(
    private readonly journal: JournalRepository,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Queues the entry's customer for a sync as it is now in the CRM (read afresh, sent even if
   * unchanged, with new transaction ids), in the caller's transaction. An entry of another
   * account is not found.
   */
  async retry(em: EntityManager, accountId: string, journalId: number): Promise<boolean> {
    const entry = await this.journal.find(accountId, journalId, em);
    if (!entry) {
      this.logger.warn(`journal entry ${journalId} of account ${accountId} not found; nothing to retry`);
      return false;
    }
    await this.outbox.enqueue(em, CustomerChangedV2Contract, {
      accountId,
      customerId: entry.crmId,
      cause: 'retry',
      fields: [],
      journalId,
    });
    await this.journal.markRetried(em, journalId);
    return true;
  }
}
