import { Module } from '@nestjs/common';
import { AccountFetchModule } from '@app/common/http/account-fetch.module';
import { PostgresRateBudget, RATE_BUDGET } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClientFactory } from './retailcrm-client.factory';

/**
 * Provides {@link RetailCrmClientFactory}. The rate budget is {@link PostgresRateBudget}, shared by
 * every process through the `rate_budget` table; it needs the app's global TypeORM connection
 * (`DatabaseModule.forRoot()`). Tests may override `RATE_BUDGET` with a `LocalRateBudget`. Clients
 * connect through {@link AccountFetchModule}: only to public addresses unless ALLOW_PRIVATE_URLS.
 */
@Module({
  imports: [AccountFetchModule],
  providers: [{ provide: RATE_BUDGET, useClass: PostgresRateBudget }, RetailCrmClientFactory],
  exports: [RetailCrmClientFactory],
})
export class RetailCrmModule {}
