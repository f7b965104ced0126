import { shapeDifferences } from '../support/same-shape';
import {
  AnyJson,
  BEGIN,
  CALCULATE,
  CANCEL,
  COMMIT,
  LINE_STATUS,
  MindboxCaller,
  mindboxFixture,
  ROLLBACK,
  SandboxUnderTest,
  transactionRef,
} from './mindbox-harness';

const ENDPOINT = 'seeded';
const COUNT = 10_000;

/** The body of calculate or begin that sends a held order again: its customer, lines, code and points. */
function resend(view: AnyJson, transaction?: string, points = view.spentPoints): AnyJson {
  return {
    customer: { ids: view.customer.ids },
    order: {
      ids: view.ids,
      lines: view.lines.map((line: AnyJson) => ({
        lineNumber: line.lineNumber,
        lineId: line.lineId,
        product: line.product,
        basePricePerItem: line.basePricePerItem,
        quantity: line.quantity,
        status: line.status,
      })),
      ...(view.coupons.length
        ? { coupons: view.coupons.map((c: AnyJson) => ({ ids: { code: c.code } })) }
        : {}),
      ...(points > 0 ? { bonusPoints: [{ amount: points }] } : {}),
      ...(transaction ? { transaction: { ids: { externalId: transaction } } } : {}),
    },
  };
}

/**
 * `POST /control/mindbox/projects/:endpointId/orders {generate}`: many orders held as after begin
 * and commit, which later operations treat as any other order.
 */
