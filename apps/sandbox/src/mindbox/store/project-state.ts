import { SlidingWindowLimiter } from '../../rate-limit/sliding-window-limiter';
import { emptyBalance } from './balances';
import { normalizeCode } from './coupons';
import type {
  Coupon,
  CouponPool,
  CustomerRecord,
  OrderRecord,
  ProjectSettings,
  ProjectState,
  Promotion,
} from './mindbox.entities';
import { MindboxValidationFailure } from './simulator-errors';

const indexKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** The key under which `processed` remembers a call of `operation` with its `transactionId`. */
export const processedKey = (operation: string, transactionId: string): string =>
  `${operation}\u0000${transactionId}`;

export function createProjectState(settings: ProjectSettings): ProjectState {
  return {
    settings,
    customers: new Map(),
    customerIndex: new Map(),
    pools: new Map(),
    coupons: new Map(),
    promotions: [],
    orders: new Map(),
    orderIndex: new Map(),
    transactions: new Map(),
    processed: new Set(),
    limiter: operationLimiter(settings),
    sequences: { customer: 0, order: 0, pool: 0, promotion: 0 },
  };
}

/** The limiter of a project's operations, as its settings set it. */
export function operationLimiter(settings: ProjectSettings): SlidingWindowLimiter {
  return new SlidingWindowLimiter(settings.rateLimit, settings.rateLimitWindowMs);
}

export function nextId(state: ProjectState, kind: keyof ProjectState['sequences'], wanted?: number): number {
  const id = wanted ?? state.sequences[kind] + 1;
  state.sequences[kind] = Math.max(state.sequences[kind], id);
  return id;
}

/** The customer with `mindboxId`, else the first external id that matches. */
export function findCustomer(state: ProjectState, ids: Record<string, string>): CustomerRecord | undefined {
  if (ids.mindboxId !== undefined) return state.customers.get(Number(ids.mindboxId));
  for (const [key, value] of Object.entries(ids)) {
    const mindboxId = state.customerIndex.get(indexKey(key, value));
    if (mindboxId !== undefined) return state.customers.get(mindboxId);
  }
  return undefined;
}

export function findCustomerByContact(
  state: ProjectState,
  contact: { email?: string; mobilePhone?: string },
): CustomerRecord | undefined {
  if (!contact.email && !contact.mobilePhone) return undefined;
  for (const customer of state.customers.values()) {
    if (contact.email && customer.profile.email?.toLowerCase() === contact.email.toLowerCase())
      return customer;
    if (contact.mobilePhone && customer.profile.mobilePhone === contact.mobilePhone) return customer;
  }
  return undefined;
}

export function addCustomer(
  state: ProjectState,
  data: Partial<Omit<CustomerRecord, 'ids'>> & { ids: Record<string, string> },
  now: Date,
): CustomerRecord {
  const taken = Object.entries(data.ids).find(([key, value]) =>
    state.customerIndex.has(indexKey(key, value)),
  );
  if (taken)
    throw MindboxValidationFailure.at(
      `/customer/ids/${taken[0]}`,
      `Клиент с ${taken[0]}=${taken[1]} уже есть.`,
    );
  if (data.mindboxId !== undefined && state.customers.has(data.mindboxId)) {
    throw MindboxValidationFailure.at(
      '/customer/ids/mindboxId',
      `Клиент с mindboxId=${data.mindboxId} уже есть.`,
    );
  }
  const customer: CustomerRecord = {
    mindboxId: nextId(state, 'customer', data.mindboxId),
    ids: {},
    profile: data.profile ?? {},
    isMobilePhoneConfirmed: data.isMobilePhoneConfirmed ?? false,
    subscriptions: data.subscriptions ?? [],
    balance: data.balance ?? emptyBalance(),
    changedAt: now.toISOString(),
  };
  state.customers.set(customer.mindboxId, customer);
  setCustomerIds(state, customer, data.ids);
  return customer;
}

/** Adds or changes external ids of a customer, keeping the index in step. */
export function setCustomerIds(
  state: ProjectState,
  customer: CustomerRecord,
  ids: Record<string, string>,
): void {
  for (const [key, value] of Object.entries(ids)) {
    if (key === 'mindboxId') continue;
    const owner = state.customerIndex.get(indexKey(key, value));
    if (owner !== undefined && owner !== customer.mindboxId) {
      throw MindboxValidationFailure.at(
        `/customer/ids/${key}`,
        `Идентификатор ${key}=${value} занят другим клиентом.`,
      );
    }
    const old = customer.ids[key];
    if (old !== undefined && old !== value) state.customerIndex.delete(indexKey(key, old));
    customer.ids[key] = value;
    state.customerIndex.set(indexKey(key, value), customer.mindboxId);
  }
}

/** The order any of `ids` points to; ids pointing to two different orders are an error. */
export function findOrder(state: ProjectState, ids: Record<string, string>): OrderRecord | undefined {
  const found = new Set<number>();
  for (const [key, value] of Object.entries(ids)) {
    const mindboxId = key === 'mindboxId' ? Number(value) : state.orderIndex.get(indexKey(key, value));
    if (mindboxId !== undefined && state.orders.has(mindboxId)) found.add(mindboxId);
  }
  if (found.size > 1) {
    throw MindboxValidationFailure.at('/order/ids', 'Идентификаторы заказа указывают на разные заказы.');
  }
  const [mindboxId] = found;
  return mindboxId === undefined ? undefined : state.orders.get(mindboxId);
}

export function createOrder(state: ProjectState, ids: Record<string, string>, now: Date): OrderRecord {
  const order: OrderRecord = {
    mindboxId: nextId(state, 'order'),
    ids: {},
    closedTransactions: new Map(),
    cancelled: false,
    promotionsAtFirstSave: activePromotions(state),
    createdAt: now.toISOString(),
    changedAt: now.toISOString(),
  };
  state.orders.set(order.mindboxId, order);
  setOrderIds(state, order, ids);
  return order;
}

/** Adds the ids an order is sent with; the same order always goes with the same ids, more may come. */
export function setOrderIds(state: ProjectState, order: OrderRecord, ids: Record<string, string>): void {
  for (const [key, value] of Object.entries(ids)) {
    if (key === 'mindboxId') continue;
    const old = order.ids[key];
    if (old !== undefined && old !== value) state.orderIndex.delete(indexKey(key, old));
    order.ids[key] = value;
    state.orderIndex.set(indexKey(key, value), order.mindboxId);
  }
}

export function findCoupon(
  state: ProjectState,
  code: string,
): { coupon: Coupon; pool: CouponPool } | undefined {
  const coupon = state.coupons.get(normalizeCode(code));
  const pool = coupon && state.pools.get(coupon.poolMindboxId);
  return coupon && pool ? { coupon, pool } : undefined;
}

export const activePromotions = (state: ProjectState): Promotion[] =>
  state.promotions.filter((p) => !p.endedAt);

/**
 * Promotions for pricing an order: a new order gets those in force now, an existing one those in
 * force at its first save (reference §4.2) plus any started since, so a code added later still counts.
 */
export function promotionsFor(state: ProjectState, order: OrderRecord | undefined): Promotion[] {
  if (!order) return activePromotions(state);
  const known = new Set(order.promotionsAtFirstSave.map((p) => p.mindboxId));
  const since = state.promotions.filter(
    (p) => !p.endedAt && !known.has(p.mindboxId) && p.couponPoolMindboxId,
  );
  return [...order.promotionsAtFirstSave, ...since];
}
