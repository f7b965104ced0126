import { ConfigService } from '@nestjs/config';
import { MindboxControlService } from '../control/mindbox-control.service';
import { balanceTotal } from '../store/balances';
import { MindboxStore } from '../store/mindbox-store';
import type { CouponPool, ProjectState } from '../store/mindbox.entities';
import { sum } from '../store/money';
import { priceOrder } from '../store/pricing';
import { findCustomer, findOrder, processedKey } from '../store/project-state';
import { MindboxValidationFailure } from '../store/simulator-errors';
import { OrderSeedPlan, seedOrders } from './order-seed';

const NOW = new Date('2025-03-01T10:00:00Z');

describe('seedOrders', () => {
  let state: ProjectState;
  let pool: CouponPool;

  const plan = (overrides: Partial<OrderSeedPlan> = {}): OrderSeedPlan => ({
    count: 2_000,
    idKey: 'retailcrmId',
    from: 1,
    customers: { kind: 'existing' },
    products: 50,
    productIdKey: 'retailcrmProductId',
    maxLines: 4,
    lineStatuses: ['New', 'Assembling'],
    coupons: { pool, share: 0.2 },
    points: { amount: 30_000, share: 0.5 },
    transactionPrefix: 'seed-',
    seed: 7,
    ...overrides,
  });

  beforeEach(() => {
    const store = new MindboxStore();
    const control = new MindboxControlService(store, new ConfigService({}));
    control.createProject({ endpointId: 'shop' });
    control.addPromotion('shop', { kind: 'percent', value: 5, externalId: 'auto-5' });
    control.addCouponPool('shop', {
      externalId: 'once',
      kind: 'oneTime',
      generate: { count: 150 },
      discount: { kind: 'amount', value: 300 },
      minOrderTotal: 1000,
    });
    control.addCustomers('shop', { generate: { count: 200, balance: 1000 } });
    state = store.get('shop') as ProjectState;
    pool = [...state.pools.values()][0];
  });

  it('holds each order as begin and commit leave it: committed, priced as begin prices it, its transaction closed', () => {
    const result = seedOrders(state, plan(), NOW);

    expect(result).toMatchObject({ count: 2_000, firstMindboxId: 1, lastMindboxId: 2_000 });
    expect(state.orders.size).toBe(2_000);
    // Departures from what begin and commit would have left, collected: 2,000 expects each would be slow.
    const departures = [...state.orders.values()].flatMap((order) => {
      const committed = order.committed;
      if (!committed) return [`${order.mindboxId}: not committed`];
      const id = order.ids.retailcrmId;
      const transaction = `seed-${id}`;
      // The same lines, code and points priced again come to the same order.
      const again = priceOrder({
        lines: committed.lines.map((line) => ({ ...line, discounts: [] })),
        deliveryCost: 0,
        orderDiscounts: [],
        promotions: order.promotionsAtFirstSave,
        coupons: committed.couponCodes.map((code) => ({ code, pool, status: 'CanBeUsed' })),
        pointsRequested: committed.spentPoints,
        balance: { available: committed.spentPoints, maxShare: 1 },
      });
      const checks: [string, boolean][] = [
        ['open transaction', order.pending === undefined && !order.cancelled],
        ['found by its id', findOrder(state, { retailcrmId: id }) === order],
        ['transaction closed', order.closedTransactions.get(transaction) === 'committed'],
        ['transaction indexed', state.transactions.get(transaction) === order.mindboxId],
        [
          'commit remembered',
          state.processed.has(processedKey('Website.CommitOrderTransaction', transaction)),
        ],
        [
          'begin remembered',
          state.processed.has(processedKey('Website.BeginAuthorizedOrderTransaction', transaction)),
        ],
        ['line numbers', committed.lines.every((line, i) => line.lineNumber === i + 1)],
        ['line statuses', committed.lines.every((line) => ['New', 'Assembling'].includes(line.status ?? ''))],
        ['total', again.totalPrice === committed.totalPrice],
        [
          'line prices',
          again.lines.every(
            (line, i) => line.discountedPriceOfLine === committed.lines[i].discountedPriceOfLine,
          ),
        ],
      ];
      return checks.filter(([, ok]) => !ok).map(([what]) => `${id}: ${what}`);
    });
    expect(departures).toEqual([]);
  });

  it('keeps every balance whole: what orders spent is spent, the rest available, nothing blocked', () => {
    const result = seedOrders(state, plan(), NOW);

    const spentBy = new Map<number, number>();
    for (const order of state.orders.values()) {
      const buyer = order.customerMindboxId as number;
      spentBy.set(buyer, (spentBy.get(buyer) ?? 0) + (order.committed?.spentPoints ?? 0));
    }
    for (const customer of state.customers.values()) {
      const spent = spentBy.get(customer.mindboxId) ?? 0;
      expect(customer.balance).toEqual({ available: 100_000 - spent, blocked: 0, spent });
      expect(balanceTotal(customer.balance) + customer.balance.spent).toBe(100_000);
    }
    expect(result.spentPoints).toBe(sum([...spentBy.values()]));
    expect(result.withPoints).toBeGreaterThan(0);
  });

  it('uses each one-time code once, by the order it names, until the pool runs out', () => {
    const result = seedOrders(state, plan(), NOW);

    expect(result.withCoupon).toBe(150);
    const codes = [...state.coupons.values()];
    expect(codes.every((coupon) => coupon.usedBy.size === 1 && coupon.heldBy.size === 0)).toBe(true);
    for (const coupon of codes) {
      const [orderId] = coupon.usedBy.keys();
      expect(state.orders.get(orderId)?.committed?.couponCodes).toEqual([coupon.code]);
    }
  });

  it('gives the same orders for the same seed', () => {
    const first = seedOrders(state, plan({ coupons: undefined, points: undefined }), NOW);
    const lines = (id: string) => findOrder(state, { retailcrmId: id })?.committed?.lines;
    const sample = lines('17');
    const second = seedOrders(
      state,
      plan({ coupons: undefined, points: undefined, from: 10_001, transactionPrefix: 'again-' }),
      NOW,
    );

    expect(second.totalPrice).toBe(first.totalPrice);
    expect(lines('10017')?.map((line) => line.basePricePerItem)).toEqual(
      sample?.map((line) => line.basePricePerItem),
    );
  });

  it('creates one new customer per order with its starting points', () => {
    const result = seedOrders(
      state,
      plan({ count: 300, customers: { kind: 'new', idKey: 'retailcrmId', from: 5_000, balance: 20_000 } }),
      NOW,
    );

    expect(result.customersCreated).toBe(300);
    const order = findOrder(state, { retailcrmId: '300' });
    const buyer = findCustomer(state, { retailcrmId: '5299' });
    expect(order?.customerMindboxId).toBe(buyer?.mindboxId);
    const spent = order?.committed?.spentPoints ?? 0;
    expect(buyer?.balance).toEqual({ available: 20_000 - spent, blocked: 0, spent });
  });

  it('writes nothing when an order, customer or transaction id is taken', () => {
    seedOrders(state, plan({ count: 10 }), NOW);
    const before = { orders: state.orders.size, customers: state.customers.size };

    const clashes = [
      plan({ count: 20 }), // order ids 1…10 are taken
      plan({ count: 5, idKey: 'retailcrmExternalId' }), // free ids, but transactions seed-1…seed-5 are taken
      plan({ count: 5, from: 500, customers: { kind: 'new', idKey: 'retailcrmId', from: 200, balance: 0 } }),
    ];
    for (const clash of clashes) {
      expect(() => seedOrders(state, clash, NOW)).toThrow(MindboxValidationFailure);
    }
    expect({ orders: state.orders.size, customers: state.customers.size }).toEqual(before);
  });
});
