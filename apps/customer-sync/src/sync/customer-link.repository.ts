import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerLinkEntity } from './customer-link.entity';

/** What a successful sync records. */
export interface SyncedCustomer {
  accountId: string;
  customerId: number;
  mindboxId: string | null;
  payloadHash: string;
  snapshotAt: Date;
  /** The CRM's value of the Mindbox id custom field in the data sent (null: empty or not configured). */
  crmMindboxId: string | null;
}

/** A Mindbox id to write into the CRM. */
export interface PendingWriteBack {
  customerId: number;
  mindboxId: string;
}

/** All SQL of `customer_link`. */
@Injectable()
export class CustomerLinkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /**
   * Serialises the handling of one customer until the transaction ends (a live change and a
   * full-load item of the same customer never run their Mindbox calls side by side).
   */
  async lockCustomer(em: EntityManager, accountId: string, customerId: number): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`, [
      accountId,
      String(customerId),
    ]);
  }

  find(accountId: string, customerId: number, em?: EntityManager): Promise<CustomerLinkEntity | null> {
    return this.manager(em).findOneBy(CustomerLinkEntity, { accountId, customerId });
  }

  async recordSync(em: EntityManager, synced: SyncedCustomer): Promise<void> {
    await em.query(
      `INSERT INTO customer_link AS l
              (account_id, customer_id, status, mindbox_id, payload_hash, snapshot_at, synced_at, crm_mindbox_id)
       VALUES ($1, $2, 'synced', $3, $4, $5, now(), $6)
       ON CONFLICT (account_id, customer_id) DO UPDATE SET
              status = 'synced', merged_into = NULL,
              mindbox_id = coalesce(EXCLUDED.mindbox_id, l.mindbox_id),
              payload_hash = EXCLUDED.payload_hash, snapshot_at = EXCLUDED.snapshot_at, synced_at = now(),
              crm_mindbox_id = EXCLUDED.crm_mindbox_id, write_back_error = NULL, updated_at = now()`,
      [
        synced.accountId,
        synced.customerId,
        synced.mindboxId,
        synced.payloadHash,
        synced.snapshotAt,
        synced.crmMindboxId,
      ],
    );
  }

  /**
   * A message that needed no Mindbox call still brings a newer read of the customer: remember
   * when, and what the CRM holds in the Mindbox id field.
   */
  async recordUnchanged(
    em: EntityManager,
    accountId: string,
    customerId: number,
    snapshotAt: Date,
    crmMindboxId: string | null,
  ): Promise<void> {
    await em.query(
      // $4 typed once: the assignment alone deduces varchar, the comparison text, and Postgres
      // refuses a parameter deduced two ways.
      `UPDATE customer_link SET snapshot_at = greatest(snapshot_at, $3), crm_mindbox_id = $4::varchar,
              write_back_error = CASE WHEN crm_mindbox_id IS DISTINCT FROM $4::varchar THEN NULL ELSE write_back_error END,
              updated_at = now()
        WHERE account_id = $1 AND customer_id = $2`,
      [accountId, customerId, snapshotAt, crmMindboxId],
    );
  }

  /** Marks a customer the CRM deleted (or merged into another); false when it was never synced. */
  async markRemoved(
    em: EntityManager,
    accountId: string,
    customerId: number,
    mergedInto: number | undefined,
  ): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE customer_link SET status = $3, merged_into = $4, updated_at = now()
        WHERE account_id = $1 AND customer_id = $2 AND status = 'synced'`,
      [accountId, customerId, mergedInto ? 'merged' : 'deleted', mergedInto ?? null],
    );
    return count === 1;
  }

  /** Which of `customerIds` are in Mindbox already. */
  async syncedAmong(accountId: string, customerIds: number[], em?: EntityManager): Promise<Set<number>> {
    if (customerIds.length === 0) return new Set();
    const rows: { customer_id: string }[] = await this.manager(em).query(
      `SELECT customer_id FROM customer_link WHERE account_id = $1 AND customer_id = ANY($2::bigint[]) AND status = 'synced'`,
      [accountId, customerIds],
    );
    return new Set(rows.map((row) => Number(row.customer_id)));
  }

  /** Mindbox ids the CRM does not hold yet, oldest sync first. */
  async pendingWriteBacks(accountId: string, limit: number): Promise<PendingWriteBack[]> {
    const rows: { customer_id: string; mindbox_id: string }[] = await this.dataSource.query(
      `SELECT customer_id, mindbox_id FROM customer_link
        WHERE account_id = $1 AND mindbox_id IS NOT NULL AND crm_mindbox_id IS DISTINCT FROM mindbox_id
          AND write_back_error IS NULL AND status = 'synced'
        ORDER BY synced_at LIMIT $2`,
      [accountId, limit],
    );
    return rows.map((row) => ({ customerId: Number(row.customer_id), mindboxId: row.mindbox_id }));
  }

  async writeBackDone(accountId: string, customerId: number, mindboxId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_link SET crm_mindbox_id = $3, write_back_error = NULL, updated_at = now()
        WHERE account_id = $1 AND customer_id = $2 AND mindbox_id = $3`,
      [accountId, customerId, mindboxId],
    );
  }

  async writeBackFailed(accountId: string, customerId: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_link SET write_back_error = $3, updated_at = now() WHERE account_id = $1 AND customer_id = $2`,
      [accountId, customerId, error.slice(0, 2000)],
    );
  }

  /** A customer the CRM no longer has: nothing to write back. */
  async markGone(accountId: string, customerId: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE customer_link SET status = 'deleted', updated_at = now() WHERE account_id = $1 AND customer_id = $2`,
      [accountId, customerId],
    );
  }
}
