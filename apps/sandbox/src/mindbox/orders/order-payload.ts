import { PayloadReader } from '../api/payload-reader';
import { CustomerInput, readCustomer } from '../customers/customer-payload';
import type { LineStatusChange } from '../store/line-statuses';
import type { ProjectSettings } from '../store/mindbox.entities';
import { Cents, sum, toCents } from '../store/money';
import type { LineInput, RequestedDiscount } from '../store/pricing';

/** A calculate or begin request, read and checked. */
export interface OrderOperationInput {
  customer?: CustomerInput;
  pointOfContact?: string;
  orderIds: Record<string, string>;
  lines: LineInput[];
  deliveryCost: Cents;
  orderDiscounts: RequestedDiscount[];
  /** As sent, without repeats (codes compare case-insensitively). */
  couponCodes: string[];
  pointsRequested: Cents;
  totalPrice?: Cents;
  transactionExternalId?: string;
}

export interface TransactionRef {
  externalId: string;
  orderIds: Record<string, string>;
}

export interface LineStatusUpdate {
  orderIds: Record<string, string>;
  /** Whole-order form: every line takes this status. */
  orderLinesStatus?: string;
  changes: LineStatusChange[];
}

const orderIdKeys = (settings: ProjectSettings): string[] => ['mindboxId', ...settings.orderIdKeys];

/**
 * Reads the body of calculate (`mode: 'calculate'`) or begin transaction (`'begin'`, which also
 * needs the order's ids, line numbers and `order.transaction.ids.externalId`, reference §4.5).
 * Nodes the simulator does not model (area, payments, cashdesk, gift cards, custom fields) are accepted and ignored.
 */
export function readOrderOperation(
  body: unknown,
  settings: ProjectSettings,
  mode: 'calculate' | 'begin',
): OrderOperationInput {
  const reader = new PayloadReader();
  const begin = mode === 'begin';
  const root = reader.object(body, '/', { required: true });
  const customer = readCustomer(reader, root?.customer, '/customer', settings, {});
  const pointOfContact = reader.string(root?.pointOfContact, '/pointOfContact');
  const order = reader.object(root?.order, '/order', { required: true });
  const orderIds =
    reader.ids(order?.ids, '/order/ids', orderIdKeys(settings), { required: begin, what: 'заказа' }) ?? {};
  const rawLines = reader.array(order?.lines, '/order/lines', { required: true });
  if (rawLines && rawLines.length === 0) reader.fail('/order/lines', 'В заказе нет ни одной линии.');
  const lines = (rawLines ?? []).flatMap(
    (raw, i) => readLine(reader, raw, `/order/lines/${i}`, settings, begin) ?? [],
  );
  if (begin) checkLineNumbers(reader, lines);

  const coupons = (reader.array(order?.coupons, '/order/coupons') ?? []).flatMap((raw, i) => {
    const coupon = reader.object(raw, `/order/coupons/${i}`, { required: true });
    const ids = coupon && reader.object(coupon.ids, `/order/coupons/${i}/ids`, { required: true });
    const code = ids && reader.string(ids.code, `/order/coupons/${i}/ids/code`, { required: true });
    return code === undefined ? [] : [code.trim()];
  });
  const couponCodes = coupons.filter(
    (code, i) => coupons.findIndex((other) => other.toUpperCase() === code.toUpperCase()) === i,
  );

  const points = (reader.array(order?.bonusPoints, '/order/bonusPoints') ?? []).map((raw, i) => {
    const entry = reader.object(raw, `/order/bonusPoints/${i}`, { required: true });
    return reader.decimal(entry?.amount, `/order/bonusPoints/${i}/amount`, { required: true, min: 0 }) ?? 0;
  });
  const deliveryCost = reader.decimal(order?.deliveryCost, '/order/deliveryCost', { min: 0 }) ?? 0;
  const totalPrice = reader.decimal(order?.totalPrice, '/order/totalPrice', { min: 0 });
  const orderDiscounts = readRequestedDiscounts(
    reader,
    order?.requestedPromotions,
    '/order/requestedPromotions',
  );

  const transaction = reader.object(order?.transaction, '/order/transaction', { required: begin });
  const transactionIds =
    transaction && reader.object(transaction.ids, '/order/transaction/ids', { required: true });
  const transactionExternalId =
    transactionIds &&
    reader.string(transactionIds.externalId, '/order/transaction/ids/externalId', { required: true });
  reader.done();

  return {
    customer: customer && (Object.keys(customer.ids).length > 0 ? customer : undefined),
    pointOfContact,
    orderIds,
    lines,
    deliveryCost: toCents(deliveryCost),
    orderDiscounts,
    couponCodes,
    pointsRequested: toCents(sum(points)),
    totalPrice: totalPrice === undefined ? undefined : toCents(totalPrice),
    transactionExternalId,
  };
}

