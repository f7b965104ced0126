import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { accountFetch } from './public-only-dispatcher';

/** Injection token of the `fetch` that calls account URLs (RetailCRM, Mindbox); see {@link accountFetch}. */
export const ACCOUNT_FETCH = Symbol('ACCOUNT_FETCH');

/**
 * Provides {@link ACCOUNT_FETCH} from the app's ALLOW_PRIVATE_URLS. Without a ConfigModule (or
 * without the variable) private addresses are refused: the safe side is the default.
 */
@Module({
  providers: [
    {
      provide: ACCOUNT_FETCH,
      inject: [{ token: ConfigService, optional: true }],
      useFactory: (config?: ConfigService) =>
        accountFetch({ allowPrivate: config?.get<boolean>('ALLOW_PRIVATE_URLS') === true }),
    },
  ],
  exports: [ACCOUNT_FETCH],
})
export class AccountFetchModule {}
