import { balanceTotal } from '../store/balances';
import { couponStanding, normalizeCode } from '../store/coupons';
import {
  Balance,
  BalanceTypeRef,
  Coupon,
  CouponPool,
  CustomerRecord,
  OrderRecord,
  orderState,
  ProjectState,
  Promotion,
} from '../store/mindbox.entities';
import { fromCents } from '../store/money';
import { lineJson } from '../orders/order-json';

/** How the control API shows what the simulator holds: money as decimals, maps as arrays. */

export const projectView = (state: ProjectState, apiUrl: string) => ({
  ...state.settings,
  apiUrl,
  counts: {
    customers: state.customers.size,
    orders: state.orders.size,
    couponPools: state.pools.size,
    coupons: state.coupons.size,
    promotions: state.promotions.length,
  },
});

export const balanceView = (balance: Balance) => ({
  total: fromCents(balanceTotal(balance)),
  available: fromCents(balance.available),
  blocked: fromCents(balance.blocked),
  spent: fromCents(balance.spent),
});

export const customerView = (customer: CustomerRecord) => ({
  mindboxId: customer.mindboxId,
  ids: customer.ids,
  ...customer.profile,
  isMobilePhoneConfirmed: customer.isMobilePhoneConfirmed,
  subscriptions: customer.subscriptions,
  balance: balanceView(customer.balance),
  changedAt: customer.changedAt,
});

export const promotionView = (promotion: Promotion, state: ProjectState) => ({
  mindboxId: promotion.mindboxId,
  externalId: promotion.externalId,
  name: promotion.name,
  kind: promotion.kind,
  value: promotion.kind === 'percent' ? promotion.value : fromCents(promotion.value),
  scope: promotion.scope,
  couponPoolExternalId:
    promotion.couponPoolMindboxId === undefined
      ? undefined
      : state.pools.get(promotion.couponPoolMindboxId)?.externalId,
  productIds: promotion.productIds,
  minOrderTotal: promotion.minOrderTotal === undefined ? undefined : fromCents(promotion.minOrderTotal),
  endedAt: promotion.endedAt,
});

const orderRef = (state: ProjectState, mindboxId: number) => ({
  mindboxId,
  ids: state.orders.get(mindboxId)?.ids ?? {},
});

export const couponView = (coupon: Coupon, pool: CouponPool, state: ProjectState, now: Date) => ({
  code: coupon.code,
  status: couponStanding(coupon, pool, now),
  pool: { mindboxId: pool.mindboxId, externalId: pool.externalId, kind: pool.kind },
  usedBy: [...coupon.usedBy].map(([order, usedAt]) => ({ ...orderRef(state, order), usedAt })),
  heldBy: [...coupon.heldBy].map((order) => orderRef(state, order)),
});

/** An order as the simulated Mindbox holds it: the committed state, else the open transaction's. */
export function orderView(order: OrderRecord, state: ProjectState, balanceType: BalanceTypeRef) {
  const current = order.committed ?? order.pending?.snapshot;
  const customer =
    order.customerMindboxId === undefined ? undefined : state.customers.get(order.customerMindboxId);
  const codeStatus = (code: string): 'Used' | 'Held' | 'Released' => {
    const coupon = state.coupons.get(normalizeCode(code));
    if (coupon?.usedBy.has(order.mindboxId)) return 'Used';
    return coupon?.heldBy.has(order.mindboxId) ? 'Held' : 'Released';
  };
  return {
    mindboxId: order.mindboxId,
    ids: order.ids,
    status: orderState(order),
    customer: customer ? { mindboxId: customer.mindboxId, ids: customer.ids } : null,
    pointOfContact: order.pointOfContact,
    totalPrice: current ? fromCents(current.totalPrice) : 0,
    spentPoints: fromCents(order.committed?.spentPoints ?? 0),
    coupons: (current?.couponCodes ?? []).map((code) => ({ code, status: codeStatus(code) })),
    lines: (current?.lines ?? []).map((line) => ({
      ...lineJson(line, balanceType),
      spentPoints: fromCents(line.spentPoints),
    })),
    openTransaction: order.pending
      ? {
          externalId: order.pending.externalId,
          reservedPoints: fromCents(order.pending.reserved),
          spentPoints: fromCents(order.pending.snapshot.spentPoints),
          totalPrice: fromCents(order.pending.snapshot.totalPrice),
          coupons: order.pending.snapshot.couponCodes.map((code) => ({ code, status: codeStatus(code) })),
        }
      : null,
    transactions: [...order.closedTransactions].map(([externalId, outcome]) => ({ externalId, outcome })),
    createdAt: order.createdAt,
    changedAt: order.changedAt,
  };
}
