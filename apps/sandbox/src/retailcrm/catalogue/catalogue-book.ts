import { Injectable } from '@nestjs/common';
import type { CrmAccount } from '../store/crm-account';
import { Catalogue } from './catalogue';

/**
 * The catalogue of each simulated account, made on first use from the account's own offers.
 * Kept beside the account rather than in it, and forgotten with it (a reset or a removed account
 * leaves nothing behind).
 */
@Injectable()
export class CatalogueBook {
  private readonly catalogues = new WeakMap<CrmAccount, Catalogue>();

  of(account: CrmAccount): Catalogue {
    let catalogue = this.catalogues.get(account);
    if (!catalogue) {
      catalogue = new Catalogue(
        {
          now: () => account.now(),
          sites: () =>
            Object.values(account.references.sites).map((site) => ({
              code: String(site.code),
              catalogId: Number(site.catalogId ?? 1),
            })),
          reachableSites: (access) => account.reachableSites(access),
        },
        account.catalogue(),
      );
      this.catalogues.set(account, catalogue);
    }
    return catalogue;
  }
}
