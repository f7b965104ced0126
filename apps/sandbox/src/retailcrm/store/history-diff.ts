import type { Address, Customer, Json, JsonObject, Order, OrderItem } from './crm.types';
import { itemRef } from './entity-views';

/** One changed field, as one history record will show it. */
export interface FieldChange {
  field: string;
  oldValue: Json;
  newValue: Json;
  /** Extra keys of the record: `address`, `item`. */
  extra?: JsonObject;
}

/** `firstName` -> `first_name`, the way history names fields. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function json(value: unknown): Json {
  return value === undefined ? null : (value as Json);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a == b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function scalar(field: string, before: unknown, after: unknown): FieldChange[] {
  return same(before, after) ? [] : [{ field, oldValue: json(before), newValue: json(after) }];
}

/** Dictionary values (`status`, `order_method`...) appear as `{code}` in history. */
function coded(field: string, before: string | undefined, after: string | undefined): FieldChange[] {
  return same(before, after)
    ? []
    : [{ field, oldValue: before ? { code: before } : null, newValue: after ? { code: after } : null }];
}

function manager(before: number | undefined, after: number | undefined): FieldChange[] {
  return same(before, after)
    ? []
    : [
        {
          field: 'manager',
          oldValue: before === undefined ? null : { id: before },
          newValue: after === undefined ? null : { id: after },
        },
      ];
}

function customFields(before: JsonObject, after: JsonObject): FieldChange[] {
  const codes = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...codes].flatMap((code) => scalar(`custom_${code}`, before[code], after[code]));
}

function address(
  prefix: string,
  before: Address | undefined,
  after: Address | undefined,
  extra?: JsonObject,
) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  keys.delete('id');
  return [...keys].flatMap((key) =>
    scalar(`${prefix}.${snakeCase(key)}`, before?.[key as keyof Address], after?.[key as keyof Address]).map(
      (change) => (extra ? { ...change, extra } : change),
    ),
  );
}

const CUSTOMER_SCALARS = [
  'externalId',
  'firstName',
  'lastName',
  'patronymic',
  'email',
  'birthday',
  'sex',
  'vip',
  'bad',
  'commentary',
  'personalDiscount',
  'discountCardNumber',
  'emailMarketingUnsubscribedAt',
] as const;

/** The history records a customer edit writes, one per changed field. */
export function customerChanges(before: Customer, after: Customer): FieldChange[] {
  const beforePhones = before.phones.map((phone) => phone.number);
  const afterPhones = after.phones.map((phone) => phone.number);
  const addressRef = after.address?.id ?? before.address?.id;
  return [
    ...CUSTOMER_SCALARS.flatMap((key) => scalar(snakeCase(key), before[key], after[key])),
    ...manager(before.managerId, after.managerId),
    ...beforePhones
      .filter((number) => !afterPhones.includes(number))
      .map((number) => ({ field: 'phones', oldValue: number, newValue: null })),
    ...afterPhones
      .filter((number) => !beforePhones.includes(number))
      .map((number) => ({ field: 'phones', oldValue: null, newValue: number })),
    ...address(
      'address',
      before.address,
      after.address,
      addressRef === undefined ? undefined : { address: { id: addressRef, isMain: true } },
    ),
    ...scalar(
      'contragent.contragent_type',
      before.contragent.contragentType,
      after.contragent.contragentType,
    ),
    ...customFields(before.customFields, after.customFields),
  ];
}

const ORDER_SCALARS = [
  'externalId',
  'number',
  'firstName',
  'lastName',
  'patronymic',
  'phone',
  'additionalPhone',
  'email',
  'managerComment',
  'customerComment',
  'statusComment',
  'discountManualAmount',
  'discountManualPercent',
  'shipmentDate',
  'shipped',
  'call',
  'expired',
  'weight',
  'length',
  'width',
  'height',
  'fullPaidAt',
] as const;

const ITEM_FIELDS = [
  'quantity',
  'initialPrice',
  'discountManualAmount',
  'discountManualPercent',
  'discountTotal',
  'purchasePrice',
  'comment',
  'vatRate',
] as const;

function items(before: OrderItem[], after: OrderItem[]): FieldChange[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const now = new Map(after.map((item) => [item.id, item]));
  const removed = before
    .filter((item) => !now.has(item.id))
    .map((item) => ({
      field: 'order_product',
      oldValue: itemRef(item),
      newValue: null,
      extra: { item: item as unknown as JsonObject },
    }));
  const changed = after.flatMap((item) => {
    const previous = old.get(item.id);
    if (!previous) {
      return [
        {
          field: 'order_product',
          oldValue: null,
          newValue: itemRef(item),
          extra: { item: item as unknown as JsonObject },
        },
      ];
    }
    const extra = { item: itemRef(item) };
    return [
      ...ITEM_FIELDS.flatMap((key) => scalar(`order_product.${snakeCase(key)}`, previous[key], item[key])),
      ...coded('order_product.status', previous.status, item.status),
      ...(JSON.stringify(previous.properties) === JSON.stringify(item.properties)
        ? []
        : [
            {
              field: 'order_product.properties',
              oldValue: previous.properties as unknown as JsonObject[],
              newValue: item.properties as unknown as JsonObject[],
            },
          ]),
    ].map((change) => ({ ...change, extra }));
  });
  return [...removed, ...changed];
}

/**
 * The history records an order edit writes, one per changed field; `customerRef` renders the
 * `{id, site}` values of a `customer` change.
 */
export function orderChanges(
  before: Order,
  after: Order,
  customerRef: (id: number) => JsonObject | null,
): FieldChange[] {
  return [
    ...coded('status', before.status, after.status),
    ...coded('order_method', before.orderMethod, after.orderMethod),
    ...coded('order_type', before.orderType, after.orderType),
    ...coded('shipment_store', before.shipmentStore, after.shipmentStore),
    ...ORDER_SCALARS.flatMap((key) => scalar(snakeCase(key), before[key], after[key])),
    ...manager(before.managerId, after.managerId),
    ...(before.customerId === after.customerId
      ? []
      : [
          {
            field: 'customer',
            oldValue: customerRef(before.customerId),
            newValue: customerRef(after.customerId),
          },
        ]),
    ...coded('delivery_type', before.delivery.code, after.delivery.code),
    ...coded('delivery_service', before.delivery.service?.code, after.delivery.service?.code),
    ...scalar('delivery_cost', before.delivery.cost, after.delivery.cost),
    ...scalar('delivery_net_cost', before.delivery.netCost, after.delivery.netCost),
    ...scalar('delivery_date', before.delivery.date, after.delivery.date),
    ...address('delivery_address', before.delivery.address, after.delivery.address),
    ...items(before.items, after.items),
    ...customFields(before.customFields, after.customFields),
  ];
}
