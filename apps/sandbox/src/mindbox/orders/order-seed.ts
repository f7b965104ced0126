import { randomSource } from '../../random/random-source';
import { emptyBalance } from '../store/balances';
import { couponStatusFor } from '../store/coupons';
import type { Coupon, CouponPool, CustomerRecord, ProjectState } from '../store/mindbox.entities';
import type { Cents } from '../store/money';
import { CouponCandidate, LineInput, priceOrder } from '../store/pricing';
import {
  activePromotions,
  addCustomer,
  createOrder,
  findCustomer,
  findOrder,
  processedKey,
} from '../store/project-state';
import { MindboxValidationFailure } from '../store/simulator-errors';
import { commitOpenTransaction, openTransaction } from './order-transaction';

/** Many orders at once, as the control API asks for them (checked against the project already). */
export interface OrderSeedPlan {
  count: number;
  /** Order ids `from`, `from + 1`, … under `idKey`. */
  idKey: string;
  from: number;
  /** Buyers drawn from the project's customers, or one new customer per order. */
  customers: { kind: 'existing' } | { kind: 'new'; idKey: string; from: number; balance: Cents };
  /** Products `1…products` under `productIdKey`, each with a price of its own. */
  products: number;
  productIdKey: string;
  /** Each order has 1…maxLines lines of different products, 1…3 units each. */
  maxLines: number;
  /** Line statuses, one drawn per line; active ones (the caller checks). */
  lineStatuses: string[];
  /** A share of the orders uses a code of `pool`: a fresh one-time code each, or the first multi-use one. */
  coupons?: { pool: CouponPool; share: number };
  /** A share of the orders spends up to `amount` points of its buyer. */
  points?: { amount: Cents; share: number };
  /** Each order's transaction is `transactionPrefix` + its id. */
  transactionPrefix: string;
  seed: number;
}

export interface OrderSeedResult {
  count: number;
  firstMindboxId: number;
  lastMindboxId: number;
  customersCreated: number;
  withCoupon: number;
  withPoints: number;
  spentPoints: Cents;
  totalPrice: Cents;
}

/** A price of its own for each product number: 99…5999 in steps of 100. */
const productPrice = (product: number): Cents => (100 * (1 + ((product * 37) % 60)) - 1) * 100;

/**
 * Adds `plan.count` orders to the project as Mindbox holds them after begin and commit: priced by
 * the project's promotions, codes and points as begin prices them, written by the same begin and
 * commit steps as the operations (points spent, codes used, the transaction closed as committed),
 * and with the begin and commit calls remembered under the transaction id, so that a repeated
 * call answers `TransactionAlreadyProcessed`. Nothing is written when an id is taken.
 */
