import { Injectable } from '@nestjs/common';
import { MindboxClient, MindboxClientFactory } from '@app/mindbox';
import { RetailCrmClient, RetailCrmClientFactory } from '@app/retailcrm';
import { AccountSettings, CustomerOperationsDto, SettingsService } from '@app/settings';
import { CustomerSyncConfig } from '../customer-sync.config';
import { CustomerMappingSettings, mappingSettingsOf } from '../mapping/mapping-settings';

/** An account ready for customer sync: its tabs read for the mapping, and its two API clients. */
export interface SyncAccount {
  accountId: string;
  active: boolean;
  frozen: boolean;
  settings: AccountSettings;
  mapping: CustomerMappingSettings;
  operations: CustomerOperationsDto;
  syncWithoutOrders: boolean;
  /** Shops of the Access tab; empty: every shop the key reaches. */
  sites: string[];
  crm: RetailCrmClient;
  mindbox: MindboxClient;
}

/** Why an account cannot be synced (yet). */
export type NotSyncable = 'unknown-account' | 'no-customers-tab' | 'no-mindbox-tab';

export type SyncAccountLookup = { account: SyncAccount } | { missing: NotSyncable };

// Settings change rarely and every saved tab is announced (AccountSettingsChanged); a short
// cache saves six queries and two decryptions per message.
const CACHE_MS = 5_000;

/** Reads accounts for the pollers and consumers, with their clients, cached for a few seconds. */
@Injectable()
export class SyncAccountsService {
  private readonly cache = new Map<string, { until: number; lookup: Promise<SyncAccountLookup> }>();

  constructor(
    private readonly settings: SettingsService,
    private readonly crmClients: RetailCrmClientFactory,
    private readonly mindboxClients: MindboxClientFactory,
    private readonly config: CustomerSyncConfig,
  ) {}

  get(accountId: string): Promise<SyncAccountLookup> {
    const now = Date.now();
    const cached = this.cache.get(accountId);
    if (cached && cached.until > now) return cached.lookup;
    const lookup = this.load(accountId);
    this.cache.set(accountId, { until: now + CACHE_MS, lookup });
    lookup.catch(() => this.cache.delete(accountId));
    return lookup;
  }

  /** Forgets the cached settings (a tab was saved, the activity changed). */
  invalidate(accountId: string): void {
    this.cache.delete(accountId);
  }

  private async load(accountId: string): Promise<SyncAccountLookup> {
    const settings = await this.settings.load(accountId);
    if (!settings) return { missing: 'unknown-account' };
    const mapping = mappingSettingsOf(settings);
    if (!settings.customers || !mapping) return { missing: 'no-customers-tab' };
    if (!settings.mindbox) return { missing: 'no-mindbox-tab' };
    return {
      account: {
        accountId,
        active: settings.active,
        frozen: settings.frozen,
        settings,
        mapping,
        operations: settings.customers.operations,
        syncWithoutOrders: settings.customers.syncWithoutOrders,
        sites: settings.access.sites ?? [],
        crm: this.crmClients.forAccount({
          url: settings.access.retailcrmUrl,
          apiKey: settings.access.apiKey,
        }),
        mindbox: this.mindboxClients.forProject(
          {
            apiUrl: settings.mindbox.apiUrl,
            endpointId: settings.mindbox.endpointId,
            secretKey: settings.mindbox.secretKey,
            deviceUuid: settings.mindbox.deviceUuid,
          },
          {
            maxAttempts: this.config.mindboxAttempts,
            retryBaseDelayMs: this.config.mindboxRetryMs,
            retryMaxDelayMs: this.config.mindboxRetryMs * 8,
          },
        ),
      },
    };
  }
}
