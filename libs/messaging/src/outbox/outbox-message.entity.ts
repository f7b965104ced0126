import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A message written in the same transaction as the business change that caused it, waiting for
 * the relay to publish it. Its id is the AMQP `messageId`, so consumers can deduplicate it.
 */
@Entity('outbox_message')
@Index('outbox_message_pending_idx', ['producer', 'nextAttemptAt'], { where: '"published_at" IS NULL' })
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The service whose relay publishes this row. */
  @Column({ type: 'varchar', length: 64 })
  producer: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 128 })
  routingKey: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
