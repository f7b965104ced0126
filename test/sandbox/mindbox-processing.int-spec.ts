import {
  AnyJson,
  BEGIN,
  CALCULATE,
  CANCEL,
  COMMIT,
  LINE_STATUS,
  MindboxCaller,
  ROLLBACK,
  SandboxUnderTest,
  transactionRef,
} from './mindbox-harness';

const ENDPOINT = 'shop';

interface OrderOptions {
  customer?: string;
  coupons?: string[];
  points?: number;
  transaction?: string;
  lines?: { product: string; price: number; quantity: number }[];
}

/** A request as order-processing sends it: CRM customer and order ids, lines with product ids. */
function orderBody(orderId: string, options: OrderOptions = {}): AnyJson {
  const lines = options.lines ?? [
    { product: 'P1', price: 1000, quantity: 2 },
    { product: 'P2', price: 500, quantity: 2 },
  ];
  return {
    customer: { ids: { retailcrmId: options.customer ?? '1' } },
    pointOfContact: 'retailcrm',
    order: {
      ids: { retailcrmId: orderId, retailcrmExternalId: `EXT-${orderId}` },
      lines: lines.map((line, i) => ({
        lineNumber: i + 1,
        lineId: `${orderId}-${i + 1}`,
        product: { ids: { retailcrmProductId: line.product } },
        basePricePerItem: line.price,
        quantity: line.quantity,
        status: { ids: { externalId: 'New' } },
      })),
      ...(options.coupons ? { coupons: options.coupons.map((code) => ({ ids: { code } })) } : {}),
      ...(options.points ? { bonusPoints: [{ amount: options.points }] } : {}),
      ...(options.transaction ? { transaction: { ids: { externalId: options.transaction } } } : {}),
    },
  };
}

