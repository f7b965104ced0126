import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { LocalRateBudget } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClient, RetailCrmClientOptions } from '../retailcrm.client';
import {
  RetailCrmApiError,
  RetailCrmAuthError,
  RetailCrmError,
  RetailCrmNotAnAccountError,
  RetailCrmNotFoundError,
  RetailCrmPartialSuccessError,
  RetailCrmRateLimitedError,
  RetailCrmTimeoutError,
  RetailCrmUnavailableError,
  RetailCrmUnexpectedResponseError,
  RetailCrmValidationError,
} from '../retailcrm.errors';
import { fixtureReply, Reply, startTestServer, TestServer } from '../test/fake-retailcrm.server';

const KEY = 'Kx9-leak-canary-5f0c2a7be41d9033';

/** A LocalRateBudget that remembers the keys it was asked for. */
class CountingBudget extends LocalRateBudget {
  readonly taken: string[] = [];
  readonly rates: number[] = [];

  override async take(key: string, perSecond: number): Promise<void> {
    this.taken.push(key);
    this.rates.push(perSecond);
    await super.take(key, perSecond);
  }
}

const rateLimited: Reply = { status: 503, body: { success: false, errorMsg: 'Rate limit exceeded' } };
const htmlPage =
  '<html><head><title>405 Not Allowed</title></head><body><center>nginx</center></body></html>';

/** Answers the given replies in turn, then the last one for ever. */
function sequence(...replies: Reply[]): () => Reply {
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)];
}

