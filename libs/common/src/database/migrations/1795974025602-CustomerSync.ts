import { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerSync1795974025602 implements MigrationInterface {
  name = 'CustomerSync1795974025602';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "customer_link" ("account_id" uuid NOT NULL, "customer_id" bigint NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'synced', "mindbox_id" character varying(64), "merged_into" bigint, "payload_hash" character(64), "snapshot_at" TIMESTAMP WITH TIME ZONE, "synced_at" TIMESTAMP WITH TIME ZONE, "crm_mindbox_id" character varying(64), "write_back_error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9ce3b877d2415c10d5d9953560" PRIMARY KEY ("account_id", "customer_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_link_write_back_idx" ON "customer_link" ("account_id") WHERE "mindbox_id" IS NOT NULL AND "crm_mindbox_id" IS DISTINCT FROM "mindbox_id" AND "write_back_error" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_sync_journal" ("id" BIGSERIAL NOT NULL, "account_id" uuid NOT NULL, "entity" character varying(16) NOT NULL DEFAULT 'customers', "crm_id" bigint NOT NULL, "operation" character varying(32) NOT NULL, "mindbox_operation" character varying(128), "outcome" character varying(16) NOT NULL, "error" text, "problems" jsonb, "retryable" boolean NOT NULL DEFAULT false, "cause" character varying(16) NOT NULL, "message_id" character varying(64), "mindbox_id" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retried_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ccdc244b0257ce106706bc3b123" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_sync_journal_problems_idx" ON "customer_sync_journal" ("account_id", "id") WHERE "outcome" IN ('rejected', 'warning', 'failed', 'parked')`,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_sync_journal_account_idx" ON "customer_sync_journal" ("account_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_sync_journal_at_idx" ON "customer_sync_journal" ("account_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_sync_state" ("account_id" uuid NOT NULL, "customers_since_id" bigint, "orders_since_id" bigint, "poll_requests" integer NOT NULL DEFAULT '0', "polls_served" integer NOT NULL DEFAULT '0', "lease_holder" character varying(128), "lease_until" TIMESTAMP WITH TIME ZONE, "last_poll_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0e6fbfc71751d0c4c8d1b339f94" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_full_load" ("account_id" uuid NOT NULL, "run_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "only_with_orders" boolean NOT NULL, "sites" text array NOT NULL DEFAULT '{}', "next_page" integer NOT NULL DEFAULT '1', "last_id" bigint, "seen_total" integer, "descending" boolean, "total" integer, "queued" integer NOT NULL DEFAULT '0', "processed" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "rejected" integer NOT NULL DEFAULT '0', "listed_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "lease_holder" character varying(128), "lease_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95c4de62062a4bc201e67c9cb3e" PRIMARY KEY ("account_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "customer_full_load"`);
    await queryRunner.query(`DROP TABLE "customer_sync_state"`);
    await queryRunner.query(`DROP INDEX "public"."customer_sync_journal_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."customer_sync_journal_account_idx"`);
    await queryRunner.query(`DROP INDEX "public"."customer_sync_journal_problems_idx"`);
    await queryRunner.query(`DROP TABLE "customer_sync_journal"`);
    await queryRunner.query(`DROP INDEX "public"."customer_link_write_back_idx"`);
    await queryRunner.query(`DROP TABLE "customer_link"`);
  }
}
