import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNT_FETCH } from '@app/common/http/account-fetch.module';
import { accountFetch } from '@app/common/http/public-only-dispatcher';
import { RATE_BUDGET, RateBudget } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClient, RetailCrmClientOptions } from './retailcrm.client';

/** What identifies a RetailCRM account to the client. */
export interface RetailCrmAccount {
  /** Base URL of the account, as stored (the `systemUrl` of the connection). */
  url: string;
  apiKey: string;
}

/** Tuning a caller may change for its clients; the budget always comes from the module. */
export type RetailCrmClientTuning = Omit<RetailCrmClientOptions, 'url' | 'apiKey' | 'budget' | 'fetch'>;

/**
 * Makes {@link RetailCrmClient}s that share the injected {@link RateBudget} (`RATE_BUDGET`), so
 * every client of one account, in any process, keeps to the account's rate limit. Clients hold no
 * connection: make one per use or keep one per account, as suits. They connect with the injected
 * `ACCOUNT_FETCH`; built by hand, the factory refuses private addresses.
 */
@Injectable()
export class RetailCrmClientFactory {
  constructor(
    @Inject(RATE_BUDGET) private readonly budget: RateBudget,
    @Inject(ACCOUNT_FETCH)
    private readonly fetch: typeof globalThis.fetch = accountFetch({ allowPrivate: false }),
  ) {}

  /** A client of one account. */
  forAccount(account: RetailCrmAccount, tuning: RetailCrmClientTuning = {}): RetailCrmClient {
    return new RetailCrmClient({
      ...tuning,
      url: account.url,
      apiKey: account.apiKey,
      budget: this.budget,
      fetch: this.fetch,
    });
  }
}
