import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import type { ServiceProcess } from '../e2e/service-process';
import { Answer, call, Json } from '../gateway/gateway-harness';
import { cardOrder, GATEWAY, OrderCardStack, SANDBOX, startOrderCardStack } from './order-card-stack';

// The order card's path end to end, each piece its own built process as in production: the
// extension's calls reach the gateway as RetailCRM posts them (form clientId + payload), the
// gateway asks promo-loyalty over the real RabbitMQ, promo-loyalty asks the sandbox's Mindbox.

const DEADLINE_MS = 3_000;

describe('order card: promo codes and points through the gateway, RabbitMQ and promo-loyalty', () => {
  let stack: OrderCardStack;
  let promoLoyalty: ServiceProcess;
  let clientId: string;
  let accountId: string;
  let db: DataSource;

  const embed = (action: string, payload: unknown, id?: string): Promise<Answer> =>
    stack.embed(action, payload, id);
  const control = (method: string, path: string, json?: unknown): Promise<Json> =>
    stack.control(method, path, json);

  /** A Mindbox call as a website would make it, on the demo project. */
  async function mindbox(operation: string, body: unknown): Promise<Json> {
    const answer = await call(
      `${SANDBOX}/mindbox/v3/operations/sync?endpointId=demo-endpoint&operation=${operation}&transactionId=${Date.now()}-${Math.random()}`,
      { json: body, headers: { authorization: 'SecretKey demo-mindbox-secret' } },
    );
    if (answer.body?.status !== 'Success') throw new Error(`${operation} -> ${answer.text}`);
    return answer.body;
  }

  beforeAll(async () => {
    stack = await startOrderCardStack();
    ({ promoLoyalty, clientId } = stack);
    db = new DataSource(dataSourceOptions(process.env.DATABASE_URL as string));
    await db.initialize();
    [{ id: accountId }] = await db.query(`SELECT id FROM account WHERE client_id = $1`, [clientId]);
    await db.query(`DELETE FROM order_card_intent WHERE account_id = $1`, [accountId]);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await stack?.stop();
  });

  it('registers the extension with the account: its script, targets and worker runner', async () => {
    const { integrationModules } = await control('GET', '/retailcrm/accounts/demo/integration-modules');
    const embedJs = integrationModules[0].integrations.embedJs;
    expect(embedJs).toMatchObject({
      entrypoint: `${GATEWAY}/embed/order-card.js`,
      targets: ['order/card:common.after'],
      runner: 'worker',
    });
  });

  it('serves the built extension to RetailCRM pages, script and stylesheet', async () => {
    const script = await call(`${GATEWAY}/embed/order-card.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    // The worker entry starts the endpoint and asks the module's embed actions.
    expect(script.text).toContain('/retailcrm/embed/');
    const stylesheet = await call(`${GATEWAY}/embed/order-card.css`);
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('content-type')).toContain('text/css');
    expect((await call(`${GATEWAY}/embed/other.js`)).status).toBe(404);
  });

  describe('check a promo code', () => {
    it('shows a valid code with its discount and the total it leaves', async () => {
      const answer = await embed('check-promo-code', { order: cardOrder(), promoCode: 'WELCOME10' });
      expect(answer.status).toBe(200);
      expect(answer.body.state).toBe('ok');
      expect(answer.body.promoCode).toMatchObject({
        code: 'WELCOME10',
        verdict: 'valid',
        mindboxStatus: 'CanBeUsed',
      });
      expect(answer.body.promoCode.discount).toBeGreaterThan(0);
      const { subtotal, discount, total } = answer.body.totals;
      expect(subtotal).toBe(4000);
      expect(total).toBeCloseTo(subtotal - discount, 2);
      // The code's discount is part of the order's (the demo also has an automatic 5 %).
      expect(discount).toBeGreaterThanOrEqual(answer.body.promoCode.discount);
    });

    it('says a one-time code used by another order is already used, and stays valid for its own order', async () => {
      const lines = [
        {
          lineNumber: 1,
          product: { ids: { retailcrmProductId: 'sku-11' } },
          basePricePerItem: 3000,
          quantity: 1,
        },
      ];
      await mindbox('Website.BeginAuthorizedOrderTransaction', {
        customer: { ids: { retailcrmId: '3' } },
        order: {
          ids: { retailcrmId: '9001' },
          transaction: { ids: { externalId: 'promo-e2e-9001' } },
          coupons: [{ ids: { code: 'ONCE-0003' } }],
          lines,
        },
      });
      await mindbox('Website.CommitOrderTransaction', {
        order: { ids: { retailcrmId: '9001' }, transaction: { ids: { externalId: 'promo-e2e-9001' } } },
      });

      const used = await embed('check-promo-code', { order: cardOrder(), promoCode: 'ONCE-0003' });
      expect(used.status).toBe(200);
      expect(used.body.promoCode).toMatchObject({
        verdict: 'already-used',
        mindboxStatus: 'Used',
        discount: 0,
      });

      const own = await embed('check-promo-code', {
        order: cardOrder({ id: 9001, customer: { id: 3 } }),
        promoCode: 'ONCE-0003',
      });
      expect(own.body.promoCode).toMatchObject({ verdict: 'valid', discount: 500 });
    });

    it('says an unknown code is not found', async () => {
      const answer = await embed('check-promo-code', { order: cardOrder(), promoCode: 'NO-SUCH-CODE' });
      expect(answer.status).toBe(200);
      expect(answer.body.promoCode).toMatchObject({
        code: 'NO-SUCH-CODE',
        verdict: 'not-found',
        discount: 0,
      });
    });
  });

  describe('bonus points', () => {
    it("reads the customer's balance and the most this order may take", async () => {
      const answer = await embed('bonus-balance', { order: cardOrder() });
      expect(answer.status).toBe(200);
      expect(answer.body.state).toBe('ok');
      expect(answer.body.balance).toMatchObject({ total: 1000, available: 1000, blocked: 0 });
      expect(answer.body.balance.availableForOrder).toBeGreaterThan(0);
      expect(answer.body.balance.availableForOrder).toBeLessThanOrEqual(1000);
    });

    it('refuses more points than the order may take, and stores nothing', async () => {
      const { body } = await embed('bonus-balance', { order: cardOrder() });
      const max = body.balance.availableForOrder;
      const answer = await embed('apply', { order: cardOrder(), points: max + 1 });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ state: 'refused', maxPoints: max });
      expect(answer.body.lines).toBeUndefined();
      expect(await db.query(`SELECT * FROM order_card_intent WHERE account_id = $1`, [accountId])).toEqual(
        [],
      );
    });

    it('applies points within the maximum with a code: line discounts, totals, and the choice stored for the order', async () => {
      const answer = await embed('apply', { order: cardOrder(), promoCode: 'WELCOME10', points: 100 });
      expect(answer.status).toBe(200);
      expect(answer.body.state).toBe('ok');
      expect(answer.body.pointsSpent).toBe(100);
      expect(answer.body.promoCode.verdict).toBe('valid');
      const lineDiscounts = answer.body.lines.reduce((sum: number, line: Json) => sum + line.discount, 0);
      expect(answer.body.lines.map((line: Json) => line.index)).toEqual([0, 1]);
      expect(lineDiscounts).toBeCloseTo(answer.body.totals.discount, 2);
      expect(answer.body.totals.total).toBeCloseTo(4000 - answer.body.totals.discount, 2);
      expect(answer.body.discountSum).toBe(answer.body.totals.discount);
      // Where the card writes the code and the discount sum: the fields the settings name.
      expect(answer.body.customFields).toEqual({
        promoCode: 'mindbox_promo_code',
        discountSum: 'mindbox_discount',
      });

      // The same order without points is 100 dearer: the points went into the line prices.
      const codeOnly = await embed('check-promo-code', { order: cardOrder(), promoCode: 'WELCOME10' });
      expect(codeOnly.body.totals.total - answer.body.totals.total).toBeCloseTo(100, 2);

      const rows = await db.query(
        `SELECT crm_order_id, promo_code, points_to_spend FROM order_card_intent WHERE account_id = $1`,
        [accountId],
      );
      expect(rows).toEqual([{ crm_order_id: 4242, promo_code: 'WELCOME10', points_to_spend: '100.00' }]);
    });

    it('answers clearly for an order without customer, an unknown customer and an empty order', async () => {
      const noCustomer = await embed('bonus-balance', { order: cardOrder({ customer: undefined }) });
      expect(noCustomer.body.state).toBe('no-customer');
      const unknown = await embed('bonus-balance', { order: cardOrder({ customer: { id: 987654 } }) });
      expect(unknown.body.state).toBe('unknown-customer');
      const empty = await embed('check-promo-code', {
        order: cardOrder({ items: [] }),
        promoCode: 'WELCOME10',
      });
      expect(empty.status).toBe(200);
      expect(empty.body.state).toBe('empty-order');
    });
  });

  it("names products as order-processing does: the offer's externalId read from the CRM catalogue", async () => {
    await control('DELETE', '/requests');
    const order = cardOrder({
      items: [
        { index: 0, id: 1, offer: { id: 1000 }, quantity: 1, initialPrice: 1500 },
        { index: 1, offer: { id: 1004 }, quantity: 2, initialPrice: 700 },
      ],
    });
    const answer = await embed('promotions', { order });
    expect(answer.body.state).toBe('ok');
    const { requests } = await control(
      'GET',
      '/requests?side=mindbox&operation=Website.CalculateAuthorizedCart',
    );
    const lines = requests.at(-1).body.order.lines;
    expect(lines.map((line: Json) => line.product.ids.retailcrmProductId)).toEqual([
      'offer-1000',
      'offer-1004',
    ]);
    // The saved line keeps its CRM id, the new one its place in the card.
    expect(lines.map((line: Json) => line.lineId)).toEqual(['1', 'card-1']);
    expect(requests.at(-1).body.order.ids).toEqual({ retailcrmId: '4242' });
    expect(requests.at(-1).body.customer.ids).toEqual({ retailcrmId: '7' });
  });

  it('lists the promotions the calculation applies, with the lines they touch', async () => {
    const answer = await embed('promotions', { order: cardOrder() });
    expect(answer.status).toBe(200);
    expect(answer.body.state).toBe('ok');
    expect(answer.body.promotions.length).toBeGreaterThan(0);
    const discount = answer.body.promotions.find((promotion: Json) => promotion.type === 'discount');
    expect(discount.amount).toBeGreaterThan(0);
    expect(discount.lines).toEqual([0, 1]);
  });

  describe('refusals', () => {
    it('answers 401 and nothing else to an unknown clientId', async () => {
      const answer = await embed(
        'check-promo-code',
        { order: cardOrder(), promoCode: 'WELCOME10' },
        'f'.repeat(64),
      );
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: 'Unknown clientId' });
      const missing = await call(`${GATEWAY}/retailcrm/embed/nope`, { form: { payload: '{}' } });
      expect(missing.status).toBe(401);
    });

    it('answers 400 naming the field of a bad payload', async () => {
      const order = cardOrder();
      order.items[0].quantity = -1;
      const answer = await embed('check-promo-code', { order, promoCode: 'WELCOME10' });
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.errors)).toEqual(['payload.order.items[0].quantity']);
      const notJson = await embed('bonus-balance', '{not json');
      expect(notJson.status).toBe(400);
      expect(notJson.body.errors).toEqual({ payload: 'must be JSON' });
      expect(notJson.text).not.toContain(' at ');
    });
  });

  describe('Mindbox or the loyalty service down', () => {
    afterEach(async () => {
      await control('DELETE', '/faults');
    });

    it('answers "Mindbox did not answer" within the deadline when Mindbox hangs', async () => {
      await control('POST', '/faults', { side: 'mindbox', kind: 'timeout', forMs: 20_000 });
      const started = Date.now();
      const answer = await embed('check-promo-code', { order: cardOrder(), promoCode: 'WELCOME10' });
      const elapsed = Date.now() - started;
      expect([503, 504]).toContain(answer.status);
      expect(answer.body.state).toBe('mindbox-unavailable');
      expect(answer.body.message).toMatch(/did not answer/);
      expect(elapsed).toBeLessThan(DEADLINE_MS + 500);
    });

    it('answers at once when Mindbox fails', async () => {
      await control('POST', '/faults', { side: 'mindbox', kind: 'status', status: 500, forMs: 20_000 });
      const answer = await embed('bonus-balance', { order: cardOrder() });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ state: 'mindbox-unavailable', message: expect.any(String) });
      expect(answer.text).not.toContain('demo-mindbox-secret');
    });

    it('answers within the deadline when promo-loyalty is down', async () => {
      promoLoyalty.child.kill('SIGTERM');
      await promoLoyalty.exited;
      const started = Date.now();
      const answer = await embed('bonus-balance', { order: cardOrder() });
      expect(answer.status).toBe(504);
      expect(answer.body.state).toBe('mindbox-unavailable');
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 500);
    });
  });
});
