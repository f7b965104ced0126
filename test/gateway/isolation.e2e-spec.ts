import { demoTabs } from '@app/settings';
import { call, Connected, GatewayStack } from './gateway-harness';

// Every /api/v1 answer belongs to the account of the bearer clientId, whatever else the request
// says; without a valid clientId nothing is answered.

// Booting both apps and the CRM round trips take longer than Jest's default 5 s.
jest.setTimeout(60_000);

describe('gateway: one account never reaches another', () => {
  let stack: GatewayStack;
  let a: Connected;
  let b: Connected;
  let bKey: string;

  const products = (statusMap: Record<string, string>) => ({ ...demoTabs().products, statusMap });
  const settingsOf = async (clientId: string) => (await stack.api('/api/v1/settings', { clientId })).body;

  beforeAll(async () => {
    stack = await GatewayStack.start();
    await stack.control('/retailcrm/accounts/demo', { rateLimit: 0 }, 'PATCH');
    a = await stack.register('demo');
    const other = await stack.crmAccount();
    b = await stack.register(other.code);
    bKey = b.apiKey;
    for (const [account, statusMap] of [
      [a, { saled: 'A-delivered' }],
      [b, { saled: 'B-delivered' }],
    ] as const) {
      const saved = await stack.api('/api/v1/settings/products', {
        method: 'PUT',
        json: products(statusMap),
        clientId: account.clientId,
      });
      expect(saved.status).toBe(200);
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers each account its own settings', async () => {
    const [ofA, ofB] = [await settingsOf(a.clientId), await settingsOf(b.clientId)];
    expect(ofA.products.statusMap).toEqual({ saled: 'A-delivered' });
    expect(ofA.access.retailcrmUrl).toBe(stack.crmUrl('demo'));
    expect(ofB.products.statusMap).toEqual({ saled: 'B-delivered' });
    expect(ofB.access.retailcrmUrl).toBe(stack.crmUrl(b.code));
  });

  it('changes only the bearer account, whatever the query or body name', async () => {
    const viaQuery = await stack.api(`/api/v1/settings/products?clientId=${b.clientId}`, {
      method: 'PUT',
      json: products({ saled: 'A-again' }),
      clientId: a.clientId,
    });
    expect(viaQuery.status).toBe(200);
    const viaBody = await stack.api('/api/v1/settings/products', {
      method: 'PUT',
      json: { ...products({ saled: 'hijack' }), clientId: b.clientId, accountId: 'x' },
      clientId: a.clientId,
    });
    expect(viaBody.status).toBe(422);
    expect((await settingsOf(a.clientId)).products.statusMap).toEqual({ saled: 'A-again' });
    expect((await settingsOf(b.clientId)).products.statusMap).toEqual({ saled: 'B-delivered' });
  });

  it('gives each account the references of its own CRM', async () => {
    const created = await call(`${stack.crmUrl(b.code)}/api/v5/custom-fields/order/create`, {
      headers: { 'X-API-KEY': bKey },
      form: { customField: { code: 'only_in_b', name: 'Only in B', type: 'string' } },
    });
    expect(created.status).toBe(201);
    const fieldsOf = async (clientId: string) =>
      (await stack.api('/api/v1/references?refresh=1', { clientId })).body.customFields.order.map(
        (field: { code: string }) => field.code,
      );
    expect(await fieldsOf(b.clientId)).toContain('only_in_b');
    expect(await fieldsOf(a.clientId)).not.toContain('only_in_b');
  });

  it('renews the hook URL of the bearer account only', async () => {
    const before = (await settingsOf(b.clientId)).access.hookUrl;
    const answer = await stack.api('/api/v1/settings/access/hook-token', {
      method: 'POST',
      clientId: a.clientId,
    });
    expect(answer.status).toBe(200);
    expect((await settingsOf(b.clientId)).access.hookUrl).toBe(before);
  });

  // Rows as long as the test's parameter list: a shorter row would make Jest pass `done`.
  const endpoints: [string, string, unknown][] = [
    ['GET', '/api/v1/settings', undefined],
    ['PUT', '/api/v1/settings/products', demoTabs().products],
    ['POST', '/api/v1/settings/access/hook-token', undefined],
    ['GET', '/api/v1/references', undefined],
    ['POST', '/api/v1/settings/products/feed-token', undefined],
    ['GET', '/api/v1/sync/status', undefined],
    ['GET', '/api/v1/sync/journal', undefined],
    ['POST', '/api/v1/sync/journal/1/retry', {}],
    ['POST', '/api/v1/sync/full-load', { entity: 'customers' }],
  ];
  const badAuthorizations: [string, Record<string, string>][] = [
    ['no header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['garbage', { authorization: 'Bearer not-a-client-id' }],
    ['an unknown clientId', { authorization: `Bearer ${'0'.repeat(64)}` }],
    ['another scheme', { authorization: 'Basic Zm9vOmJhcg==' }],
    ['a clientId without the scheme', { authorization: 'f'.repeat(64) }],
  ];

  it.each(endpoints)('answers %s %s 401 without a valid clientId', async (method, path, json) => {
    for (const [, headers] of badAuthorizations) {
      const answer = await stack.api(path, { method, json, headers });
      expect({ headers, status: answer.status }).toEqual({ headers, status: 401 });
      expect(answer.body).toEqual(expect.objectContaining({ message: expect.any(String) }));
    }
    const viaQuery = await stack.api(`${path}?clientId=${a.clientId}`, { method, json });
    expect(viaQuery.status).toBe(401);
  });
});
