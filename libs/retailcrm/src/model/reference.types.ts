/** A shop (site) of the account. */
export interface Site {
  id?: number;
  code: string;
  name: string;
  url?: string;
  currency?: string;
  countryIso?: string;
  defaultForCrm?: boolean;
  isDemo?: boolean;
  [field: string]: unknown;
}

/** An order status. */
export interface OrderStatus {
  code: string;
  name: string;
  active: boolean;
  ordering?: number;
  /** Code of its {@link OrderStatusGroup}. */
  group?: string;
  [field: string]: unknown;
}

/** A group of order statuses (new, approval, assembling, delivery, complete, cancel). */
export interface OrderStatusGroup {
  code: string;
  name: string;
  active: boolean;
  ordering?: number;
  process?: boolean;
  /** Codes of the statuses in the group. */
  statuses: string[];
  [field: string]: unknown;
}

/** An order method (how the order was placed). */
export interface OrderMethod {
  code: string;
  name: string;
  active: boolean;
  defaultForCrm?: boolean;
  defaultForApi?: boolean;
  [field: string]: unknown;
}

/** A status of an order line. */
export interface ProductStatus {
  code: string;
  name: string;
  active: boolean;
  ordering?: number;
  cancelStatus?: boolean;
  createdAt?: string;
  [field: string]: unknown;
}
