import type { CustomField, JsonObject, Offer, Order, OrderItem, Payment, References } from './crm.types';
import { assign, readAddress, readCustomFields } from './customer-input';
import { InputReader } from './input-reader';

/** What applying order input needs besides the input. */
export interface OrderInputContext {
  references: References;
  customFields: CustomField[];
  now: string;
  creating: boolean;
  nextItemId: () => number;
  nextPaymentId: () => number;
  nextAddressId: () => number;
  /** The catalogue offer an item names by `id`, `externalId` or `xmlId`; unknown ones are added. */
  offer: (ref: { id?: number; externalId?: string; xmlId?: string; name?: string }) => Offer | undefined;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** An order with nothing but what the CRM fills in itself. */
export function blankOrder(id: number, site: string, now: string, currency: string): Order {
  return {
    slug: id,
    bonusesCreditTotal: 0,
    bonusesChargeTotal: 0,
    id,
    number: `${id}C`,
    orderType: 'eshop-individual',
    orderMethod: 'shopping-cart',
    privilegeType: 'none',
    countryIso: 'RU',
    createdAt: now,
    statusUpdatedAt: now,
    summ: 0,
    currency,
    totalSumm: 0,
    prepaySum: 0,
    purchaseSumm: 0,
    markDatetime: now,
    call: false,
    expired: false,
    applyRound: true,
    customerId: 0,
    contragent: { contragentType: 'individual' },
    delivery: { cost: 0, netCost: 0, address: {} },
    site,
    status: 'new',
    items: [],
    payments: [],
    fromApi: true,
    shipmentStore: 'main',
    shipped: false,
    customFields: {},
  };
}

/**
 * Applies an `order` JSON (create or edit) over `base`. `items`, when sent, replace the order's
 * items: an item is kept (and updated) only if the list names its `id`; the others are deleted,
 * as the real CRM does. Payments are read on create only. Throws the API's validation error.
 */
export function applyOrderInput(base: Order, input: JsonObject, context: OrderInputContext): Order {
  const reader = new InputReader(input);
  const refs = context.references;
  const next: Order = { ...base, delivery: { ...base.delivery } };

  for (const key of [
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
    'countryIso',
  ] as const) {
    assign(next, key, reader.string(key));
  }
  if (!next.number) next.number = `${next.id}C`;
  assign(next, 'orderType', reader.code('orderType', refs.orderTypes) ?? undefined);
  assign(next, 'orderMethod', reader.code('orderMethod', refs.orderMethods) ?? undefined);
  const status = reader.code('status', refs.statuses) ?? undefined;
  if (status && status !== base.status) {
    next.status = status;
    next.statusUpdatedAt = context.now;
  }
  assign(next, 'managerId', reader.integer('managerId'));
  assign(next, 'discountManualAmount', reader.number('discountManualAmount'));
  assign(next, 'discountManualPercent', reader.number('discountManualPercent'));
  assign(next, 'shipmentStore', reader.code('shipmentStore', refs.stores));
  assign(next, 'shipmentDate', reader.date('shipmentDate'));
  assign(next, 'shipped', reader.boolean('shipped'));
  assign(next, 'call', reader.boolean('call'));
  assign(next, 'expired', reader.boolean('expired'));
  assign(next, 'applyRound', reader.boolean('applyRound'));
  for (const key of ['weight', 'length', 'width', 'height'] as const) assign(next, key, reader.number(key));
  if (context.creating) {
    // An order imported with its own date got its status, mark and items at that date.
    assign(next, 'createdAt', reader.date('createdAt', true) ?? undefined);
    next.statusUpdatedAt = next.markDatetime = next.createdAt;
  }
  const moment = context.creating ? next.createdAt : context.now;
  const contragentType = reader.child('contragent')?.string('contragentType');
  if (contragentType) next.contragent = { contragentType };

  const delivery = reader.child('delivery');
  if (delivery) {
    assign(next.delivery, 'code', delivery.code('code', refs.deliveryTypes));
    assign(next.delivery, 'cost', delivery.number('cost') ?? undefined);
    assign(next.delivery, 'netCost', delivery.number('netCost') ?? undefined);
    assign(next.delivery, 'date', delivery.date('date'));
    const service = delivery.child('service');
    const serviceCode = service?.string('code');
    if (service && serviceCode) {
      next.delivery.service = {
        name: service.string('name') ?? serviceCode,
        code: serviceCode,
        active: true,
      };
    }
    const address = readAddress(delivery.child('address'), base.delivery.address);
    if (address) next.delivery.address = address;
  }
  if (next.delivery.address.id === undefined) {
    next.delivery.address = { id: context.nextAddressId(), ...next.delivery.address };
  }

  const items = reader.list('items');
  if (items) next.items = items.map((item) => readItem(item, base.items, context, moment));
  const payments = context.creating
    ? (reader.list('payments') ?? []).map((payment) => readPayment(payment, context, moment))
    : undefined;
  next.customFields = readCustomFields(reader, base.customFields, context.customFields);
  reader.throwIfInvalid();
  return payments ? withPayments(next, payments, context.now) : withTotals(next, context.now);
}

/** A payment as sent: without an amount it pays the whole order. */
export type PaymentDraft = Omit<Payment, 'amount'> & { amount?: number };

/** Sets the order's payments (a payment without amount pays the whole order) and its sums. */
export function withPayments(order: Order, payments: PaymentDraft[], now: string): Order {
  const priced = withTotals({ ...order, payments: [] }, now);
  priced.payments = payments.map(({ amount, ...payment }) => ({
    ...payment,
    amount: amount ?? priced.totalSumm,
  }));
  return settle(priced, now);
}

/** A new order line of `offer` (or of a free-text product), priced from the catalogue. */
export function newItem(id: number, offer: Offer | undefined, createdAt: string, quantity = 1): OrderItem {
  return {
    markingCodes: [],
    id,
    priceType: { code: 'base' },
    initialPrice: offer?.price ?? 0,
    discountTotal: 0,
    prices: [],
    discounts: [],
    vatRate: offer?.vatRate ?? 'none',
    createdAt,
    quantity,
    status: 'new',
    offer: offer && {
      displayName: offer.displayName,
      id: offer.id,
      externalId: offer.externalId,
      xmlId: offer.xmlId,
      name: offer.name,
      article: offer.article,
      vatRate: offer.vatRate,
      unit: offer.unit,
    },
    properties: [],
    purchasePrice: offer?.purchasePrice ?? 0,
  };
}

function readItem(
  item: InputReader,
  current: OrderItem[],
  context: OrderInputContext,
  moment: string,
): OrderItem {
  const id = item.integer('id');
  const existing = typeof id === 'number' ? current.find((candidate) => candidate.id === id) : undefined;
  if (typeof id === 'number' && !existing) item.fail('id', 'Order product not found.');
  const offerRef = item.child('offer');
  let offer = existing?.offer
    ? { ...existing.offer, price: existing.initialPrice, purchasePrice: 0 }
    : undefined;
  if (!existing && offerRef) {
    offer = context.offer({
      id: offerRef.integer('id') ?? undefined,
      externalId: offerRef.string('externalId') ?? undefined,
      xmlId: offerRef.string('xmlId') ?? undefined,
      name: item.string('productName') ?? undefined,
    });
    if (!offer) item.fail('offer', 'Offer not found.');
  }
  const productName = item.string('productName') ?? undefined;
  if (typeof id !== 'number' && !offer && !productName)
    item.fail('productName', 'This value should not be blank.');

  const next: OrderItem = existing
    ? { ...existing }
    : offer
      ? newItem(context.nextItemId(), offer, moment)
      : { ...newItem(context.nextItemId(), undefined, moment), productName };
  assign(next, 'quantity', item.number('quantity') ?? undefined);
  if (next.quantity <= 0) item.fail('quantity', 'This value should be greater than 0.');
  assign(next, 'initialPrice', item.number('initialPrice') ?? undefined);
  assign(next, 'purchasePrice', item.number('purchasePrice') ?? undefined);
  assign(next, 'discountManualAmount', item.number('discountManualAmount'));
  assign(next, 'discountManualPercent', item.number('discountManualPercent'));
  assign(next, 'status', item.code('status', context.references.productStatuses) ?? undefined);
  assign(next, 'vatRate', item.string('vatRate') ?? undefined);
  assign(next, 'comment', item.string('comment'));
  const priceType = item.child('priceType')?.string('code');
  if (priceType) next.priceType = { code: priceType };
  const properties = item.list('properties');
  if (properties) {
    // Item properties (size, colour, or the module's Mindbox price) replace the list, keyed by code.
    next.properties = properties.flatMap((entry) => {
      const name = entry.string('name');
      const value = entry.string('value');
      if (!name || value === null || value === undefined) return [];
      const code = entry.string('code');
      return [{ ...(code ? { code } : {}), name, value }];
    });
  }
  const externalIds = item.list('externalIds');
  if (externalIds) {
    next.externalIds = externalIds.flatMap((entry) => {
      const code = entry.string('code');
      const value = entry.string('value');
      return code && value ? [{ code, value }] : [];
    });
  }
  return next;
}

function readPayment(payment: InputReader, context: OrderInputContext, moment: string): PaymentDraft {
  const type = payment.code('type', context.references.paymentTypes);
  if (!type) payment.fail('type', 'This value should not be blank.');
  const status = payment.code('status', context.references.paymentStatuses) ?? 'not-paid';
  const paidAt = payment.date('paidAt', true) ?? (status === 'paid' ? moment : undefined);
  const result: PaymentDraft = { id: context.nextPaymentId(), status, type: type ?? '' };
  assign(result, 'externalId', payment.string('externalId'));
  assign(result, 'amount', payment.number('amount') ?? undefined);
  assign(result, 'paidAt', paidAt);
  assign(result, 'comment', payment.string('comment'));
  return result;
}

/**
 * Recomputes item discounts and prices and the order's sums: item manual discounts are per unit,
 * the order's manual discount is spread over the lines in proportion to their sums.
 */
export function withTotals(order: Order, now: string): Order {
  const unitDiscounts = order.items.map((item) =>
    round2((item.discountManualAmount ?? 0) + (item.initialPrice * (item.discountManualPercent ?? 0)) / 100),
  );
  const lineSums = order.items.map(
    (item, index) => (item.initialPrice - unitDiscounts[index]) * item.quantity,
  );
  const goods = lineSums.reduce((sum, line) => sum + line, 0);
  const orderDiscount = Math.min(
    goods,
    (order.discountManualAmount ?? 0) + (goods * (order.discountManualPercent ?? 0)) / 100,
  );
  const items = order.items.map((item, index) => {
    const share = goods > 0 ? round2((orderDiscount * lineSums[index]) / goods) : 0;
    const discountTotal = round2(unitDiscounts[index] + share / item.quantity);
    const discounts = [
      ...(unitDiscounts[index] > 0
        ? [{ type: 'manual_product', amount: round2(unitDiscounts[index] * item.quantity) }]
        : []),
      ...(share > 0 ? [{ type: 'manual_order', amount: share }] : []),
    ];
    return {
      ...item,
      discountTotal,
      discounts,
      prices: [{ price: round2(item.initialPrice - discountTotal), quantity: item.quantity }],
    };
  });
  const summ = round2(items.reduce((sum, item) => sum + item.prices[0].price * item.quantity, 0));
  return settle(
    {
      ...order,
      items,
      summ,
      totalSumm: round2(summ + order.delivery.cost),
      purchaseSumm: round2(items.reduce((sum, item) => sum + item.purchasePrice * item.quantity, 0)),
    },
    now,
  );
}

/** Sets what the payments decide: the prepaid sum and when the order became fully paid. */
function settle(order: Order, now: string): Order {
  const paid = order.payments.filter((payment) => payment.status === 'paid');
  order.prepaySum = round2(paid.reduce((sum, payment) => sum + payment.amount, 0));
  order.fullPaidAt =
    order.totalSumm > 0 && order.prepaySum >= order.totalSumm
      ? (order.fullPaidAt ??
        paid
          .map((payment) => payment.paidAt ?? now)
          .sort()
          .at(-1) ??
        now)
      : undefined;
  return order;
}
