import { FixtureCoverage } from '../support/fixture-coverage';
import { shapeDifferences } from '../support/same-shape';
import {
  AnyJson,
  MindboxCaller,
  mindboxFixture as readFixture,
  MINDBOX_FIXTURES,
  SandboxUnderTest,
} from './mindbox-harness';

/** Every recorded answer is compared and every recorded request sent below; the last test checks it. */
const coverage = new FixtureCoverage(MINDBOX_FIXTURES);
const mindboxFixture = (name: string) => readFixture(coverage.use(name));

/**
 * Every answer of the simulated Mindbox has the shape of the recorded or documented answer of
 * the real one (fixtures in ../shared/fixtures/mindbox), and the recorded requests are accepted.
 */
describe('Mindbox simulator: answers shaped like the real API', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
    // Id system names of the recorded project (customer-found.json, the calculation fixtures).
    const project = await sandbox.control('POST', '/projects', {
      endpointId: 'shapes',
      secretKey: 'shapes-secret',
      customerIdKeys: ['retailCrmId', 'websiteId', 'externalId'],
      orderIdKeys: [
        'offlineTransactionId',
        'receiptNumber',
        'orderMobileAppId',
        'websiteTransactionId',
        'orderId2',
      ],
      productIdKeys: ['hyperautoWebsite', 'system1c', 'website', 'default'],
    });
    mindbox = sandbox.mindbox(project.endpointId, project.secretKey);
    await sandbox.control('POST', '/projects/shapes/coupon-pools', {
      externalId: 'promo-code-pool-7',
      name: 'ДР купон 500р на покупки от 1000р',
      description: 'Скидка 500 р. для заказа от 1000р',
      kind: 'oneTime',
      codes: ['005ACOFHC8', '330V', 'I1Td0TW3uu2'],
      discount: { kind: 'amount', value: 500 },
      minOrderTotal: 1000,
    });
    await sandbox.control('POST', '/projects/shapes/customers', {
      customers: [
        { ids: { retailCrmId: '5384275' }, email: 'found@example.com' },
        {
          ids: { websiteId: '129501701', externalId: 'zmx0cdM7' },
          mindboxId: 1011787029,
          balance: 50_000_000,
        },
      ],
    });
  });

  afterAll(() => sandbox.close());

  it('answers calculate-request.json like calculate-response-coupon.json', async () => {
    const answer = await mindbox.call(
      'Website.CalculateUnauthorizedCart',
      mindboxFixture('calculate-request.json'),
    );

    expect(answer.status).toBe(200);
    expect(shapeDifferences(answer.body, mindboxFixture('calculate-response-coupon.json'))).toEqual([]);
    expect(answer.body.order).toMatchObject({ processingStatus: 'Calculated', totalPrice: 11995 });
    expect(answer.body.order.couponsInfo[0]).toMatchObject({
      discountAmountForCurrentOrder: 500,
      coupon: { ids: { code: '005ACOFHC8' }, status: 'CanBeUsed' },
    });
  });

  it('accepts calculate-request-full.json, every node of it', async () => {
    const answer = await mindbox.call(
      'Website.CalculateAuthorizedCart',
      mindboxFixture('calculate-request-full.json'),
    );

    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('Success');
    expect(answer.body.customer).toMatchObject({
      processingStatus: 'Found',
      ids: { mindboxId: '1011787029' },
    });
    expect(answer.body.order.bonusPointsInfo[0].spentAmountForCurrentOrder).toBeCloseTo(40_066_208.48, 2);
    expect(
      shapeDifferences(answer.body, mindboxFixture('calculate-response-coupon.json'), {
        // Product ids are keyed by the project's own system names (system1c… here, hyperautoWebsite there).
        dictionaries: ['order.lines[].product.ids'],
        // This order's first applied promotion is the caller's external one: no coupon, no Mindbox id or name.
        ignore: ['order.lines[].appliedPromotions'],
      }),
    ).toEqual([]);
  });

  it('answers bad input like validation-error.json', async () => {
    const answer = await mindbox.call('Website.RegisterCustomer', {
      customer: { ids: { retailCrmId: 'new-1' }, email: 'mymail' },
    });

    expect(answer.status).toBe(200);
    expect(shapeDifferences(answer.body, mindboxFixture('validation-error.json'))).toEqual([]);
    expect(answer.body.validationMessages).toEqual([
      { message: '"mymail" не является корректным адресом электронной почты.', location: '/customer/email' },
    ]);
  });

  it('answers a missing secret key like protocol-error-401.json, with HTTP 401', async () => {
    const answer = await mindbox.call(
      'Website.CheckCustomer',
      { customer: { ids: { retailCrmId: '1' } } },
      {
        authorization: null,
      },
    );

    expect(answer.status).toBe(401);
    expect(shapeDifferences(answer.body, mindboxFixture('protocol-error-401.json'))).toEqual([]);
    expect(answer.body.httpStatusCode).toBe(401);
  });

  it('answers a repeated transactionId like transaction-already-processed.json', async () => {
    const body = { customer: { ids: { retailCrmId: 'tap-1' }, firstName: 'Анна' } };
    const first = await mindbox.call('Website.RegisterCustomer', body, { transactionId: 'shape-tap-1' });
    const again = await mindbox.call('Website.RegisterCustomer', body, { transactionId: 'shape-tap-1' });

    expect(first.body.customer.processingStatus).toBe('Created');
    expect(again.status).toBe(200);
    expect(shapeDifferences(again.body, mindboxFixture('transaction-already-processed.json'))).toEqual([]);
    expect(again.body).toEqual({ status: 'TransactionAlreadyProcessed' });
  });

  it('answers a customer lookup like customer-found.json and customer-not-found.json', async () => {
    const found = await mindbox.call('Website.CheckCustomer', {
      customer: { ids: { retailCrmId: '5384275' } },
    });
    const missing = await mindbox.call('Website.CheckCustomer', {
      customer: { ids: { retailCrmId: 'nobody' } },
    });

    expect(shapeDifferences(found.body, mindboxFixture('customer-found.json'))).toEqual([]);
    expect(shapeDifferences(missing.body, mindboxFixture('customer-not-found.json'))).toEqual([]);
    expect((found.body as AnyJson).customer.ids.retailCrmId).toBe('5384275');
    expect(missing.body).toEqual({ status: 'Success', customer: { processingStatus: 'NotFound' } });
  });

  it('answers while unavailable like internal-server-error-503.json, with HTTP 503', async () => {
    await sandbox.fault({
      side: 'mindbox',
      kind: 'status',
      status: 503,
      tenant: 'shapes',
      times: 1,
    });
    const answer = await mindbox.call('Website.CheckCustomer', { customer: { ids: { retailCrmId: '1' } } });

    expect(answer.status).toBe(503);
    expect(shapeDifferences(answer.body, mindboxFixture('internal-server-error-503.json'))).toEqual([]);
    expect(answer.body).toMatchObject({ status: 'InternalServerError', httpStatusCode: '503' });
  });

  // Last: the tests above have read the fixtures they compare with or send.
  it('reads every recorded answer and request in the fixtures folder', () => {
    expect(coverage.gaps()).toEqual([]);
  });
});
