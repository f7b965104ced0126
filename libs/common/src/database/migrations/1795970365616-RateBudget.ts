import { MigrationInterface, QueryRunner } from 'typeorm';

export class RateBudget1795970365616 implements MigrationInterface {
  name = 'RateBudget1795970365616';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_budget" ("key" character varying(200) NOT NULL, "tat" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_abe05606bca680e468e0e6d6b55" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_budget"`);
  }
}
