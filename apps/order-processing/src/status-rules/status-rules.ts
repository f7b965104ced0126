import type { Order } from '@app/retailcrm';
import type { OrderConditionsDto } from '@app/settings';

/** What the Orders tab asks for an order in its current status. */
export type OrderRule =
  'calculate' | 'transaction' | 'transaction-with-discount' | 'line-status' | 'cancel' | 'none';

/**
 * The rule of an order: an order of another order method gets none; an order in a status of the
 * CRM's "cancel" group is cancelled; otherwise the first list of the Orders tab that names the
 * status decides ("begin + commit with RetailCRM's discount", "begin + commit", "line status",
 * "calculate"). Pure.
 */
export function ruleFor(
  order: Pick<Order, 'status' | 'orderMethod'>,
  conditions: OrderConditionsDto,
  cancelStatuses: ReadonlySet<string>,
): OrderRule {
  const { orderMethods } = conditions;
  if (orderMethods.length > 0 && (!order.orderMethod || !orderMethods.includes(order.orderMethod))) {
    return 'none';
  }
  const status = order.status;
  if (!status) return 'none';
  if (cancelStatuses.has(status)) return 'cancel';
  if (conditions.transactionWithDiscountStatuses.includes(status)) return 'transaction-with-discount';
  if (conditions.transactionStatuses.includes(status)) return 'transaction';
  if (conditions.lineStatusStatuses.includes(status)) return 'line-status';
  if (conditions.calculateStatuses.includes(status)) return 'calculate';
  return 'none';
}
