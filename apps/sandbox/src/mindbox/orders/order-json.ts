import type { JsonObject } from '../api/answers';
import { balanceJson, balanceTypeJson } from '../customers/customer-json';
import type {
  AppliedDiscount,
  Balance,
  BalanceTypeRef,
  CouponPool,
  OrderLine,
} from '../store/mindbox.entities';
import { fromCents } from '../store/money';
import type { PricedCoupon, PricedOrder } from '../store/pricing';

export const poolJson = (pool: CouponPool): JsonObject => ({
  ids: { mindboxId: pool.mindboxId, externalId: pool.externalId },
  name: pool.name,
  description: pool.description,
});

function appliedJson(applied: AppliedDiscount, balanceType: BalanceTypeRef): JsonObject {
  switch (applied.kind) {
    case 'external':
      return {
        type: 'discount',
        promotion: { ids: { externalId: applied.externalId }, type: 'external' },
        amount: fromCents(applied.amount),
      };
    case 'promotion': {
      const { promotion, coupon } = applied;
      return {
        type: 'discount',
        ...(coupon ? { coupon: { ids: { code: coupon.code }, pool: poolJson(coupon.pool) } } : {}),
        promotion: {
          ids: { mindboxId: promotion.mindboxId, externalId: promotion.externalId },
          name: promotion.name,
          type: 'mindbox',
        },
        amount: fromCents(applied.amount),
      };
    }
    case 'points':
      return {
        type: 'spentBonusPoints',
        balanceType: balanceTypeJson(balanceType),
        amount: fromCents(applied.amount),
      };
  }
}

/** One line of an order answer (calculate-response-coupon.json). */
export function lineJson(line: OrderLine, balanceType: BalanceTypeRef): JsonObject {
  const node: JsonObject = {
    product: { ids: line.productIds },
    quantity: line.quantity,
    basePricePerItem: fromCents(line.basePricePerItem),
  };
  if (line.minPricePerItem !== undefined) node.minPricePerItem = fromCents(line.minPricePerItem);
  node.discountedPriceOfLine = fromCents(line.discountedPriceOfLine);
  if (line.status !== undefined) node.status = { ids: { externalId: line.status } };
  // Like the real answer, a line without discounts has no appliedPromotions node.
  if (line.applied.length > 0) node.appliedPromotions = line.applied.map((a) => appliedJson(a, balanceType));
  if (line.lineId !== undefined) node.lineId = line.lineId;
  node.lineNumber = line.lineNumber;
  return node;
}

export function couponInfoJson(coupon: PricedCoupon): JsonObject {
  const node: JsonObject = { ids: { code: coupon.code } };
  if (coupon.pool) node.pool = poolJson(coupon.pool);
  node.status = coupon.status;
  if (coupon.pool?.availableFrom) node.availableFromDateTimeUtc = coupon.pool.availableFrom;
  if (coupon.pool?.availableTill) node.availableTillDateTimeUtc = coupon.pool.availableTill;
  if (coupon.usedAt) node.usedDateTimeUtc = coupon.usedAt;
  return { discountAmountForCurrentOrder: fromCents(coupon.discount), coupon: node };
}

export interface OrderJsonOptions {
  processingStatus: 'Calculated' | 'Processed' | 'PriceHasBeenChanged';
  statusDescription?: string;
  ids?: JsonObject;
  balanceType: BalanceTypeRef;
  /** The customer's balance to show in `bonusPointsInfo`. */
  balance?: Balance;
  /** The project splits lines of two or more units in its answers. */
  splitLines?: boolean;
}

/** A share of an amount in cents, the rest going to the other part. */
const shareOf = (cents: number, part: number, whole: number): number => Math.round((cents * part) / whole);

/**
 * Lines as a project that splits them answers: each line of two or more whole units becomes the
 * first units and the last one, both with the line's `lineId`, the new part numbered after the
 * order's last line; prices and discounts split by quantity.
 */
export function splitLines(lines: OrderLine[]): OrderLine[] {
  let next = Math.max(0, ...lines.map((line) => line.lineNumber));
  return lines.flatMap((line) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 2) return [line];
    const q = line.quantity;
    const first: OrderLine = {
      ...line,
      quantity: q - 1,
      discountedPriceOfLine: shareOf(line.discountedPriceOfLine, q - 1, q),
      spentPoints: shareOf(line.spentPoints, q - 1, q),
      applied: line.applied.map((a) => ({ ...a, amount: shareOf(a.amount, q - 1, q) })),
    };
    const last: OrderLine = {
      ...line,
      lineNumber: ++next,
      quantity: 1,
      discountedPriceOfLine: line.discountedPriceOfLine - first.discountedPriceOfLine,
      spentPoints: line.spentPoints - first.spentPoints,
      applied: line.applied.map((a, i) => ({ ...a, amount: a.amount - first.applied[i].amount })),
    };
    return [first, last];
  });
}

/**
 * The `order` node of calculate and begin answers. Points go in `bonusPointsInfo` (an array),
 * the node of the preorder docs and of real answers (reference §4.3), only for a known customer.
 */
export function orderJson(priced: PricedOrder, options: OrderJsonOptions): JsonObject {
  const node: JsonObject = { processingStatus: options.processingStatus };
  if (options.statusDescription) node.statusDescription = options.statusDescription;
  if (options.ids) node.ids = options.ids;
  node.totalPrice = fromCents(priced.totalPrice);
  if (priced.deliveryCost > 0) node.deliveryCost = fromCents(priced.deliveryCost);
  const lines = options.splitLines ? splitLines(priced.lines) : priced.lines;
  node.lines = lines.map((line) => lineJson(line, options.balanceType));
  if (priced.coupons.length > 0) node.couponsInfo = priced.coupons.map(couponInfoJson);
  if (priced.points && options.balance) {
    node.bonusPointsInfo = [
      {
        status: 'Success',
        availableAmountForCurrentOrder: fromCents(priced.points.availableForOrder),
        spentAmountForCurrentOrder: fromCents(priced.points.spent),
        balanceType: balanceTypeJson(options.balanceType),
        balance: balanceJson(options.balance),
      },
    ];
  }
  return node;
}
