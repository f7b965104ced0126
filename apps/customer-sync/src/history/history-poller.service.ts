import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerChangedV2Contract, CustomerSyncCause, OutboxRelay, OutboxService } from '@app/messaging';
import {
  Customer,
  CustomerHistoryRecord,
  HISTORY_PAGE_SIZE,
  HistoryPage,
  HistoryRecord,
  OrderHistoryRecord,
  RetailCrmClient,
} from '@app/retailcrm';
import { SyncAccount, SyncAccountsService } from '../accounts/sync-accounts.service';
import {
  CustomerChange,
  collectCustomerChanges,
  customersWithNewOrders,
  MERGED,
} from '../changes/history-changes';
import { CustomerSyncConfig } from '../customer-sync.config';
import { JournalRepository } from '../journal/journal.repository';
import { CustomerSyncMetrics } from '../metrics/customer-sync.metrics';
import { CustomerLinkRepository } from '../sync/customer-link.repository';
import { WriteBackService } from '../sync/write-back.service';
import { findHistoryTail } from '@app/common/history/history-tail';
import { HistoryStream, SyncStateRepository } from './sync-state.repository';

/** The lease moved to another replica, or the cursor moved under the batch: nothing is committed. */
export class CursorMovedError extends Error {
  readonly retryable = true;
  constructor(accountId: string, stream: HistoryStream) {
    super(`the ${stream} history cursor of ${accountId} moved or its lease was lost; the batch was dropped`);
    this.name = 'CursorMovedError';
  }
}

/** Customers read with one list call per 100, and when the reading started. */
interface CustomerReads {
  customers: Map<number, Customer>;
  fetchedAt: Date;
}

/**
 * One poll pass of one account: reads the customer history after the stored cursor, queues one
 * `customer.changed.v2` per changed customer (with the customer read in the same pass) and moves
 * the cursor, all in one transaction, so a crash replays a batch and never skips one. With
 * "sync customers without orders" off it also reads the order history for customers that got
 * their first order. Then it writes pending Mindbox ids back into the CRM.
 */
@Injectable()
export class HistoryPoller {
  private readonly logger = new Logger(HistoryPoller.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly states: SyncStateRepository,
    private readonly accounts: SyncAccountsService,
    private readonly links: CustomerLinkRepository,
    private readonly journal: JournalRepository,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly writeBack: WriteBackService,
    private readonly metrics: CustomerSyncMetrics,
    private readonly config: CustomerSyncConfig,
  ) {}

  /** Runs one pass; true when there is more to read or write at once. */
  async poll(accountId: string): Promise<boolean> {
    const lookup = await this.accounts.get(accountId);
    if ('missing' in lookup) return false;
    const { account } = lookup;
    const state = await this.states.find(accountId);
    if (!state) return false;
    const served = state.pollRequests;
    const stop = this.metrics.pollDuration.startTimer();
    try {
      const customersSince = state.customersSinceId ?? (await this.ensureCursor(account, 'customers'));
      let more = await this.customersPass(account, customersSince, served);
      if (!account.syncWithoutOrders) {
        const ordersSince = state.ordersSinceId ?? (await this.ensureCursor(account, 'orders'));
        more = (await this.ordersPass(account, ordersSince, served)) || more;
      }
      more = (await this.writeBack.run(account)) || more;
      await this.states.markPolled(account.accountId, served);
      stop({ result: 'ok' });
      return more;
    } catch (error) {
      stop({ result: 'error' });
      await this.states.recordError(account.accountId, (error as Error).message);
      throw error;
    }
  }

  /**
   * The history cursor of the account, set at the history's current end when it was never set:
   * what happened before is in the customers as the full load reads them.
   */
  async ensureCursor(account: SyncAccount, stream: HistoryStream): Promise<number> {
    const stored = await this.states.find(account.accountId);
    const current = stream === 'customers' ? stored?.customersSinceId : stored?.ordersSinceId;
    if (current !== null && current !== undefined) return current;
    const tail = await findHistoryTail(async (sinceId) => {
      const pages = this.pagesOf(account.crm, stream, sinceId);
      try {
        const first = await pages.next();
        return first.done ? undefined : { count: first.value.records.length, lastId: first.value.lastId };
      } finally {
        await pages.return(undefined);
      }
    }, HISTORY_PAGE_SIZE);
    await this.states.initCursor(account.accountId, stream, tail);
    const fresh = await this.states.find(account.accountId);
    const value = stream === 'customers' ? fresh?.customersSinceId : fresh?.ordersSinceId;
    this.logger.log(`${stream} history of account ${account.accountId} starts after record ${value ?? tail}`);
    return value ?? tail;
  }

