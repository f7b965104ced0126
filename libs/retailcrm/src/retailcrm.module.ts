import { Module } from '@nestjs/common';
import { PostgresRateBudget, RATE_BUDGET } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClientFactory } from './retailcrm-client.factory';

/**
 * Provides {@link RetailCrmClientFactory}. The rate budget is {@link PostgresRateBudget}, shared by
 * every process through the `rate_budget` table; it needs the app's global TypeORM connection
 * (`DatabaseModule.forRoot()`). Tests may override `RATE_BUDGET` with a `LocalRateBudget`.
 */
@Module({
  providers: [{ provide: RATE_BUDGET, useClass: PostgresRateBudget }, RetailCrmClientFactory],
  exports: [RetailCrmClientFactory],
})
export class RetailCrmModule {}
