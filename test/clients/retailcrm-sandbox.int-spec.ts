import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { LocalRateBudget, PostgresRateBudget } from '@app/common/rate-budget/rate-budget';
import {
  RetailCrmAuthError,
  RetailCrmClient,
  RetailCrmNotAnAccountError,
  RetailCrmTimeoutError,
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
    await sandbox.request('POST', '/control/faults', {
      side: 'retailcrm',
      kind: 'status',
      status: 503,
      tenant: code,
      times: 2,
    });
    await sandbox.request('POST', '/control/faults', {
      side: 'retailcrm',
      kind: 'drop',
      tenant: code,
      times: 1,
    });
    await clientWith().credentials();
    expect((await requests()).map((r) => r.status)).toEqual([503, 503, undefined, 200]);
  });

  it('gives up on a CRM that never answers with a retryable timeout', async () => {
    await sandbox.request('POST', '/control/faults', { side: 'retailcrm', kind: 'timeout', tenant: code });
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
});
