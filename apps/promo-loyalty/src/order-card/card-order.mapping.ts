import type {
  AppliedLineDto,
  CardOrderDto,
  CardOrderItemDto,
  OrderTotalsDto,
  PromoCodeDto,
  PromoCodeVerdict,
  PromotionDto,
} from '@app/messaging';
import type {
  CouponStatus,
  MindboxCouponInfo,
  MindboxOrderCalculation,
  MindboxOrderLineRequest,
  MindboxOrderOperationRequest,
} from '@app/mindbox';
import type { AccountSettings } from '@app/settings';

/** The settings that decide how a card order is shown to Mindbox. */
export interface CardMapping {
  customerIdKey: string;
  orderIdKey: string;
  orderExternalIdKey: string;
  productKey: string;
  /** Which CRM offer field holds the product id Mindbox knows (`offer.externalId`...). */
  productField: string;
  pointOfContact?: string;
}

/** The mapping of an account whose Mindbox, customers, orders and products tabs are saved; else null. */
export function cardMappingOf(settings: AccountSettings): CardMapping | null {
  const { customers, orders, products } = settings;
  if (!settings.mindbox || !customers || !orders || !products || !orders.operations.calculate) return null;
  return {
    customerIdKey: customers.ids.customerIdKey,
    orderIdKey: orders.ids.orderIdKey,
    orderExternalIdKey: orders.ids.orderExternalIdKey,
    productKey: products.ids.mindboxKey,
    productField: products.ids.retailcrmField,
    pointOfContact: orders.extra?.pointOfContact,
  };
}

