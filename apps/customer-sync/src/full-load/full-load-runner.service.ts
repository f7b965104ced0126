import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runWithLogContext } from '@app/common/logging/log-context';
import { CustomerFullLoadItem, OutboxRelay, OutboxService } from '@app/messaging';
import { CustomerFilter } from '@app/retailcrm';
import { SettingsRepository } from '@app/settings';
import { SyncAccountsService } from '../accounts/sync-accounts.service';
import { CustomerSyncConfig } from '../customer-sync.config';
import { HistoryPoller } from '../history/history-poller.service';
import { CustomerSyncMetrics } from '../metrics/customer-sync.metrics';
import { TickLoop } from '@app/common/scheduling/tick-loop';
import { FullLoadEntity } from './full-load.entity';
import { FullLoadRepository } from './full-load.repository';
import { ListCursor, stepThroughPage } from './list-cursor';

/** Customers per list page: the most RetailCRM gives. */
export const LIST_PAGE_SIZE = 100;
/** Full loads listed at the same time by one replica. */
const CONCURRENT_LISTINGS = 2;

/** The page's customers were not queued: the run changed, or the lease moved. */
class ListingMovedError extends Error {
  constructor(accountId: string) {
    super(`the full load of ${accountId} moved on elsewhere; the page was dropped`);
    this.name = 'ListingMovedError';
  }
}

/**
 * Lists the customers of running full loads a page at a time and queues one
 * `customer.full-load-item.v1` per customer, committing the page's messages and the list cursor
 * together (a restart goes on from the next page: nothing skipped, nothing queued twice). Only
 * the replica holding a run's lease lists it. It stays at most the configured backlog ahead of
 * the consumers, so the snapshots sent are seconds old and a Mindbox outage does not pile the
 * whole account into the retry queues.
 */
@Injectable()
export class FullLoadRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FullLoadRunner.name);
  private readonly loop: TickLoop;
  private readonly listings = new Map<string, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fullLoads: FullLoadRepository,
    private readonly accounts: SyncAccountsService,
    private readonly settings: SettingsRepository,
    private readonly poller: HistoryPoller,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly metrics: CustomerSyncMetrics,
    private readonly config: CustomerSyncConfig,
  ) {
    this.loop = new TickLoop(
      config.tickMs,
      () => this.tick(),
      (error) => this.logger.error(`full-load scheduling failed: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled(this.listings.values());
    await this.fullLoads.releaseLeases(this.config.instanceId).catch(() => undefined);
  }

  /** Looks for runs to list now (a run was started or resumed). */
  wake(): void {
    this.loop.wake(100);
  }

  private async tick(): Promise<void> {
    const running = await this.settings.listRunningAccounts();
    const runs = await this.fullLoads.holdLeases(
      running.map((account) => account.id),
      this.config.instanceId,
      this.config.leaseMs,
    );
    for (const run of runs) {
      if (this.listings.has(run.accountId)) continue;
      if (this.listings.size >= CONCURRENT_LISTINGS) break;
      if (run.queued - run.processed - run.failed >= this.config.fullLoadBacklog) continue;
      const listing = runWithLogContext({ accountId: run.accountId }, () => this.listPage(run))
        .then((more) => {
          if (more) this.loop.wake();
        })
        .catch(async (error: Error) => {
          this.logger.warn(`full load of account ${run.accountId} could not list: ${error.message}`);
          await this.fullLoads.recordError(run.accountId, run.runId, error.message).catch(() => undefined);
        })
        .finally(() => this.listings.delete(run.accountId));
      this.listings.set(run.accountId, listing);
    }
  }

  /** Lists and queues one page; true when the next page can follow at once. */
  private async listPage(run: FullLoadEntity): Promise<boolean> {
    const lookup = await this.accounts.get(run.accountId);
    if ('missing' in lookup) {
      await this.fullLoads.fail(run.accountId, run.runId, `the account cannot be synced: ${lookup.missing}`);
      return false;
    }
    const { account } = lookup;
    // Changes after this point reach Mindbox through the history; the list has those before it.
    await this.poller.ensureCursor(account, 'customers');

    const filter: CustomerFilter = {};
    if (run.sites.length > 0) filter.sites = run.sites;
    if (run.onlyWithOrders) filter.minOrdersCount = 1;
    const fetchedAt = new Date();
    const page = await account.crm.customers.list(filter, run.nextPage, LIST_PAGE_SIZE);
    const cursor: ListCursor = {
      nextPage: run.nextPage,
      lastId: run.lastId,
      seenTotal: run.seenTotal,
      descending: run.descending,
    };
    const step = stepThroughPage(
      cursor,
      {
        customers: page.customers,
        totalCount: page.pagination.totalCount,
        totalPageCount: page.pagination.totalPageCount,
      },
      LIST_PAGE_SIZE,
    );
    if (step.reread) {
      this.logger.log(
        `customers went missing during the full load; reading again from page ${step.next.nextPage}`,
      );
    }
    await this.dataSource.transaction(async (em) => {
      for (const customer of step.take) {
        await this.outbox.enqueue(em, CustomerFullLoadItem, {
          accountId: run.accountId,
          runId: run.runId,
          customerId: customer.id,
          fetchedAt: fetchedAt.toISOString(),
          customer: customer as unknown as Record<string, unknown>,
        });
      }
      const recorded = await this.fullLoads.recordPage(em, {
        accountId: run.accountId,
        runId: run.runId,
        holder: this.config.instanceId,
        fromPage: run.nextPage,
        next: step.next,
        queued: step.take.length,
        total: page.pagination.totalCount,
        finished: step.finished,
      });
      if (!recorded) throw new ListingMovedError(run.accountId);
    });
    this.relay.wake();
    this.metrics.fullLoadQueued.inc(step.take.length);
    if (step.finished) this.logger.log(`full load ${run.runId} listed every customer`);
    return !step.finished;
  }
}
