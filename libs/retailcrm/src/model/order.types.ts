import { Address, CustomFieldValues, FilterValue, ListFilter, Pagination } from './common.types';
import { Customer } from './customer.types';

/** The catalogue offer (SKU) of an order line. */
export interface OrderOffer {
  id?: number;
  externalId?: string;
  xmlId?: string;
  article?: string;
  name?: string;
  displayName?: string;
  [field: string]: unknown;
}

/** One discount applied to a line: `round`, `manual_order`, `manual_product`, `personal`, `bonus_charge`, ... */
export interface OrderItemDiscount {
  type: string;
  amount: number;
  [field: string]: unknown;
}

/** A property of an order line (size, colour...). */
export interface OrderItemProperty {
  code?: string;
  name: string;
  value: string;
  [field: string]: unknown;
}

/** An order line. */
export interface OrderItem {
  /** The line's id: send it back with every edit, or RetailCRM drops the line. */
  id: number;
  externalIds?: { code: string; value: string }[];
  offer?: OrderOffer;
  productName?: string;
  quantity: number;
  /** Price of one unit before discounts. */
  initialPrice?: number;
  /** Discount of one unit, all discounts together. */
  discountTotal?: number;
  discountManualAmount?: number;
  discountManualPercent?: number;
  discounts?: OrderItemDiscount[];
  /** Final unit prices and the quantity at each. */
  prices?: { price: number; quantity: number }[];
  /** Code of the line status (`new`, ...), see `reference.productStatuses()`. */
  status?: string;
  /** Always a list: an object keyed by code (or `[]`) from the API becomes a list. */
  properties: OrderItemProperty[];
  priceType?: { code: string };
  purchasePrice?: number;
  vatRate?: string;
  bonusesChargeTotal?: number;
  bonusesCreditTotal?: number;
  createdAt?: string;
  comment?: string;
  [field: string]: unknown;
}

/** An order's delivery. */
export interface OrderDelivery {
  /** Code of the delivery type. */
  code?: string;
  cost?: number;
  netCost?: number;
  date?: string;
  address?: Address;
  [field: string]: unknown;
}

/** A payment of an order. */
export interface OrderPayment {
  id?: number;
  type?: string;
  status?: string;
  externalId?: string;
  amount?: number;
  paidAt?: string;
  [field: string]: unknown;
}

/**
 * An order as `GET /api/v5/orders/{id}`, the lists and `orders/{id}/edit` give it. Money fields are
 * in the order's currency. Fields the client does not name pass through.
 */
export interface Order {
  id: number;
  externalId?: string;
  number?: string;
  site?: string;
  /** Code of the order status. */
  status?: string;
  /** Code of the order method (`shopping-cart`, `phone`, ...). */
  orderMethod?: string;
  orderType?: string;
  createdAt?: string;
  statusUpdatedAt?: string;
  currency?: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  phone?: string;
  email?: string;
  /** The customer the order belongs to (with `customFields` normalised like a {@link Customer}). */
  customer?: Customer;
  /** The contact person; the customer itself for individuals. */
  contact?: Customer;
  /** Always a list. */
  items: OrderItem[];
  delivery?: OrderDelivery;
  /** Order-level manual discount. */
  discountManualAmount?: number;
  discountManualPercent?: number;
  /** Goods total. */
  summ?: number;
  /** Grand total. */
  totalSumm?: number;
  prepaySum?: number;
  purchaseSumm?: number;
  bonusesChargeTotal?: number;
  bonusesCreditTotal?: number;
  privilegeType?: string;
  /** Always an object: `[]` from the API becomes `{}`. */
  customFields: CustomFieldValues;
  /** Always a list: GET answers key payments by id (`{"4326": {...}}`), edits and history send lists. */
  payments: OrderPayment[];
  managerId?: number;
  managerComment?: string;
  customerComment?: string;
  [field: string]: unknown;
}

/** A line to write with `orders/{id}/edit`: give `id` for every existing line. */
export interface OrderItemInput {
  id?: number;
  offer?: { id?: number; externalId?: string; xmlId?: string };
  quantity?: number;
  initialPrice?: number;
  discountManualAmount?: number;
  discountManualPercent?: number;
  status?: string;
  properties?: OrderItemProperty[];
  priceType?: { code: string };
  [field: string]: unknown;
}

/** Fields to write with `orders/create` or `orders/{id}/edit`; only the given ones change. */
export interface OrderInput {
  externalId?: string;
  status?: string;
  orderMethod?: string;
  items?: OrderItemInput[];
  discountManualAmount?: number;
  discountManualPercent?: number;
  customFields?: CustomFieldValues;
  [field: string]: unknown;
}

/** Filter of `GET /api/v5/orders` (any other documented filter name may be given too). */
export interface OrderFilter extends ListFilter {
  ids?: number[];
  externalIds?: string[];
  numbers?: string[];
  sites?: string[];
  customerId?: number;
  orderMethods?: string[];
  /** Status codes. */
  extendedStatus?: string[];
  createdAtFrom?: string;
  createdAtTo?: string;
  customFields?: { [code: string]: FilterValue };
}

/** A page of `GET /api/v5/orders`. */
export interface OrderList {
  orders: Order[];
  pagination: Pagination;
}

/** What `orders/create` and `orders/{id}/edit` give back. */
export interface OrderWriteResult {
  id: number;
  /** The order as saved, when RetailCRM sends it (current versions do). */
  order?: Order;
}

/** One entry of `GET /api/v5/orders/statuses`. */
export interface OrderStatusInfo {
  id: number;
  externalId?: string;
  status: string;
  /** Code of the status group (`new`, `complete`, `cancel`, ...). */
  group: string;
  [field: string]: unknown;
}
