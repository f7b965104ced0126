import { Address, CustomFieldValues, FilterValue, ListFilter, Pagination } from './common.types';

/** A customer's phone. */
export interface CustomerPhone {
  number: string;
  [field: string]: unknown;
}

/** A marketing subscription of a customer (newer accounts). */
export interface CustomerSubscription {
  subscription: {
    id?: number;
    /** `email`, `sms`, `waba`, ... */
    channel: string;
    name?: string;
    /** e.g. `default_marketing`. */
    code: string;
    active?: boolean;
    autoSubscribe?: boolean;
    ordering?: number;
    [field: string]: unknown;
  };
  subscribed: boolean;
  changedAt?: string;
  [field: string]: unknown;
}

/**
 * A customer as `GET /api/v5/customers/{id}` and the lists give it. Dates are `Y-m-d H:i:s`
 * (birthday `Y-m-d`) in the account's time zone. Fields the client does not name pass through.
 */
export interface Customer {
  id: number;
  externalId?: string;
  /** Code of the shop (site) the customer belongs to. */
  site?: string;
  /** `customer` or `customer_corporate`. */
  type?: string;
  isContact?: boolean;
  createdAt?: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  email?: string;
  phones?: CustomerPhone[];
  birthday?: string;
  /** `male` or `female`. */
  sex?: string;
  address?: Address;
  /** Always an object: `[]` from the API becomes `{}`. */
  customFields: CustomFieldValues;
  /** Set when the customer unsubscribed from e-mail marketing. */
  emailMarketingUnsubscribedAt?: string;
  subscribed?: boolean;
  customerSubscriptions?: CustomerSubscription[];
  ordersCount?: number;
  totalSumm?: number;
  averageSumm?: number;
  marginSumm?: number;
  personalDiscount?: number;
  cumulativeDiscount?: number;
  discountCardNumber?: string;
  managerId?: number;
  vip?: boolean;
  bad?: boolean;
  tags?: { name: string; color?: string; attached?: boolean }[];
  segments?: { id: number; code: string; name?: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** Fields to write with `customers/create` or `customers/{id}/edit`; only the given ones change. */
export interface CustomerInput {
  externalId?: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  email?: string;
  phones?: { number: string }[];
  birthday?: string;
  sex?: string;
  address?: Partial<Address>;
  customFields?: CustomFieldValues;
  [field: string]: unknown;
}

/** Filter of `GET /api/v5/customers` (any other documented filter name may be given too). */
export interface CustomerFilter extends ListFilter {
  ids?: number[];
  externalIds?: string[];
  sites?: string[];
  email?: string;
  /** Only customers with at least this many orders. */
  minOrdersCount?: number;
  /** Created from/to (`Y-m-d`). */
  dateFrom?: string;
  dateTo?: string;
  customFields?: { [code: string]: FilterValue };
}

/** A page of `GET /api/v5/customers`. */
export interface CustomerList {
  customers: Customer[];
  pagination: Pagination;
}

/** What `customers/upload` reports per customer created. */
export interface UploadedCustomer {
  id: number;
  externalId?: string;
  [field: string]: unknown;
}
