/** Values of an entity's custom fields by field code. RetailCRM sends `[]` when empty; the client gives `{}`. */
export type CustomFieldValues = Record<string, unknown>;

/** The `pagination` block of list answers; `currentPage` is 1-based. */
export interface Pagination {
  limit: number;
  totalCount: number;
  currentPage: number;
  totalPageCount: number;
}

/** A postal address of a customer or a delivery. */
export interface Address {
  id?: number;
  index?: string;
  countryIso?: string;
  region?: string;
  regionId?: number;
  city?: string;
  cityId?: number;
  cityType?: string;
  street?: string;
  building?: string;
  house?: string;
  flat?: string;
  /** The address as one line, when it was entered as free text. */
  text?: string;
  notes?: string;
  [field: string]: unknown;
}

/** A reference to a dictionary value, e.g. `{code: "new"}` in history values. */
export interface CodeRef {
  code: string;
  [field: string]: unknown;
}

/**
 * A filter of a list method, sent as `filter[name]=value` (`filter[ids][]=1`,
 * `filter[customFields][code]=x`). Booleans go as 1/0; dates as `Y-m-d` or `Y-m-d H:i:s` strings
 * in the account's time zone.
 */
export interface ListFilter {
  [name: string]: FilterValue;
}

/** A value of a {@link ListFilter}. */
export type FilterValue =
  string | number | boolean | null | undefined | FilterValue[] | { [key: string]: FilterValue };
