import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderSyncStateEntity } from './order-sync-state.entity';

/** A batch's move of the cursor, committed with the batch's messages. */
export interface CursorMove {
  accountId: string;
  holder: string;
  from: number;
  to: number;
  /** Poll requests this pass answered. */
  served: number;
}

/** All SQL of `order_sync_state` (the same lease and cursor rules as customer-sync's). */
@Injectable()
export class OrderSyncStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(accountId: string, em?: EntityManager): Promise<OrderSyncStateEntity | null> {
    return (em ?? this.dataSource.manager).findOneBy(OrderSyncStateEntity, { accountId });
  }

  /**
   * Takes the poller lease of each account that has none or an expired one, renews those this
   * holder has past half their time, and gives back every state row the holder now holds.
   */
  async holdLeases(accountIds: string[], holder: string, leaseMs: number): Promise<OrderSyncStateEntity[]> {
    if (accountIds.length === 0) return [];
    await this.dataSource.query(
      `INSERT INTO order_sync_state AS s (account_id, lease_holder, lease_until)
       SELECT id, $2, now() + make_interval(secs => $3::float8) FROM unnest($1::uuid[]) AS id
       ON CONFLICT (account_id) DO UPDATE
          SET lease_holder = EXCLUDED.lease_holder, lease_until = EXCLUDED.lease_until, updated_at = now()
        WHERE s.lease_holder IS NULL OR s.lease_until IS NULL OR s.lease_until < now()
           OR (s.lease_holder = EXCLUDED.lease_holder AND s.lease_until < now() + make_interval(secs => $3::float8 / 2))`,
      [accountIds, holder, leaseMs / 1000],
    );
    return this.dataSource
      .getRepository(OrderSyncStateEntity)
      .createQueryBuilder('s')
      .where('s.accountId = ANY(:ids)', { ids: accountIds })
      .andWhere('s.leaseHolder = :holder', { holder })
      .andWhere('s.leaseUntil > now()')
      .getMany();
  }

  async releaseLeases(holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE order_sync_state SET lease_until = now(), updated_at = now() WHERE lease_holder = $1`,
      [holder],
    );
  }

  /** Sets the cursor if it was never set (the history's end when processing starts). */
  async initCursor(accountId: string, sinceId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO order_sync_state (account_id) VALUES ($1) ON CONFLICT (account_id) DO NOTHING`,
      [accountId],
    );
    await this.dataSource.query(
      `UPDATE order_sync_state SET orders_since_id = $2, updated_at = now() WHERE account_id = $1 AND orders_since_id IS NULL`,
      [accountId, sinceId],
    );
  }

  /** Moves the cursor in the batch's transaction, only under the lease and from where the batch started. */
  async moveCursor(em: EntityManager, move: CursorMove): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE order_sync_state
          SET orders_since_id = $4, polls_served = greatest(polls_served, $5), updated_at = now()
        WHERE account_id = $1 AND lease_holder = $2 AND lease_until > now() AND orders_since_id = $3`,
      [move.accountId, move.holder, move.from, move.to, move.served],
    );
    return count === 1;
  }

  async markPolled(accountId: string, served: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE order_sync_state
          SET last_poll_at = now(), polls_served = greatest(polls_served, $2),
              last_error = NULL, last_error_at = NULL, updated_at = now()
        WHERE account_id = $1`,
      [accountId, served],
    );
  }

  async recordError(accountId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE order_sync_state SET last_error = $2, last_error_at = now(), updated_at = now() WHERE account_id = $1`,
      [accountId, error.slice(0, 2000)],
    );
  }

  /**
   * Asks for an early poll (the hook, a reactivation), in the caller's transaction.
   * A message naming an account that does not exist leaves no row.
   */
  async requestPoll(em: EntityManager, accountId: string): Promise<void> {
    await em.query(
      `INSERT INTO order_sync_state AS s (account_id, poll_requests)
       SELECT id, 1 FROM account WHERE id = $1
       ON CONFLICT (account_id) DO UPDATE SET poll_requests = s.poll_requests + 1, updated_at = now()`,
      [accountId],
    );
  }
}
