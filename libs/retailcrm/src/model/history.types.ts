import { Customer } from './customer.types';
import { Order, OrderOffer, OrderPayment } from './order.types';

/** What a customer or order was merged into. */
export interface CombinedTo {
  id: number;
  externalId?: string;
  [field: string]: unknown;
}

/** The fields customer and order history records share. */
export interface HistoryRecord {
  /** Increasing id of the change: the cursor (`filter[sinceId]`) to resume from. */
  id: number;
  createdAt: string;
  /** The record marks the entity's creation; the entity is then a full snapshot. */
  created?: boolean;
  /** The record marks the entity's deletion; the entity is then a full snapshot. */
  deleted?: boolean;
  /** `api`, `user`, `code` (automation), and others. */
  source?: string;
  /** snake_case name of the changed field (`first_name`, `order_product.status`, `custom_<code>`). */
  field: string;
  /** Scalar, `{code}` for dictionary values, an object, or null. */
  oldValue?: unknown;
  newValue?: unknown;
  /** For `source: api`: `current` is true when the change was made with the key of this client. */
  apiKey?: { current?: boolean; [field: string]: unknown };
  /** For `source: user`: the manager. */
  user?: { id: number; [field: string]: unknown };
  combinedTo?: CombinedTo;
  [field: string]: unknown;
}

/** The customer of a history record: a short reference, or a full snapshot on created/deleted. */
export type HistoryCustomer = Partial<Customer> & {
  id: number;
  externalId?: string;
  site?: string;
  combinedTo?: CombinedTo;
};

/** The order of a history record: a short reference, or a full snapshot on created/deleted. */
export type HistoryOrder = Partial<Order> & {
  id: number;
  externalId?: string;
  site?: string;
  status?: string;
  combinedTo?: CombinedTo;
};

/** A change of a customer (`GET /api/v5/customers/history`). */
export interface CustomerHistoryRecord extends HistoryRecord {
  customer: HistoryCustomer;
  /** For `address.*` fields: which address. */
  address?: { id: number; isMain?: boolean; [field: string]: unknown };
}

/** A change of an order (`GET /api/v5/orders/history`). */
export interface OrderHistoryRecord extends HistoryRecord {
  order: HistoryOrder;
  /** For `order_product*` fields: the line. */
  item?: { id: number; offer?: OrderOffer; [field: string]: unknown };
  /** For `payments*` fields: the payment. */
  payment?: OrderPayment;
  ancestor?: { id: number; [field: string]: unknown };
}

/** One page of history, for callers that store their cursor once a page. */
export interface HistoryPage<R extends HistoryRecord> {
  /** Not empty; ordered by id. */
  records: R[];
  /** The highest record id of the page: the next `sinceId`. */
  lastId: number;
  /** When RetailCRM built the page (`Y-m-d H:i:s`, account time zone). */
  generatedAt?: string;
}