describe('RetailCrmClient transport', () => {
  let server: TestServer;
  let logs: string[];
  let budget: CountingBudget;

  const clientFor = (options: Partial<RetailCrmClientOptions> = {}): RetailCrmClient =>
    new RetailCrmClient({
      url: server.url,
      apiKey: KEY,
      budget,
      ratePerSecond: 1000,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5,
      logger: { warn: (message: unknown) => logs.push(String(message)) },
      ...options,
    });

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.requests.length = 0;
    logs = [];
    budget = new CountingBudget();
  });

  describe('retries', () => {
    it('retries a 503 rate-limit answer and gives the answer that follows, one budget slot per request', async () => {
      server.handle(sequence(rateLimited, fixtureReply('credentials.json')));
      const client = clientFor();

      const credentials = await client.credentials();

      expect(credentials.siteAccess).toBe('access_full');
      expect(server.requests).toHaveLength(2);
      expect(budget.taken).toEqual([client.budgetKey, client.budgetKey]);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(/rate limited \(HTTP 503\).*attempt 2 of 5/);
    });

    it('retries a 429 after the Retry-After it names', async () => {
      server.handle(
        sequence(
          { status: 429, headers: { 'Retry-After': '0' }, body: {} },
          fixtureReply('credentials.json'),
        ),
      );

      await expect(clientFor().credentials()).resolves.toMatchObject({ scopes: expect.any(Array) });
      expect(server.requests).toHaveLength(2);
    });

    it('gives up after maxAttempts with a retryable error', async () => {
      server.handle(() => rateLimited);

      const error = await clientFor({ maxAttempts: 3 })
        .credentials()
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmRateLimitedError);
      expect(error).toMatchObject({
        retryable: true,
        attempts: 3,
        status: 503,
        errorMsg: 'Rate limit exceeded',
      });
      expect(server.requests).toHaveLength(3);
      expect(budget.taken).toHaveLength(3);
      expect(logs).toHaveLength(2);
    });

    it('retries a 5xx page of a proxy', async () => {
      server.handle(
        sequence({ status: 502, body: '<html>Bad Gateway</html>' }, fixtureReply('credentials.json')),
      );

      await expect(clientFor().credentials()).resolves.toBeDefined();
      expect(server.requests).toHaveLength(2);
    });

    it.each([
      [
        400,
        { errorMsg: 'Errors in the entity format', errors: { name: 'name must be provided' } },
        RetailCrmValidationError,
      ],
      [400, { errorMsg: '"apiKey" is missing.' }, RetailCrmAuthError],
      [401, { errorMsg: 'Unauthorized' }, RetailCrmAuthError],
      [403, { errorMsg: 'Wrong "apiKey" value.' }, RetailCrmAuthError],
      [403, { errorMsg: 'Access denied.' }, RetailCrmAuthError],
      [404, { errorMsg: 'Not found' }, RetailCrmNotFoundError],
      [405, { errorMsg: 'Method Not Allowed' }, RetailCrmApiError],
    ])('does not retry HTTP %i %j', async (status, body, type) => {
      server.handle(() => ({ status, body: { success: false, ...body } }));

      const error = await clientFor()
        .customers.get(1)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ status, retryable: false, attempts: 1, errorMsg: body.errorMsg });
      expect(server.requests).toHaveLength(1);
      expect(logs).toEqual([]);
    });

    it('retries a network error of a read and then reports the account unavailable', async () => {
      const closed = await startTestServer();
      await closed.close();

      const error = await clientFor({ url: closed.url, maxAttempts: 2 })
        .credentials()
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmUnavailableError);
      expect(error).toMatchObject({ retryable: true, attempts: 2, status: undefined });
      expect((error as Error).message).toContain('ECONNREFUSED');
      expect(budget.taken).toHaveLength(2);
    });
  });

  describe('timeouts', () => {
    it('times out a request that gets no answer, and retries it', async () => {
      server.handle(() => ({ hang: 'headers' }));
      const started = performance.now();

      const error = await clientFor({ timeoutMs: 100, maxAttempts: 2 })
        .orders.get(1)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmTimeoutError);
      expect(error).toBeInstanceOf(RetailCrmUnavailableError);
      expect(error).toMatchObject({ retryable: true, attempts: 2 });
      expect(server.requests).toHaveLength(2);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('times out an answer whose body stalls', async () => {
      server.handle(() => ({ ...fixtureReply('order-get.json'), hang: 'body' }));

      const error = await clientFor({ timeoutMs: 100, maxAttempts: 1 })
        .orders.get(6722)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmTimeoutError);
    });

    it('retries a timed-out edit: edits set values, so a repeat changes nothing', async () => {
      server.handle(sequence({ hang: 'headers' }, fixtureReply('order-edit.json')));

      const result = await clientFor({ timeoutMs: 100 }).orders.edit(6722, { status: 'complete' });

      expect(result.id).toBe(6722);
      expect(server.requests.map((r) => r.path)).toEqual([
        '/api/v5/orders/6722/edit',
        '/api/v5/orders/6722/edit',
      ]);
    });

    it('does not retry a timed-out create, which may have been applied', async () => {
      server.handle(() => ({ hang: 'headers' }));

      const error = await clientFor({ timeoutMs: 100 })
        .orders.create({ externalId: 'o-1' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmTimeoutError);
      expect(error).toMatchObject({ retryable: false, attempts: 1 });
      expect((error as Error).message).toContain('may have been applied');
      expect(server.requests).toHaveLength(1);
    });

    it('does retry a create that RetailCRM refused for its rate limit', async () => {
      server.handle(sequence(rateLimited, fixtureReply('customer-create.json')));

      await expect(clientFor().customers.create({ externalId: 'c-1' })).resolves.toBe(1);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('answers that do not come from a RetailCRM account', () => {
    it.each([200, 404])(
      'an HTML page with HTTP %i is a non-retryable "not an account" error',
      async (status) => {
        server.handle(() => ({ status, body: htmlPage }));

        const error = await clientFor()
          .credentials()
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(RetailCrmNotAnAccountError);
        expect(error).toMatchObject({ retryable: false, status });
        expect((error as Error).message).toContain('the URL does not point at a RetailCRM account');
        expect((error as Error).message).toContain('text/html instead of JSON');
        expect(server.requests).toHaveLength(1);
      },
    );

    it('RetailCRM\'s own "Account does not exist." is the same error', async () => {
      server.handle(() => ({ status: 404, body: { success: false, errorMsg: 'Account does not exist.' } }));

      await expect(clientFor().credentials()).rejects.toBeInstanceOf(RetailCrmNotAnAccountError);
    });

    it('does not follow a redirect, so the key never reaches another host', async () => {
      const elsewhere = await startTestServer(() => fixtureReply('credentials.json'));
      server.handle(() => ({ status: 301, headers: { Location: `${elsewhere.url}/api/credentials` } }));

      const error = await clientFor()
        .credentials()
        .catch((e: unknown) => e);
      await elsewhere.close();

      expect(error).toBeInstanceOf(RetailCrmNotAnAccountError);
      expect((error as Error).message).toContain(`redirected to ${elsewhere.url}`);
      expect(elsewhere.requests).toEqual([]);
    });

    it('appends API paths to an account URL that has a path', async () => {
      server.handle(() => fixtureReply('credentials.json'));

      await clientFor({ url: `${server.url}/crm/demo/` }).credentials();

      expect(server.requests[0].path).toBe('/crm/demo/api/credentials');
    });
  });

  describe('RetailCRM quirks', () => {
    it('normalises `errors` given as an object, nested or not', async () => {
      server.handle(() => ({
        status: 400,
        body: {
          success: false,
          errorMsg: 'Errors in the entity format',
          errors: { name: 'name must be provided', delivery: { address: ['too long', 'bad city'] } },
        },
      }));

      const error = (await clientFor()
        .orders.edit(1, { firstName: '' })
        .catch((e: unknown) => e)) as RetailCrmValidationError;

      expect(error).toBeInstanceOf(RetailCrmValidationError);
      expect(error.errors).toEqual([
        { field: 'name', message: 'name must be provided' },
        { field: 'delivery.address', message: 'too long' },
        { field: 'delivery.address', message: 'bad city' },
      ]);
      expect(error.message).toContain('name: name must be provided');
    });

    it('normalises `errors` given as a list of texts', async () => {
      server.handle(() => ({
        status: 400,
        body: {
          success: false,
          errorMsg: 'Failed to activate module',
          errors: ['Your account has insufficient funds to activate integration module', 'Test error'],
        },
      }));

      const error = (await clientFor()
        .integrationModules.edit('m-1', { active: true })
        .catch((e: unknown) => e)) as RetailCrmError;

      expect(error.errors).toEqual([
        { message: 'Your account has insufficient funds to activate integration module' },
        { message: 'Test error' },
      ]);
    });

    it('treats `success: false` on HTTP 200 as a refusal carrying errorMsg', async () => {
      server.handle(() => ({ status: 200, body: { success: false, errorMsg: 'Something went wrong' } }));

      const error = await clientFor()
        .settings()
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmApiError);
      expect(error).toMatchObject({ status: 200, errorMsg: 'Something went wrong', retryable: false });
    });

    it('turns HTTP 460 into a partial-success error that carries what succeeded and what failed', async () => {
      server.handle(() => ({
        status: 460,
        body: {
          success: false,
          errorMsg: 'Customers are loaded with errors',
          errors: { '1': 'Customer with externalId=c-2 already exists.' },
          uploadedCustomers: [{ id: 10, externalId: 'c-1' }],
          failedCustomers: [{ externalId: 'c-2' }],
        },
      }));

      const error = (await clientFor()
        .customers.upload([{ externalId: 'c-1' }, { externalId: 'c-2' }])
        .catch((e: unknown) => e)) as RetailCrmPartialSuccessError;

      expect(error).toBeInstanceOf(RetailCrmPartialSuccessError);
      expect(error).toMatchObject({ status: 460, retryable: false, attempts: 1 });
      expect(error.result).toEqual({
        uploadedCustomers: [{ id: 10, externalId: 'c-1' }],
        failedCustomers: [{ externalId: 'c-2' }],
      });
      expect(error.errors).toEqual([{ field: '1', message: 'Customer with externalId=c-2 already exists.' }]);
      expect(server.requests[0].form.get('customers')).toBe('[{"externalId":"c-1"},{"externalId":"c-2"}]');
    });

    it('takes a dictionary sent as a list as well as keyed by code', async () => {
      const statuses = [{ code: 'new', name: 'Новый', active: true, group: 'new' }];
      server.handle(() => ({ body: { success: true, statuses } }));

      await expect(clientFor().reference.statuses()).resolves.toEqual(statuses);
    });

    it('gives `customFields: []` as {} and keyed or empty payments as lists', async () => {
      server.handle(() => ({
        body: {
          success: true,
          order: {
            id: 5,
            customFields: [],
            payments: [],
            items: [{ id: 1, quantity: 1, properties: { size: { name: 'Размер', value: 'XL' } } }],
            customer: { id: 7, customFields: [] },
          },
        },
      }));

      await expect(clientFor().orders.get(5)).resolves.toEqual({
        id: 5,
        customFields: {},
        payments: [],
        items: [{ id: 1, quantity: 1, properties: [{ code: 'size', name: 'Размер', value: 'XL' }] }],
        customer: { id: 7, customFields: {} },
      });
    });

    it('reports an answer without the expected part as unexpected', async () => {
      server.handle(() => ({ body: { success: true } }));

      const error = await clientFor()
        .customers.get(1)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetailCrmUnexpectedResponseError);
      expect((error as Error).message).toContain('`customer` is not an object');
    });
  });

  describe('history', () => {
    const record = (id: number) => ({
      id,
      createdAt: '2024-01-01 00:00:00',
      field: 'email',
      customer: { id: 1 },
    });

    it('starts without a sinceId filter and stops at an empty page', async () => {
      server.handle(() => ({ body: { success: true, history: [] } }));

      const records = [];
      for await (const r of clientFor().customers.history()) records.push(r);

      expect(records).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect([...server.requests[0].query.keys()]).toEqual(['limit']);
    });

    it('pages with the last id of each full page until a short page', async () => {
      server.handle((request) => {
        const since = Number(request.query.get('filter[sinceId]'));
        const count = since < 200 ? 100 : 5;
        return {
          body: { success: true, history: Array.from({ length: count }, (_, i) => record(since + 1 + i)) },
        };
      });

      const pages = [];
      for await (const page of clientFor().customers.historyPages(10)) pages.push(page);

      expect(server.requests.map((r) => r.query.get('filter[sinceId]'))).toEqual(['10', '110', '210']);
      expect(pages.map((p) => [p.records.length, p.lastId])).toEqual([
        [100, 110],
        [100, 210],
        [5, 215],
      ]);
    });

    it('stops with an error when the cursor does not move, instead of asking for ever', async () => {
      server.handle(() => ({
        body: { success: true, history: Array.from({ length: 100 }, () => record(50)) },
      }));

      const walk = async () => {
        for await (const _ of clientFor().orders.history(50)) void _;
      };

      await expect(walk()).rejects.toBeInstanceOf(RetailCrmUnexpectedResponseError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('the API key', () => {
    it('goes only in the X-API-KEY header', async () => {
      server.handle(() => fixtureReply('customer-edit.json'));

      await clientFor().customers.edit(4770, { email: 'a@b.ru' });

      const [request] = server.requests;
      expect(request.headers['x-api-key']).toBe(KEY);
      expect(request.path + request.query.toString() + request.body).not.toContain(KEY);
    });

    it('never appears in an error, its stack or a log line, whatever the server sends back', async () => {
      const encodedKey = encodeURIComponent(KEY);
      const answers: Reply[] = [
        {
          status: 400,
          body: { success: false, errorMsg: `Wrong "apiKey" value: ${KEY}`, errors: { [KEY]: KEY } },
        },
        { status: 503, body: { success: false, errorMsg: `Rate limit exceeded for ${KEY}` } },
        { status: 460, body: { success: false, errorMsg: KEY, uploadedCustomers: [{ note: KEY }] } },
        { status: 200, body: `<html>unknown account, your key ${KEY}</html>` },
        { status: 500, body: `<html>${KEY}</html>` },
        { status: 302, headers: { Location: `https://${encodedKey}.example.com/?apiKey=${encodedKey}` } },
        { status: 200, body: { success: false, errorMsg: `bad ${JSON.stringify(KEY)}` } },
      ];
      const errors: unknown[] = [];
      for (const answer of answers) {
        server.handle(() => answer);
        errors.push(
          await clientFor({ maxAttempts: 2 })
            .customers.upload([{ externalId: 'x' }])
            .catch((e: unknown) => e),
        );
      }
      const closed = await startTestServer();
      await closed.close();
      errors.push(
        await clientFor({ url: `${closed.url}/${KEY}`, maxAttempts: 2 })
          .credentials()
          .catch((e: unknown) => e),
      );

      expect(errors.every((e) => e instanceof RetailCrmError)).toBe(true);
      expect(logs.length).toBeGreaterThan(0);
      const everything = [
        ...errors.flatMap((e) => [(e as Error).message, (e as Error).stack, inspect(e, { depth: null })]),
        JSON.stringify(errors),
        ...logs,
      ].join('\n');
      expect(everything).not.toContain(KEY);
      expect(everything).not.toContain(encodedKey);
      expect(everything).toContain('[api key]');
    });

    it('is not echoed by the constructor when the URL is wrong', () => {
      const attempt = () => clientFor({ url: `https://shop.retailcrm.ru/?apiKey=${KEY}` });

      expect(attempt).toThrow('no query, fragment or credentials');
      expect(() => attempt()).not.toThrow(KEY);
    });

    it('is stored in the budget only as a hash prefix: retailcrm:<host>:<16 hex>', () => {
      const client = clientFor();
      const digest = createHash('sha256').update(KEY).digest('hex').slice(0, 16);

      expect(client.budgetKey).toBe(`retailcrm:${new URL(server.url).host}:${digest}`);
      expect(client.budgetKey).not.toContain(KEY);
    });
  });

  describe('rate', () => {
    // What the budget does with a slot is its own test's business (libs/common, test/retailcrm):
    // here, every request takes one slot of the account's key at the configured rate.
    it('takes one budget slot per request, at ratePerSecond, under the hashed key', async () => {
      server.handle(() => fixtureReply('credentials.json'));
      const client = clientFor({ ratePerSecond: 20 });

      await Promise.all(Array.from({ length: 6 }, () => client.credentials()));

      expect(server.requests).toHaveLength(6);
      expect(budget.taken).toEqual(Array(6).fill(client.budgetKey));
      expect(budget.rates).toEqual(Array(6).fill(20));
    });
  });
});
