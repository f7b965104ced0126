import { CrmClient, SandboxHarness } from './retailcrm-harness';

// History as the module reads it: who changed what (source, apiKey.current, user), in id order,
// paged with sinceId.

interface HistoryRecord {
  id: number;
  created?: boolean;
  deleted?: boolean;
  source: string;
  user?: { id: number };
  apiKey?: { current: boolean };
  field: string;
  oldValue: unknown;
  newValue: unknown;
  customer?: Record<string, unknown>;
  order?: Record<string, unknown>;
  item?: Record<string, unknown>;
  combinedTo?: Record<string, unknown>;
}

async function history(
  client: CrmClient,
  entity: 'customers' | 'orders',
  query = '',
): Promise<HistoryRecord[]> {
  const answer = await client.get(`/api/v5/${entity}/history`, `limit=100${query ? `&${query}` : ''}`);
  expect(answer.status).toBe(200);
  return answer.body.history as HistoryRecord[];
}

describe('RetailCRM simulator history', () => {
  let sandbox: SandboxHarness;
  let code: string;
  let moduleClient: CrmClient;
  let otherClient: CrmClient;

  beforeAll(async () => {
    sandbox = await SandboxHarness.start();
  });

  beforeEach(async () => {
    const account = await sandbox.account({ sites: ['shop'] });
    code = account.code;
    moduleClient = account.client;
    const other = await sandbox.control(`/accounts/${code}/api-keys`, {
      json: { apiKey: 'another-integration' },
    });
    otherClient = moduleClient.withKey(other.body.key);
  });

  afterAll(() => sandbox.close());

  it('writes a created record with the whole customer, then one record per changed field', async () => {
    const { id } = (await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'Анна' } }))
      .body;
    await moduleClient.post(`/api/v5/customers/${id}/edit`, {
      by: 'id',
      customer: { firstName: 'Аня', email: 'anya@example.com', phones: [{ number: '+79990000001' }] },
    });

    const records = await history(moduleClient, 'customers');

    expect(records.map((r) => [r.id, r.field, r.oldValue, r.newValue])).toEqual([
      [1, 'id', null, id],
      [2, 'first_name', 'Анна', 'Аня'],
      [3, 'email', null, 'anya@example.com'],
      [4, 'phones', null, '+79990000001'],
    ]);
    expect(records[0]).toMatchObject({
      created: true,
      customer: { id, firstName: 'Анна', customFields: [] },
    });
    expect(records[1].customer).toEqual({ id, site: 'shop' });
  });

  it("marks apiKey.current for the reading key's own changes only", async () => {
    await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'Своя' } });
    await otherClient.post('/api/v5/customers/create', { customer: { firstName: 'Чужая' } });

    const seenByModule = await history(moduleClient, 'customers');
    const seenByOther = await history(otherClient, 'customers');

    expect(seenByModule.map((r) => [r.source, r.apiKey])).toEqual([
      ['api', { current: true }],
      ['api', { current: false }],
    ]);
    expect(seenByOther.map((r) => r.apiKey)).toEqual([{ current: false }, { current: true }]);
  });

  it('writes manager changes with source user and the user, without apiKey', async () => {
    const { id } = (await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'Иван' } }))
      .body;

    const edited = await sandbox.control(`/accounts/${code}/customers/${id}`, {
      method: 'PATCH',
      json: { customer: { lastName: 'Петров' }, userId: 12 },
    });
    const [, change] = await history(moduleClient, 'customers');

    expect(edited.body).toMatchObject({ id, firstName: 'Иван', lastName: 'Петров' });
    expect(change).toEqual({
      id: 2,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      source: 'user',
      user: { id: 12 },
      field: 'last_name',
      oldValue: null,
      newValue: 'Петров',
      customer: { id, site: 'shop' },
    });
  });

  it('pages more than 100 records with sinceId, ids growing one by one', async () => {
    await sandbox.control(`/accounts/${code}/seed`, { json: { customers: 250 } });

    const seen: number[] = [];
    let sinceId = 0;
    for (;;) {
      const page = (
        await moduleClient.get('/api/v5/customers/history', `filter[sinceId]=${sinceId}&limit=100`)
      ).body;
      if (page.history.length === 0) break;
      seen.push(...page.history.map((r: HistoryRecord) => r.id));
      sinceId = page.history.at(-1).id;
      expect(page.pagination.currentPage).toBe(1);
    }
    const byPage = await moduleClient.get('/api/v5/customers/history', 'limit=100&page=3');

    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(byPage.body.history.map((r: HistoryRecord) => r.id)[0]).toBe(201);
    expect(byPage.body.pagination).toEqual({
      limit: 100,
      totalCount: 250,
      currentPage: 3,
      totalPageCount: 3,
    });
  });

  it('filters by customer and by date', async () => {
    const first = (await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'A' } })).body
      .id;
    await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'B' } });

    const ofFirst = await history(moduleClient, 'customers', `filter[customerId]=${first}`);
    const future = await history(moduleClient, 'customers', 'filter[startDate]=2099-01-01');

    expect(ofFirst.map((r) => r.newValue)).toEqual([first]);
    expect(future).toEqual([]);
  });

  it('writes a deletion with the whole customer, and a merge with combinedTo and the moved orders', async () => {
    const kept = (await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'Ольга' } }))
      .body.id;
    const merged = (
      await moduleClient.post('/api/v5/customers/create', { customer: { email: 'olga@example.com' } })
    ).body.id;
    const gone = (await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'Ушёл' } }))
      .body.id;
    const order = (
      await moduleClient.post('/api/v5/orders/create', {
        order: { customer: { id: merged }, items: [{ offer: { id: 1000 } }] },
      })
    ).body.id;

    await sandbox.control(`/accounts/${code}/customers/${gone}?userId=5`, { method: 'DELETE' });
    const result = await sandbox.control(`/accounts/${code}/customers/merge`, {
      json: { resultId: kept, mergedIds: [merged], userId: 5 },
    });
    const customers = await history(moduleClient, 'customers');
    const orders = await history(moduleClient, 'orders');

    expect(result.body).toMatchObject({ id: kept, email: 'olga@example.com', ordersCount: 1 });
    expect(customers.find((r) => r.deleted && r.oldValue === gone)).toMatchObject({
      source: 'user',
      user: { id: 5 },
      field: 'id',
      newValue: null,
      customer: { id: gone, firstName: 'Ушёл' },
    });
    expect(customers.find((r) => r.deleted && r.oldValue === merged)).toMatchObject({
      combinedTo: { id: kept, site: 'shop' },
    });
    expect(customers.find((r) => r.field === 'email' && r.customer?.id === kept)).toMatchObject({
      oldValue: null,
      newValue: 'olga@example.com',
    });
    expect(orders.at(-1)).toMatchObject({
      field: 'customer',
      oldValue: { id: merged, site: 'shop' },
      newValue: { id: kept, site: 'shop' },
      order: { id: order },
    });
  });

  it('writes a deletion of an order with the whole order, after which the order is gone', async () => {
    const customer = (
      await moduleClient.post('/api/v5/customers/create', { customer: { firstName: 'Пётр' } })
    ).body.id;
    const order = (
      await moduleClient.post('/api/v5/orders/create', {
        order: { externalId: 'to-delete', customer: { id: customer }, items: [{ offer: { id: 1000 } }] },
      })
    ).body.id;
    const before = await history(moduleClient, 'orders');

    const removed = await sandbox.control(`/accounts/${code}/orders/${order}?userId=7`, { method: 'DELETE' });
    const after = await history(moduleClient, 'orders', `filter[sinceId]=${before.at(-1)!.id}`);

    expect(removed.status).toBe(204);
    expect(after).toHaveLength(1);
    const [deletion] = after;
    expect(deletion).toMatchObject({
      id: before.at(-1)!.id + 1,
      deleted: true,
      source: 'user',
      user: { id: 7 },
      field: 'id',
      oldValue: order,
      newValue: null,
      order: {
        id: order,
        externalId: 'to-delete',
        site: 'shop',
        customer: expect.objectContaining({ id: customer }),
        items: [expect.objectContaining({ offer: expect.objectContaining({ id: 1000 }) })],
      },
    });
    expect(deletion).not.toHaveProperty('apiKey');
    expect((await moduleClient.get(`/api/v5/orders/${order}`, 'by=id')).status).toBe(404);
    const again = await sandbox.control(`/accounts/${code}/orders/${order}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('replaces order items with the list an edit sends, and writes what changed', async () => {
    const created = await moduleClient.post('/api/v5/orders/create', {
      order: { status: 'new', items: [{ offer: { id: 1000 } }, { offer: { id: 1004 }, quantity: 2 }] },
    });
    const [kept, dropped] = created.body.order.items;

    const edited = await moduleClient.post(`/api/v5/orders/${created.body.id}/edit`, {
      by: 'id',
      order: { status: 'client-confirmed', items: [{ id: kept.id, quantity: 3 }, { offer: { id: 1008 } }] },
    });
    const records = await history(otherClient, 'orders');

    expect(
      edited.body.order.items.map((item: { id: number; quantity: number }) => [item.id, item.quantity]),
    ).toEqual([
      [kept.id, 3],
      [expect.any(Number), 1],
    ]);
    expect(edited.body.order.items.some((item: { id: number }) => item.id === dropped.id)).toBe(false);
    expect(records.map((r) => [r.field, r.oldValue, r.newValue])).toEqual([
      ['status', null, { code: 'new' }],
      ['status', { code: 'new' }, { code: 'client-confirmed' }],
      [
        'order_product',
        { id: dropped.id, offer: { id: 1004, externalId: 'offer-1004', xmlId: 'xml-1004' } },
        null,
      ],
      ['order_product.quantity', 1, 3],
      ['order_product', null, expect.objectContaining({ offer: expect.objectContaining({ id: 1008 }) })],
    ]);
    expect(records[0]).toMatchObject({
      created: true,
      apiKey: { current: false },
      order: { id: created.body.id },
    });
    expect(records[1].order).toEqual({ id: created.body.id, site: 'shop', status: 'client-confirmed' });
    expect(records[2].item).toMatchObject({ id: dropped.id, quantity: 2 });
  });

  it('keeps the items of an order edit that sends none', async () => {
    const created = await moduleClient.post('/api/v5/orders/create', {
      order: { items: [{ offer: { id: 1000 } }] },
    });

    const edited = await moduleClient.post(`/api/v5/orders/${created.body.id}/edit`, {
      by: 'id',
      order: { managerComment: 'Позвонить' },
    });

    expect(edited.body.order.items).toEqual(created.body.order.items);
  });
});
