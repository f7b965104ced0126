import { demoTabs, SecretBox } from '@app/settings';
import { call, Connected, GatewayStack, Json } from './gateway-harness';

// The six settings tabs and the references of one account, against the sandbox's demo shop and
// demo Mindbox project. The tests run in order and build on each other's saved tabs.

const secrets = new SecretBox('0'.repeat(64));

// Booting both apps and the CRM round trips take longer than Jest's default 5 s.
jest.setTimeout(60_000);

describe('gateway: settings tabs and references', () => {
  let stack: GatewayStack;
  let demo: Connected;
  let tabs: ReturnType<typeof demoTabs>;

  const put = (tab: string, json: unknown) =>
    stack.api(`/api/v1/settings/${tab}`, { method: 'PUT', json, clientId: demo.clientId });
  const settings = async (): Promise<Json> =>
    (await stack.api('/api/v1/settings', { clientId: demo.clientId })).body;
  const crm = (path: string) =>
    call(`${stack.crmUrl('demo')}${path}`, { headers: { 'X-API-KEY': 'demo-retailcrm-key' } });

  /** Sends a tab that must be refused: 422 naming exactly `paths`, and nothing changed. */
  async function refused(tab: string, json: unknown, paths: string[]): Promise<Record<string, string>> {
    const before = await settings();
    const answer = await put(tab, json);
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ message: expect.any(String), errors: expect.any(Object) });
    expect(Object.keys(answer.body.errors).sort()).toEqual([...paths].sort());
    expect(await settings()).toEqual(before);
    return answer.body.errors;
  }

  beforeAll(async () => {
    stack = await GatewayStack.start();
    tabs = demoTabs(stack.sandboxUrl);
    // The tests read the CRM with the demo key too, outside the gateway's rate budget.
    await stack.control('/retailcrm/accounts/demo', { rateLimit: 0 }, 'PATCH');
    demo = await stack.register('demo');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows a new account with only its access, the key masked and its hook URL', async () => {
    const { hook_token: hookToken } = await stack.account(demo.clientId);
    expect(await settings()).toEqual({
      access: {
        retailcrmUrl: stack.crmUrl('demo'),
        apiKey: `••••${demo.apiKey.slice(-4)}`,
        sites: [],
        hookUrl: `${stack.gatewayUrl}/hooks/${hookToken}`,
      },
      mindbox: null,
      customers: null,
      orders: null,
      products: null,
      fields: null,
    });
  });

  describe('Access', () => {
    it('saves the address, a new key and shops that exist, answering the tab masked', async () => {
      const answer = await put('access', tabs.access);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        retailcrmUrl: stack.crmUrl('demo'),
        apiKey: '••••-key',
        sites: ['demo-shop'],
        hookUrl: expect.stringMatching(/\/hooks\/[0-9a-f]{48}$/),
      });
      const account = await stack.account(demo.clientId);
      expect(secrets.decrypt(account.api_key_enc)).toBe('demo-retailcrm-key');
    });

    it('keeps the stored key when the masked value (or none) comes back', async () => {
      const shown = (await settings()).access;
      const answer = await put('access', { ...shown, sites: ['demo-shop', 'demo-outlet'] });
      expect(answer.status).toBe(200);
      expect(answer.body.sites).toEqual(['demo-shop', 'demo-outlet']);
      const { apiKey: _omitted, ...withoutKey } = shown;
      expect((await put('access', { ...withoutKey, sites: ['demo-outlet'] })).status).toBe(200);
      expect(secrets.decrypt((await stack.account(demo.clientId)).api_key_enc)).toBe('demo-retailcrm-key');
      expect((await put('access', { ...shown, sites: ['demo-shop'] })).status).toBe(200);
    });

    it('refuses a shop the CRM does not have, and one the key cannot reach', async () => {
      const errors = await refused('access', { ...tabs.access, sites: ['demo-shop', 'atlantis'] }, [
        'sites[1]',
      ]);
      expect(errors['sites[1]']).toMatch(/no shop "atlantis"/);
      const selective = await stack.control('/retailcrm/accounts/demo/api-keys', { sites: ['demo-shop'] });
      await refused('access', { ...tabs.access, apiKey: selective.key, sites: ['demo-outlet'] }, [
        'sites[0]',
      ]);
    });

    it('refuses a wrong key, and a new address with the stored key', async () => {
      await refused('access', { ...tabs.access, apiKey: 'wrong-key-0000' }, ['apiKey']);
      const other = await stack.crmAccount();
      const errors = await refused(
        'access',
        { ...tabs.access, retailcrmUrl: stack.crmUrl(other.code), apiKey: '••••-key' },
        ['apiKey'],
      );
      expect(errors.apiKey).toMatch(/again/);
    });
  });

  describe('Mindbox access', () => {
    it('saves the endpoint after one call with its key, answering the secret masked', async () => {
      const answer = await put('mindbox', tabs.mindbox);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ...tabs.mindbox, secretKey: '••••cret' });
      const [row] = await stack.db.query(
        `SELECT m.secret_key_enc, m.settings FROM mindbox_settings m JOIN account a ON a.id = m.account_id WHERE a.client_id = $1`,
        [demo.clientId],
      );
      expect(secrets.decrypt(row.secret_key_enc)).toBe('demo-mindbox-secret');
      expect(row.settings).not.toHaveProperty('secretKey');
    });

    it('refuses a wrong secret key, an unknown endpoint and an address with no Mindbox', async () => {
      const secret = await refused('mindbox', { ...tabs.mindbox, secretKey: 'not-the-secret' }, [
        'secretKey',
      ]);
      expect(secret.secretKey).toMatch(/refused this secret key/);
      await refused('mindbox', { ...tabs.mindbox, endpointId: 'no-such-endpoint' }, ['endpointId']);
      await refused('mindbox', { ...tabs.mindbox, apiUrl: `${stack.sandboxUrl}/not-mindbox` }, ['apiUrl']);
    });

    it('keeps the stored secret when it comes back masked or not at all, unless the address changes', async () => {
      expect((await put('mindbox', { ...tabs.mindbox, secretKey: '••••cret', brand: 'demo-2' })).status).toBe(
        200,
      );
      const { secretKey: _omitted, ...withoutSecret } = tabs.mindbox;
      expect((await put('mindbox', withoutSecret)).status).toBe(200);
      const errors = await refused(
        'mindbox',
        { ...tabs.mindbox, apiUrl: 'http://localhost:1/mindbox', secretKey: '••••cret' },
        ['secretKey'],
      );
      expect(errors.secretKey).toMatch(/again/);
    });
  });

  describe('Customers', () => {
    it('saves the tab, and checks a Mindbox id field against the CRM customer fields', async () => {
      const answer = await put('customers', tabs.customers);
      expect(answer).toMatchObject({ status: 200, body: tabs.customers });
      await refused(
        'customers',
        { ...tabs.customers, ids: { customerIdKey: 'retailcrmId', mindboxIdCustomField: 'no_such_field' } },
        ['ids.mindboxIdCustomField'],
      );
      const withField = {
        ...tabs.customers,
        ids: { customerIdKey: 'retailcrmId', mindboxIdCustomField: 'loyalty_card' },
      };
      expect((await put('customers', withField)).status).toBe(200);
    });

    it('checks Mindbox with the "get existing customer" operation once the tab names one', async () => {
      await stack.control('/requests', undefined, 'DELETE');
      expect((await put('mindbox', tabs.mindbox)).status).toBe(200);
      const { requests } = await stack.control('/requests?side=mindbox');
      expect(requests.map((request: Json) => request.operation)).toEqual(['Website.CheckCustomer']);
    });
  });

  describe('Orders', () => {
    it('saves methods and statuses the CRM has', async () => {
      expect(await put('orders', tabs.orders)).toMatchObject({ status: 200, body: tabs.orders });
    });

    it('names unknown statuses and methods by their dotted path and index', async () => {
      const errors = await refused(
        'orders',
        {
          ...tabs.orders,
          conditions: {
            ...tabs.orders.conditions,
            orderMethods: ['phone', 'telepathy'],
            calculateStatuses: ['new', 'limbo'],
          },
        },
        ['conditions.orderMethods[1]', 'conditions.calculateStatuses[1]'],
      );
      expect(errors['conditions.calculateStatuses[1]']).toMatch(/no order status "limbo"/);
    });

    it('refuses statuses without their operation, and a malformed code before asking the CRM', async () => {
      const { calculate: _calculate, ...operations } = tabs.orders.operations;
      await refused('orders', { ...tabs.orders, operations }, ['operations.calculate']);
      await refused(
        'orders',
        { ...tabs.orders, conditions: { ...tabs.orders.conditions, calculateStatuses: ['has spaces'] } },
        ['conditions.calculateStatuses'],
      );
      await refused('orders', { ...tabs.orders, surprise: true }, ['surprise']);
    });
  });

  describe('Products', () => {
    it('saves a status map of item statuses the CRM has, and names an unknown one', async () => {
      expect(await put('products', tabs.products)).toMatchObject({ status: 200, body: tabs.products });
      await refused('products', { ...tabs.products, statusMap: { saled: 'Delivered', lost: 'Lost' } }, [
        'statusMap.lost',
      ]);
    });
  });

  describe('Additional fields', () => {
    it('creates the missing order fields in the CRM with their types, then saves the tab', async () => {
      expect((await crm('/api/v5/custom-fields/order/mindbox_discount')).status).toBe(404);
      expect(await put('fields', tabs.fields)).toMatchObject({ status: 200, body: tabs.fields });
      expect((await crm('/api/v5/custom-fields/order/mindbox_discount')).body.customField).toMatchObject({
        code: 'mindbox_discount',
        type: 'integer',
        entity: 'order',
      });
      expect((await crm('/api/v5/custom-fields/order/mindbox_promo_code')).body.customField).toMatchObject({
        type: 'string',
      });
      // Saved again: the fields exist now and are not created twice.
      expect((await put('fields', tabs.fields)).status).toBe(200);
    });

    it('refuses an existing field of another type', async () => {
      const errors = await refused(
        'fields',
        { ...tabs.fields, retailcrm: { discountAmountField: 'gift_wrap' } },
        ['retailcrm.discountAmountField'],
      );
      expect(errors['retailcrm.discountAmountField']).toMatch(/boolean/);
    });
  });

  it('shows every saved tab, secrets masked', async () => {
    const all = await settings();
    const feedToken = (await stack.account(demo.clientId)).feed_token as string;
    expect(all).toEqual({
      access: expect.objectContaining({ apiKey: '••••-key', sites: ['demo-shop'] }),
      mindbox: { ...tabs.mindbox, secretKey: '••••cret' },
      customers: expect.objectContaining({ syncWithoutOrders: false }),
      orders: tabs.orders,
      // The feed URL is read-only: shown with the tab, never stored with it.
      products: { ...tabs.products, feedUrl: `${stack.gatewayUrl}/feeds/${feedToken}/products.yml` },
      fields: tabs.fields,
    });
    expect(JSON.stringify(all)).not.toContain('demo-mindbox-secret');
    expect(JSON.stringify(all)).not.toContain('demo-retailcrm-key');
  });

  it('queued AccountSettingsChanged for each saved tab', async () => {
    const { id } = await stack.account(demo.clientId);
    const events = await stack.outbox(id, 'account.settings-changed.v1');
    const saved = new Set(events.map((event) => event.payload.tab));
    expect([...saved].sort()).toEqual(['access', 'customers', 'fields', 'mindbox', 'orders', 'products']);
  });

  it('answers an unknown tab 404 and a body that is not an object 422', async () => {
    expect((await put('billing', {})).status).toBe(404);
    expect((await put('orders', [1, 2])).status).toBe(422);
  });

  it('gives a new hook URL on request', async () => {
    const before = (await settings()).access.hookUrl;
    const answer = await stack.api('/api/v1/settings/access/hook-token', {
      method: 'POST',
      clientId: demo.clientId,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ hookUrl: expect.stringMatching(/\/hooks\/[0-9a-f]{48}$/) });
    expect(answer.body.hookUrl).not.toBe(before);
    expect((await settings()).access.hookUrl).toBe(answer.body.hookUrl);
  });

  describe('References', () => {
    const references = (query = '') => stack.api(`/api/v1/references${query}`, { clientId: demo.clientId });
    const crmCalls = async () =>
      (await stack.control('/requests?side=retailcrm&tenant=demo')).requests.length as number;

    it('lists the CRM dictionaries as {code, name, ...} arrays', async () => {
      const answer = await references('?refresh=1');
      expect(answer.status).toBe(200);
      const body = answer.body;
      expect(body.sites.map((site: Json) => site.code).sort()).toEqual(['demo-outlet', 'demo-shop']);
      expect(body.sites[0]).toEqual(
        expect.objectContaining({ code: expect.any(String), name: expect.any(String) }),
      );
      expect(body.orderStatuses).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'new', name: 'Новый', group: 'new' })]),
      );
      expect(body.statusGroups).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'cancel', statuses: expect.arrayContaining(['no-call']) }),
        ]),
      );
      expect(body.orderMethods).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'phone' })]));
      expect(body.productStatuses).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'saled' })]),
      );
      expect(body.customFields.customer).toEqual(
        expect.arrayContaining([{ code: 'loyalty_card', name: expect.any(String), type: 'string' }]),
      );
      expect(body.customFields.order.map((field: Json) => field.code)).toEqual(
        expect.arrayContaining(['gift_wrap', 'mindbox_discount', 'mindbox_promo_code']),
      );
    });

    it('answers from its cache until asked to refresh', async () => {
      await stack.control('/requests', undefined, 'DELETE');
      expect((await references()).status).toBe(200);
      expect(await crmCalls()).toBe(0);
      expect((await references('?refresh=1')).status).toBe(200);
      expect(await crmCalls()).toBeGreaterThanOrEqual(6);
    });
  });
});
