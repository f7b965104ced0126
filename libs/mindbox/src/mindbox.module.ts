import { Module } from '@nestjs/common';
import { AccountFetchModule } from '@app/common/http/account-fetch.module';
import { PostgresRateBudget, RATE_BUDGET } from '@app/common/rate-budget/rate-budget';
import { MindboxClientFactory } from './mindbox-client.factory';

/**
 * The Mindbox API v3 client for a service: inject {@link MindboxClientFactory}. The request
 * budget is shared through Postgres ({@link PostgresRateBudget}), so the service needs the
 * TypeORM root connection (`DatabaseModule.forRoot()`). Clients connect through
 * {@link AccountFetchModule}: only to public addresses unless ALLOW_PRIVATE_URLS.
 */
@Module({
  imports: [AccountFetchModule],
  providers: [{ provide: RATE_BUDGET, useClass: PostgresRateBudget }, MindboxClientFactory],
  exports: [MindboxClientFactory],
})
export class MindboxModule {}
