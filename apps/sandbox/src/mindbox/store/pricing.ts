import type { CouponStatus } from './coupons';
import type { AppliedDiscount, CouponPool, OrderLine, Promotion } from './mindbox.entities';
import { Cents, distribute, sum } from './money';
import { MindboxValidationFailure } from './simulator-errors';

/** A discount the caller computed itself (an external promotion): applied exactly as given. */
export interface RequestedDiscount {
  externalId: string;
  amount: Cents;
}

export interface LineInput {
  lineNumber?: number;
  lineId?: string;
  productIds: Record<string, string>;
  basePricePerItem: Cents;
  quantity: number;
  minPricePerItem?: Cents;
  status?: string;
  discounts: RequestedDiscount[];
}

/** A code of the order, already judged against its pool and the orders that used or hold it. */
export interface CouponCandidate {
  code: string;
  status: CouponStatus;
  pool?: CouponPool;
  usedAt?: string;
}

export interface PricingInput {
  lines: LineInput[];
  deliveryCost: Cents;
  /** Order-level external discounts, spread over the lines. */
  orderDiscounts: RequestedDiscount[];
  /** Promotions in force for this order, in the order they apply. */
  promotions: readonly Promotion[];
  coupons: CouponCandidate[];
  pointsRequested: Cents;
  /** The customer's points this order may use; undefined for an anonymous order. */
  balance?: { available: Cents; maxShare: number };
}

export interface PricedCoupon extends CouponCandidate {
  discount: Cents;
}

export interface PricedOrder {
  lines: OrderLine[];
  deliveryCost: Cents;
  totalPrice: Cents;
  coupons: PricedCoupon[];
  /** Present when the order has a known customer. */
  points?: { availableForOrder: Cents; spent: Cents };
}

interface WorkLine {
  input: LineInput;
  value: Cents;
  floor: Cents;
  applied: AppliedDiscount[];
  spentPoints: Cents;
}

/**
 * Prices an order the way the simulator's Mindbox does: external discounts as given (per line,
 * then the order's spread by value), then automatic promotions, then one promotion per usable
 * code's pool, then points; no line goes below its `minPricePerItem`. Pure: nothing is stored.
 */
export function priceOrder(input: PricingInput): PricedOrder {
  const lines: WorkLine[] = input.lines.map((line) => {
    const value = Math.round(line.basePricePerItem * line.quantity);
    const floor = line.minPricePerItem === undefined ? 0 : Math.round(line.minPricePerItem * line.quantity);
    return { input: line, value, floor: Math.min(floor, value), applied: [], spentPoints: 0 };
  });

  applyExternalDiscounts(lines, input.orderDiscounts);
  const baseTotal = sum(input.lines.map((line) => Math.round(line.basePricePerItem * line.quantity)));

  for (const promotion of input.promotions.filter((p) => p.couponPoolMindboxId === undefined)) {
    applyPromotion(lines, promotion, baseTotal);
  }

  const seenPools = new Set<number>();
  const coupons: PricedCoupon[] = input.coupons.map((candidate) => {
    if (candidate.status !== 'CanBeUsed' || !candidate.pool) return { ...candidate, discount: 0 };
    const pool = candidate.pool;
    const promotion = input.promotions.find((p) => p.couponPoolMindboxId === pool.mindboxId);
    // One promotion per pool and order: a second code of the same pool adds nothing.
    const discount =
      promotion && !seenPools.has(pool.mindboxId)
        ? applyPromotion(lines, promotion, baseTotal, { code: candidate.code, pool })
        : 0;
    seenPools.add(pool.mindboxId);
    return discount > 0
      ? { ...candidate, discount }
      : { ...candidate, status: 'CanNotBeUsedForCurrentOrder' as const, discount: 0 };
  });

  const points = spendPoints(lines, input);
  const priced = lines.map(toOrderLine);
  const linesTotal = sum(priced.map((line) => line.discountedPriceOfLine));
  return {
    lines: priced,
    deliveryCost: input.deliveryCost,
    totalPrice: linesTotal + input.deliveryCost,
    coupons,
    points,
  };
}