/** What to calculate besides the order itself. */
export interface CalculationExtras {
  promoCode?: string;
  points?: number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** The id Mindbox knows a line's product by; falls back to the offer's CRM id when the card lacks the field. */
export function productIdOf(item: CardOrderItemDto, field: string): string | undefined {
  const { offer } = item;
  const byField: Record<string, string | number | undefined> = {
    'offer.externalId': offer.externalId,
    'offer.xmlId': offer.xmlId,
    'offer.article': offer.article,
    'offer.id': offer.id,
  };
  const value = byField[field] ?? offer.id;
  return value === undefined ? undefined : String(value);
}

/** The line id Mindbox keeps for a card line: the saved line's id, else its place in the card. */
export const lineIdOf = (item: CardOrderItemDto): string =>
  item.id ? String(item.id) : `card-${item.index}`;

/**
 * The calculate request of a card order: the same customer, order and product ids order-processing
 * sends (DESIGN.md "Contract details"), so a one-time code of this order stays its own.
 */
export function calculateRequestOf(
  order: CardOrderDto,
  mapping: CardMapping,
  extras: CalculationExtras = {},
): MindboxOrderOperationRequest {
  const ids: Record<string, string> = {};
  if (order.id) ids[mapping.orderIdKey] = String(order.id);
  if (order.externalId) ids[mapping.orderExternalIdKey] = order.externalId;
  const lines: MindboxOrderLineRequest[] = order.items.map((item, position) => ({
    lineId: lineIdOf(item),
    lineNumber: position + 1,
    product: { ids: { [mapping.productKey]: productIdOf(item, mapping.productField) ?? lineIdOf(item) } },
    basePricePerItem: item.initialPrice,
    quantity: item.quantity,
    ...(Number.isInteger(item.quantity) ? {} : { quantityType: 'double' as const }),
  }));
  const request: MindboxOrderOperationRequest = {
    order: {
      ...(Object.keys(ids).length > 0 ? { ids } : {}),
      ...(extras.promoCode ? { coupons: [{ ids: { code: extras.promoCode } }] } : {}),
      ...(extras.points ? { bonusPoints: [{ amount: extras.points }] } : {}),
      lines,
    },
  };
  if (order.customer?.id) request.customer = { ids: { [mapping.customerIdKey]: String(order.customer.id) } };
  if (mapping.pointOfContact) request.pointOfContact = mapping.pointOfContact;
  return request;
}

/** The sum of the card's lines before discounts. */
export function subtotalOf(order: CardOrderDto): number {
  return round(order.items.reduce((sum, item) => sum + item.initialPrice * item.quantity, 0));
}

/** Subtotal, discount and total of a calculated order. */
export function totalsOf(order: CardOrderDto, calculation: MindboxOrderCalculation): OrderTotalsDto {
  const subtotal = subtotalOf(order);
  const total = calculation.totalPrice ?? round(subtotal - (calculation.totalDiscount ?? 0));
  return { subtotal, discount: round(subtotal - total), total };
}

const VERDICTS: Record<CouponStatus, PromoCodeVerdict> = {
  CanBeUsed: 'valid',
  NotFound: 'not-found',
  Used: 'already-used',
  YetNotActive: 'not-yet-active',
  AlreadyNotActive: 'expired',
  CanNotBeUsedForCurrentOrder: 'not-for-this-order',
  Blocked: 'blocked',
  NotIssued: 'not-issued',
  Unavailable: 'unavailable',
  unknown: 'unknown',
};

/** Mindbox's coupon status in the words the card shows (reference §4.3: there is no `Expired`). */
export const verdictOf = (status: CouponStatus): PromoCodeVerdict => VERDICTS[status];

/** The `couponsInfo` entry of a code (codes compare case-insensitively). */
export function couponOf(calculation: MindboxOrderCalculation, code: string): MindboxCouponInfo | undefined {
  const wanted = code.toLowerCase();
  return (
    calculation.coupons.find((coupon) => coupon.code?.toLowerCase() === wanted) ??
    (calculation.coupons.length === 1 ? calculation.coupons[0] : undefined)
  );
}

/** The code as the card shows it; a code Mindbox said nothing about reads as not found. */
export function promoCodeOf(calculation: MindboxOrderCalculation, code: string): PromoCodeDto {
  const coupon = couponOf(calculation, code);
  if (!coupon) return { code, verdict: 'not-found', discount: 0 };
  const verdict = verdictOf(coupon.status);
  return {
    code,
    verdict,
    mindboxStatus: coupon.rawStatus,
    discount: verdict === 'valid' ? round(coupon.discountAmountForCurrentOrder ?? 0) : 0,
    poolName: coupon.pool?.name,
    validFrom: coupon.availableFromDateTimeUtc,
    validTill: coupon.availableTillDateTimeUtc,
    usedAt: coupon.usedDateTimeUtc,
  };
}

/**
 * The discount of every card line, for the card's `changeItemDiscount`. Mindbox may split a line:
 * the parts share the `lineId` and their discounts add up.
 */
export function lineDiscountsOf(order: CardOrderDto, calculation: MindboxOrderCalculation): AppliedLineDto[] {
  return order.items.map((item) => {
    const parts = calculation.lines.filter((line) => line.lineId === lineIdOf(item));
    const before = round(item.initialPrice * item.quantity);
    const total =
      parts.length > 0 && parts.every((line) => line.discountedPriceOfLine !== undefined)
        ? round(parts.reduce((sum, line) => sum + (line.discountedPriceOfLine ?? 0), 0))
        : before;
    return { index: item.index, ...(item.id ? { id: item.id } : {}), discount: round(before - total), total };
  });
}

/** The promotions of the calculation, one entry per promotion (and type), with the card lines it touches. */
export function promotionsOf(order: CardOrderDto, calculation: MindboxOrderCalculation): PromotionDto[] {
  const byKey = new Map<string, PromotionDto>();
  const add = (
    promotion: MindboxOrderCalculation['appliedPromotions'][number],
    lineIndex: number | undefined,
  ): void => {
    if (promotion.type === 'preconditionMarker') return;
    const name =
      promotion.promotion?.name ??
      promotion.coupon?.pool?.name ??
      promotion.promotion?.externalId ??
      promotion.rawType ??
      'promotion';
    const key = `${promotion.rawType}|${promotion.promotion?.mindboxId ?? promotion.promotion?.externalId ?? name}`;
    const entry = byKey.get(key) ?? {
      name,
      type: promotion.rawType ?? 'unknown',
      amount: 0,
      ...(promotion.promotion?.externalId ? { externalId: promotion.promotion.externalId } : {}),
      lines: [],
    };
    entry.amount = round(entry.amount + (promotion.amount ?? 0));
    if (lineIndex !== undefined && !entry.lines.includes(lineIndex)) entry.lines.push(lineIndex);
    byKey.set(key, entry);
  };
  const indexOf = new Map(order.items.map((item) => [lineIdOf(item), item.index]));
  for (const line of calculation.lines) {
    const index = line.lineId === undefined ? undefined : indexOf.get(line.lineId);
    for (const promotion of line.appliedPromotions) add(promotion, index);
  }
  for (const promotion of calculation.appliedPromotions) add(promotion, undefined);
  return [...byKey.values()];
}

/** Texts of `placeholders[].content[]` (offers the customer could still get), order and lines. */
export function hintsOf(calculation: MindboxOrderCalculation): string[] {
  const nodes = [calculation.raw, ...calculation.lines.map((line) => line.raw)];
  const texts = nodes.flatMap((node) =>
    (Array.isArray(node.placeholders) ? node.placeholders : []).flatMap((placeholder: unknown) => {
      const content = (placeholder as { content?: unknown })?.content;
      return (Array.isArray(content) ? content : []).flatMap((entry: unknown) => {
        const text =
          (entry as { text?: unknown; message?: unknown })?.text ?? (entry as { message?: unknown })?.message;
        return typeof text === 'string' && text.trim() ? [text.trim()] : [];
      });
    }),
  );
  return [...new Set(texts)];
}
