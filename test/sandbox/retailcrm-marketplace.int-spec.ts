import { createHmac } from 'node:crypto';
import { FakeModule, freePort } from './retailcrm-fake-module';
import type { SandboxHarness } from './retailcrm-harness';

// The simulated marketplace connecting a module (a tiny local server standing in for the
// gateway) and telling it about its activity.

const SECRET = 'marketplace-test-secret';

describe('RetailCRM simulator marketplace', () => {
  let sandbox: SandboxHarness;
  let fake: FakeModule;

  beforeAll(async () => {
    fake = await new FakeModule(SECRET).start();
    // The sandbox reads its env when its module loads: set it first, then load the harness.
    const port = await freePort();
    process.env.SANDBOX_PUBLIC_URL = `http://127.0.0.1:${port}`;
    process.env.MODULE_URL = fake.url;
    process.env.RETAILCRM_MODULE_SECRET = SECRET;
    const { SandboxHarness } = await import('./retailcrm-harness');
    sandbox = await SandboxHarness.start(port);
  });

  afterAll(async () => {
    await sandbox.close();
    await fake.stop();
  });

  it('connects the module: config, then register with a new key and its HMAC token', async () => {
    const { code } = await sandbox.account();

    const answer = await sandbox.control(`/accounts/${code}/register`, { json: {} });
    const register = JSON.parse(
      fake.received.find((call) => call.path === '/retailcrm/register')?.form.register ?? '{}',
    );
    const modules = await sandbox.control(`/accounts/${code}/integration-modules`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      apiKey: register.apiKey,
      systemUrl: `${sandbox.url}/crm/${code}`,
      config: { status: 200 },
      register: {
        url: `${fake.url}/retailcrm/register`,
        status: 200,
        body: { success: true, accountUrl: `${fake.url}/settings/test-client-id` },
      },
    });
    expect(register).toEqual({
      systemUrl: `${sandbox.url}/crm/${code}`,
      apiKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      token: createHmac('sha256', SECRET).update(register.apiKey).digest('hex'),
    });
    // The key the marketplace made has the scopes the module asked for, and works.
    expect(fake.crmAnswers[0]).toMatchObject({ success: true, scopes: fake.scopes });
    expect(fake.crmAnswers[1]).toEqual({ success: true, info: [] });
    expect(modules.body.integrationModules).toEqual([
      expect.objectContaining({ code: 'mindbox-test-client', clientId: 'test-client-id', active: true }),
    ]);
  });

  it('sends activity to the action URL the module registered, and answers what the module said', async () => {
    const { code, client } = await sandbox.account();
    await sandbox.control(`/accounts/${code}/register`, { json: { moduleUrl: fake.url } });

    const answer = await sandbox.control(`/accounts/${code}/activity`, { json: { active: false } });
    const call = fake.received.filter((received) => received.path === '/retailcrm/activity').at(-1);
    const module = await client.get('/api/v5/integration-modules/mindbox-test-client');

    expect(answer.body).toEqual({
      url: `${fake.url}/retailcrm/activity`,
      status: 200,
      body: { success: true },
    });
    expect(call?.form).toEqual({
      clientId: 'test-client-id',
      activity: JSON.stringify({ active: false, freeze: false }),
      systemUrl: `${sandbox.url}/crm/${code}`,
    });
    expect(module.body.integrationModule).toMatchObject({ active: false, freeze: false });
  });

  it('answers what a module that refuses the token said', async () => {
    const strict = await new FakeModule('another-secret').start();
    const { code } = await sandbox.account();

    const answer = await sandbox.control(`/accounts/${code}/register`, { json: { moduleUrl: strict.url } });
    await strict.stop();

    expect(answer.body.register).toEqual({ url: `${strict.url}/retailcrm/register`, status: 401, body: {} });
  });

  it('refuses activity while no module registered itself', async () => {
    const { code } = await sandbox.account();

    expect((await sandbox.control(`/accounts/${code}/activity`, { json: {} })).status).toBe(409);
  });

  it('reports a module that does not answer', async () => {
    const { code } = await sandbox.account();

    const answer = await sandbox.control(`/accounts/${code}/register`, {
      json: { moduleUrl: 'http://127.0.0.1:9' },
    });

    expect(answer.status).toBe(502);
  });
});
