import { createHmac } from 'node:crypto';
import { demoTabs, SecretBox } from '@app/settings';
import { GatewayStack, MODULE_CODE, MODULE_SECRET } from './gateway-harness';

// The RetailCRM module protocol end to end: the sandbox's marketplace connects the gateway to an
// account (config, register), the gateway registers itself in the sandbox CRM, and the CRM's
// activity and settings callbacks reach the account.

// Booting both apps and the CRM round trips take longer than Jest's default 5 s.
jest.setTimeout(60_000);

describe('gateway: RetailCRM marketplace connection', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await GatewayStack.start();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers the config with the scopes it needs and its register URL', async () => {
    const answer = await stack.api('/retailcrm/config');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      scopes: [
        'customer_read',
        'customer_write',
        'order_read',
        'order_write',
        'reference_read',
        'custom_fields_read',
        'custom_fields_write',
        'integration_read',
        'integration_write',
        'store_read',
      ],
      registerUrl: `${stack.gatewayUrl}/retailcrm/register`,
    });
  });

  it('connects by simple connection and registers the module in the CRM', async () => {
    const answer = await stack.control('/retailcrm/accounts/demo/register', { moduleUrl: stack.gatewayUrl });
    expect(answer.register.status).toBe(200);
    expect(answer.register.body).toEqual({
      success: true,
      accountUrl: expect.stringMatching(new RegExp(`^${stack.gatewayUrl}/settings/[0-9a-f]{64}$`)),
    });
    const clientId = answer.register.body.accountUrl.split('/').at(-1);
    const account = await stack.account(clientId);
    expect(account).toMatchObject({
      retailcrm_url: stack.crmUrl('demo'),
      active: true,
      frozen: false,
      sites: [],
    });
    expect(account.api_key_enc).not.toContain(answer.apiKey);
    expect(
      new SecretBox(process.env.SETTINGS_ENCRYPTION_KEY ?? '0'.repeat(64)).decrypt(account.api_key_enc),
    ).toBe(answer.apiKey);
    expect(account.hook_token).toMatch(/^[0-9a-f]{48}$/);
    expect(account.feed_token).toMatch(/^[0-9a-f]{48}$/);

    const modules = await stack.modules('demo');
    expect(modules).toEqual([
      expect.objectContaining({
        code: `${MODULE_CODE}-${account.id.replace(/-/g, '').slice(0, 12)}`,
        integrationCode: MODULE_CODE,
        active: true,
        name: 'Mindbox',
        clientId,
        baseUrl: stack.gatewayUrl,
        accountUrl: `${stack.gatewayUrl}/settings/${clientId}`,
        actions: { activity: '/retailcrm/activity', settings: '/retailcrm/settings' },
        integrations: {
          embedJs: {
            entrypoint: `${stack.gatewayUrl}/embed/order-card.js`,
            stylesheet: `${stack.gatewayUrl}/embed/order-card.css`,
            targets: ['order/card:common.after'],
            runner: 'worker',
          },
        },
      }),
    ]);
    const events = await stack.outbox(account.id);
    expect(events.map((event) => event.routing_key).sort()).toEqual([
      'account.activity-changed.v1',
      'account.settings-changed.v1',
    ]);
  });

  it('refuses a register token not signed with the module secret (401) and stores nothing', async () => {
    const { code, apiKey } = await stack.crmAccount();
    const forged = createHmac('sha256', 'not-the-module-secret').update(apiKey).digest('hex');
    const answer = await stack.api('/retailcrm/register', {
      form: { register: { systemUrl: stack.crmUrl(code), apiKey, token: forged } },
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ success: false, errorMsg: expect.any(String) });
    expect(answer.text).not.toContain(apiKey);
    const [row] = await stack.db.query(`SELECT count(*)::int AS n FROM account WHERE retailcrm_url = $1`, [
      stack.crmUrl(code),
    ]);
    expect(row.n).toBe(0);
    expect(await stack.modules(code)).toEqual([]);
  });

  it('answers a register with a broken body 400, and a key RetailCRM refuses 422 without echoing it', async () => {
    const broken = await stack.api('/retailcrm/register', { form: { register: 'not json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.success).toBe(false);

    const apiKey = 'a-key-the-crm-never-issued';
    const token = createHmac('sha256', MODULE_SECRET).update(apiKey).digest('hex');
    const refused = await stack.api('/retailcrm/register', {
      form: { register: { systemUrl: stack.crmUrl('demo'), apiKey, token } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ success: false, errorMsg: expect.stringMatching(/API key/) });
    expect(refused.text).not.toContain(apiKey);
  });

  it('connects by hand with an address and a key: 201 and the same registration', async () => {
    const { code, apiKey } = await stack.crmAccount();
    const answer = await stack.api('/api/v1/accounts', {
      json: { retailcrmUrl: stack.crmUrl(code), apiKey },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      clientId: expect.stringMatching(/^[0-9a-f]{64}$/),
      accountUrl: `${stack.gatewayUrl}/settings/${answer.body.clientId}`,
    });
    expect(await stack.modules(code)).toEqual([
      expect.objectContaining({
        integrationCode: MODULE_CODE,
        clientId: answer.body.clientId,
        accountUrl: answer.body.accountUrl,
        actions: { activity: '/retailcrm/activity', settings: '/retailcrm/settings' },
      }),
    ]);
  });

  it('refuses by hand a wrong key, a key without the scopes and an address without a CRM (422)', async () => {
    const { code } = await stack.crmAccount();
    const wrongKey = await stack.api('/api/v1/accounts', {
      json: { retailcrmUrl: stack.crmUrl(code), apiKey: 'wrong-key-123' },
    });
    expect(wrongKey.status).toBe(422);
    expect(wrongKey.body).toEqual({ message: expect.any(String), errors: { apiKey: expect.any(String) } });
    expect(wrongKey.text).not.toContain('wrong-key-123');

    const narrow = await stack.control(`/retailcrm/accounts/${code}/api-keys`, {
      scopes: ['customer_read', 'order_read'],
    });
    const noScopes = await stack.api('/api/v1/accounts', {
      json: { retailcrmUrl: stack.crmUrl(code), apiKey: narrow.key },
    });
    expect(noScopes.status).toBe(422);
    expect(noScopes.body.errors.apiKey).toMatch(/customer_write.*integration_write/);

    const nowhere = await stack.api('/api/v1/accounts', {
      json: { retailcrmUrl: stack.crmUrl('no-such-account'), apiKey: 'some-key-123' },
    });
    expect(nowhere.status).toBe(422);
    expect(Object.keys(nowhere.body.errors)).toEqual(['retailcrmUrl']);

    const notUrl = await stack.api('/api/v1/accounts', { json: { retailcrmUrl: 'shop', apiKey: '' } });
    expect(notUrl.status).toBe(422);
    expect(Object.keys(notUrl.body.errors).sort()).toEqual(['apiKey', 'retailcrmUrl']);
  });

  it('reconnecting an account keeps its clientId and settings and takes the new key', async () => {
    const { code } = await stack.crmAccount();
    const first = await stack.register(code);
    const products = demoTabs().products;
    const saved = await stack.api('/api/v1/settings/products', {
      method: 'PUT',
      json: products,
      clientId: first.clientId,
    });
    expect(saved.status).toBe(200);

    const second = await stack.register(code);
    expect(second.clientId).toBe(first.clientId);
    expect(second.apiKey).not.toBe(first.apiKey);
    const settings = await stack.api('/api/v1/settings', { clientId: first.clientId });
    expect(settings.body.products).toEqual({
      ...products,
      feedUrl: expect.stringMatching(/\/feeds\/[0-9a-f]{48}\/products\.yml$/),
    });
    const account = await stack.account(first.clientId);
    expect(new SecretBox('0'.repeat(64)).decrypt(account.api_key_enc)).toBe(second.apiKey);
    expect(await stack.modules(code)).toHaveLength(1);
  });

  it('stores nothing when RetailCRM refuses to register the module, and says why', async () => {
    const { code } = await stack.crmAccount();
    await stack.control(`/retailcrm/accounts/${code}`, { billingBlocked: true }, 'PATCH');
    const answer = await stack.control(`/retailcrm/accounts/${code}/register`, {
      moduleUrl: stack.gatewayUrl,
    });
    expect(answer.register.status).toBe(422);
    expect(answer.register.body).toMatchObject({
      success: false,
      errorMsg: expect.stringMatching(/insufficient funds/),
      errors: { retailcrmUrl: expect.any(String) },
    });
    const [row] = await stack.db.query(`SELECT count(*)::int AS n FROM account WHERE retailcrm_url = $1`, [
      stack.crmUrl(code),
    ]);
    expect(row.n).toBe(0);
  });

  it('stores activity (off, frozen) sent by the CRM and queues AccountActivityChanged', async () => {
    const { code } = await stack.crmAccount();
    const connected = await stack.register(code);
    const { id } = await stack.account(connected.clientId);

    const off = await stack.control(`/retailcrm/accounts/${code}/activity`, { active: false, freeze: false });
    expect(off).toMatchObject({ status: 200, body: { success: true } });
    expect(await stack.account(connected.clientId)).toMatchObject({ active: false, frozen: false });

    const frozen = await stack.control(`/retailcrm/accounts/${code}/activity`, {
      active: true,
      freeze: true,
    });
    expect(frozen).toMatchObject({ status: 200, body: { success: true } });
    expect(await stack.account(connected.clientId)).toMatchObject({ active: true, frozen: true });

    const events = await stack.outbox(id, 'account.activity-changed.v1');
    expect(events.map((event) => event.payload)).toEqual(
      expect.arrayContaining([
        { accountId: id, active: false, frozen: false },
        { accountId: id, active: true, frozen: true },
      ]),
    );
  });

  it('answers an activity or settings callback for an unknown clientId 404', async () => {
    const activity = await stack.api('/retailcrm/activity', {
      form: { clientId: 'f'.repeat(64), activity: { active: true, freeze: false } },
    });
    expect(activity.status).toBe(404);
    expect(activity.body).toEqual({ success: false, errorMsg: 'Unknown clientId' });
    const settings = await stack.api('/retailcrm/settings', { form: { clientId: 'nope', settings: {} } });
    expect(settings.status).toBe(404);
  });

  it('stores the system settings the CRM sends', async () => {
    const { code } = await stack.crmAccount();
    const connected = await stack.register(code);
    const crmSettings = { default_currency: { value: 'RUB' }, timezone: { value: 'Europe/Moscow' } };
    const answer = await stack.api('/retailcrm/settings', {
      form: { clientId: connected.clientId, settings: crmSettings },
    });
    expect(answer).toMatchObject({ status: 200, body: { success: true } });
    expect((await stack.account(connected.clientId)).crm_settings).toEqual(crmSettings);
  });

  it('takes a changed systemUrl from the activity callback only through the URL guard', async () => {
    const { code } = await stack.crmAccount();
    const connected = await stack.register(code);
    const moved = await stack.api('/retailcrm/activity', {
      form: {
        clientId: connected.clientId,
        activity: { active: true, freeze: false },
        systemUrl: 'ftp://elsewhere.example.com',
      },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.errors).toEqual({ systemUrl: expect.any(String) });
    expect((await stack.account(connected.clientId)).retailcrm_url).toBe(connected.systemUrl);
  });
});
