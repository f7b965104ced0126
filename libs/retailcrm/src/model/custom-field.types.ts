/**
 * Entity a custom field belongs to. `order`, `customer` and `loyalty_account` are confirmed by the
 * official PHP client; corporate customers presumably use `customer_corporate` [unverified].
 */
export type CustomFieldEntity = 'order' | 'customer' | 'customer_corporate' | 'loyalty_account';

/** Type of a custom field. */
export type CustomFieldType =
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'dictionary'
  | 'multiselect_dictionary'
  | 'email'
  | 'integer'
  | 'numeric'
  | 'string'
  | 'text';

/** A custom field as `GET /api/v5/custom-fields` gives it. */
export interface CustomField {
  code: string;
  name: string;
  type: CustomFieldType | string;
  entity: CustomFieldEntity | string;
  required?: boolean;
  inFilter?: boolean;
  inList?: boolean;
  inGroupActions?: boolean;
  ordering?: number;
  /** Where the field shows in the card: `customer`, `main_data`, `delivery`, `payment`, ... */
  displayArea?: string;
  /** `editable`, `not_editable` or `miss`. */
  viewMode?: string;
  /** Code of the dictionary of `dictionary` fields. */
  dictionary?: string;
  default?: unknown;
  defaultTyped?: unknown;
  [field: string]: unknown;
}

/** A custom field to create (`POST /api/v5/custom-fields/{entity}/create`). */
export interface CustomFieldInput {
  code: string;
  name: string;
  type: CustomFieldType;
  displayArea?: string;
  viewMode?: 'editable' | 'not_editable' | 'miss';
  ordering?: number;
  inFilter?: boolean;
  inList?: boolean;
  required?: boolean;
  dictionary?: string;
  [field: string]: unknown;
}
