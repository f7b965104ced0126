import { MindboxBalanceType, parseBalanceType } from './balance';
import { MindboxOrderBonusPoints, parseOrderBonusPoints } from './bonus-points';
import { MindboxCustomer, parseCustomer } from './customer';
import { asArray, asIds, asKnown, asNumber, asRecord, asString, roundMoney, sumMoney } from './json';

/**
 * `order.processingStatus` values: calculate (reference §4.3) and create with processing (§4.4).
 * Others read as 'unknown'.
 */
export const ORDER_PROCESSING_STATUSES = [
  'Calculated',
  'PersonalDiscountsCalculationIsUnavailable',
  'DiscountsCalculationIsUnavailable',
  'Processed',
  'Created',
  'Updated',
  'PriceHasBeenChanged',
] as const;

/** An order's processing status. */
export type OrderProcessingStatus = (typeof ORDER_PROCESSING_STATUSES)[number] | 'unknown';

/** `appliedPromotions[].type` values (reference §4.3); others read as 'unknown'. */
export const APPLIED_PROMOTION_TYPES = [
  'discount',
  'deliveryDiscount',
  'earnedBonusPoints',
  'spentBonusPoints',
  'issuedCoupon',
  'message',
  'correctionDiscount',
  'preconditionMarker',
] as const;

/** The kind of an applied promotion. */
export type AppliedPromotionType = (typeof APPLIED_PROMOTION_TYPES)[number] | 'unknown';

/** `promotion.type`: made in Mindbox or imported as an external promotion. */
export const PROMOTION_KINDS = ['mindbox', 'external'] as const;

/** Where a promotion comes from. */
export type PromotionKind = (typeof PROMOTION_KINDS)[number] | 'unknown';

/**
 * Coupon statuses of the calculation (`couponsInfo[].coupon.status`, reference §4.3). There is no
 * `Expired`: an expired code is `AlreadyNotActive`. Others read as 'unknown'.
 */
export const COUPON_STATUSES = [
  'CanBeUsed',
  'Used',
  'NotFound',
  'NotIssued',
  'YetNotActive',
  'AlreadyNotActive',
  'CanNotBeUsedForCurrentOrder',
  'Blocked',
  'Unavailable',
] as const;

/** A promo code's status for the order being calculated. */
export type CouponStatus = (typeof COUPON_STATUSES)[number] | 'unknown';

/** A promo-code pool. */
export interface MindboxCouponPool {
  ids: Record<string, string>;
  mindboxId?: string;
  externalId?: string;
  name?: string;
  description?: string;
}

/** A promo code as a promotion or `couponsInfo` names it. */
export interface MindboxCouponRef {
  /** `ids.code`: the promo code itself. */
  code?: string;
  ids: Record<string, string>;
  pool?: MindboxCouponPool;
}

/** A promotion as an applied promotion names it. */
export interface MindboxPromotionRef {
  ids: Record<string, string>;
  mindboxId?: string;
  externalId?: string;
  name?: string;
  type: PromotionKind;
  rawType?: string;
}

/** One entry of `appliedPromotions` (of a line or of the order). */
export interface MindboxAppliedPromotion {
  type: AppliedPromotionType;
  rawType?: string;
  /** Money for discounts, points for the bonus-point kinds. */
  amount?: number;
  promotion?: MindboxPromotionRef;
  coupon?: MindboxCouponRef;
  balanceType?: MindboxBalanceType;
  expirationDateTimeUtc?: string;
  raw: Record<string, unknown>;
}

/** One entry of `couponsInfo`: a code the request carried and what it does for this order. */
export interface MindboxCouponInfo extends MindboxCouponRef {
  status: CouponStatus;
  /** The status text as received (also when `status` is 'unknown'). */
  rawStatus?: string;
  /** Only `CanBeUsed` means the code applies to this order (reference §5.1). */
  canBeUsed: boolean;
  /** The discount the code gives this order. */
  discountAmountForCurrentOrder?: number;
  availableFromDateTimeUtc?: string;
  availableTillDateTimeUtc?: string;
  usedDateTimeUtc?: string;
  raw: Record<string, unknown>;
}

