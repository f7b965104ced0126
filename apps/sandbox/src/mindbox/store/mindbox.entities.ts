import type { SlidingWindowLimiter } from '../../rate-limit/sliding-window-limiter';
import type { Cents } from './money';

/**
 * What an operation does in the simulator. A real project names its operations as it likes
 * (`Website.CalculateAuthorizedCart`, `RetailCRM.BeginOrder`, …); each project here maps its
 * names to these behaviours.
 */
export const BEHAVIOURS = [
  'importCustomer',
  'editCustomer',
  'checkCustomer',
  'confirmMobilePhone',
  'getBalance',
  'calculate',
  'beginTransaction',
  'commitTransaction',
  'rollbackTransaction',
  'updateLineStatuses',
  'cancelOrder',
] as const;

export type Behaviour = (typeof BEHAVIOURS)[number];

/** Behaviours that change nothing: a repeated transactionId is not remembered for them. */
export const READ_ONLY_BEHAVIOURS: ReadonlySet<Behaviour> = new Set([
  'calculate',
  'checkCustomer',
  'getBalance',
]);

/** Line status external ids that take a line out of the order, and what that does to its points. */
export interface LineStatusSettings {
  /** The line never happened: its points go back, and when every line is out, the order's codes too. */
  cancelled: string[];
  /** The goods came back: same effect on points and codes as a cancellation. */
  returned: string[];
}

export interface BalanceTypeRef {
  systemName: string;
  name: string;
}

/** A Mindbox project as the sandbox holds it, keyed by its endpoint id. */
export interface ProjectSettings {
  endpointId: string;
  secretKey: string;
  /** Operation system name -> behaviour. */
  operations: Record<string, Behaviour>;
  /** External customer id system names (`customer.ids` keys besides `mindboxId`). */
  customerIdKeys: string[];
  /** External order id system names (`order.ids` keys besides `mindboxId`). */
  orderIdKeys: string[];
  /** Product id system names (`product.ids` keys of lines). */
  productIdKeys: string[];
  lineStatuses: LineStatusSettings;
  balanceType: BalanceTypeRef;
  /** The share of an order, after discounts, that points may pay (0…1). */
  maxPointsShare: number;
  /** The SMS code that confirms any customer's mobile phone. */
  phoneConfirmationCode: string;
  /**
   * Answer calculate and begin with every line of two or more units split in two lines sharing
   * its `lineId` (as Mindbox does when a promotion takes part of a line), for tests of clients.
   */
  splitLines?: boolean;
  /**
   * Requests per operation in any window of `rateLimitWindowMs`; more are answered 429 (Mindbox
   * allows 8,000 a minute per operation and endpoint, reference §2.3). 0 turns the limit off.
   */
  rateLimit: number;
  rateLimitWindowMs: number;
}

export interface Subscription {
  brand?: string;
  pointOfContact: string;
  topic?: string;
  isSubscribed: boolean;
}

export type CustomFieldValue = string | number | boolean | null;

/** Customer data the simulator keeps and returns (only filled fields are returned, as Mindbox does). */
export interface CustomerProfile {
  email?: string;
  mobilePhone?: string;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  area?: string;
  customFields?: Record<string, CustomFieldValue>;
}

/** Points of one customer: `available` can be spent, `blocked` is held by open transactions. */
export interface Balance {
  available: Cents;
  blocked: Cents;
  /** Points spent by committed orders so far (not part of the total). */
  spent: Cents;
}

export interface CustomerRecord {
  mindboxId: number;
  /** External ids by system name, values as strings. */
  ids: Record<string, string>;
  profile: CustomerProfile;
  isMobilePhoneConfirmed: boolean;
  subscriptions: Subscription[];
  balance: Balance;
  changedAt: string;
}

export type CouponPoolKind = 'oneTime' | 'multiUse';

export interface CouponPool {
  mindboxId: number;
  externalId: string;
  name: string;
  description: string;
  kind: CouponPoolKind;
  availableFrom?: string;
  availableTill?: string;
}