function readLine(
  reader: PayloadReader,
  raw: unknown,
  at: string,
  settings: ProjectSettings,
  begin: boolean,
): LineInput | undefined {
  const line = reader.object(raw, at, { required: true });
  if (!line) return undefined;
  const product = reader.object(line.product, `${at}/product`, { required: true });
  const productIds = reader.ids(product?.ids, `${at}/product/ids`, settings.productIdKeys, {
    required: true,
    what: 'товара',
  });
  const basePricePerItem = reader.decimal(line.basePricePerItem, `${at}/basePricePerItem`, {
    required: true,
    min: 0,
  });
  const quantity = reader.decimal(line.quantity, `${at}/quantity`, {
    required: true,
    positive: true,
    decimals: 3,
  });
  const minPricePerItem = reader.decimal(line.minPricePerItem, `${at}/minPricePerItem`, { min: 0 });
  const lineNumber = reader.integer(line.lineNumber, `${at}/lineNumber`, { required: begin, min: 1 });
  const lineId = reader.string(line.lineId, `${at}/lineId`);
  const status = readStatus(reader, line.status, `${at}/status`);
  const discounts = readRequestedDiscounts(reader, line.requestedPromotions, `${at}/requestedPromotions`);
  if (!productIds || basePricePerItem === undefined || quantity === undefined) return undefined;
  return {
    lineNumber,
    lineId,
    productIds,
    basePricePerItem: toCents(basePricePerItem),
    quantity,
    minPricePerItem: minPricePerItem === undefined ? undefined : toCents(minPricePerItem),
    status,
    discounts,
  };
}

/** A line status: `{ids: {externalId}}` in processing, a plain string in older requests. */
function readStatus(reader: PayloadReader, value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return reader.string(value, at, { required: true });
  const node = reader.object(value, at);
  const ids = node && reader.object(node.ids, `${at}/ids`, { required: true });
  return ids ? reader.string(ids.externalId, `${at}/ids/externalId`, { required: true }) : undefined;
}

/** External promotions with the amount the caller computed; types other than `discount` change no price. */
function readRequestedDiscounts(reader: PayloadReader, value: unknown, at: string): RequestedDiscount[] {
  return (reader.array(value, at) ?? []).flatMap((raw, i) => {
    const entry = reader.object(raw, `${at}/${i}`, { required: true });
    if (!entry) return [];
    const type = reader.string(entry.type, `${at}/${i}/type`) ?? 'discount';
    const promotion = reader.object(entry.promotion, `${at}/${i}/promotion`, { required: true });
    const ids = promotion && reader.object(promotion.ids, `${at}/${i}/promotion/ids`, { required: true });
    const externalId =
      ids && reader.string(ids.externalId, `${at}/${i}/promotion/ids/externalId`, { required: true });
    const amount = reader.decimal(entry.amount, `${at}/${i}/amount`, { required: true, min: 0 });
    if (type !== 'discount' || externalId === undefined || amount === undefined) return [];
    return [{ externalId, amount: toCents(amount) }];
  });
}

