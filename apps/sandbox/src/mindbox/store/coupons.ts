import type { Coupon, CouponPool } from './mindbox.entities';

/** `couponsInfo[].coupon.status` values of the calculation that the simulator produces (reference §4.3). */
export type CouponStatus =
  | 'CanBeUsed'
  | 'NotFound'
  | 'Used'
  | 'Blocked'
  | 'YetNotActive'
  | 'AlreadyNotActive'
  | 'CanNotBeUsedForCurrentOrder';

/** Statuses of a code on its own, outside any order (the `get-promocodes-list` set, reference §4.3). */
export type CouponStandingStatus = 'Active' | 'Used' | 'Blocked' | 'YetNotActive' | 'AlreadyNotActive';

export interface CouponVerdict {
  status: CouponStatus;
  /** When a one-time code was used by another order. */
  usedAt?: string;
}

export const normalizeCode = (code: string): string => code.trim().toUpperCase();

/** Whether `orderId` is the order that used or holds the code. */
export const belongsToOrder = (coupon: Coupon, orderId: number | undefined): boolean =>
  orderId !== undefined && (coupon.usedBy.has(orderId) || coupon.heldBy.has(orderId));

/**
 * A code's status for one order. The order's own code (used by its commit or held by its open
 * transaction) stays `CanBeUsed` whatever happened since: an existing order is recalculated with
 * what it had at its first save (reference §5.4). Any other order meets a used one-time code as
 * `Used`, a held one as `Blocked` (begin "blocks" the codes until commit or rollback, §4.5).
 */
export function couponStatusFor(
  coupon: Coupon | undefined,
  pool: CouponPool | undefined,
  orderId: number | undefined,
  now: Date,
): CouponVerdict {
  if (!coupon || !pool) return { status: 'NotFound' };
  if (belongsToOrder(coupon, orderId)) return { status: 'CanBeUsed' };
  const window = windowStatus(pool, now);
  if (window) return { status: window };
  if (pool.kind === 'oneTime') {
    const [usedAt] = coupon.usedBy.values();
    if (usedAt !== undefined) return { status: 'Used', usedAt };
    if (coupon.heldBy.size > 0) return { status: 'Blocked' };
  }
  return { status: 'CanBeUsed' };
}

/** A code's status on its own, for the control API. */
export function couponStanding(coupon: Coupon, pool: CouponPool, now: Date): CouponStandingStatus {
  const window = windowStatus(pool, now);
  if (window) return window;
  if (pool.kind === 'oneTime' && coupon.usedBy.size > 0) return 'Used';
  if (pool.kind === 'oneTime' && coupon.heldBy.size > 0) return 'Blocked';
  return 'Active';
}

function windowStatus(pool: CouponPool, now: Date): 'YetNotActive' | 'AlreadyNotActive' | undefined {
  if (pool.availableFrom && now < new Date(pool.availableFrom)) return 'YetNotActive';
  if (pool.availableTill && now >= new Date(pool.availableTill)) return 'AlreadyNotActive';
  return undefined;
}

/** Begin: the order's open transaction holds the code. */
export function holdCoupon(coupon: Coupon, orderId: number): void {
  if (!coupon.usedBy.has(orderId)) coupon.heldBy.add(orderId);
}

/** Commit: the code is used by the order (a code the order had used keeps its first use time). */
export function useCoupon(coupon: Coupon, orderId: number, at: string): void {
  coupon.heldBy.delete(orderId);
  if (!coupon.usedBy.has(orderId)) coupon.usedBy.set(orderId, at);
}

/** Rollback: the open transaction lets the code go; a use by an earlier commit stays. */
export function unholdCoupon(coupon: Coupon, orderId: number): void {
  coupon.heldBy.delete(orderId);
}

/** Cancellation, or an edit that drops the code: the order no longer has it at all. */
export function releaseCoupon(coupon: Coupon, orderId: number): void {
  coupon.heldBy.delete(orderId);
  coupon.usedBy.delete(orderId);
}
