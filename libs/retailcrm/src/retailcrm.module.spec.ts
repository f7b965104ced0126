import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { LocalRateBudget, RATE_BUDGET } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClientFactory } from './retailcrm-client.factory';
import { RetailCrmForbiddenAddressError } from './retailcrm.errors';
import { RetailCrmModule } from './retailcrm.module';
import { fakeRetailCrm, fixtureReply, startTestServer, TestServer } from './test/fake-retailcrm.server';

describe('RetailCrmModule', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(
      fakeRetailCrm('module-key', [
        { method: 'GET', path: '/api/credentials', reply: fixtureReply('credentials.json') },
      ]),
    );
  });

  afterAll(() => server.close());

  it('gives a factory whose clients take slots from the injected budget', async () => {
    const budget = new LocalRateBudget();
    const take = jest.spyOn(budget, 'take');
    const moduleRef = await Test.createTestingModule({ imports: [allowPrivateUrls, RetailCrmModule] })
      .overrideProvider(RATE_BUDGET)
      .useValue(budget)
      .compile();

    const client = moduleRef
      .get(RetailCrmClientFactory)
      .forAccount({ url: server.url, apiKey: 'module-key' });
    const credentials = await client.credentials();

    expect(credentials.scopes).toContain('order_read');
    expect(take).toHaveBeenCalledWith(client.budgetKey, expect.any(Number));
    await moduleRef.close();
  });

  it('gives clients that refuse loopback unless ALLOW_PRIVATE_URLS says otherwise', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RetailCrmModule] })
      .overrideProvider(RATE_BUDGET)
      .useValue(new LocalRateBudget())
      .compile();
    const client = moduleRef
      .get(RetailCrmClientFactory)
      .forAccount({ url: server.url, apiKey: 'module-key' }, { maxAttempts: 3 });

    const refused = await client.credentials().catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(RetailCrmForbiddenAddressError);
    expect(refused).toMatchObject({ retryable: false, attempts: 1 });
    await moduleRef.close();
  });
});

// The sandbox and these stub servers listen on 127.0.0.1, as in every test stack.
const allowPrivateUrls = ConfigModule.forRoot({
  isGlobal: true,
  ignoreEnvFile: true,
  load: [() => ({ ALLOW_PRIVATE_URLS: true })],
});