/**
 * One line of the calculated order. Mindbox may split a line: several lines then share one
 * `lineId`, and later requests must use the `lineNumber`s Mindbox gave (reference §4.2).
 */
export interface MindboxOrderLine {
  lineId?: string;
  lineNumber?: number;
  /** `product.ids`, keyed by the project's product id system names. */
  productIds: Record<string, string>;
  quantity?: number;
  basePricePerItem?: number;
  minPricePerItem?: number;
  /** The price of the whole line after every discount (`discountedPricePerLine` in older answers). */
  discountedPriceOfLine?: number;
  /** `basePricePerItem × quantity − discountedPriceOfLine`, when all three are known. */
  discountOfLine?: number;
  /** `status.ids.externalId`. */
  statusExternalId?: string;
  appliedPromotions: MindboxAppliedPromotion[];
  customFields: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/** The `order` of a calculate (or create-with-processing) answer, in the shape the product uses. */
export interface MindboxOrderCalculation {
  processingStatus: OrderProcessingStatus;
  rawProcessingStatus?: string;
  /** Why prices changed (`PriceHasBeenChanged`). */
  statusDescription?: string;
  ids: Record<string, string>;
  /** The final price, delivery included; create with processing must send it back. */
  totalPrice?: number;
  deliveryCost?: number;
  lines: MindboxOrderLine[];
  /** Order-level promotions, e.g. `deliveryDiscount`. */
  appliedPromotions: MindboxAppliedPromotion[];
  coupons: MindboxCouponInfo[];
  bonusPoints: MindboxOrderBonusPoints;
  /**
   * The order's discount on its lines: the sum of {@link MindboxOrderLine.discountOfLine} (points
   * spent included, since Mindbox folds them into line prices); if no line gives it, the sum of the
   * `discount` and `correctionDiscount` promotion amounts. Delivery discounts are apart.
   */
  totalDiscount?: number;
  /** The sum of `deliveryDiscount` promotion amounts. */
  deliveryDiscount?: number;
  /** The `customer` node that came with the order, if any. */
  customer?: MindboxCustomer;
  /** The `order` node as received. */
  raw: Record<string, unknown>;
}

function parsePool(value: unknown): MindboxCouponPool | undefined {
  const node = asRecord(value);
  if (node === undefined) return undefined;
  const ids = asIds(node.ids);
  return {
    ids,
    mindboxId: ids.mindboxId,
    externalId: ids.externalId,
    name: asString(node.name),
    description: asString(node.description),
  };
}

function parseCouponRef(node: Record<string, unknown>): MindboxCouponRef {
  const ids = asIds(node.ids);
  return { code: ids.code, ids, pool: parsePool(node.pool) };
}

function parsePromotionRef(value: unknown): MindboxPromotionRef | undefined {
  const node = asRecord(value);
  if (node === undefined) return undefined;
  const ids = asIds(node.ids);
  const rawType = asString(node.type);
  return {
    ids,
    mindboxId: ids.mindboxId,
    externalId: ids.externalId,
    name: asString(node.name),
    type: asKnown(PROMOTION_KINDS, rawType),
    rawType,
  };
}

/** Reads one applied promotion; undefined when it is not an object. */
export function parseAppliedPromotion(value: unknown): MindboxAppliedPromotion | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const rawType = asString(raw.type);
  const coupon = asRecord(raw.coupon);
  return {
    type: asKnown(APPLIED_PROMOTION_TYPES, rawType),
    rawType,
    amount: asNumber(raw.amount),
    promotion: parsePromotionRef(raw.promotion),
    coupon: coupon && parseCouponRef(coupon),
    balanceType: parseBalanceType(raw.balanceType),
    expirationDateTimeUtc: asString(raw.expirationDateTimeUtc),
    raw,
  };
}

/** Reads an `appliedPromotions` array. */
export function parseAppliedPromotions(value: unknown): MindboxAppliedPromotion[] {
  return asArray(value).flatMap((entry) => parseAppliedPromotion(entry) ?? []);
}

