import { MigrationInterface, QueryRunner } from 'typeorm';

export class Settings1795970839836 implements MigrationInterface {
  name = 'Settings1795970839836';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "client_id" character(64) NOT NULL, "retailcrm_url" character varying(255) NOT NULL, "api_key_enc" text NOT NULL, "sites" text array NOT NULL DEFAULT '{}', "hook_token" character varying(64) NOT NULL, "feed_token" character varying(64) NOT NULL, "active" boolean NOT NULL DEFAULT true, "frozen" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "account_client_id_key" ON "account" ("client_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "account_retailcrm_url_key" ON "account" ("retailcrm_url") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "account_hook_token_key" ON "account" ("hook_token") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "account_feed_token_key" ON "account" ("feed_token") `);
    await queryRunner.query(
      `CREATE TABLE "mindbox_settings" ("account_id" uuid NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "secret_key_enc" text NOT NULL, CONSTRAINT "PK_1e59b1f1b396076884e1416bdbb" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "customer_settings" ("account_id" uuid NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_716ca915e95fabc945c3b788f32" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "order_settings" ("account_id" uuid NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba5204d4e0d334d155883136fb0" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "product_settings" ("account_id" uuid NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c6e6943452a5f0f0133d3fa1eb5" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "field_settings" ("account_id" uuid NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6fd1c9ae816ebbc967722a02fa3" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "mindbox_settings" ADD CONSTRAINT "FK_1e59b1f1b396076884e1416bdbb" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "customer_settings" ADD CONSTRAINT "FK_716ca915e95fabc945c3b788f32" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_settings" ADD CONSTRAINT "FK_ba5204d4e0d334d155883136fb0" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_settings" ADD CONSTRAINT "FK_c6e6943452a5f0f0133d3fa1eb5" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "field_settings" ADD CONSTRAINT "FK_6fd1c9ae816ebbc967722a02fa3" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "field_settings" DROP CONSTRAINT "FK_6fd1c9ae816ebbc967722a02fa3"`);
    await queryRunner.query(
      `ALTER TABLE "product_settings" DROP CONSTRAINT "FK_c6e6943452a5f0f0133d3fa1eb5"`,
    );
    await queryRunner.query(`ALTER TABLE "order_settings" DROP CONSTRAINT "FK_ba5204d4e0d334d155883136fb0"`);
    await queryRunner.query(
      `ALTER TABLE "customer_settings" DROP CONSTRAINT "FK_716ca915e95fabc945c3b788f32"`,
    );
    await queryRunner.query(
      `ALTER TABLE "mindbox_settings" DROP CONSTRAINT "FK_1e59b1f1b396076884e1416bdbb"`,
    );
    await queryRunner.query(`DROP TABLE "field_settings"`);
    await queryRunner.query(`DROP TABLE "product_settings"`);
    await queryRunner.query(`DROP TABLE "order_settings"`);
    await queryRunner.query(`DROP TABLE "customer_settings"`);
    await queryRunner.query(`DROP TABLE "mindbox_settings"`);
    await queryRunner.query(`DROP INDEX "public"."account_feed_token_key"`);
    await queryRunner.query(`DROP INDEX "public"."account_hook_token_key"`);
    await queryRunner.query(`DROP INDEX "public"."account_retailcrm_url_key"`);
    await queryRunner.query(`DROP INDEX "public"."account_client_id_key"`);
    await queryRunner.query(`DROP TABLE "account"`);
  }
}
