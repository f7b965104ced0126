import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { LocalRateBudget, PostgresRateBudget } from '@app/common/rate-budget/rate-budget';
import {
  RetailCrmAuthError,
  RetailCrmClient,
  RetailCrmNotAnAccountError,
  RetailCrmPartialSuccessError,
  RetailCrmRateLimitedError,
  RetailCrmTimeoutError,
  RetailCrmValidationError,
} from '@app/retailcrm';
import { SandboxUnderTest } from '../sandbox/mindbox-harness';

// The RetailCRM client against the sandbox's RetailCRM simulator.
describe('RetailCrmClient against the sandbox', () => {
  let sandbox: SandboxUnderTest;
  let code: string;
  let apiKey: string;

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
  });

  beforeEach(async () => {
    await sandbox.request('POST', '/control/reset');
    code = `shop${randomBytes(3).toString('hex')}`;
    apiKey = `key-${randomBytes(8).toString('hex')}`;
    await crmControl('/accounts', { code, apiKey, sites: ['shop-a', 'shop-b'] });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  async function crmControl(path: string, body: unknown): Promise<void> {
    const answer = await sandbox.request('POST', `/control/retailcrm${path}`, body);
    if (answer.status >= 300) throw new Error(`${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  function clientWith(
    overrides: Partial<ConstructorParameters<typeof RetailCrmClient>[0]> = {},
  ): RetailCrmClient {
    return new RetailCrmClient({
      url: `${sandbox.url}/crm/${code}`,
      apiKey,
      budget: new LocalRateBudget(),
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 100,
      ...overrides,
    });
  }

  /** Injects a fault into this test's account of the simulated CRM. */
  function fault(fields: Record<string, unknown>) {
    return sandbox.request('POST', '/control/faults', { side: 'retailcrm', tenant: code, ...fields });
  }

  async function requests(): Promise<{ operation: string; status?: number }[]> {
    return (await sandbox.request('GET', `/control/requests?side=retailcrm&tenant=${code}`)).body.requests;
  }

  it('reads credentials, references as arrays and custom fields', async () => {
    const client = clientWith();
    const credentials = await client.credentials();
    expect(credentials.sitesAvailable).toEqual(expect.arrayContaining(['shop-a', 'shop-b']));
    const sites = await client.reference.sites();
    expect(sites.map((site) => site.code)).toEqual(expect.arrayContaining(['shop-a', 'shop-b']));
    expect((await client.reference.statuses()).length).toBeGreaterThan(0);
    await client.customFields.create('order', {
      code: 'mindbox_discount',
      name: 'Mindbox discount',
      type: 'integer',
    });
    expect((await client.customFields.get('order', 'mindbox_discount')).code).toBe('mindbox_discount');
  });

  it('pages through more than 100 history records and sees its own edits as current', async () => {
    await crmControl(`/accounts/${code}/seed`, { customers: 150, orders: 0 });
    const client = clientWith();
    const ids: number[] = [];
    for await (const record of client.customers.history()) ids.push(record.id);
    expect(ids.length).toBeGreaterThanOrEqual(150);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = ids.at(-1)!;

    const { customers } = await client.customers.list({}, 1, 20);
    const target = customers[0];
    expect(target.customFields).toEqual(expect.any(Object));
    await client.customers.edit(target.id, { firstName: 'Edited' }, target.site);
    const fresh = [];
    for await (const record of client.customers.history(last)) fresh.push(record);
    expect(fresh).toEqual([
      expect.objectContaining({ field: 'first_name', newValue: 'Edited', apiKey: { current: true } }),
    ]);
  });

  it('refuses an unknown account and a wrong key without retrying', async () => {
    const unknown = await clientWith({ url: `${sandbox.url}/crm/no-such-shop` })
      .credentials()
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(RetailCrmNotAnAccountError);
    const wrongKey = await clientWith({ apiKey: 'wrong-key-1234567' })
      .credentials()
      .catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(RetailCrmAuthError);
    expect(String((wrongKey as Error).message)).not.toContain('wrong-key-1234567');
    expect((wrongKey as RetailCrmAuthError).retryable).toBe(false);
    expect(await requests()).toHaveLength(1);
  });

  it('retries 503 answers and dropped connections until the CRM answers', async () => {
    await fault({ kind: 'status', status: 503, times: 2 });
    await fault({ kind: 'drop', times: 1 });
    await clientWith().credentials();
    expect((await requests()).map((r) => r.status)).toEqual([503, 503, undefined, 200]);
  });

  it('gives up on a CRM that never answers with a retryable timeout', async () => {
    await fault({ kind: 'timeout' });
    const error = await clientWith({ timeoutMs: 150, maxAttempts: 2 })
      .credentials()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetailCrmTimeoutError);
    expect((error as RetailCrmTimeoutError).retryable).toBe(true);
    expect(await requests()).toHaveLength(2);
  });

  it('keeps two clients of one key under the CRM limit through the shared budget', async () => {
    const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    try {
      const budget = new PostgresRateBudget(dataSource);
      const [first, second] = [
        clientWith({ budget, maxAttempts: 1 }),
        clientWith({ budget, maxAttempts: 1 }),
      ];
      await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? first : second).reference.sites()));
      const statuses = (await requests()).map((r) => r.status);
      expect(statuses).toHaveLength(12);
      expect(statuses.every((status) => status === 200)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });

  /** The raw answer of a GET, as the CRM sent it, to see which of its variants came. */
  async function raw(path: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${sandbox.url}/crm/${code}${path}`, { headers: { 'X-API-KEY': apiKey } });
    return (await response.json()) as Record<string, unknown>;
  }

  it('reads payments as one list whether they come keyed by id (get) or as a list (create)', async () => {
    const client = clientWith();
    const customer = await client.customers.create({ firstName: 'Vera' }, 'shop-a');
    const created = await client.orders.create(
      {
        externalId: 'pay-1',
        customer: { id: customer },
        items: [{ offer: { externalId: 'offer-1000' }, quantity: 1, initialPrice: 1200 }],
        payments: [{ type: 'bank-card', status: 'paid', externalId: 'pay-1-card' }],
      },
      'shop-a',
    );
    const read = await client.orders.get(created.id);

    const answered = (await raw(`/api/v5/orders/${created.id}?by=id`)).order as { payments: unknown };
    expect(Array.isArray(answered.payments)).toBe(false);
    expect(created.order?.payments).toEqual([expect.objectContaining({ externalId: 'pay-1-card' })]);
    expect(read.payments).toEqual([
      expect.objectContaining({
        id: expect.any(Number),
        type: 'bank-card',
        status: 'paid',
        externalId: 'pay-1-card',
      }),
    ]);
  });

  it('reads errors sent as an object (field -> text) and as a list of texts, and retries neither', async () => {
    const client = clientWith();
    await client.customers.create({ externalId: 'dup-1', firstName: 'Ann' }, 'shop-a');
    const byField = await client.customers
      .create({ externalId: 'dup-1', firstName: 'Ann' }, 'shop-a')
      .catch((e: unknown) => e);
    await sandbox.request('PATCH', `/control/retailcrm/accounts/${code}`, { billingBlocked: true });
    const asList = await client.integrationModules
      .edit('mindbox-sync', { code: 'mindbox-sync', integrationCode: 'mindbox-sync', active: true })
      .catch((e: unknown) => e);

    expect(byField).toBeInstanceOf(RetailCrmValidationError);
    expect((byField as RetailCrmValidationError).errors).toEqual([
      { field: 'externalId', message: 'A customer with this externalId already exists.' },
    ]);
    expect(asList).toBeInstanceOf(RetailCrmValidationError);
    expect((asList as RetailCrmValidationError).errors).toEqual([
      { message: 'Your account has insufficient funds to activate integration module' },
    ]);
    expect([byField, asList].every((e) => (e as RetailCrmValidationError).retryable === false)).toBe(true);
    const statuses = (await requests()).map((r) => [r.operation, r.status]);
    expect(statuses).toEqual([
      ['/api/v5/customers/create', 201],
      ['/api/v5/customers/create', 400],
      ['/api/v5/integration-modules/mindbox-sync/edit', 400],
    ]);
  });

  it('answers an upload with a duplicate by HTTP 460: a partial success, with what was and was not created, not retried', async () => {
    const error = await clientWith()
      .customers.upload(
        [
          { externalId: 'up-1', firstName: 'One' },
          { externalId: 'up-1', firstName: 'Same again' },
          { externalId: 'up-2', firstName: 'Two' },
        ],
        'shop-a',
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetailCrmPartialSuccessError);
    const partial = error as RetailCrmPartialSuccessError;
    expect(partial.retryable).toBe(false);
    expect(partial.result.uploadedCustomers).toEqual([
      { id: expect.any(Number), externalId: 'up-1' },
      { id: expect.any(Number), externalId: 'up-2' },
    ]);
    expect(partial.result.failedCustomers).toEqual([{ externalId: 'up-1' }]);
    expect(partial.errors).toEqual([
      expect.objectContaining({ field: expect.stringContaining('customers[1]') }),
    ]);
    expect((await requests()).map((r) => r.status)).toEqual([460]);
    const { customers } = await clientWith().customers.list({ externalIds: ['up-1', 'up-2'] }, 1, 20);
    expect(customers).toHaveLength(2);
  });

  it('retries a 429 until the CRM answers', async () => {
    await fault({ kind: 'status', status: 429, times: 2 });
    const sites = await clientWith().reference.sites();

    expect(sites.length).toBeGreaterThan(0);
    expect((await requests()).map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('gives up on a CRM that keeps answering 429 with a retryable rate-limit error', async () => {
    await fault({ kind: 'status', status: 429 });
    const error = await clientWith({ maxAttempts: 2 })
      .reference.sites()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetailCrmRateLimitedError);
    expect((error as RetailCrmRateLimitedError).retryable).toBe(true);
    expect((await requests()).map((r) => r.status)).toEqual([429, 429]);
  });
});
