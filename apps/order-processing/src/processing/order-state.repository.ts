import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderStage, OrderStateEntity } from './order-state.entity';

/** Changes to an order's state. */
export type OrderStatePatch = Partial<
  Pick<
    OrderStateEntity,
    | 'stage'
    | 'transactionExternalId'
    | 'transactionHash'
    | 'step'
    | 'stepCallId'
    | 'stepHash'
    | 'appliedHash'
    | 'committedAt'
    | 'snapshotAt'
    | 'lastError'
  >
>;

/** Stages with an order transaction that may be open in Mindbox. */
export const OPEN_STAGES: readonly OrderStage[] = ['beginning', 'begun', 'committing', 'rolling-back'];

/** All SQL of `order_processing_state`. */
@Injectable()
export class OrderStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises the handling of one order across consumers and replicas: a transaction-scoped
   * advisory lock in the message's transaction, held until it ends.
   */
  async lock(em: EntityManager, accountId: string, orderId: number): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1), $2::int)`, [accountId, orderId]);
  }

  async find(accountId: string, orderId: number): Promise<OrderStateEntity> {
    const found = await this.dataSource.manager.findOneBy(OrderStateEntity, {
      accountId,
      crmOrderId: orderId,
    });
    return (
      found ??
      Object.assign(new OrderStateEntity(), {
        accountId,
        crmOrderId: orderId,
        stage: 'new',
        transactionExternalId: null,
        transactionHash: null,
        step: null,
        stepCallId: null,
        stepHash: null,
        appliedHash: null,
        committedAt: null,
        snapshotAt: null,
        lastError: null,
      })
    );
  }

  /** Writes the patch at once, on its own connection (committed before the next Mindbox call). */
  async save(state: OrderStateEntity, patch: OrderStatePatch): Promise<OrderStateEntity> {
    Object.assign(state, patch);
    await this.dataSource.manager.upsert(
      OrderStateEntity,
      {
        accountId: state.accountId,
        crmOrderId: state.crmOrderId,
        stage: state.stage,
        transactionExternalId: state.transactionExternalId,
        transactionHash: state.transactionHash,
        step: state.step,
        stepCallId: state.stepCallId,
        stepHash: state.stepHash,
        appliedHash: state.appliedHash,
        committedAt: state.committedAt,
        snapshotAt: state.snapshotAt,
        lastError: state.lastError,
        updatedAt: new Date(),
      },
      ['accountId', 'crmOrderId'],
    );
    return state;
  }

  /**
   * Orders of running accounts whose transaction has stayed open longer than `olderThanMs` (the
   * process died between begin and commit, or its message was parked); their `updated_at` is
   * touched so that the next sweep waits again.
   */
  async claimStale(
    accountIds: string[],
    olderThanMs: number,
    limit = 100,
  ): Promise<{ accountId: string; orderId: number }[]> {
    if (accountIds.length === 0) return [];
    const [rows]: [{ account_id: string; crm_order_id: string }[], number] = await this.dataSource.query(
      `UPDATE order_processing_state SET updated_at = now()
        WHERE (account_id, crm_order_id) IN (
          SELECT account_id, crm_order_id FROM order_processing_state
           WHERE stage = ANY($1) AND account_id = ANY($2::uuid[])
             AND updated_at < now() - make_interval(secs => $3::float8)
           ORDER BY updated_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING account_id, crm_order_id`,
      [OPEN_STAGES, accountIds, olderThanMs / 1000, limit],
    );
    return rows.map((row) => ({ accountId: row.account_id, orderId: Number(row.crm_order_id) }));
  }
}
