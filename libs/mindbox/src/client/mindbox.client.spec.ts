import { Logger, LoggerService } from '@nestjs/common';
import { inspect } from 'node:util';
import { createServer } from 'node:net';
import { LocalRateBudget, RateBudget } from '@app/common/rate-budget/rate-budget';
import { mindboxFixture, mindboxFixtureNames, mindboxFixtureText } from '../../test/fixtures';
import { MindboxStubServer, StubReply } from '../../test/mindbox-stub.server';
import {
  MindboxAuthError,
  MindboxBadRequestError,
  MindboxError,
  MindboxInvalidResponseError,
  MindboxNotFoundError,
  MindboxProtocolError,
  MindboxUnavailableError,
  MindboxValidationError,
} from '../mindbox.errors';
import { MINDBOX_DEFAULT_PER_SECOND } from '../mindbox.constants';
import type { MindboxClientOptions } from '../mindbox.interfaces';
import { parseCustomerLookup } from '../responses/customer';
import { parseOrderCalculation } from '../responses/order-calculation';
import { MindboxClient } from './mindbox.client';

const SECRET = 'sk-4f1c9a-Do-Not-Leak';
const ENDPOINT = 'shop.RetailCRM';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Every fixture file this suite serves or sends; a new file in the folder fails the first test. */
const FEEDS = {
  request: ['calculate-request.json', 'calculate-request-full.json'],
  answer: [
    'calculate-response-coupon.json',
    'customer-found.json',
    'customer-not-found.json',
    'internal-server-error-503.json',
    'protocol-error-401.json',
    'transaction-already-processed.json',
    'validation-error.json',
  ],
};

/** A real in-process budget that also records the keys taken. */
class RecordingBudget implements RateBudget {
  readonly taken: { key: string; perSecond: number }[] = [];
  private readonly inner = new LocalRateBudget();

  take(key: string, perSecond: number): Promise<void> {
    this.taken.push({ key, perSecond });
    return this.inner.take(key, perSecond);
  }
}

/** Collects what the Nest logger is given. */
class CollectingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...parts: unknown[]) => this.push(parts);
  error = (...parts: unknown[]) => this.push(parts);
  warn = (...parts: unknown[]) => this.push(parts);
  debug = (...parts: unknown[]) => this.push(parts);
  verbose = (...parts: unknown[]) => this.push(parts);
  private push(parts: unknown[]) {
    this.lines.push(
      parts.map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 10 }))).join(' '),
    );
  }
}

const answer = (name: string, status = 200, headers?: Record<string, string>): StubReply => ({
  status,
  text: mindboxFixtureText(name),
  headers,
});

