import type { MindboxCustomerRequest } from './customer.request';
import type { MindboxCustomFields, MindboxDecimal, MindboxIds, MindboxRef } from './common.request';

/** A promo code in `order.coupons` (or beside a requested promotion), optionally with its pool. */
export interface MindboxCouponRequest {
  ids: { code: string };
  pool?: MindboxRef;
}

/**
 * A promotion the caller applies itself (processing requests, reference §4.2): an external
 * promotion created in Mindbox beforehand, e.g. RetailCRM's own discount, with its amount.
 */
export interface MindboxRequestedPromotion {
  /** `discount`; create also takes `earnedBonusPoints` / `spentBonusPoints`. */
  type: 'discount' | 'earnedBonusPoints' | 'spentBonusPoints' | (string & {});
  promotion: MindboxRef;
  coupon?: MindboxCouponRequest;
  amount: MindboxDecimal;
  balanceType?: MindboxRef;
}

/** A line discount of orders without processing (reference §4.6, "generation 1"). */
export type MindboxLineDiscount =
  | { type: 'promoCode'; promoCode: MindboxRef<{ code: string }>; amount: MindboxDecimal }
  | {
      type: 'externalPromoAction';
      externalPromoAction: MindboxRef<{ externalId: string }>;
      amount: MindboxDecimal;
    };

/** One order line. */
export interface MindboxOrderLineRequest {
  /** A stable id of the line; after a split, give each new line its own (reference §4.2). */
  lineId?: string;
  /** Optional in calculate; required and strictly increasing in create. Reuse the numbers Mindbox returned. */
  lineNumber?: number;
  product: MindboxRef;
  /** Up to 2 decimals. */
  basePricePerItem: MindboxDecimal;
  minPricePerItem?: MindboxDecimal;
  costPricePerItem?: MindboxDecimal;
  /** Up to 3 decimals. */
  quantity: MindboxDecimal;
  /** Send `double` only for fractional quantities. */
  quantityType?: 'int' | 'double';
  /** Processing: the line status as `{ ids: { externalId } }`; without processing a plain string. */
  status?: MindboxRef<{ externalId: string }> | string;
  requestedPromotions?: MindboxRequestedPromotion[];
  /** Orders without processing only. */
  discounts?: MindboxLineDiscount[];
  /** Orders without processing only. */
  discountedPricePerLine?: MindboxDecimal;
  giftCard?: { ids: { number: string }; getFromPool?: boolean };
  customFields?: MindboxCustomFields;
}

/** A payment of the order. */
export interface MindboxPaymentRequest {
  type: string;
  id?: string;
  amount?: MindboxDecimal;
  creditCard?: { hash: string };
}

/** Points to spend: the amount, optionally from one balance type. */
export interface MindboxBonusPointsRequest {
  amount: MindboxDecimal;
  balanceType?: MindboxRef;
}

/** An `order` node: calculate, create/update with processing, offline order, explicit transactions. */
export interface MindboxOrderRequest {
  /** The same order always goes with the same ids, so its own one-time code stays usable (reference §5.4). */
  ids?: MindboxIds;
  area?: MindboxRef;
  cashdesk?: MindboxRef;
  deliveryCost?: MindboxDecimal;
  /** Create with processing: the `totalPrice` of the calculation. */
  totalPrice?: MindboxDecimal;
  customFields?: MindboxCustomFields;
  coupons?: MindboxCouponRequest[];
  bonusPoints?: MindboxBonusPointsRequest[];
  payments?: MindboxPaymentRequest[];
  requestedPromotions?: MindboxRequestedPromotion[];
  deliveryDiscount?: { amount: MindboxDecimal };
  lines: MindboxOrderLineRequest[];
  /** Explicit processing transactions (Begin/Commit/Rollback…OrderTransaction): `{ ids: { externalId } }`. */
  transaction?: MindboxRef<{ externalId: string }>;
}

/** Body of calculate, create/update with processing and offline-order operations. */
export interface MindboxOrderOperationRequest {
  customer?: MindboxCustomerRequest;
  /** The external id of the point of contact (the shop). */
  pointOfContact?: string;
  order: MindboxOrderRequest;
  /** Runs the operation as of this moment (offline orders, late status changes). */
  executionDateTimeUtc?: string;
}

/** Commit or rollback of an explicit processing transaction: the order by ids, and the transaction. */
export interface MindboxOrderTransactionRequest {
  order: { ids?: MindboxIds; transaction: MindboxRef<{ externalId: string }> };
}

/** One line of a per-line status change: by `lineId`, `lineNumber`, or product and price. */
export interface MindboxLineStatusRequest {
  lineId?: string;
  lineNumber?: number;
  product?: MindboxRef;
  basePricePerItem?: MindboxDecimal;
  quantity?: MindboxDecimal;
  status: MindboxRef<{ externalId: string }> | string;
}

/**
 * Body of a status change (reference §4.6): the whole order (`orderLinesStatus`) or some lines.
 * Status values are the external ids of statuses configured in the project.
 */
export type MindboxOrderStatusRequest =
  | { orderLinesStatus: string; order: MindboxRef; executionDateTimeUtc?: string }
  | { order: { ids: MindboxIds; lines: MindboxLineStatusRequest[] }; executionDateTimeUtc?: string };
