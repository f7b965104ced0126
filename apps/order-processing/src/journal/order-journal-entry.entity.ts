import { Column, Entity, Index } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';
import type { FieldProblem } from './failure-text';

/** How an order operation ended. */
export type JournalOutcome = 'synced' | 'skipped' | 'rejected' | 'warning' | 'failed' | 'parked';

/** What the operation was. */
export type JournalOperation =
  'calculate' | 'transaction' | 'rollback' | 'line-status' | 'cancel' | 'write-back' | 'sync';

/** What started it. */
export type JournalCause = 'history' | 'retry' | 'recovery';

/** The sync journal of orders, read by the sync tab (`GET /api/v1/sync/journal`) and its retry button. */
@Entity('order_sync_journal')
@Index('order_sync_journal_account_idx', ['accountId', 'id'])
@Index('order_sync_journal_at_idx', ['accountId', 'at'])
@Index('order_sync_journal_problems_idx', ['accountId', 'id'], {
  where: `"outcome" IN ('rejected', 'warning', 'failed', 'parked')`,
})
export class OrderJournalEntryEntity {
  @Column({ type: 'bigint', primary: true, generated: 'increment', transformer: bigintNumber })
  id: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** Always `orders` here. */
  @Column({ type: 'varchar', length: 16, default: 'orders' })
  entity: string;

  /** The CRM order id. */
  @Column({ name: 'crm_id', type: 'bigint', transformer: bigintNumber })
  crmId: number;

  @Column({ type: 'varchar', length: 32 })
  operation: JournalOperation;

  @Column({ name: 'mindbox_operation', type: 'varchar', length: 128, nullable: true })
  mindboxOperation: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: JournalOutcome;

  /** What went wrong, in the shop's words, with the words Mindbox or the CRM gave. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'jsonb', nullable: true })
  problems: FieldProblem[] | null;

  @Column({ type: 'boolean', default: false })
  retryable: boolean;

  @Column({ type: 'varchar', length: 16 })
  cause: JournalCause;

  @Column({ name: 'message_id', type: 'varchar', length: 64, nullable: true })
  messageId: string | null;

  /** The order's id in Mindbox, when known. */
  @Column({ name: 'mindbox_id', type: 'varchar', length: 64, nullable: true })
  mindboxId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'retried_at', type: 'timestamptz', nullable: true })
  retriedAt: Date | null;
}
