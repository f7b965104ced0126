import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findHistoryTail } from '@app/common/history/history-tail';
import { OrderChangedV2Contract, OutboxRelay, OutboxService } from '@app/messaging';
import { HISTORY_PAGE_SIZE, Order, OrderHistoryRecord, RetailCrmClient } from '@app/retailcrm';
import { OrderAccount, OrderAccountsService } from '../accounts/order-accounts.service';
import { OrderProcessingMetrics } from '../metrics/order-processing.metrics';
import { OrderProcessingConfig } from '../order-processing.config';
import { collectOrderChanges } from './order-changes';
import { OrderSyncStateRepository } from './order-sync-state.repository';

/** The lease moved to another replica, or the cursor moved under the batch: nothing is committed. */
export class CursorMovedError extends Error {
  readonly retryable = true;
  constructor(accountId: string) {
    super(`the order history cursor of ${accountId} moved or its lease was lost; the batch was dropped`);
    this.name = 'CursorMovedError';
  }
}

/**
 * One poll pass of one account: reads the order history after the stored cursor, reads the
 * changed orders (100 per `orders` list call), queues one `order.changed.v2` per changed order
 * with the order as read, and moves the cursor, all in one transaction: a crash replays a batch
 * and never skips one.
 */
@Injectable()
export class OrderHistoryPoller {
  private readonly logger = new Logger(OrderHistoryPoller.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly states: OrderSyncStateRepository,
    private readonly accounts: OrderAccountsService,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly metrics: OrderProcessingMetrics,
    private readonly config: OrderProcessingConfig,
  ) {}

  /** Runs one pass; true when there is more to read at once. */
  async poll(accountId: string): Promise<boolean> {
    const lookup = await this.accounts.get(accountId);
    if ('missing' in lookup) return false;
    const { account } = lookup;
    const state = await this.states.find(accountId);
    if (!state) return false;
    const served = state.pollRequests;
    const stop = this.metrics.pollDuration.startTimer();
    try {
      const since = state.ordersSinceId ?? (await this.ensureCursor(account));
      const more = await this.pass(account, since, served);
      await this.states.markPolled(accountId, served);
      stop({ result: 'ok' });
      return more;
    } catch (error) {
      stop({ result: 'error' });
      await this.states.recordError(accountId, (error as Error).message);
      throw error;
    }
  }

  /** The cursor, set at the history's current end when it was never set: earlier orders are not replayed. */
  async ensureCursor(account: OrderAccount): Promise<number> {
    const stored = await this.states.find(account.accountId);
    if (stored?.ordersSinceId !== null && stored?.ordersSinceId !== undefined) return stored.ordersSinceId;
    const tail = await findHistoryTail(async (sinceId) => {
      const pages = account.crm.orders.historyPages(sinceId);
      try {
        const first = await pages.next();
        return first.done ? undefined : { count: first.value.records.length, lastId: first.value.lastId };
      } finally {
        await pages.return(undefined);
      }
    }, HISTORY_PAGE_SIZE);
    await this.states.initCursor(account.accountId, tail);
    const fresh = await this.states.find(account.accountId);
    this.logger.log(
      `order history of account ${account.accountId} starts after record ${fresh?.ordersSinceId ?? tail}`,
    );
    return fresh?.ordersSinceId ?? tail;
  }

  private async pass(account: OrderAccount, since: number, served: number): Promise<boolean> {
    const { records, lastId, full } = await this.readBatch(account.crm, since);
    if (lastId === undefined) return false;
    const batch = collectOrderChanges(records, account.sites);
    const { counts } = batch;
    for (const [kind, count] of Object.entries({
      relevant: counts.records - counts.own - counts.otherSite - counts.deleted,
      own: counts.own,
      other_site: counts.otherSite,
      deleted: counts.deleted,
    })) {
      if (count > 0) this.metrics.historyRecords.inc({ kind }, count);
    }
    const fetchedAt = new Date();
    const orders = await this.readOrders(
      account,
      batch.changed.map((change) => change.orderId),
    );
    await this.dataSource.transaction(async (em) => {
      for (const change of batch.changed) {
        const order = orders.get(change.orderId);
        // Not in the list any more: deleted since; nothing to send.
        if (!order) continue;
        await this.outbox.enqueue(em, OrderChangedV2Contract, {
          accountId: account.accountId,
          orderId: change.orderId,
          cause: 'history',
          historyId: change.historyId,
          fields: change.fields,
          fetchedAt: fetchedAt.toISOString(),
          order: order as unknown as Record<string, unknown>,
        });
      }
      const moved = await this.states.moveCursor(em, {
        accountId: account.accountId,
        holder: this.config.instanceId,
        from: since,
        to: lastId,
        served,
      });
      if (!moved) throw new CursorMovedError(account.accountId);
    });
    this.relay.wake();
    return full;
  }

  private async readBatch(
    crm: RetailCrmClient,
    since: number,
  ): Promise<{ records: OrderHistoryRecord[]; lastId?: number; full: boolean }> {
    const records: OrderHistoryRecord[] = [];
    let lastId: number | undefined;
    let pagesRead = 0;
    let lastPageSize = 0;
    const pages = crm.orders.historyPages(since);
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
    const full = pagesRead >= this.config.historyPagesPerBatch && lastPageSize === HISTORY_PAGE_SIZE;
    return { records, lastId, full };
  }

  /** The orders as they are now, 100 per `orders` list call. */
  private async readOrders(account: OrderAccount, ids: number[]): Promise<Map<number, Order>> {
    const orders = new Map<number, Order>();
    for (let start = 0; start < ids.length; start += HISTORY_PAGE_SIZE) {
      const chunk = ids.slice(start, start + HISTORY_PAGE_SIZE);
      const page = await account.crm.orders.list({ ids: chunk }, 1, HISTORY_PAGE_SIZE);
      for (const order of page.orders) orders.set(order.id, order);
    }
    return orders;
  }
}
