import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SyncStateEntity } from './sync-state.entity';

/** The two histories an account's poller reads. */
export type HistoryStream = 'customers' | 'orders';

const CURSOR_COLUMN: Record<HistoryStream, string> = {
  customers: 'customers_since_id',
  orders: 'orders_since_id',
};

/** A batch's move of one cursor, committed with the batch's messages. */
export interface CursorMove {
  accountId: string;
  holder: string;
  stream: HistoryStream;
  from: number;
  to: number;
  /** Poll requests this pass answered. */
  served: number;
}

/** All SQL of `customer_sync_state`. */
@Injectable()
export class SyncStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  find(accountId: string, em?: EntityManager): Promise<SyncStateEntity | null> {
    return this.manager(em).findOneBy(SyncStateEntity, { accountId });
  }

  /**
   * Takes the poller lease of each account that has none or an expired one, renews those this
   * holder has that are past half their time, and gives back every state row the holder now
   * holds. One statement for all accounts, however many.
   */
  async holdLeases(accountIds: string[], holder: string, leaseMs: number): Promise<SyncStateEntity[]> {
    if (accountIds.length === 0) return [];
    await this.dataSource.query(
      `INSERT INTO customer_sync_state AS s (account_id, lease_holder, lease_until)
       SELECT id, $2, now() + make_interval(secs => $3::float8) FROM unnest($1::uuid[]) AS id
       ON CONFLICT (account_id) DO UPDATE
          SET lease_holder = EXCLUDED.lease_holder, lease_until = EXCLUDED.lease_until, updated_at = now()
        WHERE s.lease_holder IS NULL OR s.lease_until IS NULL OR s.lease_until < now()
           OR (s.lease_holder = EXCLUDED.lease_holder AND s.lease_until < now() + make_interval(secs => $3::float8 / 2))`,
      [accountIds, holder, leaseMs / 1000],
    );
    return this.dataSource
      .getRepository(SyncStateEntity)
      .createQueryBuilder('s')
      .where('s.accountId = ANY(:ids)', { ids: accountIds })
      .andWhere('s.leaseHolder = :holder', { holder })
      .andWhere('s.leaseUntil > now()')
      .getMany();
  }

  /** Gives up the holder's leases so another replica can take the accounts at once. */
  async releaseLeases(holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_sync_state SET lease_until = now(), updated_at = now() WHERE lease_holder = $1`,
      [holder],
    );
  }

  /** Sets a cursor that was never set (the history's end when syncing starts); false when it was. */
  async initCursor(accountId: string, stream: HistoryStream, sinceId: number): Promise<boolean> {
    const column = CURSOR_COLUMN[stream];
    await this.dataSource.query(
      `INSERT INTO customer_sync_state (account_id) VALUES ($1) ON CONFLICT (account_id) DO NOTHING`,
      [accountId],
    );
    const [, count] = await this.dataSource.query(
      `UPDATE customer_sync_state SET ${column} = $2, updated_at = now() WHERE account_id = $1 AND ${column} IS NULL`,
      [accountId, sinceId],
    );
    return count === 1;
  }

  /**
   * Moves a cursor inside the batch's transaction, only if the holder still holds the lease and
   * the cursor is where the batch started: otherwise nothing moves and the caller rolls back.
   */
  async moveCursor(em: EntityManager, move: CursorMove): Promise<boolean> {
    const column = CURSOR_COLUMN[move.stream];
    const [, count] = await em.query(
      `UPDATE customer_sync_state
          SET ${column} = $4, polls_served = greatest(polls_served, $5), updated_at = now()
        WHERE account_id = $1 AND lease_holder = $2 AND lease_until > now() AND ${column} = $3`,
      [move.accountId, move.holder, move.from, move.to, move.served],
    );
    return count === 1;
  }

  /** A pass ended well: remember when, and that it answered the requests made before it. */
  async markPolled(accountId: string, served: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_sync_state
          SET last_poll_at = now(), polls_served = greatest(polls_served, $2),
              last_error = NULL, last_error_at = NULL, updated_at = now()
        WHERE account_id = $1`,
      [accountId, served],
    );
  }

  async recordError(accountId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_sync_state SET last_error = $2, last_error_at = now(), updated_at = now() WHERE account_id = $1`,
      [accountId, error.slice(0, 2000)],
    );
  }

  /**
   * Asks for an early poll of the account (the hook, a reactivation), in the caller's transaction.
   * A message naming an account that does not exist leaves no row.
   */
  async requestPoll(em: EntityManager, accountId: string): Promise<void> {
    await em.query(
      `INSERT INTO customer_sync_state AS s (account_id, poll_requests)
       SELECT id, 1 FROM account WHERE id = $1
       ON CONFLICT (account_id) DO UPDATE SET poll_requests = s.poll_requests + 1, updated_at = now()`,
      [accountId],
    );
  }
}
