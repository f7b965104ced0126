import { Injectable } from '@nestjs/common';
import { MindboxClient, MindboxClientFactory } from '@app/mindbox';
import { RetailCrmClient, RetailCrmClientFactory } from '@app/retailcrm';
import { AccountSettings, OrderOperationsDto, SettingsService } from '@app/settings';
import { OrderMappingSettings, orderMappingOf } from '../mapping/mapping-settings';
import { OrderProcessingConfig } from '../order-processing.config';

/** An account ready for order processing: its tabs read for the mapping, and its two API clients. */
export interface OrderAccount {
  accountId: string;
  active: boolean;
  frozen: boolean;
  settings: AccountSettings;
  mapping: OrderMappingSettings;
  operations: OrderOperationsDto;
  /** Shops of the Access tab; empty: every shop the key reaches. */
  sites: string[];
  crm: RetailCrmClient;
  mindbox: MindboxClient;
}

export type NotProcessable = 'unknown-account' | 'no-orders-tab' | 'no-mindbox-tab';

export type OrderAccountLookup = { account: OrderAccount } | { missing: NotProcessable };

/** What the CRM's dictionaries say about statuses, read once in a while per account. */
export interface StatusReference {
  /** Order statuses of the "cancel" group. */
  cancelStatuses: Set<string>;
  /** Item statuses flagged as cancelling, in the CRM's order. */
  cancelItemStatuses: string[];
}

// Settings change rarely and every saved tab is announced; a short cache saves queries per message.
const CACHE_MS = 5_000;
// Status dictionaries change even more rarely.
const REFERENCE_MS = 300_000;

/** Reads accounts for the poller and the consumer, with their clients, cached for a few seconds. */
@Injectable()
export class OrderAccountsService {
  private readonly cache = new Map<string, { until: number; lookup: Promise<OrderAccountLookup> }>();
  private readonly references = new Map<string, { until: number; reference: Promise<StatusReference> }>();

  constructor(
    private readonly settings: SettingsService,
    private readonly crmClients: RetailCrmClientFactory,
    private readonly mindboxClients: MindboxClientFactory,
    private readonly config: OrderProcessingConfig,
  ) {}

  get(accountId: string): Promise<OrderAccountLookup> {
    const now = Date.now();
    const cached = this.cache.get(accountId);
    if (cached && cached.until > now) return cached.lookup;
    const lookup = this.load(accountId);
    this.cache.set(accountId, { until: now + CACHE_MS, lookup });
    lookup.catch(() => this.cache.delete(accountId));
    return lookup;
  }

  /** Forgets the cached settings and dictionaries (a tab was saved, the activity changed). */
  invalidate(accountId: string): void {
    this.cache.delete(accountId);
    this.references.delete(accountId);
  }

  /** The account's status dictionaries, from the CRM, cached for five minutes. */
  statusReference(account: OrderAccount): Promise<StatusReference> {
    const now = Date.now();
    const cached = this.references.get(account.accountId);
    if (cached && cached.until > now) return cached.reference;
    const reference = (async (): Promise<StatusReference> => {
      const [statuses, itemStatuses] = await Promise.all([
        account.crm.reference.statuses(),
        account.crm.reference.productStatuses(),
      ]);
      return {
        cancelStatuses: new Set(statuses.filter((s) => s.group === 'cancel').map((s) => s.code)),
        cancelItemStatuses: itemStatuses.filter((s) => s.cancelStatus === true).map((s) => s.code),
      };
    })();
    this.references.set(account.accountId, { until: now + REFERENCE_MS, reference });
    reference.catch(() => this.references.delete(account.accountId));
    return reference;
  }

  private async load(accountId: string): Promise<OrderAccountLookup> {
    const settings = await this.settings.load(accountId);
    if (!settings) return { missing: 'unknown-account' };
    const mapping = orderMappingOf(settings);
    if (!settings.orders || !mapping) return { missing: 'no-orders-tab' };
    if (!settings.mindbox) return { missing: 'no-mindbox-tab' };
    return {
      account: {
        accountId,
        active: settings.active,
        frozen: settings.frozen,
        settings,
        mapping,
        operations: settings.orders.operations,
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