function applyExternalDiscounts(lines: WorkLine[], orderDiscounts: RequestedDiscount[]): void {
  lines.forEach((line, index) => {
    line.input.discounts.forEach((discount, d) => {
      if (discount.amount > line.value) {
        throw MindboxValidationFailure.at(
          `/order/lines/${index}/requestedPromotions/${d}/amount`,
          `Скидка ${discount.amount / 100} больше стоимости линии ${line.value / 100}.`,
        );
      }
      take(line, { kind: 'external', externalId: discount.externalId, amount: discount.amount });
    });
  });
  orderDiscounts.forEach((discount, d) => {
    const room = sum(lines.map((line) => line.value));
    if (discount.amount > room) {
      throw MindboxValidationFailure.at(
        `/order/requestedPromotions/${d}/amount`,
        `Скидка ${discount.amount / 100} больше стоимости заказа ${room / 100}.`,
      );
    }
    const shares = distribute(
      discount.amount,
      lines.map((line) => line.value),
    );
    lines.forEach((line, index) =>
      take(line, { kind: 'external', externalId: discount.externalId, amount: shares[index] }),
    );
  });
}

/** Applies one promotion to the lines it covers; returns the discount it gave. */
function applyPromotion(
  lines: WorkLine[],
  promotion: Promotion,
  baseTotal: Cents,
  coupon?: { code: string; pool: CouponPool },
): Cents {
  if (promotion.minOrderTotal !== undefined && baseTotal < promotion.minOrderTotal) return 0;
  const room = lines.map((line) =>
    covers(promotion, line.input) ? Math.max(0, line.value - line.floor) : 0,
  );
  let shares: Cents[];
  if (promotion.kind === 'percent') {
    shares = lines.map((line, i) => Math.min(room[i], Math.round((line.value * promotion.value) / 100)));
  } else if (promotion.scope === 'line') {
    shares = lines.map((line, i) => Math.min(room[i], Math.round(promotion.value * line.input.quantity)));
  } else {
    shares = distribute(promotion.value, room);
  }
  lines.forEach((line, i) => take(line, { kind: 'promotion', promotion, coupon, amount: shares[i] }));
  return sum(shares);
}

function covers(promotion: Promotion, line: LineInput): boolean {
  if (!promotion.productIds || promotion.productIds.length === 0) return true;
  return Object.values(line.productIds).some((id) => promotion.productIds?.includes(id));
}

function spendPoints(lines: WorkLine[], input: PricingInput): PricedOrder['points'] {
  const { balance, pointsRequested } = input;
  if (!balance) {
    if (pointsRequested > 0) {
      throw MindboxValidationFailure.at('/customer', 'Списать баллы можно только у известного клиента.');
    }
    return undefined;
  }
  if (pointsRequested > balance.available) {
    throw MindboxValidationFailure.at(
      '/order/bonusPoints',
      `Недостаточно баллов: запрошено ${pointsRequested / 100}, доступно ${balance.available / 100}.`,
    );
  }
  const room = lines.map((line) => Math.max(0, line.value - line.floor));
  const byShare = Math.floor(sum(lines.map((line) => line.value)) * balance.maxShare);
  const availableForOrder = Math.min(balance.available, sum(room), byShare);
  // More than the order can take is cut to what it can take (reference §4.2).
  const spent = Math.min(pointsRequested, availableForOrder);
  const shares = distribute(spent, room);
  lines.forEach((line, i) => {
    take(line, { kind: 'points', amount: shares[i] });
    line.spentPoints += shares[i];
  });
  return { availableForOrder, spent };
}

function take(line: WorkLine, discount: AppliedDiscount): void {
  if (discount.amount <= 0) return;
  line.value -= discount.amount;
  line.applied.push(discount);
}

function toOrderLine(line: WorkLine, index: number): OrderLine {
  const { input } = line;
  return {
    lineNumber: input.lineNumber ?? index + 1,
    lineId: input.lineId,
    productIds: input.productIds,
    quantity: input.quantity,
    basePricePerItem: input.basePricePerItem,
    minPricePerItem: input.minPricePerItem,
    status: input.status,
    discountedPriceOfLine: line.value,
    spentPoints: line.spentPoints,
    applied: line.applied,
  };
}