/** One promo code and the orders holding (open transaction) or having used (committed) it. */
export interface Coupon {
  code: string;
  poolMindboxId: number;
  /** Order mindboxId -> when its commit used the code. */
  usedBy: Map<number, string>;
  /** Orders whose open transaction holds the code. */
  heldBy: Set<number>;
}

export type DiscountKind = 'percent' | 'amount';

/**
 * A Mindbox promotion giving a discount: `percent` of each eligible line, or an `amount` per item
 * (scope `line`) or for the whole order (scope `order`, spread over the eligible lines).
 */
export interface Promotion {
  mindboxId: number;
  externalId: string;
  name: string;
  kind: DiscountKind;
  /** Percent (0…100) or kopecks. */
  value: number;
  scope: 'line' | 'order';
  /** Applies only with a code of this pool. */
  couponPoolMindboxId?: number;
  /** Applies only to lines whose product has one of these ids (under any product id key). */
  productIds?: string[];
  /** Applies only when the order's base value reaches this many kopecks. */
  minOrderTotal?: Cents;
  /** Ended promotions no longer apply to new orders; orders saved before keep them. */
  endedAt?: string;
}

/** A discount as it landed on a line. */
export type AppliedDiscount =
  | { kind: 'external'; externalId: string; amount: Cents }
  | {
      kind: 'promotion';
      promotion: Promotion;
      coupon?: { code: string; pool: CouponPool };
      amount: Cents;
    }
  | { kind: 'points'; amount: Cents };

export interface OrderLine {
  lineNumber: number;
  lineId?: string;
  productIds: Record<string, string>;
  quantity: number;
  basePricePerItem: Cents;
  minPricePerItem?: Cents;
  status?: string;
  discountedPriceOfLine: Cents;
  /** Points paying part of this line. */
  spentPoints: Cents;
  applied: AppliedDiscount[];
}

/** The content of an order as one transaction fixed it. */
export interface OrderSnapshot {
  lines: OrderLine[];
  couponCodes: string[];
  spentPoints: Cents;
  deliveryCost: Cents;
  totalPrice: Cents;
}

export interface OpenTransaction {
  externalId: string;
  snapshot: OrderSnapshot;
  /** Points moved from available to blocked by this transaction. */
  reserved: Cents;
}

export interface OrderRecord {
  mindboxId: number;
  ids: Record<string, string>;
  customerMindboxId?: number;
  pointOfContact?: string;
  /** What the last commit fixed. */
  committed?: OrderSnapshot;
  /** A begun transaction not committed or rolled back yet. */
  pending?: OpenTransaction;
  /** Transactions already closed, by their external id. */
  closedTransactions: Map<string, 'committed' | 'rolledBack'>;
  cancelled: boolean;
  /**
   * Promotions in force when the order was first saved: Mindbox recalculates an existing order
   * "with the promotions that were available at the first save" (reference §4.2).
   */
  promotionsAtFirstSave: Promotion[];
  createdAt: string;
  changedAt: string;
}

export type OrderState = 'reserved' | 'committed' | 'rolledBack' | 'cancelled';

export function orderState(order: OrderRecord): OrderState {
  if (order.pending && (order.cancelled || !order.committed)) return 'reserved';
  if (order.cancelled) return 'cancelled';
  return order.committed ? 'committed' : 'rolledBack';
}

/** Everything the simulator holds for one project. */
export interface ProjectState {
  settings: ProjectSettings;
  customers: Map<number, CustomerRecord>;
  /** `key\0value` -> customer mindboxId. */
  customerIndex: Map<string, number>;
  pools: Map<number, CouponPool>;
  /** Upper-cased code -> coupon. */
  coupons: Map<string, Coupon>;
  promotions: Promotion[];
  orders: Map<number, OrderRecord>;
  /** `key\0value` -> order mindboxId. */
  orderIndex: Map<string, number>;
  /** Processing transaction external id -> order mindboxId. */
  transactions: Map<string, number>;
  /** `operation\0transactionId` of requests already applied. */
  processed: Set<string>;
  /** Requests counted per operation against `settings.rateLimit`. */
  limiter: SlidingWindowLimiter;
  sequences: { customer: number; order: number; pool: number; promotion: number };
}
