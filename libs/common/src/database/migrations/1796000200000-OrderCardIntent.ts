import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderCardIntent1796000200000 implements MigrationInterface {
  name = 'OrderCardIntent1796000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_card_intent" ("account_id" uuid NOT NULL, "crm_order_id" integer NOT NULL, "promo_code" text, "points_to_spend" numeric(12,2), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_order_card_intent" PRIMARY KEY ("account_id", "crm_order_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_card_intent"`);
  }
}
