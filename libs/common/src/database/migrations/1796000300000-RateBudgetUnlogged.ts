import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate budget is written on every Mindbox and RetailCRM call and read back at once; nothing
 * in it must outlive a crash (after one, Postgres empties an unlogged table and the budget starts
 * afresh). Unlogged, a take no longer waits for its WAL record to reach the disk.
 */
export class RateBudgetUnlogged1796000300000 implements MigrationInterface {
  name = 'RateBudgetUnlogged1796000300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rate_budget" SET UNLOGGED`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rate_budget" SET LOGGED`);
  }
}
