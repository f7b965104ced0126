import { LocalRateBudget } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClient } from './retailcrm.client';
import { RetailCrmApiError } from './retailcrm.errors';
import {
  fakeRetailCrm,
  fixture,
  fixtureNames,
  fixtureReply,
  formJson,
  missingParam,
  Route,
  SeenRequest,
  startTestServer,
  TestServer,
} from './test/fake-retailcrm.server';

const API_KEY = 'fixture-key-0123456789abcdef0123';
type Json = Record<string, unknown>;

/** One fixture: the route that serves it, the call that reads it, and what the call must give. */
interface FixtureCase {
  fixture: string;
  routes: Route[];
  call: (client: RetailCrmClient) => Promise<unknown>;
  verify: (result: unknown, requests: SeenRequest[]) => void;
}

const orderInput = {
  status: 'complete',
  discountManualAmount: 10,
  items: [{ id: 10114, initialPrice: 1, discountManualAmount: 0.5 }],
  customFields: { promo_code: 'SUMMER' },
};

function byId(request: SeenRequest): string | undefined {
  return missingParam(request.form.size ? request.form : request.query, { by: 'id' });
}

function sinceIdPage(records: Json[]): Json {
  return { success: true, generatedAt: '2021-02-16 15:41:11', history: records, pagination: {} };
}

const customersHistory = fixture<{ history: Json[] }>('customers-history.json').history;
const extraCustomerRecords = customersHistory.slice(1, 3).map((record, i) => ({ ...record, id: 2792 + i }));