export function seedOrders(state: ProjectState, plan: OrderSeedPlan, now: Date): OrderSeedResult {
  const orderIds = Array.from({ length: plan.count }, (_, i) => String(plan.from + i));
  checkFree(state, plan, orderIds);
  const random = randomSource(plan.seed);
  const int = (below: number): number => Math.floor(random() * below);
  const buyers = plan.customers.kind === 'existing' ? [...state.customers.values()] : [];
  const coupons = plan.coupons && usableCodes(state, plan.coupons.pool, now);
  const promotions = activePromotions(state);
  const remembered = Object.entries(state.settings.operations)
    .filter(([, behaviour]) => behaviour === 'beginTransaction' || behaviour === 'commitTransaction')
    .map(([operation]) => operation);
  const result: OrderSeedResult = {
    count: plan.count,
    firstMindboxId: 0,
    lastMindboxId: 0,
    customersCreated: 0,
    withCoupon: 0,
    withPoints: 0,
    spentPoints: 0,
    totalPrice: 0,
  };

  orderIds.forEach((orderId, i) => {
    const buyer = nextBuyer(state, plan, buyers, i, int, now);
    if (plan.customers.kind === 'new') result.customersCreated += 1;
    const lineCount = Math.min(1 + int(plan.maxLines), plan.products);
    const first = int(plan.products);
    const lines: LineInput[] = Array.from({ length: lineCount }, (_, n) => {
      const product = ((first + n) % plan.products) + 1;
      return {
        lineNumber: n + 1,
        lineId: `${orderId}-${n + 1}`,
        productIds: { [plan.productIdKey]: String(product) },
        basePricePerItem: productPrice(product),
        quantity: 1 + int(3),
        status: plan.lineStatuses[int(plan.lineStatuses.length)],
        discounts: [],
      };
    });
    const wantsCode = plan.coupons !== undefined && random() < plan.coupons.share;
    const code = wantsCode && coupons ? coupons.next() : undefined;
    const wantsPoints = plan.points !== undefined && random() < plan.points.share;
    const requested = wantsPoints ? Math.min(plan.points?.amount ?? 0, buyer.balance.available) : 0;
    const candidates: CouponCandidate[] =
      code && plan.coupons ? [{ code: code.code, pool: plan.coupons.pool, status: 'CanBeUsed' }] : [];
    const priced = priceOrder({
      lines,
      deliveryCost: 0,
      orderDiscounts: [],
      promotions,
      coupons: candidates,
      pointsRequested: requested,
      balance: { available: buyer.balance.available, maxShare: state.settings.maxPointsShare },
    });

    const order = createOrder(state, { [plan.idKey]: orderId }, now);
    order.customerMindboxId = buyer.mindboxId;
    const externalId = `${plan.transactionPrefix}${orderId}`;
    openTransaction(state, order, buyer, priced, externalId, now);
    commitOpenTransaction(state, order, buyer, now);
    for (const operation of remembered) state.processed.add(processedKey(operation, externalId));

    const committed = order.committed;
    // A code the order could not use (below the pool's minimum, say) is left for a later order.
    if (code && committed?.couponCodes.length) {
      coupons?.taken();
      result.withCoupon += 1;
    }
    if (committed && committed.spentPoints > 0) {
      result.withPoints += 1;
      result.spentPoints += committed.spentPoints;
    }
    result.totalPrice += committed?.totalPrice ?? 0;
    if (i === 0) result.firstMindboxId = order.mindboxId;
    result.lastMindboxId = order.mindboxId;
  });
  return result;
}

/** Refuses the whole plan before anything is written when an order, customer or transaction id is taken. */
function checkFree(state: ProjectState, plan: OrderSeedPlan, orderIds: string[]): void {
  for (const orderId of orderIds) {
    if (findOrder(state, { [plan.idKey]: orderId })) {
      throw MindboxValidationFailure.at(
        `/order/ids/${plan.idKey}`,
        `Заказ с ${plan.idKey}=${orderId} уже есть.`,
      );
    }
    if (state.transactions.has(`${plan.transactionPrefix}${orderId}`)) {
      throw MindboxValidationFailure.at(
        '/order/transaction/ids/externalId',
        `Транзакция ${plan.transactionPrefix}${orderId} уже была.`,
      );
    }
  }
  const customers = plan.customers;
  if (customers.kind !== 'new') return;
  for (let i = 0; i < plan.count; i++) {
    const value = String(customers.from + i);
    if (findCustomer(state, { [customers.idKey]: value })) {
      throw MindboxValidationFailure.at(
        `/customer/ids/${customers.idKey}`,
        `Клиент с ${customers.idKey}=${value} уже есть.`,
      );
    }
  }
}

function nextBuyer(
  state: ProjectState,
  plan: OrderSeedPlan,
  existing: CustomerRecord[],
  index: number,
  int: (below: number) => number,
  now: Date,
): CustomerRecord {
  const customers = plan.customers;
  if (customers.kind === 'existing') return existing[int(existing.length)];
  return addCustomer(
    state,
    { ids: { [customers.idKey]: String(customers.from + index) }, balance: emptyBalance(customers.balance) },
    now,
  );
}

/**
 * The codes of a pool that a new order may use, in the pool's order: a one-time code is offered
 * until an order uses it, then the next; a multi-use code serves every order.
 */
function usableCodes(
  state: ProjectState,
  pool: CouponPool,
  now: Date,
): { next(): Coupon | undefined; taken(): void } {
  const usable: Coupon[] = [];
  for (const coupon of state.coupons.values()) {
    if (coupon.poolMindboxId !== pool.mindboxId) continue;
    if (couponStatusFor(coupon, pool, undefined, now).status === 'CanBeUsed') usable.push(coupon);
    if (pool.kind === 'multiUse' && usable.length > 0) break;
  }
  let at = 0;
  return {
    next: () => usable[at],
    taken: () => {
      if (pool.kind === 'oneTime') at += 1;
    },
  };
}
