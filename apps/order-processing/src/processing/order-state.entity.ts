import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';

/**
 * Where an order stands in Mindbox: `new` (nothing sent), `calculated`, `beginning` (begin sent,
 * answer unknown), `begun`, `committing`, `committed`, `rolling-back`, `rolled-back`, `cancelled`.
 */
export type OrderStage =
  | 'new'
  | 'calculated'
  | 'beginning'
  | 'begun'
  | 'committing'
  | 'committed'
  | 'rolling-back'
  | 'rolled-back'
  | 'cancelled';

/** The Mindbox step in flight; its `transactionId` is `stepCallId`. */
export type OrderStep =
  'calculate' | 'begin' | 'commit' | 'rollback' | 'line-status' | 'cancel' | 'write-back';

/**
 * One order's processing state. Written on its own connection before and after each Mindbox call
 * (never in the message's transaction, whose rollback would lose the ids it should keep), so a
 * retry, a redelivery or a restart resends the same `transactionId` and the same order
 * transaction, and a crash between begin and commit is seen and finished or rolled back.
 */
@Entity('order_processing_state')
// The sweep of transactions left open by a crash reads the oldest rows of OPEN_STAGES only.
@Index('order_processing_state_open_idx', ['updatedAt'], {
  where: `"stage" IN ('beginning', 'begun', 'committing', 'rolling-back')`,
})
export class OrderStateEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ name: 'crm_order_id', type: 'bigint', transformer: bigintNumber })
  crmOrderId: number;

  @Column({ type: 'varchar', length: 16, default: 'new' })
  stage: OrderStage;

  /** The order transaction (`order.transaction.ids.externalId`) begun last, and the hash of what it holds. */
  @Column({ name: 'transaction_external_id', type: 'varchar', length: 64, nullable: true })
  transactionExternalId: string | null;

  @Column({ name: 'transaction_hash', type: 'char', length: 64, nullable: true })
  transactionHash: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  step: OrderStep | null;

  /** The `transactionId` of the step in flight, stored before the call, reused on every retry. */
  @Column({ name: 'step_call_id', type: 'uuid', nullable: true })
  stepCallId: string | null;

  /** Hash of the body the step in flight sends. */
  @Column({ name: 'step_hash', type: 'char', length: 64, nullable: true })
  stepHash: string | null;

  /** Hash of the rule and body last applied in full (write-back included). */
  @Column({ name: 'applied_hash', type: 'char', length: 64, nullable: true })
  appliedHash: string | null;

  /** When Mindbox last committed the order; null when it holds no committed order (or it was cancelled). */
  @Column({ name: 'committed_at', type: 'timestamptz', nullable: true })
  committedAt: Date | null;

  /** When the order last processed was read from the CRM: an older read is stale. */
  @Column({ name: 'snapshot_at', type: 'timestamptz', nullable: true })
  snapshotAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
