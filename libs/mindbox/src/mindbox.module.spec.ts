import { Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { LocalRateBudget, PostgresRateBudget, RATE_BUDGET } from '@app/common/rate-budget/rate-budget';
import { mindboxFixtureText } from '../test/fixtures';
import { MindboxStubServer } from '../test/mindbox-stub.server';
import { MindboxClient } from './client/mindbox.client';
import { MindboxClientFactory } from './mindbox-client.factory';
import { MindboxModule } from './mindbox.module';

describe('MindboxModule', () => {
  let server: MindboxStubServer;

  beforeAll(async () => {
    server = await MindboxStubServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('shares the budget through Postgres by default', () => {
    const providers = Reflect.getMetadata('providers', MindboxModule) as unknown[];
    expect(providers).toContainEqual({ provide: RATE_BUDGET, useClass: PostgresRateBudget });
  });

  it('builds clients for a project from the injected budget', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        // The stub listens on 127.0.0.1: private addresses allowed, as in every test stack.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ ALLOW_PRIVATE_URLS: true })],
        }),
        MindboxModule,
      ],
    })
      .overrideProvider(RATE_BUDGET)
      .useValue(new LocalRateBudget())
      .compile();
    moduleRef.useLogger(false);
    Logger.overrideLogger(false);
    const factory = moduleRef.get(MindboxClientFactory);
    server.reply({ status: 200, text: mindboxFixtureText('customer-found.json') });

    const client = factory.forProject(
      {
        apiUrl: server.url,
        endpointId: 'shop.RetailCRM',
        secretKey: 'k-1',
        authScheme: 'legacy',
        deviceUuid: 'd-1',
      },
      { timeoutMs: 1_000 },
    );
    const result = await client.sync('Website.CheckCustomer', {
      customer: { ids: { retailCrmId: '5384275' } },
    });

    expect(client).toBeInstanceOf(MindboxClient);
    expect(result.alreadyProcessed).toBe(false);
    expect(server.requests[0]).toMatchObject({
      path: '/v3/operations/sync',
      query: { endpointId: 'shop.RetailCRM', operation: 'Website.CheckCustomer', deviceUUID: 'd-1' },
      headers: { authorization: 'Mindbox secretKey="k-1"' },
    });
    await moduleRef.close();
  });
});
