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
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      kind: 'status',
      status: 503,
      operation: OPS.register,
      times: 2,
    });
    const result = await client.sync(
      OPS.register,
      { customer: { ids: { retailcrmId: '9200' } } },
      { transactionId: 'tx-9200' },
    );
    expect(result.attempts).toBe(3);
    const attempts = await logged(OPS.register);
    expect(attempts.map((a) => a.transactionId)).toEqual(['tx-9200', 'tx-9200', 'tx-9200']);
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it('gives up on a Mindbox that never answers with a retryable error', async () => {
    await sandbox.request('POST', '/control/faults', {
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
});
