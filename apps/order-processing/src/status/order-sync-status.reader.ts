import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrderSyncStateEntity } from '../history/order-sync-state.entity';
import type { FieldProblem } from '../journal/failure-text';
import {
  JournalCause,
  JournalOperation,
  JournalOutcome,
  OrderJournalEntryEntity,
} from '../journal/order-journal-entry.entity';

/** The status of order processing for one account (the same shape as customer-sync's). */
export interface OrderSyncStatus {
  entity: 'orders';
  /** Orders have no full load. */
  fullLoad: null;
  fullLoadCompletedAt: null;
  /** Live changes: the order history poller. */
  live: {
    lastPollAt: string | null;
    /** History id of the last change queued; null until polling starts. */
    cursor: number | null;
    lastError: string | null;
    lastErrorAt: string | null;
  };
  /** Messages written and not yet handed to the broker. */
  pendingMessages: number;
  /** Journal outcomes of the last 24 hours. */
  counters: { synced: number; rejected: number; warnings: number; failed: number };
  /** The newest journal entry that went wrong. */
  lastError: { id: number; crmId: number; at: string; text: string } | null;
}

/** A journal row as `GET /api/v1/sync/journal` shows it. */
export interface JournalEntryView {
  id: number;
  entity: 'orders';
  /** The CRM order id. */
  crmId: number;
  operation: JournalOperation;
  mindboxOperation: string | null;
  outcome: JournalOutcome;
  error: string | null;
  problems: FieldProblem[] | null;
  retryable: boolean;
  cause: JournalCause;
  mindboxId: string | null;
  at: string;
  retriedAt: string | null;
}

/** Filters and paging of the journal, newest first. */
export interface JournalQuery {
  /** Rows per page, 1…200; 50 by default. */
  limit?: number;
  /** Only rows older than this id (the `nextBeforeId` of the previous page). */
  beforeId?: number;
  /** One outcome, or `problems` for everything that did not go well. */
  outcome?: JournalOutcome | 'problems';
  /** Only rows of this CRM order. */
  crmId?: number;
}

export interface JournalPage {
  entries: JournalEntryView[];
  /** Pass as `beforeId` for the next page; null on the last one. */
  nextBeforeId: number | null;
}

const PROBLEMS: JournalOutcome[] = ['rejected', 'warning', 'failed', 'parked'];

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

function view(row: OrderJournalEntryEntity): JournalEntryView {
  return {
    id: row.id,
    entity: 'orders',
    crmId: row.crmId,
    operation: row.operation,
    mindboxOperation: row.mindboxOperation,
    outcome: row.outcome,
    error: row.error,
    problems: row.problems,
    retryable: row.retryable,
    cause: row.cause,
    mindboxId: row.mindboxId,
    at: row.at.toISOString(),
    retriedAt: iso(row.retriedAt),
  };
}

/**
 * The read side of order-processing for the gateway's `GET /api/v1/sync/status` and
 * `GET /api/v1/sync/journal`: plain queries on order-processing's tables, scoped to one account.
 * The retry button goes as a message: `JournalRetryRequested` with `entity: 'orders'`.
 */
@Injectable()
export class OrderSyncStatusReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async status(accountId: string): Promise<OrderSyncStatus> {
    const manager = this.dataSource.manager;
    const [state, pending, counters, lastProblem] = await Promise.all([
      manager.findOneBy(OrderSyncStateEntity, { accountId }),
      manager.query(
        `SELECT count(*)::int AS n FROM outbox_message
          WHERE producer = 'order-processing' AND account_id = $1 AND published_at IS NULL`,
        [accountId],
      ) as Promise<{ n: number }[]>,
      manager.query(
        `SELECT outcome, count(*)::int AS n FROM order_sync_journal
          WHERE account_id = $1 AND at > now() - interval '24 hours' GROUP BY outcome`,
        [accountId],
      ) as Promise<{ outcome: JournalOutcome; n: number }[]>,
      manager
        .getRepository(OrderJournalEntryEntity)
        .createQueryBuilder('j')
        .where('j.accountId = :accountId', { accountId })
        .andWhere('j.outcome IN (:...outcomes)', { outcomes: PROBLEMS })
        .orderBy('j.id', 'DESC')
        .limit(1)
        .getOne(),
    ]);
    const count = (...outcomes: JournalOutcome[]) =>
      counters.filter((row) => outcomes.includes(row.outcome)).reduce((sum, row) => sum + row.n, 0);
    return {
      entity: 'orders',
      fullLoad: null,
      fullLoadCompletedAt: null,
      live: {
        lastPollAt: iso(state?.lastPollAt),
        cursor: state?.ordersSinceId ?? null,
        lastError: state?.lastError ?? null,
        lastErrorAt: iso(state?.lastErrorAt),
      },
      pendingMessages: pending[0]?.n ?? 0,
      counters: {
        synced: count('synced'),
        rejected: count('rejected'),
        warnings: count('warning'),
        failed: count('failed', 'parked'),
      },
      lastError: lastProblem
        ? {
            id: lastProblem.id,
            crmId: lastProblem.crmId,
            at: lastProblem.at.toISOString(),
            text: lastProblem.error ?? lastProblem.outcome,
          }
        : null,
    };
  }

  async journal(accountId: string, query: JournalQuery = {}): Promise<JournalPage> {
    const limit = Math.min(200, Math.max(1, Math.floor(query.limit ?? 50)));
    const builder = this.dataSource
      .getRepository(OrderJournalEntryEntity)
      .createQueryBuilder('j')
      .where('j.accountId = :accountId', { accountId })
      .orderBy('j.id', 'DESC')
      .limit(limit + 1);
    if (query.beforeId !== undefined) builder.andWhere('j.id < :beforeId', { beforeId: query.beforeId });
    if (query.crmId !== undefined) builder.andWhere('j.crmId = :crmId', { crmId: query.crmId });
    if (query.outcome === 'problems') builder.andWhere('j.outcome IN (:...outcomes)', { outcomes: PROBLEMS });
    else if (query.outcome) builder.andWhere('j.outcome = :outcome', { outcome: query.outcome });
    const rows = await builder.getMany();
    const entries = rows.slice(0, limit).map(view);
    return { entries, nextBeforeId: rows.length > limit ? entries[entries.length - 1].id : null };
  }

  /** One entry of the account (null for an unknown id or another account's entry). */
  async journalEntry(accountId: string, id: number): Promise<JournalEntryView | null> {
    const row = await this.dataSource.manager.findOneBy(OrderJournalEntryEntity, { accountId, id });
    return row ? view(row) : null;
  }
}
