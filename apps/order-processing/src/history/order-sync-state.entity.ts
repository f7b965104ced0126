import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';

/**
 * The order history poller's state of one account: the cursor (`sinceId` of the next read), the
 * lease that makes one replica the account's only poller, and the hook's requests for an early poll.
 */
@Entity('order_sync_state')
export class OrderSyncStateEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** Last order history id queued; null until the cursor is set at the history's end. */
  @Column({ name: 'orders_since_id', type: 'bigint', nullable: true, transformer: bigintNumber })
  ordersSinceId: number | null;

  /** Polls asked for (hook calls, reactivation); a poll is due while it exceeds `pollsServed`. */
  @Column({ name: 'poll_requests', type: 'int', default: 0 })
  pollRequests: number;

  @Column({ name: 'polls_served', type: 'int', default: 0 })
  pollsServed: number;

  @Column({ name: 'lease_holder', type: 'varchar', length: 128, nullable: true })
  leaseHolder: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_poll_at', type: 'timestamptz', nullable: true })
  lastPollAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
