import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductFeed1796000100000 implements MigrationInterface {
  name = 'ProductFeed1796000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "product_feed" ("account_id" uuid NOT NULL, "generation" integer NOT NULL DEFAULT 0, "etag" character varying(80), "content_hash" character(64), "id_field" character varying(32), "last_modified" TIMESTAMP WITH TIME ZONE, "size_gzip" integer, "size_xml" bigint, "offers" integer NOT NULL DEFAULT 0, "available" integer NOT NULL DEFAULT 0, "categories" integer NOT NULL DEFAULT 0, "skipped" jsonb NOT NULL DEFAULT '{}', "built_at" TIMESTAMP WITH TIME ZONE, "build_ms" integer, "sync_run" integer NOT NULL DEFAULT 0, "sites" text array, "since_updated_at" character varying(19), "full_requested" boolean NOT NULL DEFAULT true, "dirty" boolean NOT NULL DEFAULT true, "full_sync_at" TIMESTAMP WITH TIME ZONE, "change_sync_at" TIMESTAMP WITH TIME ZONE, "crm_requests" integer NOT NULL DEFAULT 0, "lease_holder" character varying(128), "lease_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_product_feed" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "product_feed_offer" ("account_id" uuid NOT NULL, "offer_id" bigint NOT NULL, "product_id" bigint NOT NULL, "site" character varying(255), "external_id" text, "xml_id" text, "article" text, "product_external_id" text, "name" text NOT NULL, "url" text, "picture" text, "vendor" text, "price" numeric(14,2), "category_ids" bigint array NOT NULL DEFAULT '{}', "product_active" boolean NOT NULL, "offer_active" boolean NOT NULL, "quantity" numeric(14,3) NOT NULL DEFAULT 0, "sync_run" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_product_feed_offer" PRIMARY KEY ("account_id", "offer_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_feed_offer_product_idx" ON "product_feed_offer" ("account_id", "product_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product_feed_category" ("account_id" uuid NOT NULL, "group_id" bigint NOT NULL, "external_id" text, "parent_id" bigint, "name" text NOT NULL, "site" character varying(255), "active" boolean NOT NULL, "sync_run" integer NOT NULL, CONSTRAINT "PK_product_feed_category" PRIMARY KEY ("account_id", "group_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "product_feed_chunk" ("account_id" uuid NOT NULL, "generation" integer NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_product_feed_chunk" PRIMARY KEY ("account_id", "generation", "seq"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "product_feed_chunk"`);
    await queryRunner.query(`DROP TABLE "product_feed_category"`);
    await queryRunner.query(`DROP INDEX "public"."product_feed_offer_product_idx"`);
    await queryRunner.query(`DROP TABLE "product_feed_offer"`);
    await queryRunner.query(`DROP TABLE "product_feed"`);
  }
}