  private async customersPass(account: SyncAccount, since: number, served: number): Promise<boolean> {
    const { records, lastId, full } = await this.readBatch<CustomerHistoryRecord>(
      account.crm,
      'customers',
      since,
    );
    if (lastId === undefined) return false;
    const batch = collectCustomerChanges(records, account.mapping, account.sites);
    const { counts } = batch;
    const relevant = counts.records - counts.own - counts.otherSite - counts.unmapped;
    this.countRecords('customers', {
      relevant,
      own: counts.own,
      other_site: counts.otherSite,
      unmapped: counts.unmapped,
    });
    const reads = await this.readCustomers(
      account,
      batch.changed.map((change) => change.customerId),
    );
    await this.dataSource.transaction(async (em) => {
      for (const change of batch.changed) {
        const cause: CustomerSyncCause =
          change.fields.length === 1 && change.fields[0] === MERGED ? 'merge' : 'history';
        await this.enqueue(em, account, change, cause, reads);
      }
      for (const removal of batch.removed) {
        if (!(await this.links.markRemoved(em, account.accountId, removal.customerId, removal.mergedInto)))
          continue;
        await this.journal.add(
          {
            accountId: account.accountId,
            crmId: removal.customerId,
            operation: removal.mergedInto ? 'merge' : 'delete',
            outcome: 'skipped',
            cause: 'history',
            error: removal.mergedInto
              ? `Merged into customer ${removal.mergedInto} in RetailCRM; that customer is synced, and this one stays in Mindbox as it was (merge them in Mindbox if needed).`
              : 'Deleted in RetailCRM; the customer stays in Mindbox as it was.',
          },
          em,
        );
      }
      await this.moveCursor(em, account, 'customers', since, lastId, served);
    });
    this.relay.wake();
    return full;
  }

  private async ordersPass(account: SyncAccount, since: number, served: number): Promise<boolean> {
    const { records, lastId, full } = await this.readBatch<OrderHistoryRecord>(account.crm, 'orders', since);
    if (lastId === undefined) return false;
    const buyers = customersWithNewOrders(records, account.sites);
    const synced = await this.links.syncedAmong(account.accountId, buyers);
    const newcomers = buyers.filter((id) => !synced.has(id));
    this.countRecords('orders', { relevant: newcomers.length, unmapped: records.length - newcomers.length });
    const reads = await this.readCustomers(account, newcomers);
    await this.dataSource.transaction(async (em) => {
      for (const customerId of newcomers) {
        const customer = reads.customers.get(customerId);
        if (!customer || !((customer.ordersCount ?? 0) > 0)) continue;
        await this.enqueue(em, account, { customerId, fields: ['orders'] }, 'first-order', reads);
      }
      await this.moveCursor(em, account, 'orders', since, lastId, served);
    });
    this.relay.wake();
    return full;
  }

  private async enqueue(
    em: EntityManager,
    account: SyncAccount,
    change: Pick<CustomerChange, 'customerId' | 'fields'> & { historyId?: number },
    cause: CustomerSyncCause,
    reads: CustomerReads,
  ): Promise<void> {
    const customer = reads.customers.get(change.customerId);
    // Not in the list any more: deleted after the change; its deletion record follows.
    if (!customer) return;
    await this.outbox.enqueue(em, CustomerChangedV2Contract, {
      accountId: account.accountId,
      customerId: change.customerId,
      cause,
      ...(change.historyId ? { historyId: change.historyId } : {}),
      fields: change.fields,
      fetchedAt: reads.fetchedAt.toISOString(),
      customer: customer as unknown as Record<string, unknown>,
    });
  }

  private async moveCursor(
    em: EntityManager,
    account: SyncAccount,
    stream: HistoryStream,
    from: number,
    to: number,
    served: number,
  ): Promise<void> {
    const moved = await this.states.moveCursor(em, {
      accountId: account.accountId,
      holder: this.config.instanceId,
      stream,
      from,
      to,
      served,
    });
    if (!moved) throw new CursorMovedError(account.accountId, stream);
  }

  /** Up to the configured number of pages after `since`. */
  private async readBatch<R extends HistoryRecord>(
    crm: RetailCrmClient,
    stream: HistoryStream,
    since: number,
  ): Promise<{ records: R[]; lastId?: number; full: boolean }> {
    const records: R[] = [];
    let lastId: number | undefined;
    let pagesRead = 0;
    let lastPageSize = 0;
    const pages = this.pagesOf(crm, stream, since) as AsyncGenerator<HistoryPage<R>, void, undefined>;
    try {
      for await (const page of pages) {
        records.push(...page.records);
        lastId = page.lastId;
        lastPageSize = page.records.length;
        pagesRead += 1;
        if (pagesRead >= this.config.historyPagesPerBatch) break;
      }
    } finally {
      await pages.return(undefined);
    }
    // A full last page means the history goes on: the next pass starts at once.
    const full = pagesRead >= this.config.historyPagesPerBatch && lastPageSize === HISTORY_PAGE_SIZE;
    return { records, lastId, full };
  }

  private pagesOf(crm: RetailCrmClient, stream: HistoryStream, since: number) {
    return stream === 'customers' ? crm.customers.historyPages(since) : crm.orders.historyPages(since);
  }

  /** The customers as they are now, 100 per `customers` list call. */
  private async readCustomers(account: SyncAccount, ids: number[]): Promise<CustomerReads> {
    const fetchedAt = new Date();
    const customers = new Map<number, Customer>();
    for (let start = 0; start < ids.length; start += HISTORY_PAGE_SIZE) {
      const chunk = ids.slice(start, start + HISTORY_PAGE_SIZE);
      const page = await account.crm.customers.list({ ids: chunk }, 1, HISTORY_PAGE_SIZE);
      for (const customer of page.customers) customers.set(customer.id, customer);
    }
    return { customers, fetchedAt };
  }

  private countRecords(stream: HistoryStream, kinds: Record<string, number>): void {
    for (const [kind, count] of Object.entries(kinds)) {
      if (count > 0) this.metrics.historyRecords.inc({ stream, kind }, count);
    }
  }
}
