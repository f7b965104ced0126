import { shapeDifferences } from '../support/same-shape';
import { CrmClient, fixture, request, SandboxHarness } from './retailcrm-harness';

// How the simulated API behaves at its edges: accounts, keys, scopes, the rate limit, filters,
// partial success, bulk seeding.

describe('RetailCRM simulator API', () => {
  let sandbox: SandboxHarness;

  beforeAll(async () => {
    sandbox = await SandboxHarness.start();
  });

  afterAll(() => sandbox.close());

  describe('an account code that names no account', () => {
    it('answers an HTML page, not JSON, as nginx does for a wrong domain', async () => {
      const read = await request(`${sandbox.url}/crm/no-such-shop/api/v5/customers`, {
        headers: { 'X-API-KEY': 'whatever' },
      });
      const write = await request(`${sandbox.url}/crm/no-such-shop/api/v5/orders/create`, {
        form: { order: '{}' },
      });

      expect(read.status).toBe(404);
      expect(read.type).toMatch(/^text\/html/);
      expect(read.text).toMatch(/^<html>/);
      expect(write.status).toBe(405);
      expect(write.text).toContain('405 Not Allowed');
    });
  });

  describe('keys', () => {
    let code: string;
    let crm: CrmClient;

    beforeAll(async () => {
      ({ code, client: crm } = await sandbox.account({ sites: ['north', 'south'] }));
    });

    it('refuses a request without a key and one with a wrong key', async () => {
      const missing = await request(`${crm.baseUrl}/api/credentials`);
      const wrong = await crm.withKey('not-a-key').get('/api/credentials');

      expect([missing.status, missing.body]).toEqual([
        400,
        { success: false, errorMsg: '"apiKey" is missing.' },
      ]);
      expect([wrong.status, wrong.body]).toEqual([
        403,
        { success: false, errorMsg: 'Wrong "apiKey" value.' },
      ]);
    });

    it('takes the key as the apiKey parameter too', async () => {
      const answer = await request(`${crm.baseUrl}/api/credentials?apiKey=${crm.apiKey}`);

      expect(answer.body).toMatchObject({
        success: true,
        siteAccess: 'access_full',
        sitesAvailable: ['north', 'south'],
      });
    });

    it('refuses a method outside the key scopes', async () => {
      const key = await sandbox.control(`/accounts/${code}/api-keys`, {
        json: { scopes: ['customer_read'] },
      });
      const limited = crm.withKey(key.body.key);

      expect((await limited.get('/api/v5/customers')).status).toBe(200);
      expect(await limited.get('/api/v5/orders')).toMatchObject({
        status: 403,
        body: { success: false, errorMsg: 'Access denied.' },
      });
    });

    it('shows a key only the shops it reaches', async () => {
      await crm.post('/api/v5/customers/create', { site: 'north', customer: { externalId: 'n1' } });
      await crm.post('/api/v5/customers/create', { site: 'south', customer: { externalId: 's1' } });
      const key = await sandbox.control(`/accounts/${code}/api-keys`, { json: { sites: ['south'] } });
      const south = crm.withKey(key.body.key);

      const credentials = (await south.get('/api/credentials')).body;
      const customers = (await south.get('/api/v5/customers')).body.customers;

      expect(credentials).toMatchObject({ siteAccess: 'access_selective', sitesAvailable: ['south'] });
      expect(customers.map((customer: { externalId: string }) => customer.externalId)).toEqual(['s1']);
      expect((await south.get('/api/v5/customers/n1', 'site=north')).status).toBe(404);
    });

    it('needs the site when the key reaches several shops and the call names an externalId', async () => {
      const answer = await crm.post('/api/v5/customers/create', { customer: { firstName: 'Без магазина' } });

      expect(answer.body).toEqual({ success: false, errorMsg: "Parameter 'site' is missing" });
      expect((await crm.get('/api/v5/customers/s1', 'site=south')).body.customer.externalId).toBe('s1');
    });
  });

  describe('rate limit', () => {
    it('answers the 11th request of a key within a second with 503, and lets it through after', async () => {
      const { client } = await sandbox.account({ rateLimit: 10 });

      // Sent at once, so that all eleven arrive within the second even on a busy machine.
      const answers = await Promise.all(Array.from({ length: 11 }, () => client.get('/api/credentials')));
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const later = await client.get('/api/credentials');
      const refused = answers.filter((answer) => answer.status === 503);

      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10);
      expect(refused.map((answer) => answer.body)).toEqual([
        { success: false, errorMsg: 'Rate limit exceeded' },
      ]);
      expect(later.status).toBe(200);
    });

    it('counts each key on its own', async () => {
      const { code, client } = await sandbox.account({ rateLimit: 10 });
      const other = client.withKey(
        (await sandbox.control(`/accounts/${code}/api-keys`, { json: {} })).body.key,
      );

      await Promise.all(Array.from({ length: 10 }, () => client.get('/api/credentials')));

      expect((await other.get('/api/credentials')).status).toBe(200);
      expect((await client.get('/api/credentials')).status).toBe(503);
    });
  });

  describe('requests', () => {
    let code: string;
    let crm: CrmClient;

    beforeAll(async () => {
      ({ code, client: crm } = await sandbox.account({ sites: ['shop'] }));
      await sandbox.control(`/accounts/${code}/seed`, { json: { customers: 30, orders: 40, seed: 7 } });
    });

    it('reads list filters in the bracket forms clients send', async () => {
      const brackets = await crm.get('/api/v5/customers', 'filter[ids][]=1&filter[ids][]=3');
      const indexed = await crm.get(
        '/api/v5/customers',
        'filter%5Bids%5D%5B0%5D=2&filter%5Bsites%5D%5B0%5D=shop',
      );
      const buyers = await crm.get('/api/v5/customers', 'filter[minOrdersCount]=1&limit=100');

      expect(brackets.body.customers.map((c: { id: number }) => c.id)).toEqual([1, 3]);
      expect(indexed.body.customers.map((c: { id: number }) => c.id)).toEqual([2]);
      expect(buyers.body.customers.length).toBeGreaterThan(0);
      expect(buyers.body.customers.every((c: { ordersCount: number }) => c.ordersCount >= 1)).toBe(true);
    });

    it('pages lists', async () => {
      const page = await crm.get('/api/v5/orders', 'limit=20&page=2');

      expect(page.body.pagination).toEqual({ limit: 20, totalCount: 40, currentPage: 2, totalPageCount: 2 });
      expect(page.body.orders[0].id).toBe(21);
    });

    it('refuses a limit RetailCRM does not take', async () => {
      const answer = await crm.get('/api/v5/customers/history', 'limit=1000');

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        success: false,
        errorMsg: 'Errors in the input parameters',
        errors: { limit: 'The value you selected is not a valid choice.' },
      });
    });

    it('answers validation errors as an object keyed by field', async () => {
      const answer = await crm.post('/api/v5/orders/create', {
        order: { status: 'no-such-status', email: 'x@y.z' },
      });

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        success: false,
        errorMsg: 'Errors in the entity format',
        errors: { status: 'This value is not valid.' },
      });
    });

    it('answers a missing form field and an unknown entity', async () => {
      expect((await crm.post('/api/v5/customers/create', {})).body).toEqual({
        success: false,
        errorMsg: "Parameter 'customer' is missing",
      });
      expect(await crm.get('/api/v5/orders/404404', 'by=id')).toMatchObject({
        status: 404,
        body: { success: false, errorMsg: 'Not found' },
      });
      expect((await crm.get('/api/v5/telephony/calls')).body).toEqual({
        success: false,
        errorMsg: 'API method not found',
      });
    });

    it('answers errors as a list when an unpaid account refuses to activate a module', async () => {
      await sandbox.control(`/accounts/${code}`, { method: 'PATCH', json: { billingBlocked: true } });

      const answer = await crm.post('/api/v5/integration-modules/mindbox-1/edit', {
        integrationModule: { code: 'mindbox-1', integrationCode: 'mindbox', active: true, name: 'Mindbox' },
      });
      await sandbox.control(`/accounts/${code}`, { method: 'PATCH', json: { billingBlocked: false } });

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        success: false,
        errorMsg: 'Failed to activate module',
        errors: ['Your account has insufficient funds to activate integration module'],
      });
    });

    it('answers a partly failed upload with HTTP 460 and both lists', async () => {
      const answer = await crm.post('/api/v5/customers/upload', {
        customers: [
          { externalId: 'up-1' },
          { externalId: 'up-1' },
          { externalId: 'up-2', email: 'up2@example.com' },
        ],
      });

      expect(answer.status).toBe(460);
      expect(answer.body).toEqual({
        success: false,
        uploadedCustomers: [
          { id: expect.any(Number), externalId: 'up-1' },
          { id: expect.any(Number), externalId: 'up-2' },
        ],
        failedCustomers: [{ externalId: 'up-1' }],
        errorMsg: 'Customers are loaded with errors',
        errors: { 'customers[1].externalId': 'A customer with this externalId already exists.' },
      });
    });

    it('seeds data that looks like the real thing', async () => {
      const customers = (await crm.get('/api/v5/customers', 'filter[ids][]=2')).body;
      const orders = (await crm.get('/api/v5/orders', 'filter[ids][]=2')).body;
      // Custom field codes are each account's own: the seeded shop has other fields than the fixture's.
      const ignore = ['customers[].customFields', 'orders[].customFields', 'orders[].customer.customFields'];

      expect(shapeDifferences(customers, fixture('customers-list.json'), { ignore })).toEqual([]);
      expect(
        shapeDifferences(orders, fixture('orders-list.json'), {
          ignore: [...ignore, 'orders[].contact.customFields'],
        }),
      ).toEqual([]);
    });
  });

  describe('bulk seeding', () => {
    it('seeds 10,000 customers and orders in one call', async () => {
      const { code, client } = await sandbox.account();

      const seeded = await sandbox.control(`/accounts/${code}/seed`, {
        json: { customers: 10_000, orders: 2_000 },
      });
      const list = await client.get('/api/v5/customers', 'limit=100&page=100');
      const account = await sandbox.control(`/accounts/${code}`);

      expect(seeded.status).toBe(201);
      expect(seeded.body.customers).toEqual({ created: 10_000, firstId: 1, lastId: 10_000 });
      expect(list.body.pagination).toEqual({
        limit: 100,
        totalCount: 10_000,
        currentPage: 100,
        totalPageCount: 100,
      });
      expect(account.body).toMatchObject({
        customers: 10_000,
        orders: 2_000,
        lastHistoryIds: { customers: 10_000 },
      });
    });
  });

  describe('reset', () => {
    it('forgets every account', async () => {
      const { code } = await sandbox.account();

      await request(`${sandbox.url}/control/reset`, { method: 'POST' });

      expect((await sandbox.control(`/accounts/${code}`)).status).toBe(404);
      expect((await sandbox.control('/accounts')).body).toEqual({ accounts: [] });
    });
  });
});
