import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  FullLoadRequested,
  JournalRetryRequested,
  OutboxRelay,
  OutboxService,
  type SyncEntity,
} from '@app/messaging';
import {
  CustomerSyncStatus,
  CustomerSyncStatusReader,
  JournalEntryView as CustomerJournalEntry,
} from '../../../customer-sync/src/status';
import {
  JournalEntryView as OrderJournalEntry,
  OrderSyncStatus,
  OrderSyncStatusReader,
} from '../../../order-processing/src/status';
import { FeedStatus, FeedStatusReader } from '../feeds';
import { JournalQuery } from './sync.dto';

type JournalEntryView = CustomerJournalEntry | OrderJournalEntry;

/** Outcomes a manager may send again from the sync tab. */
const RETRIABLE: readonly string[] = ['rejected', 'warning', 'failed', 'parked'];

/** A journal entry as the sync tab shows it. */
export type SyncJournalEntry = JournalEntryView & {
  /** The manager may send it again (it did not go well); `retryable` says whether waiting could help. */
  canRetry: boolean;
};

export interface SyncJournal {
  entries: SyncJournalEntry[];
  /** With `entity`: pass as `beforeId` for the next page; null on the last one (and without `entity`). */
  nextBeforeId: number | null;
}

/** `GET /api/v1/sync/status`: one status per entity the module syncs. */
export interface SyncStatusView {
  customers: CustomerSyncStatus & {
    /** Changes of the account waiting to be handled: not yet handed to the broker, or queued by the full load. */
    queueDepth: number;
  };
  orders: OrderSyncStatus & { queueDepth: number };
  /** The product feed: offers, offers left out (no price, duplicate ids, cleaned text), builds. */
  feed: FeedStatus;
}

/**
 * The sync tab's server side: reads what the sync services keep in Postgres, and turns the tab's
 * buttons into commands (`FullLoadRequested`, `JournalRetryRequested`) queued through the outbox,
 * so a click is never lost when the broker is away.
 */
@Injectable()
export class SyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomerSyncStatusReader,
    private readonly orders: OrderSyncStatusReader,
    private readonly feed: FeedStatusReader,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
  ) {}

  async status(accountId: string): Promise<SyncStatusView> {
    const [customers, orders, feed] = await Promise.all([
      this.customers.status(accountId),
      this.orders.status(accountId),
      this.feed.status(accountId),
    ]);
    const load = customers.fullLoad;
    const loading =
      load && load.status === 'running' ? Math.max(0, load.queued - load.done - load.failed) : 0;
    return {
      customers: { ...customers, queueDepth: customers.pendingMessages + loading },
      orders: { ...orders, queueDepth: orders.pendingMessages },
      feed,
    };
  }

  /** One entity's page; without `entity`, the newest of both journals together (no paging). */
  async journal(accountId: string, query: JournalQuery): Promise<SyncJournal> {
    const { entity, ...filter } = query;
    if (entity) {
      const page = await (entity === 'customers' ? this.customers : this.orders).journal(accountId, filter);
      return { entries: page.entries.map(withRetry), nextBeforeId: page.nextBeforeId };
    }
    const limit = filter.limit ?? 50;
    const pages = await Promise.all([
      this.customers.journal(accountId, { ...filter, beforeId: undefined }),
      this.orders.journal(accountId, { ...filter, beforeId: undefined }),
    ]);
    const entries: JournalEntryView[] = [...pages[0].entries, ...pages[1].entries];
    entries.sort((a, b) => b.at.localeCompare(a.at));
    return { entries: entries.slice(0, limit).map(withRetry), nextBeforeId: null };
  }

  /** Queues the retry of one entry; 404 for an unknown id (or another account's), 409 for one that went well. */
  async retry(accountId: string, entity: SyncEntity, journalId: number): Promise<{ queued: true }> {
    const entry = await (entity === 'customers' ? this.customers : this.orders).journalEntry(
      accountId,
      journalId,
    );
    if (!entry)
      throw new NotFoundException({ message: `There is no journal entry ${journalId} of ${entity}` });
    if (!RETRIABLE.includes(entry.outcome)) {
      throw new ConflictException({
        message: `Journal entry ${journalId} went through (${entry.outcome}); nothing to retry`,
      });
    }
    await this.enqueue((em) =>
      this.outbox.enqueue(em, JournalRetryRequested, { accountId, entity, journalId }),
    );
    return { queued: true };
  }

  /** Starts the customers' full load, or resumes the one that runs. */
  async startFullLoad(accountId: string, entity: 'customers'): Promise<{ queued: true }> {
    await this.enqueue((em) => this.outbox.enqueue(em, FullLoadRequested, { accountId, entity }));
    return { queued: true };
  }

  private async enqueue(write: (em: EntityManager) => Promise<unknown>): Promise<void> {
    await this.dataSource.transaction(write);
    this.relay.wake();
  }
}

function withRetry(entry: JournalEntryView): SyncJournalEntry {
  return { ...entry, canRetry: RETRIABLE.includes(entry.outcome) };
}
