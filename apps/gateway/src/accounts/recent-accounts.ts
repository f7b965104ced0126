import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AccountEntity, SettingsRepository } from '@app/settings';

/** How long an account read for a hook or an order-card call is reused without the database. */
export const RECENT_ACCOUNT_TTL_MS = 2_000;

/**
 * Accounts of the two hot public paths, by the secret each call carries: the hook token (a
 * shop's trigger calls its hook for every change) and the order card's clientId (a card asks
 * several questions each time it opens). Each would otherwise read the account row per call.
 *
 * Found accounts are kept {@link RECENT_ACCOUNT_TTL_MS}, unknown secrets never (a guess always
 * costs a lookup and finds nothing); concurrent calls with one secret share one read. A change
 * made through this replica (a new hook token, the module switched off) is forgotten here at
 * once and seen by the other replicas within the TTL: an old hook token can then cause nothing
 * but a poll, and promo-loyalty checks the account again before it asks Mindbox.
 */
@Injectable()
export class RecentAccounts {
  private readonly byHookToken: LRUCache<string, AccountEntity>;
  private readonly byClientId: LRUCache<string, AccountEntity>;

  constructor(settings: SettingsRepository) {
    const cache = (find: (secret: string) => Promise<AccountEntity | null>) =>
      new LRUCache<string, AccountEntity>({
        max: 10_000,
        ttl: RECENT_ACCOUNT_TTL_MS,
        fetchMethod: async (secret) => (await find(secret)) ?? undefined,
      });
    this.byHookToken = cache((token) => settings.findAccountByHookToken(token));
    this.byClientId = cache((clientId) => settings.findAccountByClientId(clientId));
  }

  async byHook(hookToken: string): Promise<AccountEntity | null> {
    return (await this.byHookToken.fetch(hookToken)) ?? null;
  }

  async byClient(clientId: string): Promise<AccountEntity | null> {
    return (await this.byClientId.fetch(clientId)) ?? null;
  }

  /** Drops what this replica keeps of an account whose token or state just changed. */
  forget(account: Pick<AccountEntity, 'hookToken' | 'clientId'>): void {
    this.byHookToken.delete(account.hookToken);
    this.byClientId.delete(account.clientId);
  }
}
