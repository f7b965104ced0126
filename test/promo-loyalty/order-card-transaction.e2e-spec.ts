import { setTimeout as sleep } from 'node:timers/promises';
import { call, Json } from '../gateway/gateway-harness';
import { OrderCardStack, SANDBOX, startOrderCardStack } from './order-card-stack';

// The whole path: what a manager applies in the order card reaches Mindbox with the order's
// transaction. The card's "apply" (gateway -> RabbitMQ -> promo-loyalty) stores the points for the
// order and gives the code to the card's custom field; the manager saves the order; order-processing
// (its own process) sees the change in the CRM's history and begins + commits the transaction with
// that code and those points. All built processes, the sandbox's demo shop and Mindbox project.

describe('order card -> order transaction in Mindbox', () => {
  let stack: OrderCardStack;

  const crm = async (method: string, path: string, json?: unknown): Promise<Json> =>
    stack.control(method, `/retailcrm/accounts/demo${path}`, json);
  const mindboxOrder = async (orderId: number): Promise<Json | undefined> => {
    const answer = await call(
      `${SANDBOX}/control/mindbox/projects/demo-endpoint/orders/retailcrmId/${orderId}`,
    );
    return answer.status === 200 ? answer.body : undefined;
  };
  const balanceOf = async (customerId: number): Promise<Json> =>
    stack.control('GET', `/mindbox/projects/demo-endpoint/customers/retailcrmId/${customerId}/balance`);

  /** The card's order, as the `order/card` context gives it, from the CRM order. */
  const cardOrderOf = (order: Json): Json => ({
    id: order.id,
    site: order.site,
    customer: { id: order.customer.id },
    items: order.items.map((item: Json, index: number) => ({
      index,
      id: item.id,
      offer: { id: item.offer.id },
      quantity: item.quantity,
      initialPrice: item.initialPrice,
    })),
  });

  async function until<T>(
    what: string,
    check: () => Promise<T | undefined | false>,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  }

  beforeAll(async () => {
    stack = await startOrderCardStack({ orderProcessing: true });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the points and the code applied in the card with the order transaction, and Mindbox spends them', async () => {
    const customerId = 12;
    const before = await balanceOf(customerId);
    expect(before.available).toBe(1000);

    // A manager takes a phone order for a known customer; it is new: no transaction yet.
    const created = await crm('POST', '/orders', {
      site: 'demo-shop',
      order: {
        orderMethod: 'phone',
        status: 'new',
        customer: { id: customerId },
        items: [
          { offer: { externalId: 'offer-1000' }, quantity: 2 },
          { offer: { externalId: 'offer-1004' }, quantity: 1 },
        ],
      },
    });
    const order = await crm('GET', `/orders/${created.id}`).catch(() => created);

    // In the card: the balance, then the code and 150 points.
    const balance = await stack.embed('bonus-balance', { order: cardOrderOf(order) });
    expect(balance.body.state).toBe('ok');
    expect(balance.body.balance.availableForOrder).toBeGreaterThanOrEqual(150);
    const applied = await stack.embed('apply', {
      order: cardOrderOf(order),
      promoCode: 'WELCOME10',
      points: 150,
    });
    expect(applied.body).toMatchObject({ state: 'ok', pointsSpent: 150 });
    expect(applied.body.customFields.promoCode).toBe('mindbox_promo_code');

    // The manager saves the order with the code the card put into its field, and completes it.
    await crm('PATCH', `/orders/${created.id}`, {
      order: { status: 'complete', customFields: { [applied.body.customFields.promoCode]: 'WELCOME10' } },
    });

    const committed = await until('the committed transaction', async () => {
      const held = await mindboxOrder(created.id);
      return held?.status === 'committed' ? held : undefined;
    });
    expect(committed.spentPoints).toBe(150);
    expect(JSON.stringify(committed.coupons)).toContain('WELCOME10');
    const after = await balanceOf(customerId);
    expect(after.available).toBe(850);
    expect(after.spent).toBe(150);
  }, 60_000);
});
