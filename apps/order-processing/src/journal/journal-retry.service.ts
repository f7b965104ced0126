import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderChangedV2Contract, OutboxService } from '@app/messaging';
import { OrderJournalRepository } from './order-journal.repository';

/** The retry button of the orders journal. */
@Injectable()
export class JournalRetryService {
  private readonly logger = new Logger(JournalRetryService.name);

  constructor(
    private readonly journal: OrderJournalRepository,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Queues the entry's order to run again as it is now in the CRM (read afresh, run even if
   * unchanged), in the caller's transaction. An entry of another account is not found.
   */
  async retry(em: EntityManager, accountId: string, journalId: number): Promise<boolean> {
    const entry = await this.journal.find(accountId, journalId, em);
    if (!entry) {
      this.logger.warn(`journal entry ${journalId} of account ${accountId} not found; nothing to retry`);
      return false;
    }
    await this.outbox.enqueue(em, OrderChangedV2Contract, {
      accountId,
      orderId: entry.crmId,
      cause: 'retry',
      fields: [],
      journalId,
    });
    await this.journal.markRetried(em, journalId);
    return true;
  }
}
