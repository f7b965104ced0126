import { refundPoints, reservePoints, spendReservedPoints } from '../store/balances';
import { holdCoupon, releaseCoupon, useCoupon } from '../store/coupons';
import type { CustomerRecord, OrderRecord, OrderSnapshot, ProjectState } from '../store/mindbox.entities';
import type { PricedOrder } from '../store/pricing';
import { findCoupon } from '../store/project-state';

/**
 * What begin and commit write into the store, shared by the operations and the control API's
 * order seeding, so that a seeded order is held exactly as one that went through both calls.
 */

/** The content a transaction fixes: the priced lines, the codes that give a discount, the points. */
export function snapshotOf(priced: PricedOrder): OrderSnapshot {
  return {
    lines: priced.lines,
    couponCodes: priced.coupons.filter((c) => c.status === 'CanBeUsed').map((c) => c.code),
    spentPoints: priced.points?.spent ?? 0,
    deliveryCost: priced.deliveryCost,
    totalPrice: priced.totalPrice,
  };
}

/**
 * Begin: the points the order spends beyond what its commit already spent move to blocked, its
 * codes are held, and the transaction is open under `externalId`.
 */
export function openTransaction(
  state: ProjectState,
  order: OrderRecord,
  buyer: CustomerRecord | undefined,
  priced: PricedOrder,
  externalId: string,
  now: Date,
): void {
  const spent = priced.points?.spent ?? 0;
  const reserved = Math.max(0, spent - (order.committed?.spentPoints ?? 0));
  if (buyer && reserved > 0) buyer.balance = reservePoints(buyer.balance, reserved);
  const snapshot = snapshotOf(priced);
  for (const code of snapshot.couponCodes) {
    const coupon = findCoupon(state, code)?.coupon;
    if (coupon) holdCoupon(coupon, order.mindboxId);
  }
  order.pending = { externalId, snapshot, reserved };
  order.changedAt = now.toISOString();
  state.transactions.set(externalId, order.mindboxId);
}

/**
 * Commit of the open transaction: its reserved points are spent (an edit spending fewer than the
 * committed order gives the difference back), its codes used, codes the edit dropped released.
 */
export function commitOpenTransaction(
  state: ProjectState,
  order: OrderRecord,
  customer: CustomerRecord | undefined,
  now: Date,
): void {
  if (!order.pending) return;
  const { snapshot, reserved, externalId } = order.pending;
  const before = order.committed?.spentPoints ?? 0;
  if (customer) {
    if (reserved > 0) customer.balance = spendReservedPoints(customer.balance, reserved);
    if (snapshot.spentPoints < before)
      customer.balance = refundPoints(customer.balance, before - snapshot.spentPoints);
  }
  const at = now.toISOString();
  for (const code of snapshot.couponCodes) {
    const coupon = findCoupon(state, code)?.coupon;
    if (coupon) useCoupon(coupon, order.mindboxId, at);
  }
  for (const code of order.committed?.couponCodes ?? []) {
    const coupon = findCoupon(state, code)?.coupon;
    if (coupon && !snapshot.couponCodes.includes(code)) releaseCoupon(coupon, order.mindboxId);
  }
  order.committed = snapshot;
  order.pending = undefined;
  order.cancelled = false;
  order.closedTransactions.set(externalId, 'committed');
  order.changedAt = at;
}
