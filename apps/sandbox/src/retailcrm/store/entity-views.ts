import type { Customer, CustomField, Json, JsonObject, Order, OrderItem } from './crm.types';

/** An entity as the API answers it. */
export type View = Record<string, unknown>;

/** The CRM sends an empty custom field set as `[]`, not `{}`. */
function customFieldsView(fields: JsonObject): JsonObject | [] {
  return Object.keys(fields).length === 0 ? [] : fields;
}

export function customerView(customer: Customer): View {
  return { ...customer, customFields: customFieldsView(customer.customFields) };
}

/** The short customer reference of history records. */
export function customerRef(customer: Customer): JsonObject {
  return {
    id: customer.id,
    ...(customer.externalId !== undefined ? { externalId: customer.externalId } : {}),
    site: customer.site,
  };
}

/**
 * Where an order is shown: `payments` is an object keyed by payment id in GET, list and edit
 * answers, but an array in the create answer and in history snapshots, as the real API sends them.
 */
export type OrderViewKind = 'read' | 'create' | 'history';

export function orderView(order: Order, customer: Customer | undefined, kind: OrderViewKind): View {
  const { customerId: _customerId, payments, customFields, ...rest } = order;
  const client = customer ? customerView(customer) : undefined;
  return {
    ...rest,
    ...(client ? { customer: client } : {}),
    ...(client && kind !== 'history' ? { contact: client } : {}),
    payments:
      kind === 'read'
        ? Object.fromEntries(payments.map((payment) => [String(payment.id), payment]))
        : payments,
    customFields: customFieldsView(customFields),
  };
}

/** The short order reference of history records. */
export function orderRef(order: Order): JsonObject {
  return {
    id: order.id,
    ...(order.externalId !== undefined ? { externalId: order.externalId } : {}),
    ...(order.managerId !== undefined ? { managerId: order.managerId } : {}),
    site: order.site,
    status: order.status,
  };
}

/** The item reference of `order_product.*` history records. */
export function itemRef(item: OrderItem): JsonObject {
  return {
    id: item.id,
    ...(item.offer
      ? {
          offer: {
            id: item.offer.id,
            ...(item.offer.externalId !== undefined ? { externalId: item.offer.externalId } : {}),
            ...(item.offer.xmlId !== undefined ? { xmlId: item.offer.xmlId } : {}),
          },
        }
      : {}),
  };
}

/**
 * A custom field definition as the API answers it: `default` as a string (`"false"`) and
 * `defaultTyped` with the value in the field's type.
 */
export function customFieldView(field: CustomField): View {
  if (field.default === undefined) return { ...field };
  return { ...field, defaultTyped: typedDefault(field) };
}

function typedDefault(field: CustomField): Json {
  const value = field.default ?? null;
  switch (field.type) {
    case 'boolean':
      return value === 'true' || value === '1';
    case 'integer':
    case 'numeric':
      return Number(value);
    case 'multiselect_dictionary':
      return value === null ? [] : value.split(',');
    default:
      return value;
  }
}
