import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderProcessing1796000000000 implements MigrationInterface {
  name = 'OrderProcessing1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_sync_state" ("account_id" uuid NOT NULL, "orders_since_id" bigint, "poll_requests" integer NOT NULL DEFAULT '0', "polls_served" integer NOT NULL DEFAULT '0', "lease_holder" character varying(128), "lease_until" TIMESTAMP WITH TIME ZONE, "last_poll_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_order_sync_state" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "order_processing_state" ("account_id" uuid NOT NULL, "crm_order_id" bigint NOT NULL, "stage" character varying(16) NOT NULL DEFAULT 'new', "transaction_external_id" character varying(64), "transaction_hash" character(64), "step" character varying(16), "step_call_id" uuid, "step_hash" character(64), "applied_hash" character(64), "committed_at" TIMESTAMP WITH TIME ZONE, "snapshot_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_order_processing_state" PRIMARY KEY ("account_id", "crm_order_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_processing_state_open_idx" ON "order_processing_state" ("updated_at") WHERE "stage" IN ('beginning', 'begun', 'committing', 'rolling-back')`,
    );
    await queryRunner.query(
      `CREATE TABLE "order_sync_journal" ("id" BIGSERIAL NOT NULL, "account_id" uuid NOT NULL, "entity" character varying(16) NOT NULL DEFAULT 'orders', "crm_id" bigint NOT NULL, "operation" character varying(32) NOT NULL, "mindbox_operation" character varying(128), "outcome" character varying(16) NOT NULL, "error" text, "problems" jsonb, "retryable" boolean NOT NULL DEFAULT false, "cause" character varying(16) NOT NULL, "message_id" character varying(64), "mindbox_id" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retried_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_order_sync_journal" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_sync_journal_problems_idx" ON "order_sync_journal" ("account_id", "id") WHERE "outcome" IN ('rejected', 'warning', 'failed', 'parked')`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_sync_journal_account_idx" ON "order_sync_journal" ("account_id", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_sync_journal_at_idx" ON "order_sync_journal" ("account_id", "at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_sync_journal"`);
    await queryRunner.query(`DROP TABLE "order_processing_state"`);
    await queryRunner.query(`DROP TABLE "order_sync_state"`);
  }
}
