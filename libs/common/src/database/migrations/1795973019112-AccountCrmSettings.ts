import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountCrmSettings1795973019112 implements MigrationInterface {
  name = 'AccountCrmSettings1795973019112';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" ADD "crm_settings" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "crm_settings"`);
  }
}
