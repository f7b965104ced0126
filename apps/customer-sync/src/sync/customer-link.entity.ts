import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';

/** What became of a CRM customer. */
export type CustomerLinkStatus = 'synced' | 'deleted' | 'merged';

/**
 * A CRM customer the module has sent to Mindbox: its Mindbox id, a hash of the data sent and
 * when that data was read from the CRM (older messages are dropped), and whether the Mindbox id
 * still has to be written back into the CRM.
 */
@Entity('customer_link')
@Index('customer_link_write_back_idx', ['accountId'], {
  where:
    '"mindbox_id" IS NOT NULL AND "crm_mindbox_id" IS DISTINCT FROM "mindbox_id" AND "write_back_error" IS NULL',
})
export class CustomerLinkEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'bigint', transformer: bigintNumber })
  customerId: number;

  @Column({ type: 'varchar', length: 16, default: 'synced' })
  status: CustomerLinkStatus;

  @Column({ name: 'mindbox_id', type: 'varchar', length: 64, nullable: true })
  mindboxId: string | null;

  @Column({ name: 'merged_into', type: 'bigint', nullable: true, transformer: bigintNumber })
  mergedInto: number | null;

  /** sha256 of the mapped data last sent. */
  @Column({ name: 'payload_hash', type: 'char', length: 64, nullable: true })
  payloadHash: string | null;

  /** When the data last sent was read from the CRM. */
  @Column({ name: 'snapshot_at', type: 'timestamptz', nullable: true })
  snapshotAt: Date | null;

  @Column({ name: 'synced_at', type: 'timestamptz', nullable: true })
  syncedAt: Date | null;

  /** The Mindbox id custom field's value in the CRM, as last read or written. */
  @Column({ name: 'crm_mindbox_id', type: 'varchar', length: 64, nullable: true })
  crmMindboxId: string | null;

  /** Why writing the Mindbox id into the CRM failed; no further attempt until the next sync. */
  @Column({ name: 'write_back_error', type: 'text', nullable: true })
  writeBackError: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
