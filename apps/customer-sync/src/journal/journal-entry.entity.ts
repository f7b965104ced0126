import { Column, Entity, Index } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';
import type { FieldProblem } from './failure-text';

/** How a sync operation ended. */
export type JournalOutcome = 'synced' | 'skipped' | 'rejected' | 'warning' | 'failed' | 'parked';

/** What the operation was. */
export type JournalOperation =
  'import' | 'edit' | 'confirm-phone' | 'write-back' | 'delete' | 'merge' | 'sync';

/** What started it. */
export type JournalCause = 'history' | 'full-load' | 'merge' | 'first-order' | 'retry';

/**
 * The sync journal of customers: one row per operation with its outcome, for the settings page's
 * sync tab (`GET /api/v1/sync/journal`) and its retry button.
 */
@Entity('customer_sync_journal')
@Index('customer_sync_journal_account_idx', ['accountId', 'id'])
@Index('customer_sync_journal_at_idx', ['accountId', 'at'])
@Index('customer_sync_journal_problems_idx', ['accountId', 'id'], {
  where: `"outcome" IN ('rejected', 'warning', 'failed', 'parked')`,
})
export class JournalEntryEntity {
  @Column({ type: 'bigint', primary: true, generated: 'increment', transformer: bigintNumber })
  id: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** Always `customers` here; kept so journals of all entities read alike. */
  @Column({ type: 'varchar', length: 16, default: 'customers' })
  entity: string;

  /** The CRM customer id. */
  @Column({ name: 'crm_id', type: 'bigint', transformer: bigintNumber })
  crmId: number;

  @Column({ type: 'varchar', length: 32 })
  operation: JournalOperation;

  /** The Mindbox operation's system name, when one was called. */
  @Column({ name: 'mindbox_operation', type: 'varchar', length: 128, nullable: true })
  mindboxOperation: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: JournalOutcome;

  /** What went wrong, in the shop's words; null when all went well. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Mindbox's validation messages with the field each is about. */
  @Column({ type: 'jsonb', nullable: true })
  problems: FieldProblem[] | null;

  /** Whether a retry may succeed without changing anything. */
  @Column({ type: 'boolean', default: false })
  retryable: boolean;

  @Column({ type: 'varchar', length: 16 })
  cause: JournalCause;

  @Column({ name: 'message_id', type: 'varchar', length: 64, nullable: true })
  messageId: string | null;

  @Column({ name: 'mindbox_id', type: 'varchar', length: 64, nullable: true })
  mindboxId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** When the retry button was used on this entry. */
  @Column({ name: 'retried_at', type: 'timestamptz', nullable: true })
  retriedAt: Date | null;
}