describe('Mindbox simulator: seeding orders through the control API', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;
  let seeded: AnyJson;

  const order = (id: string) => sandbox.control('GET', `/projects/${ENDPOINT}/orders/retailcrmId/${id}`);
  const balance = (customer: AnyJson) =>
    sandbox.control('GET', `/projects/${ENDPOINT}/customers/retailcrmId/${customer.ids.retailcrmId}/balance`);
  const seed = (body: unknown, endpointId = ENDPOINT) =>
    sandbox.request('POST', `/control/mindbox/projects/${endpointId}/orders`, body);

  /** The first seeded order, from `from` on, that `wanted` accepts. */
  async function findOrder(wanted: (view: AnyJson) => boolean, from = 1): Promise<AnyJson> {
    for (let id = from; id <= COUNT; id++) {
      const view = await order(String(id));
      if (wanted(view)) return view;
    }
    throw new Error('no seeded order fits');
  }

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
    const project = await sandbox.control('POST', '/projects', { endpointId: ENDPOINT });
    mindbox = sandbox.mindbox(project.endpointId, project.secretKey);
    await sandbox.control('POST', `/projects/${ENDPOINT}/customers`, {
      generate: { count: 500, balance: 1000 },
    });
    await sandbox.control('POST', `/projects/${ENDPOINT}/coupon-pools`, {
      externalId: 'once',
      kind: 'oneTime',
      generate: { count: 300, prefix: 'ONCE-' },
      discount: { kind: 'amount', value: 300 },
      minOrderTotal: 1000,
    });

    const started = performance.now();
    seeded = await sandbox.control('POST', `/projects/${ENDPOINT}/orders`, {
      generate: {
        count: COUNT,
        lineStatuses: ['New', 'Assembling'],
        coupons: { pool: 'once', share: 0.1 },
        points: { amount: 200, share: 0.3 },
      },
    });
    const ms = performance.now() - started;
    process.stdout.write(`Mindbox order seed: ${COUNT} orders in one control call, ${ms.toFixed(0)} ms\n`);
    // The figure is printed above; this bound only catches a seed gone quadratic.
    expect(ms).toBeLessThan(10_000);
  });

  afterAll(() => sandbox.close());

  describe('what is held', () => {
    it('answers what it made and counts the orders in the project', async () => {
      expect(seeded).toEqual({
        created: COUNT,
        generated: {
          count: COUNT,
          idKey: 'retailcrmId',
          from: 1,
          to: COUNT,
          mindboxIds: { from: 1, to: COUNT },
          transactions: { from: 'seed-1', to: `seed-${COUNT}` },
        },
        customers: { source: 'existing', created: 0 },
        withCoupon: 300,
        withPoints: expect.any(Number),
        spentPoints: expect.any(Number),
        totalPrice: expect.any(Number),
      });
      expect(seeded.withPoints).toBeGreaterThan(0);
      expect((await sandbox.control('GET', `/projects/${ENDPOINT}`)).counts).toMatchObject({
        customers: 500,
        orders: COUNT,
      });
    });

    it('shows each as a committed order of an existing customer, with lines, products, prices and statuses', async () => {
      const view = await order('1');

      expect(view).toMatchObject({
        mindboxId: 1,
        ids: { retailcrmId: '1' },
        status: 'committed',
        customer: { mindboxId: expect.any(Number), ids: { retailcrmId: expect.any(String) } },
        openTransaction: null,
        transactions: [{ externalId: 'seed-1', outcome: 'committed' }],
      });
      expect(view.lines.length).toBeGreaterThan(0);
      view.lines.forEach((line: AnyJson, i: number) => {
        expect(line).toMatchObject({
          lineNumber: i + 1,
          lineId: `1-${i + 1}`,
          product: { ids: { retailcrmProductId: expect.any(String) } },
          quantity: expect.any(Number),
          basePricePerItem: expect.any(Number),
          discountedPriceOfLine: expect.any(Number),
          status: { ids: { externalId: expect.stringMatching(/^(New|Assembling)$/) } },
        });
      });
      const lines = view.lines.reduce(
        (total: number, line: AnyJson) => total + line.discountedPriceOfLine,
        0,
      );
      expect(view.totalPrice).toBeCloseTo(lines, 2);
    });

    it('holds lines shaped like the recorded answer, and calculate prices a seeded order as it is held', async () => {
      const { coupons } = await sandbox.control('GET', `/projects/${ENDPOINT}/coupons?pool=once`);
      const withCode = await order(coupons[0].usedBy[0].ids.retailcrmId);
      const fixture = mindboxFixture<AnyJson>('calculate-response-coupon.json');
      // Product ids go under the project's own key (retailcrmProductId here, hyperautoWebsite there).
      expect(
        shapeDifferences(withCode.lines, fixture.order.lines, { dictionaries: ['[].product.ids'] }),
      ).toEqual([]);

      const calculated = await mindbox.call(CALCULATE, resend(withCode));

      expect(calculated.body.status).toBe('Success');
      expect(
        shapeDifferences(calculated.body, fixture, { dictionaries: ['order.lines[].product.ids'] }),
      ).toEqual([]);
      expect(calculated.body.order.totalPrice).toBe(withCode.totalPrice);
      expect(calculated.body.order.lines.map((line: AnyJson) => line.discountedPriceOfLine)).toEqual(
        withCode.lines.map((line: AnyJson) => line.discountedPriceOfLine),
      );
      expect(calculated.body.order.couponsInfo[0].coupon).toMatchObject({
        ids: { code: withCode.coupons[0].code },
        status: 'CanBeUsed',
      });
    });

    it('uses each one-time code once and keeps balances whole: spent by the orders, never blocked', async () => {
      const { coupons } = await sandbox.control('GET', `/projects/${ENDPOINT}/coupons?pool=once`);
      expect(coupons).toHaveLength(300);
      expect(coupons.every((c: AnyJson) => c.status === 'Used' && c.usedBy.length === 1)).toBe(true);

      let spent = 0;
      for (let id = 1; id <= 500; id++) {
        const points = await sandbox.control(
          'GET',
          `/projects/${ENDPOINT}/customers/retailcrmId/${id}/balance`,
        );
        expect(points.blocked).toBe(0);
        expect(points.available + points.spent).toBeCloseTo(1000, 2);
        spent += points.spent;
      }
      expect(spent).toBeCloseTo(seeded.spentPoints, 2);
    });

    it('seeds orders with a new customer each, who starts with the points given', async () => {
      const answer = await sandbox.control('POST', `/projects/${ENDPOINT}/orders`, {
        generate: {
          count: 50,
          from: 20_001,
          customers: 'new',
          customerFrom: 9_001,
          customerBalance: 400,
          points: { amount: 150 },
        },
      });

      expect(answer.customers).toEqual({
        source: 'new',
        created: 50,
        idKey: 'retailcrmId',
        from: 9_001,
        to: 9_050,
      });
      const view = await order('20050');
      expect(view.customer.ids).toEqual({ retailcrmId: '9050' });
      expect(await balance(view.customer)).toEqual({
        total: 400 - view.spentPoints,
        available: 400 - view.spentPoints,
        blocked: 0,
        spent: view.spentPoints,
      });
      expect(view.spentPoints).toBeGreaterThan(0);
    });
  });

  describe('later operations on a seeded order', () => {
    it('a repeated begin or commit call with its transaction id answers TransactionAlreadyProcessed', async () => {
      const view = await order('2');
      for (const operation of [BEGIN, COMMIT]) {
        const body = operation === BEGIN ? resend(view, 'seed-2') : transactionRef('2', 'seed-2');
        const again = await mindbox.call(operation, body, { transactionId: 'seed-2' });
        expect(again.body).toEqual({ status: 'TransactionAlreadyProcessed' });
      }
      // Without the call's id, the commit is one already applied: the same answer, nothing changed.
      const commit = await mindbox.call(COMMIT, transactionRef('2', 'seed-2'));
      expect(commit.body).toEqual({
        status: 'Success',
        order: { processingStatus: 'Processed', ids: { mindboxId: 2, retailcrmId: '2' } },
      });
      const rollback = await mindbox.call(ROLLBACK, transactionRef('2', 'seed-2'));
      expect(rollback.body).toMatchObject({
        status: 'ValidationError',
        validationMessages: [{ message: 'Транзакция уже подтверждена.' }],
      });
      expect(await order('2')).toEqual(view);
    });

    it('an edit begun on it and rolled back leaves it as it was, points included', async () => {
      const view = await findOrder((o) => o.spentPoints > 0);
      const id = view.ids.retailcrmId;
      const before = await balance(view.customer);

      const begun = await mindbox.call(BEGIN, resend(view, `edit-${id}`, 0));
      expect(begun.body.order).toMatchObject({ processingStatus: 'Processed' });
      expect(await order(id)).toMatchObject({
        status: 'committed',
        openTransaction: { externalId: `edit-${id}` },
      });

      const rolledBack = await mindbox.call(ROLLBACK, transactionRef(id, `edit-${id}`));
      expect(rolledBack.body).toEqual({ status: 'Success' });
      const after = await order(id);
      expect(after).toMatchObject({
        status: 'committed',
        totalPrice: view.totalPrice,
        spentPoints: view.spentPoints,
        openTransaction: null,
        transactions: [
          { externalId: `seed-${id}`, outcome: 'committed' },
          { externalId: `edit-${id}`, outcome: 'rolledBack' },
        ],
      });
      expect(await balance(view.customer)).toEqual(before);
    });

    it('a cancelled line gives its points back and leaves the order', async () => {
      const view = await findOrder((o) => o.lines.length > 1 && o.lines[0].spentPoints > 0);
      const id = view.ids.retailcrmId;
      const before = await balance(view.customer);
      const [first] = view.lines;

      const answer = await mindbox.call(LINE_STATUS, {
        order: {
          ids: { retailcrmId: id },
          lines: [{ lineNumber: 1, status: { ids: { externalId: 'Cancelled' } } }],
        },
      });

      expect(answer.body).toEqual({ status: 'Success' });
      const after = await order(id);
      expect(after.lines[0]).toMatchObject({ status: { ids: { externalId: 'Cancelled' } }, spentPoints: 0 });
      expect(after.totalPrice).toBeCloseTo(view.totalPrice - first.discountedPriceOfLine, 2);
      expect(after.spentPoints).toBeCloseTo(view.spentPoints - first.spentPoints, 2);
      expect(await balance(view.customer)).toEqual({
        total: expect.closeTo(before.total + first.spentPoints, 2),
        available: expect.closeTo(before.available + first.spentPoints, 2),
        blocked: before.blocked,
        spent: expect.closeTo(before.spent - first.spentPoints, 2),
      });
    });

    it('cancelling it releases its one-time code', async () => {
      const { coupons } = await sandbox.control('GET', `/projects/${ENDPOINT}/coupons?pool=once`);
      const [{ code, usedBy }] = coupons;
      const id = usedBy[0].ids.retailcrmId;

      const answer = await mindbox.call(CANCEL, { order: { ids: { retailcrmId: id } } });

      expect(answer.body).toEqual({ status: 'Success' });
      expect(await order(id)).toMatchObject({ status: 'cancelled', coupons: [{ code, status: 'Released' }] });
      const [after] = (await sandbox.control('GET', `/projects/${ENDPOINT}/coupons?codes=${code}`)).coupons;
      expect(after).toMatchObject({ status: 'Active', usedBy: [] });
    });
  });

  describe('input', () => {
    it.each([
      [{}, 'generate should not be null or undefined'],
      [{ generate: { count: 0 } }, 'generate.count must not be less than 1'],
      [{ generate: { count: 100_001 } }, 'generate.count must not be greater than 100000'],
      [{ generate: { count: 1.5 } }, 'generate.count must be an integer number'],
      [{ generate: { count: 1, colour: 'red' } }, 'generate.property colour should not exist'],
      [
        { generate: { count: 1, customers: 'some' } },
        'generate.customers must be one of the following values',
      ],
      [{ generate: { count: 1, maxLines: 21 } }, 'generate.maxLines must not be greater than 20'],
      [
        { generate: { count: 1, lineStatuses: [] } },
        'generate.lineStatuses must contain at least 1 elements',
      ],
      [
        { generate: { count: 1, coupons: { pool: 'once', share: 2 } } },
        'generate.coupons.share must not be greater',
      ],
      [
        { generate: { count: 1, points: { amount: 0 } } },
        'generate.points.amount must not be less than 0.01',
      ],
    ])('refuses %j with 400 naming the field', async (body, message) => {
      const answer = await seed(body);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body.message)).toContain(message);
    });

    it.each([
      [{ count: 1, idKey: 'orderNumber' }, 'generate.idKey'],
      [{ count: 1, lineStatuses: ['New', 'Cancelled'] }, 'generate.lineStatuses: Cancelled'],
      [{ count: 1, customerBalance: 10 }, 'generate.customerBalance is for customers: "new" only'],
      [{ count: 1, customers: 'new', customerIdKey: 'email' }, 'generate.customerIdKey'],
    ])('refuses %j, which the project cannot take, with 400', async (generate, message) => {
      const answer = await seed({ generate });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain(message);
    });

    it('refuses a project without customers, an unknown pool or project, and taken ids, writing nothing', async () => {
      await sandbox.control('POST', '/projects', { endpointId: 'empty' });
      const noCustomers = await seed({ generate: { count: 1, customers: 'existing' } }, 'empty');
      expect(noCustomers.status).toBe(400);
      expect(noCustomers.body.message).toContain('generate.customers');

      const noPool = await seed({ generate: { count: 1, coupons: { pool: 'never' } } });
      expect(noPool.status).toBe(404);
      expect(noPool.body.message).toContain('generate.coupons.pool');
      expect((await seed({ generate: { count: 1 } }, 'nowhere')).status).toBe(404);

      const counts = (await sandbox.control('GET', `/projects/${ENDPOINT}`)).counts;
      const taken = await seed({ generate: { count: 10, from: COUNT - 4 } });
      expect(taken.status).toBe(409);
      expect(taken.body.message).toContain(`retailcrmId=${COUNT - 4}`);
      expect((await sandbox.control('GET', `/projects/${ENDPOINT}`)).counts).toEqual(counts);
    });
  });
});