async function caught(promise: Promise<unknown>): Promise<MindboxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MindboxError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('MindboxClient', () => {
  let server: MindboxStubServer;
  let budget: RecordingBudget;
  let logger: CollectingLogger;

  const clientFor = (overrides: Partial<MindboxClientOptions> = {}) =>
    new MindboxClient({
      apiUrl: server.url,
      endpointId: ENDPOINT,
      secretKey: SECRET,
      budget,
      timeoutMs: 2_000,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 20,
      ...overrides,
    });

  beforeAll(async () => {
    server = await MindboxStubServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    budget = new RecordingBudget();
    logger = new CollectingLogger();
    Logger.overrideLogger(logger);
  });
  afterEach(() => {
    Logger.overrideLogger(false);
  });

  it('has a test feed for every Mindbox fixture file', () => {
    expect([...FEEDS.request, ...FEEDS.answer].sort()).toEqual(mindboxFixtureNames());
  });

  describe('requests', () => {
    it('posts a sync call with endpoint, operation and transaction id in the query and JSON both ways', async () => {
      server.reply(answer('calculate-response-coupon.json'));
      const request = mindboxFixture('calculate-request.json') as object;

      const result = await clientFor().sync('Website.CalculateAuthorizedCart', request, {
        transactionId: 'tx-calc-1',
      });

      const [sent] = server.requests;
      expect(sent.method).toBe('POST');
      expect(sent.path).toBe('/v3/operations/sync');
      expect(sent.query).toEqual({
        endpointId: ENDPOINT,
        operation: 'Website.CalculateAuthorizedCart',
        transactionId: 'tx-calc-1',
      });
      expect(sent.headers.authorization).toBe(`SecretKey ${SECRET}`);
      expect(sent.headers.accept).toBe('application/json');
      expect(sent.headers['content-type']).toMatch(/^application\/json/);
      expect(sent.body).toEqual(request);
      expect(result).toMatchObject({
        alreadyProcessed: false,
        transactionId: 'tx-calc-1',
        transactionIdGenerated: false,
        attempts: 1,
      });
      expect(result.body).toEqual(mindboxFixture('calculate-response-coupon.json'));
      const order = parseOrderCalculation(result.body);
      expect(order?.coupons.map((coupon) => [coupon.code, coupon.status])).toEqual([
        ['005ACOFHC8', 'CanBeUsed'],
      ]);
    });

    it('sends the legacy authorization scheme when asked', async () => {
      server.reply(answer('customer-found.json'));
      await clientFor({ authScheme: 'legacy' }).sync('Website.CheckCustomer', {
        customer: { ids: { retailCrmId: '5384275' } },
      });
      expect(server.requests[0].headers.authorization).toBe(`Mindbox secretKey="${SECRET}"`);
    });

    it('posts an async call to /async with its transaction id and the configured device UUID', async () => {
      server.reply(answer('transaction-already-processed.json'));
      const request = mindboxFixture('calculate-request-full.json') as object;

      const result = await clientFor({ deviceUuid: 'dev-1' }).async('Website.SaveOfflineOrder', request, {
        transactionId: 'tx-offline-7',
      });

      const [sent] = server.requests;
      expect(sent.path).toBe('/v3/operations/async');
      expect(sent.query).toEqual({
        endpointId: ENDPOINT,
        operation: 'Website.SaveOfflineOrder',
        transactionId: 'tx-offline-7',
        deviceUUID: 'dev-1',
      });
      expect(sent.body).toEqual(request);
      expect(result.transactionId).toBe('tx-offline-7');
    });

    it('lets one call override the device UUID and sends none when none is configured', async () => {
      server.reply(answer('customer-not-found.json'), answer('customer-not-found.json'));
      const client = clientFor();
      await client.sync('Website.CheckCustomer', {}, { deviceUuid: 'dev-call' });
      await client.sync('Website.CheckCustomer', {});
      expect(server.requests[0].query.deviceUUID).toBe('dev-call');
      expect(server.requests[1].query).not.toHaveProperty('deviceUUID');
    });

    it('appends /v3/operations to an apiUrl with a path, trailing slash or not', async () => {
      server.reply(answer('customer-found.json'));
      await clientFor({ apiUrl: `${server.url}/mindbox/` }).sync('Website.CheckCustomer', {});
      expect(server.requests[0].path).toBe('/mindbox/v3/operations/sync');
    });

    it('generates a UUID transaction id when the caller has none, and returns it', async () => {
      server.reply(answer('customer-found.json'), answer('transaction-already-processed.json'));
      const client = clientFor();

      const sync = await client.sync('Website.CheckCustomer', {});
      const queued = await client.async('Website.EditCustomer', { customer: { ids: { retailCrmId: '1' } } });

      expect(sync.transactionId).toMatch(UUID_V4);
      expect(sync.transactionIdGenerated).toBe(true);
      expect(server.requests[0].query.transactionId).toBe(sync.transactionId);
      expect(queued.transactionId).toMatch(UUID_V4);
      expect(queued.transactionId).not.toBe(sync.transactionId);
      expect(server.requests[1].query.transactionId).toBe(queued.transactionId);
    });

    it('sends no transaction id on a sync call that opts out (pure reads)', async () => {
      server.reply(answer('calculate-response-coupon.json'));
      const result = await clientFor().sync(
        'Website.CalculateCart',
        mindboxFixture('calculate-request.json') as object,
        {
          transactionId: false,
        },
      );
      expect(server.requests[0].query).not.toHaveProperty('transactionId');
      expect(result.transactionId).toBeUndefined();
    });

    it("asks the budget for 125 a second per operation by default, which stays under Mindbox's 8,000 a minute", async () => {
      server.reply(answer('customer-found.json'), answer('customer-found.json'));
      const client = clientFor();
      await client.sync('Website.CheckCustomer', {});
      await client.async('Website.EditCustomer', {});

      expect(budget.taken).toEqual([
        { key: `mindbox:${ENDPOINT}:Website.CheckCustomer`, perSecond: MINDBOX_DEFAULT_PER_SECOND },
        { key: `mindbox:${ENDPOINT}:Website.EditCustomer`, perSecond: MINDBOX_DEFAULT_PER_SECOND },
      ]);
      expect(MINDBOX_DEFAULT_PER_SECOND).toBe(125);
      // Reference 2.3: 8,000 requests a minute per operation and endpoint.
      expect(MINDBOX_DEFAULT_PER_SECOND * 60).toBeLessThanOrEqual(8_000);
    });

    it('takes one budget slot of mindbox:<endpoint>:<operation> per HTTP attempt', async () => {
      server.reply(answer('internal-server-error-503.json', 503), answer('customer-found.json'));
      await clientFor({ perSecond: 40 }).sync('Website.CheckCustomer', {});
      expect(budget.taken).toEqual([
        { key: `mindbox:${ENDPOINT}:Website.CheckCustomer`, perSecond: 40 },
        { key: `mindbox:${ENDPOINT}:Website.CheckCustomer`, perSecond: 40 },
      ]);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('outcomes', () => {
    it('returns the customer lookup answers (found and not found)', async () => {
      server.reply(answer('customer-found.json'), answer('customer-not-found.json'));
      const client = clientFor();
      const found = await client.sync('Website.CheckCustomer', {
        customer: { ids: { retailCrmId: '5384275' } },
      });
      const missing = await client.sync('Website.CheckCustomer', {
        customer: { ids: { retailCrmId: '404' } },
      });
      expect(parseCustomerLookup(found.body)).toMatchObject({ found: true, customer: { mindboxId: '123' } });
      expect(parseCustomerLookup(missing.body)).toMatchObject({
        found: false,
        customer: { processingStatus: 'NotFound' },
      });
    });

    it('counts TransactionAlreadyProcessed as success and says so', async () => {
      server.reply(answer('transaction-already-processed.json'));
      const result = await clientFor().sync('Website.CreateAuthorizedOrder', {}, { transactionId: 'tx-dup' });
      expect(result.alreadyProcessed).toBe(true);
      expect(result.body).toEqual({ status: 'TransactionAlreadyProcessed' });
      expect(server.requests).toHaveLength(1);
    });

    it('throws ValidationError with its messages and does not retry it', async () => {
      server.reply(answer('validation-error.json'), answer('customer-found.json'));
      const error = await caught(clientFor().sync('Website.EditCustomer', {}, { transactionId: 'tx-v' }));
      expect(error).toBeInstanceOf(MindboxValidationError);
      expect(error).toMatchObject({ retryable: false, status: 200, transactionId: 'tx-v', attempts: 1 });
      expect((error as MindboxValidationError).validationMessages).toEqual([
        {
          message: '"mymail" не является корректным адресом электронной почты.',
          location: '/customer/email',
          path: ['customer', 'email'],
        },
        { message: 'Заполните хотя бы один контакт.', location: undefined, path: [] },
      ]);
      expect(error.message).toContain('/customer/email');
      expect(server.requests).toHaveLength(1);
    });

    it('throws an auth error on 401 and does not retry it', async () => {
      server.reply(answer('protocol-error-401.json', 401), answer('customer-found.json'));
      const error = await caught(clientFor().sync('Website.CheckCustomer', {}));
      expect(error).toBeInstanceOf(MindboxAuthError);
      expect(error).toBeInstanceOf(MindboxProtocolError);
      expect(error).toMatchObject({
        retryable: false,
        status: 401,
        errorId: '5b9a3d0e-6f1c-4a55-9a43-2f3a1b7f0c11',
        attempts: 1,
      });
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      [
        400,
        MindboxBadRequestError,
        { status: 'ProtocolError', errorMessage: 'Bad request', httpStatusCode: 400 },
      ],
      [403, MindboxAuthError, { status: 'ProtocolError', errorMessage: 'Forbidden', httpStatusCode: '403' }],
      [404, MindboxNotFoundError, undefined],
      [409, MindboxProtocolError, { status: 'ProtocolError', errorMessage: 'Conflict' }],
    ])('throws a non-retryable error on HTTP %i', async (status, type, body) => {
      server.reply({ status, body }, answer('customer-found.json'));
      const error = await caught(clientFor().sync('Website.CheckCustomer', {}));
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ retryable: false, status });
      expect(server.requests).toHaveLength(1);
    });

    it('reads the code of an error body that came with HTTP 200, as a string or a number', async () => {
      server.reply(
        {
          status: 200,
          body: { status: 'ProtocolError', errorMessage: 'Unauthorized', httpStatusCode: '401' },
        },
        { status: 200, body: { status: 'InternalServerError', errorMessage: 'busy', httpStatusCode: 503 } },
        answer('customer-found.json'),
      );
      const client = clientFor();
      const error = await caught(client.sync('Website.CheckCustomer', {}));
      expect(error).toBeInstanceOf(MindboxAuthError);
      expect(error.status).toBe(401);

      const result = await client.sync('Website.CheckCustomer', {});
      expect(result.attempts).toBe(2);
    });

    it('retries 503 and succeeds, with the same transaction id on every attempt', async () => {
      server.reply(
        answer('internal-server-error-503.json', 503),
        { status: 502, text: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } },
        answer('calculate-response-coupon.json'),
      );
      const result = await clientFor().sync(
        'Website.CreateAuthorizedOrder',
        {},
        { transactionId: 'tx-retry' },
      );
      expect(result).toMatchObject({ alreadyProcessed: false, attempts: 3, transactionId: 'tx-retry' });
      expect(server.requests.map((request) => request.query.transactionId)).toEqual([
        'tx-retry',
        'tx-retry',
        'tx-retry',
      ]);
      expect(logger.lines).toHaveLength(2);
      expect(logger.lines[0]).toMatch(/Website\.CreateAuthorizedOrder.*HTTP 503.*attempt 1 of 5.*tx-retry/);
    });

    it('keeps a generated transaction id across retries', async () => {
      server.reply(
        answer('internal-server-error-503.json', 503),
        answer('transaction-already-processed.json'),
      );
      const result = await clientFor().async('Website.UpdateOrderStatus', { orderLinesStatus: 'Paid' });
      expect(result.alreadyProcessed).toBe(true);
      const ids = server.requests.map((request) => request.query.transactionId);
      expect(ids).toEqual([result.transactionId, result.transactionId]);
    });

    it('retries 429, waiting what Retry-After asks rather than the computed backoff', async () => {
      server.reply(
        {
          status: 429,
          body: { status: 'ProtocolError', errorMessage: 'Too many requests', httpStatusCode: 429 },
          headers: { 'Retry-After': '0' },
        },
        answer('customer-found.json'),
      );
      const started = performance.now();
      const result = await clientFor({ retryBaseDelayMs: 5_000, retryMaxDelayMs: 5_000 }).sync(
        'Website.CheckCustomer',
        {},
        { transactionId: 'tx-429' },
      );
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(result.attempts).toBe(2);
      expect(server.requests.map((request) => request.query.transactionId)).toEqual(['tx-429', 'tx-429']);
    });

    it('retries an attempt that times out', async () => {
      server.reply({ ...answer('customer-found.json'), delayMs: 1_000 }, answer('customer-found.json'));
      const result = await clientFor({ timeoutMs: 150 }).sync(
        'Website.CheckCustomer',
        {},
        { transactionId: 'tx-slow' },
      );
      expect(result.attempts).toBe(2);
      expect(server.requests.map((request) => request.query.transactionId)).toEqual(['tx-slow', 'tx-slow']);
    });

    it('gives up after maxAttempts with a retryable MindboxUnavailableError', async () => {
      server.reply(...Array.from({ length: 4 }, () => answer('internal-server-error-503.json', 503)));
      const error = await caught(
        clientFor({ maxAttempts: 3 }).sync('Website.CheckCustomer', {}, { transactionId: 'tx-down' }),
      );
      expect(error).toBeInstanceOf(MindboxUnavailableError);
      expect(error).toMatchObject({
        retryable: true,
        reason: 'server-error',
        status: 503,
        errorId: '0f7c2a51-9d4e-4b1f-8c33-6a2d9e1b5f70',
        transactionId: 'tx-down',
        attempts: 3,
      });
      expect(server.requests).toHaveLength(3);
    });

    it('gives up on timeouts with reason "timeout"', async () => {
      server.reply(
        ...Array.from({ length: 2 }, () => ({ ...answer('customer-found.json'), delayMs: 1_000 })),
      );
      const error = await caught(
        clientFor({ timeoutMs: 100, maxAttempts: 2 }).sync('Website.CheckCustomer', {}),
      );
      expect(error).toBeInstanceOf(MindboxUnavailableError);
      expect(error).toMatchObject({ reason: 'timeout', retryable: true, attempts: 2 });
    });

    it('gives up on network errors with reason "network"', async () => {
      const error = await caught(
        clientFor({ apiUrl: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 2 }).sync(
          'Website.CheckCustomer',
          {},
        ),
      );
      expect(error).toBeInstanceOf(MindboxUnavailableError);
      expect(error).toMatchObject({ reason: 'network', retryable: true, attempts: 2, status: undefined });
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('does not retry a 2xx answer that is not Mindbox JSON', async () => {
      server.reply({ status: 200, text: '<html>maintenance</html>' }, answer('customer-found.json'));
      const error = await caught(clientFor().sync('Website.CheckCustomer', {}));
      expect(error).toBeInstanceOf(MindboxInvalidResponseError);
      expect(error.retryable).toBe(false);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('the secret key', () => {
    const everywhere = (error: unknown) =>
      [
        inspect(error, { depth: Infinity, showHidden: true }),
        JSON.stringify(error),
        String(error),
        (error as Error).stack ?? '',
      ].join('\n');

    it.each(['SecretKey', 'legacy'] as const)(
      'appears in no error nor log line (%s scheme)',
      async (authScheme) => {
        const echo = {
          status: 'ProtocolError',
          errorMessage: `bad header SecretKey ${SECRET}`,
          httpStatusCode: 401,
        };
        server.reply(
          { status: 401, body: echo },
          {
            status: 200,
            body: {
              status: 'ValidationError',
              validationMessages: [{ message: `key ${SECRET} is odd`, location: 'key' }],
            },
          },
          { status: 503, body: { status: 'InternalServerError', errorMessage: `down for ${SECRET}` } },
          { status: 503, body: { status: 'InternalServerError', errorMessage: `down for ${SECRET}` } },
          { ...answer('customer-found.json'), delayMs: 1_000 },
          { ...answer('customer-found.json'), delayMs: 1_000 },
        );
        const client = clientFor({ authScheme, maxAttempts: 2, timeoutMs: 100 });
        const errors = [
          await caught(client.sync('Website.CheckCustomer', {})),
          await caught(client.sync('Website.EditCustomer', {})),
          await caught(client.sync('Website.CheckCustomer', {})),
          await caught(client.sync('Website.CheckCustomer', {})),
          await caught(
            clientFor({ authScheme, apiUrl: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 2 }).sync(
              'Website.CheckCustomer',
              {},
            ),
          ),
        ];

        expect(errors.map((error) => error.constructor.name)).toEqual([
          'MindboxAuthError',
          'MindboxValidationError',
          'MindboxUnavailableError',
          'MindboxUnavailableError',
          'MindboxUnavailableError',
        ]);
        for (const error of errors) expect(everywhere(error)).not.toContain(SECRET);
        expect(errors[0].message).toContain('[redacted]');
        expect(logger.lines.length).toBeGreaterThanOrEqual(3);
        expect(logger.lines.join('\n')).not.toContain(SECRET);
        expect(inspect(client, { depth: Infinity, showHidden: true })).not.toContain(SECRET);
        expect(JSON.stringify(client)).not.toContain(SECRET);
      },
    );
  });

  describe('options', () => {
    it.each([
      [{ endpointId: ' ' }, /endpointId/],
      [{ secretKey: '' }, /secretKey/],
      [{ apiUrl: 'ftp://mindbox' }, /apiUrl/],
      [{ perSecond: 0 }, /perSecond/],
      [{ maxAttempts: -1 }, /maxAttempts/],
    ])('refuses %p', (overrides, message) => {
      expect(() => clientFor(overrides)).toThrow(message);
    });

    it('defaults to https://api.mindbox.ru', () => {
      expect(clientFor({ apiUrl: undefined }).apiUrl).toBe('https://api.mindbox.ru');
    });
  });
});

/** A port on 127.0.0.1 with nothing listening: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
