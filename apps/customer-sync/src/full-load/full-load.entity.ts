import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';

/** States of a full load. */
export type FullLoadStatus = 'running' | 'done' | 'failed';

/**
 * An account's customer full load: the current (or last) run, where its listing stands, its
 * progress, and the lease that lets only one replica list at a time.
 */
@Entity('customer_full_load')
export class FullLoadEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ type: 'varchar', length: 16 })
  status: FullLoadStatus;

  /** Only customers with orders ("sync customers without orders" was off at the start). */
  @Column({ name: 'only_with_orders', type: 'boolean' })
  onlyWithOrders: boolean;

  /** Shops listed; empty: all the key reaches. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sites: string[];

  // The list cursor (see list-cursor.ts).
  @Column({ name: 'next_page', type: 'int', default: 1 })
  nextPage: number;

  @Column({ name: 'last_id', type: 'bigint', nullable: true, transformer: bigintNumber })
  lastId: number | null;

  @Column({ name: 'seen_total', type: 'int', nullable: true })
  seenTotal: number | null;

  @Column({ type: 'boolean', nullable: true })
  descending: boolean | null;

  /** Customers to load, as the CRM last counted them. */
  @Column({ type: 'int', nullable: true })
  total: number | null;

  /** Customers queued, handled (sent, skipped or refused by Mindbox) and given up on. */
  @Column({ type: 'int', default: 0 })
  queued: number;

  @Column({ type: 'int', default: 0 })
  processed: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  /** Customers Mindbox refused (a part of `processed`). */
  @Column({ type: 'int', default: 0 })
  rejected: number;

  /** When the last page was read; the run is done once everything queued was handled. */
  @Column({ name: 'listed_at', type: 'timestamptz', nullable: true })
  listedAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** When a run of this account last completed; survives later runs. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'lease_holder', type: 'varchar', length: 128, nullable: true })
  leaseHolder: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
