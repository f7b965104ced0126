import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per message a consumer has applied, written in the handler's own transaction: a
 * redelivered or duplicated message finds its row and is acknowledged without running again.
 */
@Entity('inbox_message')
@Index('inbox_message_processed_at_idx', ['processedAt'])
export class InboxMessageEntity {
  /** The queue (consumer purpose) that applied the message. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  consumer: string;

  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 64 })
  messageId: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 128 })
  routingKey: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
