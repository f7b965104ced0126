import { createHash } from 'node:crypto';
import type {
  MindboxIds,
  MindboxLineStatusRequest,
  MindboxOrderCalculation,
  MindboxOrderLineRequest,
  MindboxOrderOperationRequest,
} from '@app/mindbox';
import type { CustomFieldValues, Order, OrderInput, OrderItem, OrderItemInput } from '@app/retailcrm';
import type { RetailCrmProductField } from '@app/settings';
import type { OrderMappingSettings } from './mapping-settings';

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** SHA-256 of a value's JSON: what was sent, to tell a change from a repeat. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** The order's ids in Mindbox: the CRM id and, when it has one, the externalId; always the same for the same order. */
export function orderIdsOf(
  order: Pick<Order, 'id' | 'externalId'>,
  settings: OrderMappingSettings,
): MindboxIds {
  const ids: MindboxIds = { [settings.orderIdKey]: String(order.id) };
  if (order.externalId) ids[settings.orderExternalIdKey] = order.externalId;
  return ids;
}

/** The value of the configured CRM product field of a line, as text; undefined when the offer lacks it. */
export function productIdOf(item: OrderItem, field: RetailCrmProductField): string | undefined {
  const key = field.slice('offer.'.length) as 'externalId' | 'xmlId' | 'article' | 'id';
  const value = item.offer?.[key];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Whether the line is one of the Products tab's service products (never repriced). */
export function isServiceProduct(item: OrderItem, settings: OrderMappingSettings): boolean {
  const id = productIdOf(item, settings.productField);
  return id !== undefined && settings.serviceProductIds.includes(id);
}

/** The order's lines that reach Mindbox (those with a product id), by line id (= CRM item id). */
export function mappedItems(order: Order, settings: OrderMappingSettings): OrderItem[] {
  return [...order.items]
    .filter((item) => productIdOf(item, settings.productField) !== undefined && item.quantity > 0)
    .sort((a, b) => a.id - b.id);
}

/** The promo codes of the order's promo-code field (one code, or several separated by commas). */
export function couponsOf(order: Order, settings: OrderMappingSettings): string[] {
  const field = settings.promoCodeField;
  const value = field ? order.customFields?.[field] : undefined;
  if (typeof value !== 'string') return [];
  return [
    ...new Set(
      value
        .split(/[,;\s]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    ),
  ];
}

/** RetailCRM's own manual discount of the order as a whole (amount plus percent of the goods). */
export function crmOrderDiscount(order: Order): number {
  const goods = order.items.reduce((sum, item) => sum + (item.initialPrice ?? 0) * item.quantity, 0);
  const amount = (order.discountManualAmount ?? 0) + (goods * (order.discountManualPercent ?? 0)) / 100;
  return round2(Math.min(goods, Math.max(0, amount)));
}

function addressText(order: Order): string | undefined {
  const address = order.delivery?.address as Record<string, unknown> | undefined;
  if (!address) return undefined;
  if (typeof address.text === 'string' && address.text.trim()) return address.text.trim();
  const parts = ['index', 'region', 'city', 'street', 'building', 'flat']
    .map((key) => address[key])
    .filter((part): part is string | number => typeof part === 'string' || typeof part === 'number')
    .map(String)
    .filter((part) => part.trim() !== '');
  return parts.length ? parts.join(', ') : undefined;
}

function customerTypeOf(order: Order): 'business' | 'personal' {
  const contragent = (order.contragent as { contragentType?: unknown } | undefined)?.contragentType;
  return contragent === 'legal-entity' || contragent === 'enterpreneur' ? 'business' : 'personal';
}

/** Options of one mapping: whether RetailCRM's discount goes along, points to spend. */
export interface OrderMappingOptions {
  withCrmDiscount?: boolean;
  pointsToSpend?: number;
}

/** A mapped order: the request body (without a transaction) and its hash. */
export interface MappedOrder {
  body: MindboxOrderOperationRequest;
  hash: string;
}

/**
 * A RetailCRM order as the body of calculate or begin transaction (reference §4.2): the customer
 * by the configured key, the order under both configured ids, one line per CRM item with a
 * product id (line id and number = the CRM item id, so the same item is always the same line),
 * base prices, quantities, delivery cost, the codes of the promo-code field, points to spend,
 * the point of contact and the additional fields. Pure.
 */
export function mapOrder(
  order: Order,
  settings: OrderMappingSettings,
  options: OrderMappingOptions = {},
): MappedOrder {
  const lines: MindboxOrderLineRequest[] = mappedItems(order, settings).map((item) => ({
    lineId: String(item.id),
    lineNumber: item.id,
    product: { ids: { [settings.productKey]: productIdOf(item, settings.productField) as string } },
    basePricePerItem: round2(item.initialPrice ?? 0),
    quantity: item.quantity,
    ...(Number.isInteger(item.quantity) ? {} : { quantityType: 'double' as const }),
  }));
  const customFields: Record<string, string> = {};
  const address = addressText(order);
  if (settings.extra.address && address) customFields[settings.extra.address] = address;
  if (settings.extra.deliveryCode && order.delivery?.code)
    customFields[settings.extra.deliveryCode] = order.delivery.code;
  if (settings.extra.customerType) customFields[settings.extra.customerType] = customerTypeOf(order);

  const coupons = couponsOf(order, settings);
  const discount = options.withCrmDiscount && settings.discountPromotionId ? crmOrderDiscount(order) : 0;
  const customerId = order.customer?.id;
  const body: MindboxOrderOperationRequest = {
    ...(settings.customerIdKey && customerId
      ? { customer: { ids: { [settings.customerIdKey]: String(customerId) } } }
      : {}),
    ...(settings.pointOfContact ? { pointOfContact: settings.pointOfContact } : {}),
    order: {
      ids: orderIdsOf(order, settings),
      deliveryCost: round2(order.delivery?.cost ?? 0),
      ...(Object.keys(customFields).length ? { customFields } : {}),
      ...(coupons.length ? { coupons: coupons.map((code) => ({ ids: { code } })) } : {}),
      ...(options.pointsToSpend && options.pointsToSpend > 0
        ? { bonusPoints: [{ amount: round2(options.pointsToSpend) }] }
        : {}),
      ...(discount > 0
        ? {
            requestedPromotions: [
              {
                type: 'discount',
                promotion: { ids: { externalId: settings.discountPromotionId as string } },
                amount: discount,
              },
            ],
          }
        : {}),
      lines,
    },
  };
  return { body, hash: hashOf(body) };
}

/**
 * Per-line statuses for the line-status operation: each item whose CRM status the Products tab
 * maps, by line id. Pure.
 */
export function lineStatusesOf(order: Order, settings: OrderMappingSettings): MindboxLineStatusRequest[] {
  return mappedItems(order, settings).flatMap((item) => {
    const status = item.status ? settings.statusMap[item.status] : undefined;
    return status
      ? [{ lineId: String(item.id), quantity: item.quantity, status: { ids: { externalId: status } } }]
      : [];
  });
}

/** What the write-back changes, for the journal and the tests. */
export interface WriteBack {
  /** The body of `orders/{id}/edit`; every item with its id. */
  input: OrderInput;
  /** Items whose discount changed, and the new per-unit discount. */
  discounts: Record<number, number>;
  discountSum: number;
  promoCode?: string;
}

function sameNumber(a: unknown, b: number): boolean {
  return Math.abs((typeof a === 'number' ? a : Number(a ?? 0)) - b) < 0.005;
}

/**
 * What Mindbox's calculation changes in the CRM order, or null when nothing changes: per item the
 * discount per unit from the `discountedPriceOfLine` of its lines (several when Mindbox split the
 * line), without the share of RetailCRM's own discount passed as an external promotion, written
 * as the item's manual discount, unless "don't write back prices" is on or the item is a service
 * product; the Mindbox unit price into the configured item property; the discount sum and the
 * applied code into their custom fields. Pure.
 */
export function writeBackOf(
  order: Order,
  calculation: MindboxOrderCalculation,
  settings: OrderMappingSettings,
): WriteBack | null {
  let changed = false;
  let discountSum = 0;
  const discounts: Record<number, number> = {};
  const items: OrderItemInput[] = order.items.map((item) => {
    const input: OrderItemInput = { id: item.id };
    const lines = calculation.lines.filter((line) => line.lineId === String(item.id));
    if (lines.length === 0 || lines.some((line) => line.discountedPriceOfLine === undefined)) return input;
    if (isServiceProduct(item, settings)) return input;
    const lineTotal = lines.reduce((sum, line) => sum + (line.discountedPriceOfLine ?? 0), 0);
    const external = lines
      .flatMap((line) => line.appliedPromotions)
      .filter(
        (promotion) =>
          promotion.type === 'discount' &&
          settings.discountPromotionId !== undefined &&
          promotion.promotion?.externalId === settings.discountPromotionId,
      )
      .reduce((sum, promotion) => sum + (promotion.amount ?? 0), 0);
    const base = (item.initialPrice ?? 0) * item.quantity;
    const lineDiscount = Math.max(0, base - lineTotal - external);
    discountSum += lineDiscount;
    const perUnit = round2(lineDiscount / item.quantity);
    if (!settings.skipPriceWriteback) {
      if (!sameNumber(item.discountManualAmount, perUnit) || !sameNumber(item.discountManualPercent, 0)) {
        input.discountManualAmount = perUnit;
        input.discountManualPercent = 0;
        discounts[item.id] = perUnit;
        changed = true;
      }
    }
    const property = settings.priceProperty;
    if (property) {
      const value = round2(lineTotal / item.quantity).toFixed(2);
      const current = item.properties.find((p) => p.code === property.code);
      if (current?.value !== value || current.name !== property.name) {
        input.properties = [
          ...item.properties.filter((p) => p.code !== property.code),
          { code: property.code, name: property.name, value },
        ];
        changed = true;
      }
    }
    return input;
  });

  const customFields: CustomFieldValues = {};
  const sum = Math.round(discountSum);
  if (settings.discountAmountField && !sameNumber(order.customFields?.[settings.discountAmountField], sum)) {
    customFields[settings.discountAmountField] = sum;
  }
  const applied = calculation.coupons.find((coupon) => coupon.canBeUsed)?.code;
  const codes = couponsOf(order, settings);
  const promoCode =
    applied && settings.promoCodeField && !(codes.length === 1 && codes[0] === applied) ? applied : undefined;
  if (promoCode && settings.promoCodeField) customFields[settings.promoCodeField] = promoCode;
  if (Object.keys(customFields).length) changed = true;
  if (!changed) return null;
  return {
    input: { items, ...(Object.keys(customFields).length ? { customFields } : {}) },
    discounts,
    discountSum: sum,
    ...(promoCode ? { promoCode } : {}),
  };
}
