import type { CouponPool, Promotion } from './mindbox.entities';
import { CouponCandidate, LineInput, priceOrder, PricingInput } from './pricing';
import { MindboxValidationFailure } from './simulator-errors';

const line = (basePricePerItem: number, quantity: number, extra: Partial<LineInput> = {}): LineInput => ({
  productIds: { sku: `p${basePricePerItem}` },
  basePricePerItem,
  quantity,
  discounts: [],
  ...extra,
});
const pool: CouponPool = {
  mindboxId: 9,
  externalId: 'promo-code-pool-7',
  name: 'ДР купон',
  description: '500 р.',
  kind: 'oneTime',
};
const promotion = (over: Partial<Promotion>): Promotion => ({
  mindboxId: 21,
  externalId: 'promo',
  name: 'promo',
  kind: 'percent',
  value: 10,
  scope: 'order',
  ...over,
});
const price = (over: Partial<PricingInput>) =>
  priceOrder({
    lines: [],
    deliveryCost: 0,
    orderDiscounts: [],
    promotions: [],
    coupons: [],
    pointsRequested: 0,
    ...over,
  });
const usable = (code: string): CouponCandidate => ({ code, status: 'CanBeUsed', pool });

function validationOf(action: () => unknown): MindboxValidationFailure {
  try {
    action();
  } catch (error) {
    if (error instanceof MindboxValidationFailure) return error;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('priceOrder', () => {
  it('prices the recorded coupon order: 500 off an order from 1000, total 11995 as the real answer', () => {
    const priced = price({
      lines: [line(169900, 4), line(569900, 1, { discounts: [{ externalId: 'discountBan', amount: 0 }] })],
      promotions: [
        promotion({ kind: 'amount', value: 50000, couponPoolMindboxId: 9, minOrderTotal: 100000 }),
      ],
      coupons: [usable('005ACOFHC8')],
    });

    expect(priced.totalPrice).toBe(1199500);
    expect(priced.coupons).toEqual([
      expect.objectContaining({ code: '005ACOFHC8', status: 'CanBeUsed', discount: 50000 }),
    ]);
    expect(priced.lines.map((l) => l.lineNumber)).toEqual([1, 2]);
    // A zero external discount leaves no trace on the line.
    expect(priced.lines[1].applied.some((a) => a.kind === 'external')).toBe(false);
  });

  it('applies external discounts exactly as given, per line and spread over the order', () => {
    const priced = price({
      lines: [line(10000, 1, { discounts: [{ externalId: 'crm-manual', amount: 1500 }] }), line(30000, 1)],
      orderDiscounts: [{ externalId: 'crm-order', amount: 4000 }],
    });
    expect(priced.lines.map((l) => l.discountedPriceOfLine)).toEqual([8500 - 883, 30000 - 3117]); // 4000 split 8500 : 30000
    expect(priced.totalPrice).toBe(40000 - 1500 - 4000);
  });

  it('refuses an external discount above the line value, naming where it is', () => {
    const failure = validationOf(() =>
      price({ lines: [line(10000, 1, { discounts: [{ externalId: 'x', amount: 10001 }] })] }),
    );
    expect(failure.messages).toEqual([
      expect.objectContaining({ location: '/order/lines/0/requestedPromotions/0/amount' }),
    ]);
  });

  it('stacks an automatic percent promotion and a coupon percent promotion on what is left', () => {
    const priced = price({
      lines: [line(100000, 1)],
      promotions: [
        promotion({ mindboxId: 1, value: 5 }),
        promotion({ mindboxId: 2, value: 10, couponPoolMindboxId: 9 }),
      ],
      coupons: [usable('WELCOME10')],
    });
    expect(priced.lines[0].discountedPriceOfLine).toBe(100000 - 5000 - 9500);
    expect(priced.coupons[0].discount).toBe(9500);
  });

  it('gives a per-item amount for scope line and only to the products the promotion names', () => {
    const priced = price({
      lines: [line(10000, 3, { productIds: { sku: 'A' } }), line(10000, 1, { productIds: { sku: 'B' } })],
      promotions: [promotion({ kind: 'amount', value: 1000, scope: 'line', productIds: ['A'] })],
    });
    expect(priced.lines.map((l) => l.discountedPriceOfLine)).toEqual([27000, 10000]);
  });

  it('never takes a line below its minimum price', () => {
    const priced = price({
      lines: [line(10000, 2, { minPricePerItem: 9000 })],
      promotions: [promotion({ value: 50 })],
    });
    expect(priced.lines[0].discountedPriceOfLine).toBe(18000);
  });

  it('marks a usable code that gives nothing as CanNotBeUsedForCurrentOrder, and a second code of the same pool too', () => {
    const small = price({
      lines: [line(50000, 1)],
      promotions: [
        promotion({ kind: 'amount', value: 50000, couponPoolMindboxId: 9, minOrderTotal: 100000 }),
      ],
      coupons: [usable('ONCE-0001')],
    });
    expect(small.coupons[0]).toMatchObject({ status: 'CanNotBeUsedForCurrentOrder', discount: 0 });

    const twice = price({
      lines: [line(500000, 1)],
      promotions: [promotion({ kind: 'amount', value: 50000, couponPoolMindboxId: 9 })],
      coupons: [usable('ONCE-0001'), usable('ONCE-0002')],
    });
    expect(twice.coupons.map((c) => c.status)).toEqual(['CanBeUsed', 'CanNotBeUsedForCurrentOrder']);
    expect(twice.totalPrice).toBe(450000);
  });

  it('keeps a code that is not usable as it is, with no discount', () => {
    const priced = price({
      lines: [line(500000, 1)],
      promotions: [promotion({ couponPoolMindboxId: 9 })],
      coupons: [{ code: 'ONCE-0001', status: 'Used', pool, usedAt: 'then' }],
    });
    expect(priced.coupons[0]).toMatchObject({ status: 'Used', discount: 0, usedAt: 'then' });
    expect(priced.totalPrice).toBe(500000);
  });

  describe('points', () => {
    it('spends the requested points over the lines and reports what the order may take', () => {
      const priced = price({
        lines: [line(30000, 1), line(10000, 1)],
        pointsRequested: 20000,
        balance: { available: 100000, maxShare: 1 },
      });
      expect(priced.points).toEqual({ availableForOrder: 40000, spent: 20000 });
      expect(priced.lines.map((l) => l.spentPoints)).toEqual([15000, 5000]);
      expect(priced.totalPrice).toBe(20000);
    });

    it('cuts a request above what the order can take (its value, its share) to that', () => {
      const priced = price({
        lines: [line(10000, 1)],
        pointsRequested: 9000,
        balance: { available: 100000, maxShare: 0.5 },
      });
      expect(priced.points).toEqual({ availableForOrder: 5000, spent: 5000 });
    });

    it('refuses to spend more than the customer has', () => {
      const failure = validationOf(() =>
        price({ lines: [line(100000, 1)], pointsRequested: 5001, balance: { available: 5000, maxShare: 1 } }),
      );
      expect(failure.messages[0].location).toBe('/order/bonusPoints');
    });

    it('refuses points for an order without a known customer, and reports none', () => {
      expect(
        validationOf(() => price({ lines: [line(100, 1)], pointsRequested: 1 })).messages[0].location,
      ).toBe('/customer');
      expect(price({ lines: [line(100, 1)] }).points).toBeUndefined();
    });
  });

  it('adds delivery to the total', () => {
    expect(price({ lines: [line(10000, 1)], deliveryCost: 30000 }).totalPrice).toBe(40000);
  });
});
