import type { SandboxHarness } from './retailcrm-harness';

// SANDBOX_SEED=demo: the sandbox starts with a demo shop, and a reset brings it back.

describe('RetailCRM simulator demo seed', () => {
  let sandbox: SandboxHarness;

  beforeAll(async () => {
    // The sandbox reads its env when its module loads: set it first, then load the harness.
    process.env.SANDBOX_SEED = 'demo';
    const { SandboxHarness } = await import('./retailcrm-harness');
    sandbox = await SandboxHarness.start();
  });

  afterAll(() => sandbox.close());

  async function demo() {
    const { CrmClient } = await import('./retailcrm-harness');
    return new CrmClient(`${sandbox.url}/crm/demo`, 'demo-retailcrm-key');
  }

  it('starts with the demo account, its two shops, customers and orders', async () => {
    const crm = await demo();

    const sites = (await crm.get('/api/v5/reference/sites')).body.sites;
    const customers = (await crm.get('/api/v5/customers')).body.pagination.totalCount;
    const orders = (await crm.get('/api/v5/orders')).body.pagination.totalCount;
    const statuses = (await crm.get('/api/v5/reference/statuses')).body.statuses;

    expect(Object.keys(sites)).toEqual(['demo-shop', 'demo-outlet']);
    expect(customers).toBe(50);
    expect(orders).toBe(30);
    expect(statuses).toHaveProperty('complete');
  });

  it('brings the demo account back after a reset', async () => {
    const crm = await demo();
    await crm.post('/api/v5/customers/create', { site: 'demo-shop', customer: { firstName: 'Гость' } });

    await fetch(`${sandbox.url}/control/reset`, { method: 'POST' });

    expect((await crm.get('/api/v5/customers')).body.pagination.totalCount).toBe(50);
    expect((await sandbox.control('/accounts')).body.accounts.map((a: { code: string }) => a.code)).toEqual([
      'demo',
    ]);
  });
});