const cases: FixtureCase[] = [
  {
    fixture: 'credentials.json',
    routes: [{ method: 'GET', path: '/api/credentials', reply: fixtureReply('credentials.json') }],
    call: (client) => client.credentials(),
    verify: (result) =>
      expect(result).toMatchObject({
        scopes: ['order_read', 'customer_read', 'reference_read'],
        credentials: ['/api/integration-modules/{code}', '/api/integration-modules/{code}/edit'],
        siteAccess: 'access_full',
        sitesAvailable: [],
      }),
  },
  {
    fixture: 'system-info.json',
    routes: [{ method: 'GET', path: '/api/system-info', reply: fixtureReply('system-info.json') }],
    call: (client) => client.systemInfo(),
    verify: (result) =>
      expect(result).toEqual({
        systemVersion: '8.1.51',
        publicUrl: 'https://test.retailcrm.ru',
        technicalUrl: 'https://testwtestxtestvtestytestwtesthm6.retailcrm.io',
      }),
  },
  {
    fixture: 'settings.json',
    routes: [{ method: 'GET', path: '/api/v5/settings', reply: fixtureReply('settings.json') }],
    call: (client) => client.settings(),
    verify: (result) => {
      expect(result).toMatchObject({
        timezone: { value: 'Europe/Moscow' },
        default_currency: { value: 'RUB' },
      });
      expect((result as Json).work_times).toHaveLength(2);
    },
  },
  {
    fixture: 'customers-list.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/customers',
        check: (r) =>
          missingParam(r.query, {
            'filter[sites][]': 'moysklad',
            'filter[minOrdersCount]': '1',
            page: '1',
            limit: '20',
          }),
        reply: fixtureReply('customers-list.json'),
      },
    ],
    call: (client) => client.customers.list({ sites: ['moysklad'], minOrdersCount: 1 }, 1, 20),
    verify: (result) => {
      const { customers, pagination } = result as { customers: Json[]; pagination: Json };
      expect(pagination).toEqual({ limit: 20, totalCount: 1, currentPage: 1, totalPageCount: 1 });
      expect(customers[0]).toMatchObject({
        id: 1233,
        externalId: '11',
        site: 'moysklad',
        address: { city: 'Кисловодск' },
        customFields: { string_field: 'my_string', multiselect_dictionary: ['test2', 'test3'] },
      });
    },
  },
  {
    fixture: 'customer-get.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/customers/4770',
        check: byId,
        reply: fixtureReply('customer-get.json'),
      },
    ],
    call: (client) => client.customers.get(4770),
    verify: (result) =>
      expect(result).toMatchObject({
        id: 4770,
        externalId: '5',
        site: 'bb_demo',
        email: 'omega@omega.com',
        phones: [{ number: '79094055045' }, { number: '+79094055044' }],
        customFields: { galkatrue: true },
        emailMarketingUnsubscribedAt: '2020-10-30 14:22:12',
        customerSubscriptions: expect.arrayContaining([
          expect.objectContaining({
            subscription: expect.objectContaining({ code: 'default_marketing', channel: 'email' }),
            subscribed: true,
          }),
        ]),
        ordersCount: 1,
        // Passed through although the client does not name it.
        segments: expect.arrayContaining([expect.objectContaining({ code: 'nedavnie' })]),
      }),
  },
  {
    fixture: 'customer-edit.json',
    routes: [
      {
        method: 'POST',
        path: '/api/v5/customers/4770/edit',
        check: (r) => byId(r) ?? missingParam(r.form, { site: 'bb_demo' }),
        reply: fixtureReply('customer-edit.json'),
      },
    ],
    call: (client) =>
      client.customers.edit(4770, { customFields: { mindbox_id: '42' }, email: 'a@b.ru' }, 'bb_demo'),
    verify: (result, [request]) => {
      expect(result).toEqual({ id: 4770 });
      expect(formJson(request, 'customer')).toEqual({ customFields: { mindbox_id: '42' }, email: 'a@b.ru' });
    },
  },
  {
    fixture: 'customer-create.json',
    routes: [
      {
        method: 'POST',
        path: '/api/v5/customers/create',
        check: (r) => (r.form.has('by') ? 'no by on create' : missingParam(r.form, { site: 'shop' })),
        reply: fixtureReply('customer-create.json'),
      },
    ],
    call: (client) => client.customers.create({ externalId: 'c-1', firstName: 'Анна' }, 'shop'),
    verify: (result, [request]) => {
      expect(result).toBe(1);
      expect(formJson(request, 'customer')).toEqual({ externalId: 'c-1', firstName: 'Анна' });
    },
  },
  {
    fixture: 'customers-history.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/customers/history',
        check: (r) =>
          missingParam(r.query, { limit: '100' }) ?? (r.query.has('page') ? 'no page' : undefined),
        reply: (r) => {
          const sinceId = r.query.get('filter[sinceId]');
          if (sinceId === '2691') return fixtureReply('customers-history.json');
          if (sinceId === '2791') return { body: sinceIdPage(extraCustomerRecords) };
          return { status: 400, body: { success: false, errorMsg: `unexpected sinceId ${sinceId}` } };
        },
      },
    ],
    call: async (client) => {
      const records = [];
      for await (const record of client.customers.history(2691)) records.push(record);
      return records;
    },
    verify: (result, requests) => {
      const records = result as Json[];
      expect(requests.map((r) => r.query.get('filter[sinceId]'))).toEqual(['2691', '2791']);
      expect(records).toHaveLength(102);
      expect(records.map((r) => r.id)).toEqual([...records.map((r) => r.id as number)].sort((a, b) => a - b));
      const created = records.find((r) => r.id === 2695) as Json;
      expect(created).toMatchObject({
        created: true,
        source: 'api',
        apiKey: { current: false },
        field: 'id',
        newValue: 982,
        customer: { id: 982, externalId: '2', site: 'presta', customFields: {} },
      });
      const deleted = records.find((r) => r.deleted) as Json;
      expect(deleted).toMatchObject({ source: 'user', user: { id: expect.any(Number) }, newValue: null });
      expect(records.find((r) => r.field === 'address.city')).toMatchObject({
        address: { isMain: true },
        customer: { id: 978 },
      });
      // A short reference stays short: nothing is made up for it.
      expect(records[0].customer).toEqual({ id: 978, site: 'moysklad' });
    },
  },
  {
    fixture: 'orders-list.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/orders',
        check: (r) =>
          missingParam(r.query, { 'filter[extendedStatus][]': 'assembling', page: '2', limit: '100' }),
        reply: fixtureReply('orders-list.json'),
      },
    ],
    call: (client) => client.orders.list({ extendedStatus: ['assembling'] }, 2),
    verify: (result) => {
      const [order] = (result as { orders: Json[] }).orders;
      expect(order).toMatchObject({
        id: 7141,
        number: '7141C',
        orderMethod: 'phone',
        status: 'assembling',
        payments: [],
        customFields: { dictionary: 'test2', multiselect: ['test1', 'test3'] },
        delivery: { cost: 0, address: { city: 'г. Ростов-на-Дону', text: 'ул. Пушкинская, д. 10' } },
        items: [
          {
            id: 11301,
            offer: { id: 61121, externalId: 'tGunLo27jlPGmbA8BrHxY2', article: '14451445-14451445' },
            quantity: 1,
            initialPrice: 0,
            discounts: [{ type: 'round', amount: 0.5 }],
            prices: [{ price: 0, quantity: 1 }],
            properties: [],
            status: 'new',
          },
        ],
      });
    },
  },
  {
    fixture: 'order-get.json',
    routes: [
      { method: 'GET', path: '/api/v5/orders/6722', check: byId, reply: fixtureReply('order-get.json') },
    ],
    call: (client) => client.orders.get(6722),
    verify: (result) =>
      expect(result).toMatchObject({
        id: 6722,
        externalId: '8123522898559160',
        site: 'aliexpress',
        status: 'delivering',
        orderMethod: 'shopping-cart',
        totalSumm: 1,
        // Keyed by payment id in the answer.
        payments: [{ id: 4326, type: 'bank-card', externalId: 'payment_8123522898559160' }],
        customer: { id: 4976, customFields: { galkatrue: true } },
        items: [{ id: 10114, offer: { xmlId: '1680c0a6-c5a3-48a6-aa8d-864553a8add9' }, properties: [] }],
      }),
  },
  {
    fixture: 'order-edit.json',
    routes: [
      {
        method: 'POST',
        path: '/api/v5/orders/6722/edit',
        check: (r) => byId(r) ?? missingParam(r.form, { site: 'aliexpress' }),
        reply: fixtureReply('order-edit.json'),
      },
    ],
    call: (client) => client.orders.edit(6722, orderInput, 'aliexpress'),
    verify: (result, [request]) => {
      expect(formJson(request, 'order')).toEqual(orderInput);
      expect(result).toMatchObject({
        id: 6722,
        order: { id: 6722, payments: [{ id: 4326, amount: 1 }], customFields: { galka: false } },
      });
    },
  },
  {
    fixture: 'order-create.json',
    routes: [
      {
        method: 'POST',
        path: '/api/v5/orders/create',
        check: (r) => missingParam(r.form, { site: 'moysklad' }),
        reply: fixtureReply('order-create.json'),
      },
    ],
    call: (client) =>
      client.orders.create({ externalId: 'o-1', items: [{ offer: { id: 61121 } }] }, 'moysklad'),
    verify: (result, [request]) => {
      expect(formJson(request, 'order')).toEqual({ externalId: 'o-1', items: [{ offer: { id: 61121 } }] });
      // Already a list in this answer: kept as it is.
      expect(result).toMatchObject({
        id: 7146,
        order: { number: '7146A', payments: [{ id: 4554, status: 'paid', amount: 1000 }] },
      });
    },
  },
  {
    fixture: 'orders-statuses.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/orders/statuses',
        check: (r) => missingParam(r.query, { 'ids[]': '6722' }),
        reply: fixtureReply('orders-statuses.json'),
      },
    ],
    call: (client) => client.orders.statuses([6722]),
    verify: (result) =>
      expect(result).toEqual([
        { id: 6722, externalId: '8123522898559160', status: 'delivering', group: 'delivery' },
      ]),
  },
  {
    fixture: 'orders-history-page.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/orders/history',
        check: (r) => missingParam(r.query, { 'filter[sinceId]': '7037', limit: '100' }),
        reply: fixtureReply('orders-history-page.json'),
      },
    ],
    call: async (client) => {
      const pages = [];
      for await (const page of client.orders.historyPages(7037)) pages.push(page);
      return pages;
    },
    verify: (result, requests) => {
      // 12 records is a short page: the walk stops without asking again.
      expect(requests).toHaveLength(1);
      const [page] = result as { records: Json[]; lastId: number; generatedAt: string }[];
      expect(page.records).toHaveLength(12);
      expect(page.lastId).toBe(7049);
      expect(page.generatedAt).toBe('2021-02-25 20:41:40');
      const withPayments = page.records.find((r) => r.id === 7039) as { order: Json };
      expect(withPayments.order).toMatchObject({
        customFields: {},
        payments: [expect.objectContaining({ id: expect.any(Number) })],
      });
      expect(page.records.find((r) => r.field === 'order_product.status')).toMatchObject({
        item: { id: expect.any(Number), offer: expect.any(Object) },
        order: { id: expect.any(Number) },
      });
      expect(page.records.find((r) => r.field === 'status' && !r.created)).toMatchObject({
        oldValue: { code: expect.any(String) },
        newValue: { code: expect.any(String) },
      });
    },
  },
  ...(
    [
      ['reference-sites.json', 'sites', 'sites', (c: RetailCrmClient) => c.reference.sites()],
      ['reference-statuses.json', 'statuses', 'statuses', (c: RetailCrmClient) => c.reference.statuses()],
      [
        'reference-status-groups.json',
        'status-groups',
        'statusGroups',
        (c: RetailCrmClient) => c.reference.statusGroups(),
      ],
      [
        'reference-order-methods.json',
        'order-methods',
        'orderMethods',
        (c: RetailCrmClient) => c.reference.orderMethods(),
      ],
      [
        'reference-product-statuses.json',
        'product-statuses',
        'productStatuses',
        (c: RetailCrmClient) => c.reference.productStatuses(),
      ],
    ] as const
  ).map(([name, path, key, call]): FixtureCase => ({
    fixture: name,
    routes: [{ method: 'GET', path: `/api/v5/reference/${path}`, reply: fixtureReply(name) }],
    call,
    verify: (result) => {
      const dictionary = fixture<Record<string, Record<string, Json>>>(name)[key];
      expect(Array.isArray(result)).toBe(true);
      expect(result).toEqual(Object.values(dictionary));
      expect((result as Json[]).every((entry) => typeof entry.code === 'string')).toBe(true);
    },
  })),
  {
    fixture: 'custom-fields-list.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/custom-fields',
        check: (r) => missingParam(r.query, { 'filter[entity]': 'order', limit: '100', page: '1' }),
        reply: fixtureReply('custom-fields-list.json'),
      },
    ],
    call: (client) => client.customFields.list('order'),
    verify: (result) =>
      expect((result as Json[]).map((f) => [f.code, f.type])).toEqual([
        ['bonus', 'string'],
        ['multi-dictionary', 'multiselect_dictionary'],
        ['dictionary', 'dictionary'],
      ]),
  },
  {
    fixture: 'custom-field-get.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/custom-fields/order/galka',
        reply: fixtureReply('custom-field-get.json'),
      },
    ],
    call: (client) => client.customFields.get('order', 'galka'),
    verify: (result) =>
      expect(result).toMatchObject({ code: 'galka', type: 'boolean', entity: 'order', defaultTyped: false }),
  },
  {
    fixture: 'custom-field-create.json',
    routes: [
      {
        method: 'POST',
        path: '/api/v5/custom-fields/order/create',
        reply: fixtureReply('custom-field-create.json'),
      },
    ],
    call: (client) =>
      client.customFields.create('order', {
        code: 'dictionary',
        name: 'справочник',
        type: 'dictionary',
        dictionary: 'test_dictionary',
      }),
    verify: (result, [request]) => {
      expect(result).toBe('dictionary');
      expect(formJson(request, 'customField')).toEqual({
        code: 'dictionary',
        name: 'справочник',
        type: 'dictionary',
        dictionary: 'test_dictionary',
      });
    },
  },
  {
    fixture: 'integration-module-get.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/integration-modules/mg-fbmessenger',
        reply: fixtureReply('integration-module-get.json'),
      },
    ],
    call: (client) => client.integrationModules.get('mg-fbmessenger'),
    verify: (result) =>
      expect(result).toMatchObject({
        code: 'mg-fbmessenger',
        integrationCode: 'mg-fbmessenger',
        active: true,
        freeze: false,
        actions: { activity: '/actions/activity' },
        integrations: { mgTransport: { isActive: true } },
      }),
  },
  {
    fixture: 'integration-module-edit-embedjs.json',
    routes: [
      {
        method: 'POST',
        path: '/api/v5/integration-modules/mindbox-abc/edit',
        reply: fixtureReply('integration-module-edit-embedjs.json'),
      },
    ],
    call: (client) =>
      client.integrationModules.edit('mindbox-abc', {
        code: 'mindbox-abc',
        integrationCode: 'mindbox',
        active: true,
        integrations: { embedJs: { entrypoint: '/embed/main.js', targets: ['order/card:common.after'] } },
      }),
    verify: (result, [request]) => {
      expect(result).toEqual({ info: {} });
      expect(formJson(request, 'integrationModule')).toMatchObject({
        code: 'mindbox-abc',
        integrations: { embedJs: { targets: ['order/card:common.after'] } },
      });
    },
  },
  {
    fixture: 'store-products.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/store/products',
        check: (r) => missingParam(r.query, { 'filter[active]': '1', limit: '100' }),
        reply: fixtureReply('store-products.json'),
      },
    ],
    call: (client) => client.store.products({ active: true }),
    verify: (result) =>
      expect((result as { products: Json[] }).products[0]).toMatchObject({
        id: 828272,
        name: 'Test Product',
        offers: [{ id: 1941833, xmlId: '38311', price: 624, properties: { brend: 'Test' } }],
      }),
  },
  {
    fixture: 'store-inventories.json',
    routes: [
      { method: 'GET', path: '/api/v5/store/inventories', reply: fixtureReply('store-inventories.json') },
    ],
    call: (client) => client.store.inventories(),
    verify: (result) => {
      const { offers, pagination } = result as { offers: Json[]; pagination: Json };
      expect(offers).toHaveLength(20);
      expect(offers[0]).toEqual(expect.objectContaining({ id: 1818323, quantity: 100000 }));
      expect(pagination.totalPageCount).toBe(2);
    },
  },
  {
    fixture: 'store-product-groups.json',
    routes: [
      {
        method: 'GET',
        path: '/api/v5/store/product-groups',
        reply: fixtureReply('store-product-groups.json'),
      },
    ],
    call: (client) => client.store.productGroups(),
    verify: (result) => {
      const { productGroups } = result as { productGroups: Json[] };
      expect(productGroups).toHaveLength(7);
      expect(productGroups.find((g) => g.id === 3679)).toMatchObject({
        parentId: 3677,
        externalId: '2-1Group',
      });
    },
  },
  {
    fixture: 'error-method-not-allowed.json',
    routes: [
      { method: 'GET', path: '/api/v5/settings', reply: fixtureReply('error-method-not-allowed.json', 405) },
    ],
    call: (client) => client.settings().catch((error: unknown) => error),
    verify: (error, requests) => {
      expect(error).toBeInstanceOf(RetailCrmApiError);
      expect(error).toMatchObject({ status: 405, errorMsg: 'Method Not Allowed', retryable: false });
      expect(requests).toHaveLength(1);
    },
  },
];

describe('RetailCrmClient against the recorded RetailCRM answers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.requests.length = 0;
  });

  it('has a case for every fixture file', () => {
    expect(cases.map((c) => c.fixture).sort()).toEqual(fixtureNames());
  });

  it.each(cases)('$fixture', async (testCase) => {
    const failures: SeenRequest[] = [];
    const handler = fakeRetailCrm(API_KEY, testCase.routes);
    server.handle(async (request) => {
      const reply = await handler(request);
      if ((reply.status ?? 200) >= 400 && !testCase.fixture.startsWith('error-')) failures.push(request);
      return reply;
    });
    const client = new RetailCrmClient({
      url: server.url,
      apiKey: API_KEY,
      budget: new LocalRateBudget(),
      ratePerSecond: 1000,
      retryBaseDelayMs: 1,
      logger: { warn: () => undefined },
    });

    const result = await testCase.call(client);

    expect(failures).toEqual([]);
    for (const request of server.requests) {
      expect(request.headers['x-api-key']).toBe(API_KEY);
      expect(request.headers.accept).toBe('application/json');
      expect(request.query.has('apiKey')).toBe(false);
    }
    testCase.verify(result, server.requests);
  });
});
