import { RetailCrmErrorItem } from '../retailcrm.errors';
import { CustomFieldValues } from './common.types';
import { Customer } from './customer.types';
import { CustomerHistoryRecord, OrderHistoryRecord } from './history.types';
import { Order, OrderItem, OrderItemProperty, OrderPayment } from './order.types';
import { Product, ProductOffer } from './store.types';

// RetailCRM is written in PHP: an empty associative array is encoded as `[]`, and a non-empty one
// keyed by ids or codes as an object. These functions give each such field one shape.

type Json = Record<string, unknown>;

/** The value as a plain JSON object, or undefined for anything else (arrays included). */
export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A PHP map that may come as an object, `[]` (empty) or absent -> always an object. */
export function mapOf(value: unknown): Json {
  if (Array.isArray(value)) return Object.fromEntries(value.entries());
  return { ...(asObject(value) ?? {}) };
}

/** A collection that comes as a list or as an object keyed by id or code -> always a list. */
export function listOf<T = unknown>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  const object = asObject(value);
  return object ? (Object.values(object) as T[]) : [];
}

/** Custom field values: `[]` -> `{}`. */
export function customFieldsOf(value: unknown): CustomFieldValues {
  return mapOf(value);
}

/** Payments: keyed by payment id in GET answers, a list in edits and history -> a list. */
export function paymentsOf(value: unknown): OrderPayment[] {
  return listOf<OrderPayment>(value);
}

/**
 * `errors` of an error answer: an object (field -> text, possibly nested or with lists of texts)
 * or a list of texts -> a list of `{field?, message}`. Nested field names are dotted.
 */
export function errorsOf(value: unknown): RetailCrmErrorItem[] {
  const items: RetailCrmErrorItem[] = [];
  const walk = (node: unknown, field: string | undefined): void => {
    if (node === null || node === undefined) return;
    if (Array.isArray(node)) {
      for (const entry of node) walk(entry, field);
      return;
    }
    const object = asObject(node);
    if (object) {
      for (const [key, entry] of Object.entries(object)) walk(entry, field ? `${field}.${key}` : key);
      return;
    }
    const message = String(node);
    items.push(field === undefined ? { message } : { field, message });
  };
  walk(value, undefined);
  return items;
}

/** Present nested customer snapshots get their quirks fixed; absent fields stay absent. */
function fixCustomerFields(raw: Json): Json {
  const fixed: Json = { ...raw };
  if ('customFields' in raw) fixed.customFields = customFieldsOf(raw.customFields);
  return fixed;
}

/** A full customer: `customFields` always an object. */
export function normaliseCustomer(raw: unknown): Customer {
  const object = asObject(raw) ?? {};
  return { ...fixCustomerFields(object), customFields: customFieldsOf(object.customFields) } as Customer;
}

/** Order line properties: a list, or an object keyed by code, or `[]` -> a list. */
export function itemPropertiesOf(value: unknown): OrderItemProperty[] {
  if (Array.isArray(value)) return value as OrderItemProperty[];
  const object = asObject(value);
  if (!object) return [];
  return Object.entries(object).map(([code, property]) => {
    const fields = asObject(property);
    return (
      fields ? { code, ...fields } : { code, name: code, value: String(property) }
    ) as OrderItemProperty;
  });
}

/** An order line: `properties` always a list. */
export function normaliseOrderItem(raw: unknown): OrderItem {
  const object = asObject(raw) ?? {};
  return { ...object, properties: itemPropertiesOf(object.properties) } as OrderItem;
}

function fixOrderFields(raw: Json): Json {
  const fixed: Json = { ...raw };
  if ('customFields' in raw) fixed.customFields = customFieldsOf(raw.customFields);
  if ('payments' in raw) fixed.payments = paymentsOf(raw.payments);
  if ('items' in raw) fixed.items = listOf(raw.items).map(normaliseOrderItem);
  for (const key of ['customer', 'contact'] as const) {
    const person = asObject(raw[key]);
    if (person) fixed[key] = fixCustomerFields(person);
  }
  return fixed;
}

/** A full order: `customFields` an object, `payments` and `items` lists, nested customers fixed. */
export function normaliseOrder(raw: unknown): Order {
  const fixed = fixOrderFields(asObject(raw) ?? {});
  return {
    ...fixed,
    items: fixed.items ?? [],
    payments: fixed.payments ?? [],
    customFields: fixed.customFields ?? {},
  } as Order;
}

/** A customer history record: a snapshot customer gets its quirks fixed, a short reference stays as is. */
export function normaliseCustomerHistoryRecord(raw: unknown): CustomerHistoryRecord {
  const object = asObject(raw) ?? {};
  const customer = asObject(object.customer);
  return { ...object, ...(customer && { customer: fixCustomerFields(customer) }) } as CustomerHistoryRecord;
}

/** An order history record: a snapshot order gets its quirks fixed, a short reference stays as is. */
export function normaliseOrderHistoryRecord(raw: unknown): OrderHistoryRecord {
  const object = asObject(raw) ?? {};
  const order = asObject(object.order);
  return { ...object, ...(order && { order: fixOrderFields(order) }) } as OrderHistoryRecord;
}

/** A catalogue product: `offers` a list, each offer's `properties` an object. */
export function normaliseProduct(raw: unknown): Product {
  const object = asObject(raw) ?? {};
  const offers = listOf(object.offers).map(
    (offer) => ({ ...asObject(offer), properties: mapOf(asObject(offer)?.properties) }) as ProductOffer,
  );
  return { ...object, offers } as Product;
}
