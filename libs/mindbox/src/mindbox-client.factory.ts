import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNT_FETCH } from '@app/common/http/account-fetch.module';
import { accountFetch } from '@app/common/http/public-only-dispatcher';
import { RATE_BUDGET, type RateBudget } from '@app/common/rate-budget/rate-budget';
import { MindboxClient } from './client/mindbox.client';
import type { MindboxClientTuning, MindboxProject } from './mindbox.interfaces';

/**
 * Builds a {@link MindboxClient} per Mindbox project (each RetailCRM account has its own), all
 * sharing the injected {@link RATE_BUDGET}, so the per-operation limit holds across accounts that
 * use the same endpoint and across replicas. They connect with the injected `ACCOUNT_FETCH`; built
 * by hand, the factory refuses private addresses.
 */
@Injectable()
export class MindboxClientFactory {
  constructor(
    @Inject(RATE_BUDGET) private readonly budget: RateBudget,
    @Inject(ACCOUNT_FETCH)
    private readonly fetch: typeof globalThis.fetch = accountFetch({ allowPrivate: false }),
  ) {}

  /**
   * A client for one project. Clients hold no connection and may be built per call.
   *
   * @param project the account's Mindbox settings: `apiUrl`, `endpointId`, `secretKey`, `authScheme`, `deviceUuid`
   * @param tuning limits and retry policy, when the defaults do not fit (e.g. a longer timeout)
   */
  forProject(project: MindboxProject, tuning: MindboxClientTuning = {}): MindboxClient {
    return new MindboxClient({ ...tuning, ...project, budget: this.budget, fetch: this.fetch });
  }
}
