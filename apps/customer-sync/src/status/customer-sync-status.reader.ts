import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FullLoadEntity, FullLoadStatus } from '../full-load/full-load.entity';
import { SyncStateEntity } from '../history/sync-state.entity';
import type { FieldProblem } from '../journal/failure-text';
import {
  JournalCause,
  JournalEntryEntity,
  JournalOperation,
  JournalOutcome,
} from '../journal/journal-entry.entity';

/** A full load's progress, as `GET /api/v1/sync/status` shows it. */
export interface FullLoadProgress {
  runId: string;
  status: FullLoadStatus;
  /** Customers the CRM counts for the load (with orders only, when so configured); null before the first page. */
  total: number | null;
  /** Customers handled: sent to Mindbox, found unchanged or not to be sent, or refused by Mindbox. */
  done: number;
  /** Customers read from the CRM and queued so far. */
  queued: number;
  /** Of `done`, refused by Mindbox (see the journal). */
  rejected: number;
  /** Given up after every retry (see the journal; retry from there). */
  failed: number;
  /** Customers per second since the start. */
  rate: number;
  onlyWithOrders: boolean;
  /** Every customer has been read from the CRM. */
  listed: boolean;
  startedAt: string;
  finishedAt: string | null;
  lastError: string | null;
}

/** The status of customer sync for one account. */
export interface CustomerSyncStatus {
  entity: 'customers';
  /** The current or last full load; null when none was ever started. */
  fullLoad: FullLoadProgress | null;
  /** When a full load last completed. */
  fullLoadCompletedAt: string | null;
  /** Live changes: the history poller. */
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
  entity: string;
  /** The CRM customer id. */
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
  /** Only rows of this CRM customer. */
  crmId?: number;
}

export interface JournalPage {
  entries: JournalEntryView[];
  /** Pass as `beforeId` for the next page; null on the last one. */
  nextBeforeId: number | null;
}

const PROBLEMS: JournalOutcome[] = ['rejected', 'warning', 'failed', 'parked'];

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

function view(row: JournalEntryEntity): JournalEntryView {
  return {
    id: row.id,
    entity: row.entity,
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

function progressOf(run: FullLoadEntity): FullLoadProgress {
  const end = run.finishedAt ?? new Date();
  const seconds = Math.max(0.001, (end.getTime() - run.startedAt.getTime()) / 1000);
  return {
    runId: run.runId,
    status: run.status,
    total: run.total,
    done: run.processed,
    queued: run.queued,
    rejected: run.rejected,
    failed: run.failed,
    rate: Math.round((run.processed / seconds) * 10) / 10,
    onlyWithOrders: run.onlyWithOrders,
    listed: run.listedAt !== null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    lastError: run.lastError,
  };
}

/**
 * The read side of customer-sync for the gateway's `GET /api/v1/sync/status` and
 * `GET /api/v1/sync/journal`: plain queries on customer-sync's tables, scoped to one account.
 * Needs only the TypeORM connection (customer-sync's entities are in every service's data source).
 * The writes those endpoints cause go as messages: `FullLoadRequested` and `JournalRetryRequested`
 * from `@app/messaging`, with `entity: 'customers'`.
 */
@Injectable()
export class CustomerSyncStatusReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async status(accountId: string): Promise<CustomerSyncStatus> {
    const manager = this.dataSource.manager;
    const [run, state, pending, counters, lastProblem] = await Promise.all([
      manager.findOneBy(FullLoadEntity, { accountId }),
      manager.findOneBy(SyncStateEntity, { accountId }),
      manager.query(
        `SELECT count(*)::int AS n FROM outbox_message
          WHERE producer = 'customer-sync' AND account_id = $1 AND published_at IS NULL`,
        [accountId],
      ) as Promise<{ n: number }[]>,
      manager.query(
        `SELECT outcome, count(*)::int AS n FROM customer_sync_journal
          WHERE account_id = $1 AND at > now() - interval '24 hours' GROUP BY outcome`,
        [accountId],
      ) as Promise<{ outcome: JournalOutcome; n: number }[]>,
      manager
        .getRepository(JournalEntryEntity)
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
      entity: 'customers',
      fullLoad: run ? progressOf(run) : null,
      fullLoadCompletedAt: iso(run?.completedAt),
      live: {
        lastPollAt: iso(state?.lastPollAt),
        cursor: state?.customersSinceId ?? null,
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
      .getRepository(JournalEntryEntity)
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
    const row = await this.dataSource.manager.findOneBy(JournalEntryEntity, { accountId, id });
    return row ? view(row) : null;
  }
}
