import type { CrmAccount } from '../store/crm-account';

/** An account as the control API lists it. */
export function accountSummary(account: CrmAccount, url: string) {
  return {
    code: account.code,
    url,
    apiKeys: account.apiKeys(),
    sites: Object.keys(account.references.sites),
    rateLimit: account.rateLimit,
    billingBlocked: account.integrationModules.billingBlocked,
    customers: account.customers.size,
    orders: account.orders.size,
    lastHistoryIds: {
      customers: account.customers.history.lastRecordId,
      orders: account.orders.history.lastRecordId,
    },
    integrationModules: account.integrationModules.all().map((module) => module.code),
  };
}
