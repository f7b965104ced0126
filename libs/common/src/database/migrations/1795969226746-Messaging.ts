import { MigrationInterface, QueryRunner } from 'typeorm';

export class Messaging1795969226746 implements MigrationInterface {
  name = 'Messaging1795969226746';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" uuid NOT NULL, "producer" character varying(64) NOT NULL, "routing_key" character varying(128) NOT NULL, "account_id" uuid NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_message_pending_idx" ON "outbox_message" ("producer", "next_attempt_at") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "inbox_message" ("consumer" character varying(128) NOT NULL, "message_id" character varying(64) NOT NULL, "routing_key" character varying(128) NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5586a9e8211034fb05680b9041c" PRIMARY KEY ("consumer", "message_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_message_processed_at_idx" ON "inbox_message" ("processed_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."inbox_message_processed_at_idx"`);
    await queryRunner.query(`DROP TABLE "inbox_message"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_message_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
  }
}
