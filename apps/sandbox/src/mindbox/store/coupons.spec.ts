import {
  couponStanding,
  couponStatusFor,
  holdCoupon,
  releaseCoupon,
  unholdCoupon,
  useCoupon,
} from './coupons';
import type { Coupon, CouponPool } from './mindbox.entities';

const NOW = new Date('2026-06-01T12:00:00Z');
const pool = (kind: CouponPool['kind'], window: Partial<CouponPool> = {}): CouponPool => ({
  mindboxId: 1,
  externalId: 'pool',
  name: 'pool',
  description: '',
  kind,
  ...window,
});
const coupon = (code = 'ONCE-0001'): Coupon => ({
  code,
  poolMindboxId: 1,
  usedBy: new Map(),
  heldBy: new Set(),
});
const ORDER_A = 10;
const ORDER_B = 11;

describe('couponStatusFor', () => {
  it('is NotFound for an unknown code', () => {
    expect(couponStatusFor(undefined, undefined, ORDER_A, NOW)).toEqual({ status: 'NotFound' });
  });

  it('a one-time code used by order A stays CanBeUsed for order A and is Used for order B or a new order', () => {
    const code = coupon();
    useCoupon(code, ORDER_A, '2026-05-01T00:00:00.000Z');
    expect(couponStatusFor(code, pool('oneTime'), ORDER_A, NOW)).toEqual({ status: 'CanBeUsed' });
    expect(couponStatusFor(code, pool('oneTime'), ORDER_B, NOW)).toEqual({
      status: 'Used',
      usedAt: '2026-05-01T00:00:00.000Z',
    });
    expect(couponStatusFor(code, pool('oneTime'), undefined, NOW).status).toBe('Used');
  });

  it('a one-time code held by an open transaction of A is Blocked for B and CanBeUsed for A', () => {
    const code = coupon();
    holdCoupon(code, ORDER_A);
    expect(couponStatusFor(code, pool('oneTime'), ORDER_A, NOW).status).toBe('CanBeUsed');
    expect(couponStatusFor(code, pool('oneTime'), ORDER_B, NOW).status).toBe('Blocked');
  });

  it('a multi-use code stays CanBeUsed for every order', () => {
    const code = coupon('WELCOME10');
    useCoupon(code, ORDER_A, NOW.toISOString());
    holdCoupon(code, ORDER_B);
    expect(couponStatusFor(code, pool('multiUse'), 99, NOW).status).toBe('CanBeUsed');
  });

  it('follows the pool window, except for the order that already has the code', () => {
    const ended = pool('oneTime', { availableTill: '2026-05-31T00:00:00Z' });
    const code = coupon();
    expect(couponStatusFor(code, ended, ORDER_B, NOW).status).toBe('AlreadyNotActive');
    expect(
      couponStatusFor(code, pool('oneTime', { availableFrom: '2026-07-01T00:00:00Z' }), ORDER_B, NOW).status,
    ).toBe('YetNotActive');
    useCoupon(code, ORDER_A, '2026-05-01T00:00:00.000Z');
    expect(couponStatusFor(code, ended, ORDER_A, NOW).status).toBe('CanBeUsed');
  });
});

describe('coupon transitions', () => {
  it('hold -> use keeps the first use time when the same order commits again', () => {
    const code = coupon();
    holdCoupon(code, ORDER_A);
    useCoupon(code, ORDER_A, 'first');
    holdCoupon(code, ORDER_A);
    useCoupon(code, ORDER_A, 'second');
    expect([...code.usedBy]).toEqual([[ORDER_A, 'first']]);
    expect(code.heldBy.size).toBe(0);
  });

  it('unhold lets a held code go but keeps an earlier use; release drops both', () => {
    const code = coupon();
    useCoupon(code, ORDER_A, 'first');
    holdCoupon(code, ORDER_B);
    unholdCoupon(code, ORDER_B);
    expect(code.heldBy.size).toBe(0);
    expect(code.usedBy.has(ORDER_A)).toBe(true);
    releaseCoupon(code, ORDER_A);
    expect(couponStanding(code, pool('oneTime'), NOW)).toBe('Active');
  });

  it('standing: Used, Blocked or Active', () => {
    const code = coupon();
    holdCoupon(code, ORDER_A);
    expect(couponStanding(code, pool('oneTime'), NOW)).toBe('Blocked');
    useCoupon(code, ORDER_A, 'now');
    expect(couponStanding(code, pool('oneTime'), NOW)).toBe('Used');
    expect(couponStanding(code, pool('multiUse'), NOW)).toBe('Active');
  });
});
