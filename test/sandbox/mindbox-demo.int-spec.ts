import { MindboxCaller, SandboxUnderTest } from './mindbox-harness';

describe('Mindbox simulator: the demo seed (SANDBOX_SEED=demo)', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;
  const seed = process.env.SANDBOX_SEED;

  const order = (id: string, code?: string) => ({
    customer: { ids: { retailcrmId: '7' } },
    order: {
      ids: { retailcrmId: id, retailcrmExternalId: `EXT-${id}` },
      lines: [
        {
          lineNumber: 1,
          product: { ids: { retailcrmProductId: '15' } },
          basePricePerItem: 2000,
          quantity: 1,
        },
      ],
      ...(code ? { coupons: [{ ids: { code } }] } : {}),
      transaction: { ids: { externalId: `t-${id}` } },
    },
  });

  beforeAll(async () => {
    process.env.SANDBOX_SEED = 'demo';
    sandbox = await SandboxUnderTest.start();
    expect(sandbox.bootMs).toBeLessThan(2_000);
    mindbox = sandbox.mindbox('demo-endpoint', 'demo-mindbox-secret');
  });

  afterAll(async () => {
    await sandbox.close();
    if (seed === undefined) delete process.env.SANDBOX_SEED;
    else process.env.SANDBOX_SEED = seed;
  });

  it('has the demo project with its id keys, codes and customers 1…50 with points', async () => {
    const project = await sandbox.control('GET', '/projects/demo-endpoint');
    expect(project).toMatchObject({
      secretKey: 'demo-mindbox-secret',
      customerIdKeys: ['retailcrmId'],
      orderIdKeys: ['retailcrmId', 'retailcrmExternalId'],
      productIdKeys: ['retailcrmProductId'],
      counts: { customers: 50, coupons: 21 },
    });
    const { coupons } = await sandbox.control('GET', '/projects/demo-endpoint/coupons');
    expect(coupons.map((c: { code: string }) => c.code)).toEqual([
      'WELCOME10',
      ...Array.from({ length: 20 }, (_, i) => `ONCE-${String(i + 1).padStart(4, '0')}`),
    ]);
    for (const id of ['1', '50']) {
      const answer = await mindbox.call('Website.GetCustomerBalance', {
        customer: { ids: { retailcrmId: id } },
      });
      expect(answer.body.balances[0]).toMatchObject({ available: 1000 });
    }
  });

  it('prices with the 5 % promotion and the codes', async () => {
    const plain = await mindbox.call('Website.CalculateAuthorizedCart', order('1'));
    const welcome = await mindbox.call('Website.CalculateAuthorizedCart', order('1', 'welcome10'));
    const once = await mindbox.call('Website.CalculateAuthorizedCart', order('1', 'ONCE-0001'));
    expect(plain.body.order.totalPrice).toBe(1900);
    expect(welcome.body.order).toMatchObject({
      totalPrice: 1710,
      couponsInfo: [{ coupon: { ids: { code: 'WELCOME10' } } }],
    });
    expect(once.body.order.totalPrice).toBe(1400);
  });

  it('comes back to the seeded start on POST /control/reset', async () => {
    await mindbox.call('Website.BeginAuthorizedOrderTransaction', order('2', 'ONCE-0002'));
    await mindbox.call('Website.CommitOrderTransaction', {
      order: { transaction: { ids: { externalId: 't-2' } } },
    });
    expect(
      (await sandbox.control('GET', '/projects/demo-endpoint/coupons?codes=ONCE-0002')).coupons[0].status,
    ).toBe('Used');

    await sandbox.request('POST', '/control/reset');

    expect(
      (await sandbox.control('GET', '/projects/demo-endpoint/coupons?codes=ONCE-0002')).coupons[0].status,
    ).toBe('Active');
    expect(
      (await sandbox.request('GET', '/control/mindbox/projects/demo-endpoint/orders/retailcrmId/2')).status,
    ).toBe(404);
  });
});