/** Reads one `couponsInfo` entry: `{ discountAmountForCurrentOrder, coupon: { ids, pool, status, … } }`. */
export function parseCouponInfo(value: unknown): MindboxCouponInfo | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  // The status sits in `coupon`; an entry that carries it beside `coupon` is read as well.
  const coupon = asRecord(raw.coupon) ?? {};
  const rawStatus = asString(coupon.status) ?? asString(raw.status);
  const status = asKnown(COUPON_STATUSES, rawStatus);
  return {
    ...parseCouponRef(coupon),
    status,
    rawStatus,
    canBeUsed: status === 'CanBeUsed',
    discountAmountForCurrentOrder: asNumber(raw.discountAmountForCurrentOrder),
    availableFromDateTimeUtc: asString(coupon.availableFromDateTimeUtc),
    availableTillDateTimeUtc: asString(coupon.availableTillDateTimeUtc),
    usedDateTimeUtc: asString(coupon.usedDateTimeUtc),
    raw,
  };
}

/** Reads one order line; undefined when it is not an object. */
export function parseOrderLine(value: unknown): MindboxOrderLine | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const quantity = asNumber(raw.quantity);
  const basePricePerItem = asNumber(raw.basePricePerItem);
  const discountedPriceOfLine = asNumber(raw.discountedPriceOfLine) ?? asNumber(raw.discountedPricePerLine);
  return {
    lineId: asString(raw.lineId),
    lineNumber: asNumber(raw.lineNumber),
    productIds: asIds(asRecord(raw.product)?.ids),
    quantity,
    basePricePerItem,
    minPricePerItem: asNumber(raw.minPricePerItem),
    discountedPriceOfLine,
    discountOfLine:
      quantity !== undefined && basePricePerItem !== undefined && discountedPriceOfLine !== undefined
        ? roundMoney(basePricePerItem * quantity - discountedPriceOfLine)
        : undefined,
    statusExternalId: asString(asRecord(asRecord(raw.status)?.ids)?.externalId),
    appliedPromotions: parseAppliedPromotions(raw.appliedPromotions),
    customFields: asRecord(raw.customFields) ?? {},
    raw,
  };
}

const amountsOf = (promotions: MindboxAppliedPromotion[], ...types: AppliedPromotionType[]) =>
  sumMoney(
    promotions.filter((promotion) => types.includes(promotion.type)).map((promotion) => promotion.amount),
  );

/**
 * Reads the answer of an order calculation, or of a create/update with processing: the `order`
 * node and the `customer` beside it. Undefined when the body has no `order` object (e.g. a
 * `TransactionAlreadyProcessed` answer).
 */
export function parseOrderCalculation(body: unknown): MindboxOrderCalculation | undefined {
  const root = asRecord(body);
  const raw = asRecord(root?.order);
  if (raw === undefined) return undefined;
  const rawProcessingStatus = asString(raw.processingStatus);
  const lines = asArray(raw.lines).flatMap((entry) => parseOrderLine(entry) ?? []);
  const appliedPromotions = parseAppliedPromotions(raw.appliedPromotions);
  const allPromotions = [...lines.flatMap((line) => line.appliedPromotions), ...appliedPromotions];
  return {
    processingStatus: asKnown(ORDER_PROCESSING_STATUSES, rawProcessingStatus),
    rawProcessingStatus,
    statusDescription: asString(raw.statusDescription),
    ids: asIds(raw.ids),
    totalPrice: asNumber(raw.totalPrice),
    deliveryCost: asNumber(raw.deliveryCost),
    lines,
    appliedPromotions,
    coupons: asArray(raw.couponsInfo).flatMap((entry) => parseCouponInfo(entry) ?? []),
    bonusPoints: parseOrderBonusPoints(raw, {
      spent: amountsOf(allPromotions, 'spentBonusPoints'),
      earned: amountsOf(allPromotions, 'earnedBonusPoints'),
    }),
    totalDiscount:
      sumMoney(lines.map((line) => line.discountOfLine)) ??
      amountsOf(allPromotions, 'discount', 'correctionDiscount'),
    deliveryDiscount: amountsOf(allPromotions, 'deliveryDiscount'),
    customer: parseCustomer(root?.customer),
    raw,
  };
}
