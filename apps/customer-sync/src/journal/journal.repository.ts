import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JournalEntryEntity } from './journal-entry.entity';

/** A row to add to the journal. */
export type NewJournalEntry = Pick<
  JournalEntryEntity,
  'accountId' | 'crmId' | 'operation' | 'outcome' | 'cause'
> &
  Partial<
    Pick<
      JournalEntryEntity,
      'mindboxOperation' | 'error' | 'problems' | 'retryable' | 'messageId' | 'mindboxId'
    >
  >;

/** All SQL of `customer_sync_journal` that customer-sync writes. Reads for the gateway are in `status/`. */
@Injectable()
export class JournalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds a row in the caller's transaction, or on its own when `em` is omitted: a failure that
   * rolls its message's transaction back is journalled that way.
   */
  async add(entry: NewJournalEntry, em?: EntityManager): Promise<void> {
    const row = {
      entity: 'customers',
      mindboxOperation: null,
      error: null,
      problems: null,
      retryable: false,
      messageId: null,
      mindboxId: null,
      ...entry,
    };
    // jsonb `problems` is a plain array, which TypeORM's deep-partial type cannot express.
    await (em ?? this.dataSource.manager).insert(
      JournalEntryEntity,
      row as QueryDeepPartialEntity<JournalEntryEntity>,
    );
  }

  find(accountId: string, id: number, em?: EntityManager): Promise<JournalEntryEntity | null> {
    return (em ?? this.dataSource.manager).findOneBy(JournalEntryEntity, { accountId, id });
  }

  async markRetried(em: EntityManager, id: number): Promise<void> {
    await em.update(JournalEntryEntity, { id }, { retriedAt: () => 'now()' });
  }

  /** Deletes rows older than `days`; returns how many. */
  async prune(days: number): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM customer_sync_journal WHERE at < now() - make_interval(days => $1)`,
      [days],
    );
    return Number(count ?? 0);
  }
}