function checkLineNumbers(reader: PayloadReader, lines: LineInput[]): void {
  lines.forEach((line, i) => {
    const previous = lines[i - 1]?.lineNumber;
    if (line.lineNumber !== undefined && previous !== undefined && line.lineNumber <= previous) {
      reader.fail(`/order/lines/${i}/lineNumber`, 'Номера линий должны возрастать.');
    }
  });
}

/** Commit or rollback: `order.transaction.ids.externalId`, and maybe the order's ids (reference §4.5). */
export function readTransactionRef(body: unknown, settings: ProjectSettings): TransactionRef {
  const reader = new PayloadReader();
  const root = reader.object(body, '/', { required: true });
  const order = reader.object(root?.order, '/order', { required: true });
  const orderIds = reader.ids(order?.ids, '/order/ids', orderIdKeys(settings), { what: 'заказа' }) ?? {};
  const transaction = reader.object(order?.transaction, '/order/transaction', { required: true });
  const ids = transaction && reader.object(transaction.ids, '/order/transaction/ids', { required: true });
  const externalId =
    ids && reader.string(ids.externalId, '/order/transaction/ids/externalId', { required: true });
  reader.done();
  return { externalId: externalId as string, orderIds };
}

/**
 * A status change (reference §4.6): `{orderLinesStatus, order: {ids}}` for the whole order, or
 * `{order: {ids, lines: [{lineNumber | lineId | product, quantity?, status}]}}` per line.
 */
export function readLineStatusUpdate(body: unknown, settings: ProjectSettings): LineStatusUpdate {
  const reader = new PayloadReader();
  const root = reader.object(body, '/', { required: true });
  const order = reader.object(root?.order, '/order', { required: true });
  const orderIds = reader.ids(order?.ids, '/order/ids', orderIdKeys(settings), {
    required: true,
    what: 'заказа',
  });
  const orderLinesStatus = reader.string(root?.orderLinesStatus, '/orderLinesStatus');
  const rawLines = reader.array(order?.lines, '/order/lines', { required: orderLinesStatus === undefined });
  const changes = (rawLines ?? []).flatMap((raw, i): LineStatusChange[] => {
    const at = `/order/lines/${i}`;
    const line = reader.object(raw, at, { required: true });
    if (!line) return [];
    const lineNumber = reader.integer(line.lineNumber, `${at}/lineNumber`, { min: 1 });
    const lineId = reader.string(line.lineId, `${at}/lineId`);
    const product = reader.object(line.product, `${at}/product`);
    const productIds =
      product && reader.ids(product.ids, `${at}/product/ids`, settings.productIdKeys, { what: 'товара' });
    const quantity = reader.decimal(line.quantity, `${at}/quantity`, { positive: true, decimals: 3 });
    const status = readStatus(reader, line.status, `${at}/status`);
    if (status === undefined) reader.fail(`${at}/status`, 'Поле обязательно.');
    if (lineNumber === undefined && lineId === undefined && !productIds) {
      reader.fail(at, 'Укажите lineNumber, lineId или товар линии.');
    }
    return status === undefined ? [] : [{ lineNumber, lineId, productIds, quantity, status }];
  });
  if (orderLinesStatus === undefined && rawLines?.length === 0)
    reader.fail('/order/lines', 'Нет ни одной линии.');
  reader.done();
  return { orderIds: orderIds ?? {}, orderLinesStatus, changes };
}

/** Cancellation: the order's ids, and optionally the cancelled status to give its lines. */
export function readCancellation(
  body: unknown,
  settings: ProjectSettings,
): { orderIds: Record<string, string>; status?: string } {
  const reader = new PayloadReader();
  const root = reader.object(body, '/', { required: true });
  const order = reader.object(root?.order, '/order', { required: true });
  const orderIds = reader.ids(order?.ids, '/order/ids', orderIdKeys(settings), {
    required: true,
    what: 'заказа',
  });
  const status = reader.string(root?.orderLinesStatus, '/orderLinesStatus');
  reader.done();
  return { orderIds: orderIds ?? {}, status };
}
