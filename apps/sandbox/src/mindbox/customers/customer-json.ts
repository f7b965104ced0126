import type { JsonObject } from '../api/answers';
import { balanceTotal } from '../store/balances';
import type { Balance, BalanceTypeRef, CustomerRecord } from '../store/mindbox.entities';
import { fromCents } from '../store/money';

export type CustomerProcessingStatus = 'Found' | 'NotFound' | 'Created' | 'Changed' | 'NotChanged';

export const balanceTypeJson = (type: BalanceTypeRef): JsonObject => ({
  ids: { systemName: type.systemName },
  name: type.name,
});

/** The `balance` node of `bonusPointsInfo`. */
export const balanceJson = (balance: Balance): JsonObject => ({
  total: fromCents(balanceTotal(balance)),
  available: fromCents(balance.available),
  blocked: fromCents(balance.blocked),
});

/** A `balances` array (the total/available/blocked spelling, reference §6.1). */
export const balancesJson = (balance: Balance, type: BalanceTypeRef): JsonObject[] => [
  { ...balanceJson(balance), systemName: type.systemName, balanceType: balanceTypeJson(type) },
];

/**
 * A `customer` node of an answer. `mindboxId` goes out as a string, as in the documented lookup
 * answer (customer-found.json); the external ids as the project stores them.
 */
export function customerJson(
  customer: CustomerRecord | undefined,
  processingStatus: CustomerProcessingStatus,
  detail: 'ids' | 'full' = 'ids',
): JsonObject {
  if (!customer) return { processingStatus };
  const node: JsonObject = {
    processingStatus,
    ids: { mindboxId: String(customer.mindboxId), ...customer.ids },
  };
  if (detail === 'ids') return node;
  // Only filled fields are returned (reference §3.3).
  const { area, ...profile } = customer.profile;
  Object.assign(node, profile);
  if (area) node.area = { ids: { externalId: area } };
  if (customer.profile.mobilePhone) node.isMobilePhoneConfirmed = customer.isMobilePhoneConfirmed;
  if (customer.subscriptions.length > 0) node.subscriptions = customer.subscriptions;
  node.changeDateTimeUtc = customer.changedAt;
  return node;
}
