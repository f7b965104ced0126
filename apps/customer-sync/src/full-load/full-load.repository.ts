import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FullLoadEntity } from './full-load.entity';
import type { ListCursor } from './list-cursor';

/** A new run of an account's full load. */
export interface NewRun {
  accountId: string;
  runId: string;
  onlyWithOrders: boolean;
  sites: string[];
}

/** A page's worth of listing, committed with the page's messages. */
export interface ListingStep {
  accountId: string;
  runId: string;
  holder: string;
  /** The page the listing was at when the page was read. */
  fromPage: number;
  next: ListCursor;
  queued: number;
  total: number;
  finished: boolean;
}

/** Customers of a run handled by one message (or given up on). */
export interface RunTally {
  processed?: number;
  rejected?: number;
  failed?: number;
}

// The run is complete once the listing ended and every queued customer was handled or given up.
const COMPLETE = `status = 'running' AND listed_at IS NOT NULL AND processed + failed >= queued`;

/** All SQL of `customer_full_load`. */
@Injectable()
export class FullLoadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  find(accountId: string, em?: EntityManager): Promise<FullLoadEntity | null> {
    return this.manager(em).findOneBy(FullLoadEntity, { accountId });
  }

  /** Locks the account's row (when there is one) until the transaction ends. */
  lock(accountId: string, em: EntityManager): Promise<FullLoadEntity | null> {
    return em.findOne(FullLoadEntity, { where: { accountId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Starts a run from the first page, replacing the account's previous one (its completion date stays). */
  async start(em: EntityManager, run: NewRun): Promise<void> {
    await em.query(
      `INSERT INTO customer_full_load AS f
              (account_id, run_id, status, only_with_orders, sites, next_page, started_at)
       VALUES ($1, $2, 'running', $3, $4, 1, now())
       ON CONFLICT (account_id) DO UPDATE SET
              run_id = EXCLUDED.run_id, status = 'running', only_with_orders = EXCLUDED.only_with_orders,
              sites = EXCLUDED.sites, next_page = 1, last_id = NULL, seen_total = NULL, descending = NULL,
              total = NULL, queued = 0, processed = 0, failed = 0, rejected = 0, listed_at = NULL,
              started_at = now(), finished_at = NULL, last_error = NULL, updated_at = now()`,
      [run.accountId, run.runId, run.onlyWithOrders, run.sites],
    );
  }

  /**
   * Takes the listing lease of the running loads of `accountIds` that nobody holds (or whose
   * lease expired), renews the holder's own, and gives back the runs the holder now lists.
   */
  async holdLeases(accountIds: string[], holder: string, leaseMs: number): Promise<FullLoadEntity[]> {
    if (accountIds.length === 0) return [];
    await this.dataSource.query(
      `UPDATE customer_full_load
          SET lease_holder = $2, lease_until = now() + make_interval(secs => $3::float8), updated_at = now()
        WHERE account_id = ANY($1::uuid[]) AND status = 'running' AND listed_at IS NULL
          AND (lease_holder IS NULL OR lease_until IS NULL OR lease_until < now() OR lease_holder = $2)`,
      [accountIds, holder, leaseMs / 1000],
    );
    return this.dataSource
      .getRepository(FullLoadEntity)
      .createQueryBuilder('f')
      .where('f.accountId = ANY(:ids)', { ids: accountIds })
      .andWhere(`f.status = 'running'`)
      .andWhere('f.listedAt IS NULL')
      .andWhere('f.leaseHolder = :holder', { holder })
      .getMany();
  }

  async releaseLeases(holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_full_load SET lease_until = now(), updated_at = now() WHERE lease_holder = $1`,
      [holder],
    );
  }

  /**
   * Records a page read, inside the transaction that queues its customers; nothing is recorded
   * (false) unless the run, the page and the lease are still what the lister read them as.
   */
  async recordPage(em: EntityManager, step: ListingStep): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE customer_full_load SET
              next_page = $5, last_id = $6, seen_total = $7, descending = $8,
              queued = queued + $9, total = $10,
              listed_at = CASE WHEN $11::boolean THEN now() ELSE listed_at END,
              updated_at = now()
        WHERE account_id = $1 AND run_id = $2 AND lease_holder = $3 AND next_page = $4
          AND status = 'running' AND listed_at IS NULL`,
      [
        step.accountId,
        step.runId,
        step.holder,
        step.fromPage,
        step.next.nextPage,
        step.next.lastId,
        step.next.seenTotal,
        step.next.descending,
        step.queued,
        step.total,
        step.finished,
      ],
    );
    if (count !== 1) return false;
    if (step.finished) await this.completeIfDone(em, step.accountId, step.runId);
    return true;
  }

  /** Counts customers of a run as handled, and completes the run when they were the last ones. */
  async tally(accountId: string, runId: string, tally: RunTally, em?: EntityManager): Promise<void> {
    // One statement, run as the last one of a message's transaction: the row stays locked briefly.
    const complete = `status = 'running' AND listed_at IS NOT NULL AND processed + $3 + failed + $5 >= queued`;
    await this.manager(em).query(
      `UPDATE customer_full_load
          SET processed = processed + $3, rejected = rejected + $4, failed = failed + $5,
              status = CASE WHEN ${complete} THEN 'done' ELSE status END,
              finished_at = CASE WHEN ${complete} THEN now() ELSE finished_at END,
              completed_at = CASE WHEN ${complete} THEN now() ELSE completed_at END,
              last_error = CASE WHEN ${complete} THEN NULL ELSE last_error END,
              updated_at = now()
        WHERE account_id = $1 AND run_id = $2`,
      [accountId, runId, tally.processed ?? 0, tally.rejected ?? 0, tally.failed ?? 0],
    );
  }

  /** Stops a run that cannot go on; a new full-load request starts over. */
  async fail(accountId: string, runId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_full_load SET status = 'failed', last_error = $3, finished_at = now(), updated_at = now()
        WHERE account_id = $1 AND run_id = $2 AND status = 'running'`,
      [accountId, runId, error.slice(0, 2000)],
    );
  }

  /** Remembers why the listing could not go on for now (it tries again at the next tick). */
  async recordError(accountId: string, runId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_full_load SET last_error = $3, updated_at = now() WHERE account_id = $1 AND run_id = $2`,
      [accountId, runId, error.slice(0, 2000)],
    );
  }

  private async completeIfDone(em: EntityManager, accountId: string, runId: string): Promise<void> {
    await em.query(
      `UPDATE customer_full_load
          SET status = 'done', finished_at = now(), completed_at = now(), last_error = NULL, updated_at = now()
        WHERE account_id = $1 AND run_id = $2 AND ${COMPLETE}`,
      [accountId, runId],
    );
  }
}
