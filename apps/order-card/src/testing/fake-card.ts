import { ref } from 'vue';
import type { HttpCall } from '../api/card-api';
import type { CardOrderSnapshot } from '../api/card-order';
import type { CardPort } from '../panel/card-port';

/** A recorded call of the card's write side. */
export type CardWrite =
  | { kind: 'discount'; index: number; amountPerUnit: number }
  | { kind: 'field'; code: string; value: string | number | null };

/** The order the tests and the preview start from: customer 7, two lines, 4000 before discounts. */
export const sampleOrder = (): CardOrderSnapshot => ({
  id: 4242,
  site: 'demo-shop',
  customerId: 7,
  items: [
    { index: 0, id: 1, offer: { id: 11, name: 'Kettle' }, quantity: 2, initialPrice: 1500 },
    { index: 1, id: 2, offer: { id: 12, name: 'Mug' }, quantity: 1, initialPrice: 1000 },
  ],
});

/**
 * A card with a gateway behind it: `answer` plays the gateway (by action and payload), and every
 * write to the card is recorded. The gateway's replies follow its contract
 * (libs/messaging/src/contracts/promo-loyalty.contracts.ts).
 */
export function fakeCard(
  answer: (action: string, payload: Record<string, unknown>) => Promise<{ status: number; body: unknown }>,
  options: { locale?: string; order?: CardOrderSnapshot; customFields?: string[] } = {},
) {
  const writes: CardWrite[] = [];
  const requests: { action: string; payload: Record<string, unknown> }[] = [];
  const fields = new Set(options.customFields ?? ['mindbox_promo_code', 'mindbox_discount']);
  const httpCall: HttpCall = async (path, payload) => {
    const action = path.replace('/retailcrm/embed/', '');
    const plain = (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<string, unknown>;
    requests.push({ action, payload: plain });
    const { status, body } = await answer(action, plain);
    return { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
  };
  const port: CardPort = {
    order: ref(options.order ?? sampleOrder()),
    systemLocale: ref(options.locale ?? 'en-GB'),
    httpCall,
    async changeItemDiscount(index, amountPerUnit) {
      writes.push({ kind: 'discount', index, amountPerUnit });
    },
    async setCustomField(code, value) {
      if (!fields.has(code)) return false;
      writes.push({ kind: 'field', code, value });
      return true;
    },
  };
  return { port, writes, requests };
}

/** Replies of a demo-like Mindbox: WELCOME10 valid (10 %), USED-1 used, 1000 points of which 1200 fit. */
export async function demoGateway(action: string, payload: Record<string, unknown>) {
  const order = payload.order as {
    customer?: { id?: number };
    items: { initialPrice: number; quantity: number }[];
  };
  const subtotal = order.items.reduce((sum, item) => sum + item.initialPrice * item.quantity, 0);
  if (order.items.length === 0)
    return { status: 200, body: { state: 'empty-order', message: 'the order has no items' } };
  const code = payload.promoCode as string | undefined;
  const codeDiscount = code === 'WELCOME10' ? subtotal * 0.1 : 0;
  switch (action) {
    case 'check-promo-code':
      return {
        status: 200,
        body: {
          state: 'ok',
          promoCode: {
            code,
            verdict: code === 'WELCOME10' ? 'valid' : code === 'USED-1' ? 'already-used' : 'not-found',
            discount: codeDiscount,
          },
          totals: { subtotal, discount: codeDiscount, total: subtotal - codeDiscount },
        },
      };
    case 'bonus-balance':
      if (!order.customer?.id)
        return { status: 200, body: { state: 'no-customer', message: 'the order has no customer' } };
      return {
        status: 200,
        body: {
          state: 'ok',
          balance: { total: 1200, available: 1000, blocked: 200, availableForOrder: 600 },
        },
      };
    case 'apply': {
      const points = (payload.points as number | undefined) ?? 0;
      if (points > 600) return { status: 200, body: { state: 'refused', maxPoints: 600 } };
      const discount = codeDiscount + points;
      return {
        status: 200,
        body: {
          state: 'ok',
          lines: order.items.map((item, index) => ({
            index,
            discount: (discount * item.initialPrice * item.quantity) / subtotal,
            total: item.initialPrice * item.quantity * (1 - discount / subtotal),
          })),
          totals: { subtotal, discount, total: subtotal - discount },
          pointsSpent: points,
          maxPoints: 600,
          discountSum: discount,
          customFields: { promoCode: 'mindbox_promo_code', discountSum: 'mindbox_discount' },
        },
      };
    }
    case 'promotions':
      return {
        status: 200,
        body: {
          state: 'ok',
          promotions: [{ name: 'Autumn 5 %', type: 'discount', amount: subtotal * 0.05, lines: [0, 1] }],
          hints: ['Add 1000 more for free delivery'],
          totals: { subtotal, discount: subtotal * 0.05, total: subtotal * 0.95 },
        },
      };
    default:
      return { status: 404, body: { message: 'Unknown action' } };
  }
}