describe('Mindbox simulator: order processing', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;

  const balance = (customer = '1') =>
    sandbox.control('GET', `/projects/${ENDPOINT}/customers/retailcrmId/${customer}/balance`);
  const order = (orderId: string) =>
    sandbox.control('GET', `/projects/${ENDPOINT}/orders/retailcrmId/${orderId}`);
  const coupon = async (code: string) =>
    (await sandbox.control('GET', `/projects/${ENDPOINT}/coupons?codes=${code}`)).coupons[0];

  async function beginAndCommit(
    orderId: string,
    transaction: string,
    options: OrderOptions = {},
  ): Promise<AnyJson> {
    const begun = await mindbox.call(BEGIN, orderBody(orderId, { ...options, transaction }), {
      transactionId: `${transaction}-begin`,
    });
    expect(begun.body.status).toBe('Success');
    const committed = await mindbox.call(COMMIT, transactionRef(orderId, transaction), {
      transactionId: `${transaction}-commit`,
    });
    expect(committed.body.status).toBe('Success');
    return begun.body;
  }

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
  });

  beforeEach(async () => {
    await sandbox.request('POST', '/control/reset');
    const project = await sandbox.control('POST', '/projects', { endpointId: ENDPOINT });
    mindbox = sandbox.mindbox(project.endpointId, project.secretKey);
    await sandbox.control('POST', `/projects/${ENDPOINT}/customers`, {
      generate: { count: 3, idKey: 'retailcrmId', from: 1, balance: 1000 },
    });
    await sandbox.control('POST', `/projects/${ENDPOINT}/coupon-pools`, {
      externalId: 'once',
      kind: 'oneTime',
      generate: { count: 3, prefix: 'ONCE-' },
      discount: { kind: 'amount', value: 300 },
    });
    await sandbox.control('POST', `/projects/${ENDPOINT}/coupon-pools`, {
      externalId: 'welcome',
      kind: 'multiUse',
      codes: ['WELCOME10'],
      discount: { kind: 'percent', value: 10 },
    });
  });

  afterAll(() => sandbox.close());

  describe('bonus points', () => {
    it('calculate only shows the points; begin reserves them; commit spends them', async () => {
      const calculated = await mindbox.call(CALCULATE, orderBody('100', { points: 300 }));
      expect(calculated.body.order.bonusPointsInfo[0]).toMatchObject({
        status: 'Success',
        availableAmountForCurrentOrder: 1000,
        spentAmountForCurrentOrder: 300,
        balance: { total: 1000, available: 1000, blocked: 0 },
      });
      expect(await balance()).toEqual({ total: 1000, available: 1000, blocked: 0, spent: 0 });

      const begun = await mindbox.call(BEGIN, orderBody('100', { points: 300, transaction: 't-100' }));
      expect(begun.body.order).toMatchObject({ processingStatus: 'Processed', totalPrice: 2700 });
      expect(begun.body.order.ids).toMatchObject({ mindboxId: expect.any(Number), retailcrmId: '100' });
      expect(await balance()).toEqual({ total: 1000, available: 700, blocked: 300, spent: 0 });
      expect(await order('100')).toMatchObject({
        status: 'reserved',
        openTransaction: { reservedPoints: 300 },
      });

      await mindbox.call(COMMIT, transactionRef('100', 't-100'));
      expect(await balance()).toEqual({ total: 700, available: 700, blocked: 0, spent: 300 });
      expect(await order('100')).toMatchObject({
        status: 'committed',
        spentPoints: 300,
        openTransaction: null,
      });
    });

    it('rollback releases the reserved points', async () => {
      await mindbox.call(BEGIN, orderBody('101', { points: 400, transaction: 't-101' }));
      expect(await balance()).toMatchObject({ available: 600, blocked: 400 });

      const rolledBack = await mindbox.call(ROLLBACK, {
        order: { transaction: { ids: { externalId: 't-101' } } },
      });

      expect(rolledBack.body).toEqual({ status: 'Success' });
      expect(await balance()).toEqual({ total: 1000, available: 1000, blocked: 0, spent: 0 });
      expect(await order('101')).toMatchObject({
        status: 'rolledBack',
        transactions: [{ externalId: 't-101', outcome: 'rolledBack' }],
      });
    });

    it('refuses to spend more points than the customer has, reserving nothing', async () => {
      for (const operation of [CALCULATE, BEGIN]) {
        const answer = await mindbox.call(
          operation,
          orderBody('102', { points: 1500, transaction: 't-102' }),
        );
        expect(answer.body.status).toBe('ValidationError');
        expect(answer.body.validationMessages).toEqual([
          expect.objectContaining({
            location: '/order/bonusPoints',
            message: expect.stringContaining('1000'),
          }),
        ]);
      }
      expect(await balance()).toEqual({ total: 1000, available: 1000, blocked: 0, spent: 0 });
    });

    it('an edit of a committed order can spend its own points again, and gives back what it no longer spends', async () => {
      await beginAndCommit('103', 't-103a', { points: 1000 });
      expect(await balance()).toMatchObject({ available: 0, spent: 1000 });

      const again = await mindbox.call(CALCULATE, orderBody('103', { points: 1000 }));
      expect(again.body.order.bonusPointsInfo[0]).toMatchObject({
        availableAmountForCurrentOrder: 1000,
        spentAmountForCurrentOrder: 1000,
      });

      await beginAndCommit('103', 't-103b', { points: 250 });
      expect(await balance()).toEqual({ total: 750, available: 750, blocked: 0, spent: 250 });
      expect(await order('103')).toMatchObject({ spentPoints: 250 });
    });
  });

  describe('one-time codes', () => {
    it('stay applicable to the order that used them when it is sent again, and are Used for any other order', async () => {
      const first = await beginAndCommit('200', 't-200', { coupons: ['ONCE-0001'] });
      expect(first.order.couponsInfo[0]).toMatchObject({
        discountAmountForCurrentOrder: 300,
        coupon: { status: 'CanBeUsed' },
      });
      expect(await coupon('ONCE-0001')).toMatchObject({
        status: 'Used',
        usedBy: [{ ids: { retailcrmId: '200' } }],
      });

      // The same order, re-sent with the same ids: its own code still applies.
      const resent = await mindbox.call(CALCULATE, orderBody('200', { coupons: ['ONCE-0001'] }));
      expect(resent.body.order.couponsInfo[0]).toMatchObject({
        discountAmountForCurrentOrder: 300,
        coupon: { status: 'CanBeUsed' },
      });
      expect(resent.body.order.totalPrice).toBe(2700);
      const edited = await beginAndCommit('200', 't-200-edit', {
        coupons: ['ONCE-0001'],
        lines: [{ product: 'P1', price: 1000, quantity: 3 }],
      });
      expect(edited.order).toMatchObject({
        totalPrice: 2700,
        couponsInfo: [{ coupon: { status: 'CanBeUsed' } }],
      });

      // Another order meets the code as Used, without discount.
      const other = await mindbox.call(CALCULATE, orderBody('201', { coupons: ['ONCE-0001'] }));
      expect(other.body.order.couponsInfo[0]).toMatchObject({
        discountAmountForCurrentOrder: 0,
        coupon: { ids: { code: 'ONCE-0001' }, status: 'Used', usedDateTimeUtc: expect.any(String) },
      });
      expect(other.body.order.totalPrice).toBe(3000);
      const otherBegun = await mindbox.call(
        BEGIN,
        orderBody('201', { coupons: ['ONCE-0001'], transaction: 't-201' }),
      );
      expect(otherBegun.body.order.couponsInfo[0].coupon.status).toBe('Used');
      expect(await coupon('ONCE-0001')).toMatchObject({
        usedBy: [{ ids: { retailcrmId: '200' } }],
        heldBy: [],
      });
    });

    it('are held by an open transaction: Blocked for other orders until rollback', async () => {
      await mindbox.call(BEGIN, orderBody('210', { coupons: ['ONCE-0002'], transaction: 't-210' }));
      expect(await coupon('ONCE-0002')).toMatchObject({ status: 'Blocked' });
      const other = await mindbox.call(CALCULATE, orderBody('211', { coupons: ['ONCE-0002'] }));
      expect(other.body.order.couponsInfo[0].coupon.status).toBe('Blocked');

      await mindbox.call(ROLLBACK, transactionRef('210', 't-210'));

      expect(await coupon('ONCE-0002')).toMatchObject({ status: 'Active', heldBy: [], usedBy: [] });
      const after = await mindbox.call(CALCULATE, orderBody('211', { coupons: ['ONCE-0002'] }));
      expect(after.body.order.couponsInfo[0].coupon.status).toBe('CanBeUsed');
    });

    it('is NotFound when no pool has it', async () => {
      const answer = await mindbox.call(CALCULATE, orderBody('220', { coupons: ['NOPE'] }));
      expect(answer.body.order.couponsInfo).toEqual([
        { discountAmountForCurrentOrder: 0, coupon: { ids: { code: 'NOPE' }, status: 'NotFound' } },
      ]);
    });
  });

  it('a multi-use code works for many orders', async () => {
    for (let i = 0; i < 5; i++) {
      const begun = await beginAndCommit(`30${i}`, `t-30${i}`, {
        coupons: ['WELCOME10'],
        customer: String((i % 3) + 1),
      });
      expect(begun.order).toMatchObject({
        totalPrice: 2700,
        couponsInfo: [{ discountAmountForCurrentOrder: 300, coupon: { status: 'CanBeUsed' } }],
      });
    }
    const code = await coupon('WELCOME10');
    expect(code.status).toBe('Active');
    expect(code.usedBy).toHaveLength(5);
  });

  describe('idempotency', () => {
    it('a repeated transactionId answers TransactionAlreadyProcessed and applies nothing twice', async () => {
      const body = orderBody('400', { points: 200, coupons: ['ONCE-0003'], transaction: 't-400' });
      const first = await mindbox.call(BEGIN, body, { transactionId: 'q-400-begin' });
      const again = await mindbox.call(BEGIN, body, { transactionId: 'q-400-begin' });
      expect(first.body.status).toBe('Success');
      expect(again.body).toEqual({ status: 'TransactionAlreadyProcessed' });
      expect(await balance()).toEqual({ total: 1000, available: 800, blocked: 200, spent: 0 });

      await mindbox.call(COMMIT, transactionRef('400', 't-400'), {
        mode: 'async',
        transactionId: 'q-400-commit',
      });
      const commitAgain = await mindbox.call(COMMIT, transactionRef('400', 't-400'), {
        mode: 'async',
        transactionId: 'q-400-commit',
      });
      expect(commitAgain.body).toEqual({ status: 'TransactionAlreadyProcessed' });
      expect(await balance()).toEqual({ total: 800, available: 800, blocked: 0, spent: 200 });

      // The same transactionId under another operation is another request.
      const rollback = await mindbox.call(ROLLBACK, transactionRef('400', 't-400'), {
        transactionId: 'q-400-commit',
      });
      expect(rollback.body.status).toBe('ValidationError');
    });

    it('a failed request does not use up its transactionId', async () => {
      const tooMuch = await mindbox.call(BEGIN, orderBody('401', { points: 5000, transaction: 't-401' }), {
        transactionId: 'q-401',
      });
      expect(tooMuch.body.status).toBe('ValidationError');
      await sandbox.control('PUT', `/projects/${ENDPOINT}/customers/retailcrmId/1/balance`, {
        available: 6000,
      });
      const retried = await mindbox.call(BEGIN, orderBody('401', { points: 2000, transaction: 't-401' }), {
        transactionId: 'q-401',
      });
      expect(retried.body.status).toBe('Success');
    });
  });

  describe('validation', () => {
    it('refuses an order without lines', async () => {
      const body = orderBody('500');
      delete body.order.lines;
      const answer = await mindbox.call(CALCULATE, body);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        status: 'ValidationError',
        validationMessages: [{ message: expect.any(String), location: '/order/lines' }],
      });
    });

    it('refuses ids the project does not know, naming them', async () => {
      const body = orderBody('501');
      body.order.lines[0].product.ids = { sku: 'P1' };
      const answer = await mindbox.call(CALCULATE, body);
      expect(answer.body.validationMessages).toEqual([
        expect.objectContaining({ location: '/order/lines/0/product/ids/sku' }),
      ]);
    });

    it('commit of an unknown transaction is a ValidationError', async () => {
      const answer = await mindbox.call(COMMIT, transactionRef('502', 'never-begun'));
      expect(answer.body.validationMessages[0].location).toBe('/order/transaction/ids/externalId');
    });
  });

  describe('line statuses and cancellation', () => {
    it('a cancelled line gives its points back; cancelling the order gives back the rest and frees its code', async () => {
      await beginAndCommit('600', 't-600', { points: 600, coupons: ['ONCE-0001'] });
      expect(await balance()).toMatchObject({ available: 400, spent: 600 });

      const lineCancelled = await mindbox.call(LINE_STATUS, {
        order: {
          ids: { retailcrmId: '600' },
          lines: [{ lineNumber: 2, status: { ids: { externalId: 'Cancelled' } } }],
        },
      });
      expect(lineCancelled.body).toEqual({ status: 'Success' });
      const afterLine = await order('600');
      expect(afterLine.lines.map((l: AnyJson) => l.status.ids.externalId)).toEqual(['New', 'Cancelled']);
      const refunded = afterLine.lines[1].appliedPromotions.find(
        (a: AnyJson) => a.type === 'spentBonusPoints',
      ).amount;
      expect(await balance()).toMatchObject({ available: 400 + refunded, spent: 600 - refunded });
      expect(afterLine).toMatchObject({ status: 'committed', spentPoints: 600 - refunded });

      await mindbox.call(CANCEL, { order: { ids: { retailcrmExternalId: 'EXT-600' } } });

      expect(await balance()).toEqual({ total: 1000, available: 1000, blocked: 0, spent: 0 });
      expect(await order('600')).toMatchObject({
        status: 'cancelled',
        spentPoints: 0,
        coupons: [{ code: 'ONCE-0001', status: 'Released' }],
      });
      expect(await coupon('ONCE-0001')).toMatchObject({ status: 'Active' });
    });

    it('the whole-order form sets every line; a partial return splits the line', async () => {
      await beginAndCommit('610', 't-610', { points: 400 });
      await mindbox.call(LINE_STATUS, {
        orderLinesStatus: 'Delivered',
        order: { ids: { retailcrmId: '610' } },
      });
      await mindbox.call(LINE_STATUS, {
        order: { ids: { retailcrmId: '610' }, lines: [{ lineId: '610-1', quantity: 1, status: 'Returned' }] },
      });

      const held = await order('610');
      expect(
        held.lines.map((l: AnyJson) => [l.lineNumber, l.lineId, l.quantity, l.status.ids.externalId]),
      ).toEqual([
        [1, '610-1', 1, 'Delivered'],
        [2, '610-2', 2, 'Delivered'],
        [3, '610-1', 1, 'Returned'],
      ]);
      // The returned half of line 1 takes half of that line's points back to the customer.
      const returned = held.lines[2].appliedPromotions.find(
        (a: AnyJson) => a.type === 'spentBonusPoints',
      ).amount;
      expect(returned).toBeCloseTo(133.34, 2);
      expect(held.lines[2].spentPoints).toBe(0);
      expect(await balance()).toMatchObject({
        available: expect.closeTo(600 + returned, 2),
        spent: expect.closeTo(400 - returned, 2),
      });
    });

    it('a status change for an order Mindbox never saw is a 400 ProtocolError', async () => {
      const answer = await mindbox.call(LINE_STATUS, {
        orderLinesStatus: 'Paid',
        order: { ids: { retailcrmId: 'ghost' } },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 'ProtocolError', httpStatusCode: 400 });
    });
  });

  it('begin answers PriceHasBeenChanged when the total differs from the calculation, and reserves nothing', async () => {
    const body = orderBody('700', { points: 100, transaction: 't-700' });
    body.order.totalPrice = 1234;
    const answer = await mindbox.call(BEGIN, body, { transactionId: 'q-700' });
    expect(answer.body.order).toMatchObject({ processingStatus: 'PriceHasBeenChanged', totalPrice: 2900 });
    expect(await balance()).toMatchObject({ available: 1000, blocked: 0 });

    body.order.totalPrice = 2900;
    const retried = await mindbox.call(BEGIN, body, { transactionId: 'q-700' });
    expect(retried.body.order.processingStatus).toBe('Processed');
  });

  it('an existing order keeps the promotions it was first saved with', async () => {
    await sandbox.control('POST', `/projects/${ENDPOINT}/promotions`, {
      externalId: 'spring',
      kind: 'percent',
      value: 5,
    });
    await beginAndCommit('800', 't-800');
    await sandbox.control('DELETE', `/projects/${ENDPOINT}/promotions/spring`);

    const existing = await mindbox.call(CALCULATE, orderBody('800'));
    const fresh = await mindbox.call(CALCULATE, orderBody('801'));
    expect(existing.body.order.totalPrice).toBe(2850);
    expect(fresh.body.order.totalPrice).toBe(3000);
  });
});
