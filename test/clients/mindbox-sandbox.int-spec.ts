import { randomUUID } from 'node:crypto';
import { LocalRateBudget } from '@app/common/rate-budget/rate-budget';
import {
  MindboxAuthError,
  MindboxClient,
  MindboxUnavailableError,
  MindboxValidationError,
  parseCustomerLookup,
  parseOrderCalculation,
} from '@app/mindbox';
import { SandboxUnderTest } from '../sandbox/mindbox-harness';

// The Mindbox client against the sandbox's Mindbox simulator, seeded with the demo project.
process.env.SANDBOX_SEED = 'demo';

const OPS = {
  calculate: 'Website.CalculateAuthorizedCart',
  begin: 'Website.BeginAuthorizedOrderTransaction',
  commit: 'Website.CommitOrderTransaction',
  rollback: 'Website.RollbackOrderTransaction',
  register: 'Website.RegisterCustomer',
  check: 'Website.CheckCustomer',
};

describe('MindboxClient against the sandbox', () => {
  let sandbox: SandboxUnderTest;
  let client: MindboxClient;

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
  });

  beforeEach(async () => {
    await sandbox.request('POST', '/control/reset');
    client = clientWith({});
  });

  afterAll(async () => {
    await sandbox.close();
  });

  function clientWith(overrides: Partial<ConstructorParameters<typeof MindboxClient>[0]>): MindboxClient {
    return new MindboxClient({
      apiUrl: `${sandbox.url}/mindbox`,
      endpointId: 'demo-endpoint',
      secretKey: 'demo-mindbox-secret',
      budget: new LocalRateBudget(),
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 100,
      ...overrides,
    });
  }

  async function logged(operation: string): Promise<{ transactionId?: string; status?: number }[]> {
    const answer = await sandbox.request('GET', `/control/requests?side=mindbox&operation=${operation}`);
    return answer.body.requests;
  }

  /** Registers customer `id` under the transactionId `tx-<id>`. */
  const register = (id: string, through: MindboxClient = client) =>
    through.sync(OPS.register, { customer: { ids: { retailcrmId: id } } }, { transactionId: `tx-${id}` });

  /** Injects a fault into the register operation of the simulated Mindbox. */
  const registerFault = (fault: Record<string, unknown>) =>
    sandbox.fault({ side: 'mindbox', operation: OPS.register, ...fault });

  const order = (id: string, code?: string) => ({
    customer: { ids: { retailcrmId: '7' } },
    order: {
      ids: { retailcrmId: id },
      lines: [
        {
          lineNumber: 1,
          product: { ids: { retailcrmProductId: 'sku-1' } },
          basePricePerItem: 1500,
          quantity: 2,
        },
      ],
      ...(code ? { coupons: [{ ids: { code } }] } : {}),
    },
  });

  it('imports a customer and finds it again', async () => {
    await client.sync(OPS.register, {
      customer: { ids: { retailcrmId: '9001' }, email: 'anna@example.com', firstName: 'Anna' },
    });
    const found = parseCustomerLookup(
      (await client.sync(OPS.check, { customer: { ids: { retailcrmId: '9001' } } })).body,
    );
    expect(found.found).toBe(true);
    expect(found.customer?.email).toBe('anna@example.com');
    const missing = parseCustomerLookup(
      (await client.sync(OPS.check, { customer: { ids: { retailcrmId: '404404' } } })).body,
    );
    expect(missing.found).toBe(false);
  });

  it('calculates an order with a multi-use code and reads the discounted lines', async () => {
    const { body } = await client.sync(OPS.calculate, order('calc-1', 'WELCOME10'), { transactionId: false });
    const calculation = parseOrderCalculation(body)!;
    const [coupon] = calculation.coupons;
    expect(coupon.code).toBe('WELCOME10');
    expect(coupon.status).toBe('CanBeUsed');
    expect(calculation.lines[0].discountedPriceOfLine).toBeLessThan(3000);
    expect(calculation.totalPrice).toBe(calculation.lines[0].discountedPriceOfLine);
  });

  it('keeps a one-time code applicable to its own committed order and Used for any other', async () => {
    const sent = order('once-a', 'ONCE-0003');
    const transaction = { ids: { externalId: randomUUID() } };
    await client.sync(OPS.begin, { ...sent, order: { ...sent.order, transaction } });
    await client.sync(OPS.commit, { order: { ids: sent.order.ids, transaction } });

    const again = parseOrderCalculation(
      (await client.sync(OPS.calculate, sent, { transactionId: false })).body,
    )!;
    expect(again.coupons[0].status).toBe('CanBeUsed');
    expect(again.coupons[0].discountAmountForCurrentOrder).toBeGreaterThan(0);
    const other = parseOrderCalculation(
      (await client.sync(OPS.calculate, order('once-b', 'ONCE-0003'), { transactionId: false })).body,
    )!;
    expect(other.coupons[0].status).toBe('Used');
  });

  it('answers a repeated transactionId as already processed, without a second effect', async () => {
    const transactionId = randomUUID();
    const body = { customer: { ids: { retailcrmId: '9100' }, email: 'twice@example.com' } };
    const first = await client.sync(OPS.register, body, { transactionId });
    const second = await client.sync(OPS.register, body, { transactionId });
    expect(first.alreadyProcessed).toBe(false);
    expect(second.alreadyProcessed).toBe(true);
  });

  it('never retries a validation error and carries its messages', async () => {
    const broken = {
      customer: { ids: { retailcrmId: '7' } },
      order: { ids: { retailcrmId: 'bad' }, lines: [] },
    };
    const error = await client.sync(OPS.begin, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindboxValidationError);
    expect((error as MindboxValidationError).retryable).toBe(false);
    expect((error as MindboxValidationError).validationMessages.length).toBeGreaterThan(0);
    expect(await logged(OPS.begin)).toHaveLength(1);
  });

  it('never retries a wrong secret and never shows it', async () => {
    const error = await clientWith({ secretKey: 'wrong-secret-value' })
      .sync(OPS.check, { customer: { ids: { retailcrmId: '1' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindboxAuthError);
    expect(String((error as Error).message)).not.toContain('wrong-secret-value');
    expect(await logged(OPS.check)).toHaveLength(1);
  });

  it('retries 503s with the same transactionId until Mindbox answers', async () => {
    await registerFault({
      kind: 'status',
      status: 503,
      times: 2,
    });
    const result = await register('9200');
    expect(result.attempts).toBe(3);
    const attempts = await logged(OPS.register);
    expect(attempts.map((a) => a.transactionId)).toEqual(['tx-9200', 'tx-9200', 'tx-9200']);
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it('gives up on a Mindbox that never answers with a retryable error', async () => {
    await sandbox.fault({
      side: 'mindbox',
      kind: 'timeout',
      operation: OPS.check,
    });
    const error = await clientWith({ timeoutMs: 150, maxAttempts: 2 })
      .sync(OPS.check, { customer: { ids: { retailcrmId: '1' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindboxUnavailableError);
    expect((error as MindboxUnavailableError).retryable).toBe(true);
    expect(await logged(OPS.check)).toHaveLength(2);
  });

  it('retries a 429 of the per-operation limit with the same transactionId until the window frees', async () => {
    await sandbox.request('PATCH', '/control/mindbox/projects/demo-endpoint', {
      rateLimit: 1,
      rateLimitWindowMs: 500,
    });
    // A budget far above the project's limit, so that the sandbox, not the client, says no.
    const eager = clientWith({
      perSecond: 1_000,
      retryBaseDelayMs: 200,
      retryMaxDelayMs: 800,
      maxAttempts: 6,
    });
    await register('9300', eager);
    const result = await register('9301', eager);

    expect(result.alreadyProcessed).toBe(false);
    expect(result.attempts).toBeGreaterThan(1);
    const attempts = (await logged(OPS.register)).filter((a) => a.transactionId === 'tx-9301');
    expect(attempts.map((a) => a.status)).toEqual([...Array(attempts.length - 1).fill(429), 200]);
  });

  it('keeps a burst under the per-operation limit with its budget, where a client without one meets 429s', async () => {
    await sandbox.request('PATCH', '/control/mindbox/projects/demo-endpoint', {
      rateLimit: 3,
      rateLimitWindowMs: 1_000,
    });
    const check = (c: MindboxClient) => c.sync(OPS.check, { customer: { ids: { retailcrmId: '1' } } });
    // 2.4 a second with the budget's margin: slots 0.52 s apart, at most two in any second.
    const paced = clientWith({ perSecond: 2.4, maxAttempts: 1 });
    await Promise.all(Array.from({ length: 5 }, () => check(paced)));
    expect((await logged(OPS.check)).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);

    const unpaced = clientWith({ perSecond: 1_000, maxAttempts: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => check(unpaced)));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e instanceof MindboxUnavailableError && e.reason === 'rate-limited')).toBe(
      true,
    );
  });

  it('retries a dropped connection with the same transactionId', async () => {
    await registerFault({
      kind: 'drop',
      times: 1,
    });
    const result = await register('9400');

    expect(result.attempts).toBe(2);
    const attempts = await logged(OPS.register);
    expect(attempts.map((a) => [a.transactionId, a.status])).toEqual([
      ['tx-9400', undefined],
      ['tx-9400', 200],
    ]);
  });

  it('retries an InternalServerError answered with HTTP 200, with the same transactionId', async () => {
    await registerFault({
      kind: 'status',
      status: 200,
      body: {
        status: 'InternalServerError',
        errorMessage: 'Temporary unavailability',
        httpStatusCode: '500',
      },
      times: 2,
    });
    const result = await register('9500');

    expect(result.attempts).toBe(3);
    expect(parseCustomerLookup(result.body).customer?.processingStatus).toBe('Created');
    const attempts = await logged(OPS.register);
    expect(attempts.map((a) => [a.transactionId, a.status])).toEqual([
      ['tx-9500', 200],
      ['tx-9500', 200],
      ['tx-9500', 200],
    ]);
  });

  it('authenticates with the legacy Mindbox secretKey="..." header, and refuses a wrong key sent so', async () => {
    const found = await clientWith({ authScheme: 'legacy' }).sync(OPS.check, {
      customer: { ids: { retailcrmId: '1' } },
    });
    const wrong = await clientWith({ authScheme: 'legacy', secretKey: 'wrong-legacy-secret' })
      .sync(OPS.check, { customer: { ids: { retailcrmId: '1' } } })
      .catch((e: unknown) => e);

    expect(parseCustomerLookup(found.body).found).toBe(true);
    expect(wrong).toBeInstanceOf(MindboxAuthError);
    expect((wrong as MindboxAuthError).status).toBe(403);
  });
});
