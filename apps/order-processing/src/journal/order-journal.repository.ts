import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OrderJournalEntryEntity } from './order-journal-entry.entity';

/** A row to add to the journal. */
export type NewJournalEntry = Pick<
  OrderJournalEntryEntity,
  'accountId' | 'crmId' | 'operation' | 'outcome' | 'cause'
> &
  Partial<
    Pick<
      OrderJournalEntryEntity,
      'mindboxOperation' | 'error' | 'problems' | 'retryable' | 'messageId' | 'mindboxId'
    >
  >;

/** All SQL of `order_sync_journal` that order-processing writes. Reads for the gateway are in `status/`. */
@Injectable()
export class OrderJournalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a row in the caller's transaction, or on its own when `em` is omitted. */
  async add(entry: NewJournalEntry, em?: EntityManager): Promise<void> {
    const row = {
      entity: 'orders',
      mindboxOperation: null,
      error: null,
      problems: null,
      retryable: false,
      messageId: null,
      mindboxId: null,
      ...entry,
    };
    await (em ?? this.dataSource.manager).insert(
      OrderJournalEntryEntity,
      row as QueryDeepPartialEntity<OrderJournalEntryEntity>,
    );
  }

  find(accountId: string, id: number, em?: EntityManager): Promise<OrderJournalEntryEntity | null> {
    return (em ?? this.dataSource.manager).findOneBy(OrderJournalEntryEntity, { accountId, id });
  }

  async markRetried(em: EntityManager, id: number): Promise<void> {
    await em.update(OrderJournalEntryEntity, { id }, { retriedAt: () => 'now()' });
  }

  async prune(days: number): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM order_sync_journal WHERE at < now() - make_interval(days => $1)`,
      [days],
    );
    return Number(count ?? 0);
  }
}
