import { Injectable } from '@nestjs/common';
import type {
  CustomField,
  OrderMethod,
  OrderStatus,
  OrderStatusGroup,
  ProductStatus,
  Site,
} from '@app/retailcrm';
import { AccountEntity } from '@app/settings';
import { CrmConnectionService } from '../accounts/crm-connection.service';

/** How long an account's dictionaries are reused before RetailCRM is asked again. */
export const REFERENCES_TTL_MS = 5 * 60_000;

/** `GET /api/v1/references`: the CRM's dictionaries the settings page offers, as lists. */
export interface References {
  sites: { code: string; name: string; url?: string; currency?: string }[];
  orderStatuses: { code: string; name: string; active: boolean; group?: string; ordering?: number }[];
  statusGroups: { code: string; name: string; active: boolean; statuses: string[]; ordering?: number }[];
  orderMethods: { code: string; name: string; active: boolean }[];
  productStatuses: { code: string; name: string; active: boolean; cancelStatus?: boolean }[];
  customFields: {
    customer: { code: string; name: string; type: string }[];
    order: { code: string; name: string; type: string }[];
  };
}

interface Entry {
  expiresAt: number;
  value: Promise<References>;
}

/**
 * The account's RetailCRM dictionaries for the settings page, cached in memory per account for
 * {@link REFERENCES_TTL_MS} (each replica keeps its own copy; `refresh` asks the CRM again).
 */
@Injectable()
export class ReferencesService {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly crm: CrmConnectionService) {}

  get(account: AccountEntity, refresh = false, now = Date.now()): Promise<References> {
    const cached = this.cache.get(account.id);
    if (cached && !refresh && cached.expiresAt > now) return cached.value;
    this.sweep(now);
    const value = this.load(account);
    this.cache.set(account.id, { expiresAt: now + REFERENCES_TTL_MS, value });
    // A failure is not kept: the next request asks again.
    value.catch(() => {
      if (this.cache.get(account.id)?.value === value) this.cache.delete(account.id);
    });
    return value;
  }

  /** Forgets an account's dictionaries, e.g. after its address or its custom fields changed. */
  invalidate(accountId: string): void {
    this.cache.delete(accountId);
  }

  private async load(account: AccountEntity): Promise<References> {
    const client = await this.crm.clientFor(account);
    try {
      const [sites, statuses, statusGroups, orderMethods, productStatuses, fields] = await Promise.all([
        client.reference.sites(),
        client.reference.statuses(),
        client.reference.statusGroups(),
        client.reference.orderMethods(),
        client.reference.productStatuses(),
        client.customFields.list(),
      ]);
      return referencesOf({ sites, statuses, statusGroups, orderMethods, productStatuses, fields });
    } catch (error) {
      throw this.crm.unreachable(error);
    }
  }

  private sweep(now: number): void {
    for (const [accountId, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(accountId);
  }
}

/** The CRM's dictionaries reduced to what the settings page shows. */
export function referencesOf(crm: {
  sites: Site[];
  statuses: OrderStatus[];
  statusGroups: OrderStatusGroup[];
  orderMethods: OrderMethod[];
  productStatuses: ProductStatus[];
  fields: CustomField[];
}): References {
  const fieldsOf = (entity: string) =>
    crm.fields
      .filter((field) => field.entity === entity)
      .map(({ code, name, type }) => ({ code, name, type: String(type) }));
  return {
    sites: crm.sites.map(({ code, name, url, currency }) => ({ code, name, url, currency })),
    orderStatuses: crm.statuses.map(({ code, name, active, group, ordering }) => ({
      code,
      name,
      active,
      group,
      ordering,
    })),
    statusGroups: crm.statusGroups.map(({ code, name, active, statuses, ordering }) => ({
      code,
      name,
      active,
      statuses,
      ordering,
    })),
    orderMethods: crm.orderMethods.map(({ code, name, active }) => ({ code, name, active })),
    productStatuses: crm.productStatuses.map(({ code, name, active, cancelStatus }) => ({
      code,
      name,
      active,
      cancelStatus,
    })),
    customFields: { customer: fieldsOf('customer'), order: fieldsOf('order') },
  };
}
