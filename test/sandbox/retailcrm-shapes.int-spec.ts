import { FixtureCoverage } from '../support/fixture-coverage';
import { shapeDifferences, ShapeOptions } from '../support/same-shape';
import { CrmClient, fixture as readFixture, RETAILCRM_FIXTURES, SandboxHarness } from './retailcrm-harness';

// Every answer of the simulated RetailCRM against the vendor's recorded answer of the same method.

/** Every recorded answer is compared below; a file no test reads fails the last test. */
const coverage = new FixtureCoverage(RETAILCRM_FIXTURES);
const fixture = (name: string) => readFixture(coverage.use(name));

const ADDRESS = {
  index: '344001',
  countryIso: 'RU',
  region: 'Ростовская область',
  regionId: 73,
  city: 'Ростов-на-Дону',
  cityId: 4298,
  cityType: 'г.',
  street: 'Пушкинская',
  streetId: 1583265,
  streetType: 'ул.',
  building: '10',
  notes: 'Домофон 45',
  text: 'ул. Пушкинская, д. 10',
};

// The custom fields the fixtures' accounts have, made in the simulated account so that the
// values' types are checked too.
const CUSTOM_FIELDS: [string, string, string, unknown][] = [
  ['customer', 'galkatrue', 'boolean', true],
  ['customer', 'moyskladexternalid', 'string', '03956a7e-3ead-11eb-0a80-017300081b64'],
  ['customer', 'bool_field', 'boolean', true],
  ['customer', 'string_field', 'string', 'my_string'],
  ['customer', 'float_field', 'numeric', 3.8],
  ['customer', 'dictionary', 'dictionary', 'test1'],
  ['customer', 'multiselect_dictionary', 'multiselect_dictionary', ['test2', 'test3']],
  ['order', 'galka', 'boolean', false],
  ['order', 'test_number', 'integer', 0],
  ['order', 'otpravit_dozakaz', 'boolean', false],
  ['order', 'moyskladexternalid', 'string', '0f203a5f-7734-11eb-0a80-026b0001f435'],
  ['order', 'dictionary', 'dictionary', 'test2'],
  ['order', 'multiselect', 'multiselect_dictionary', ['test1', 'test3']],
];

function customValues(entity: string) {
  return Object.fromEntries(
    CUSTOM_FIELDS.filter(([of]) => of === entity).map(([, code, , value]) => [code, value]),
  );
}

/** A customer with every field the fixtures show. */
function fullCustomer(externalId: string, withCustomFields = true) {
  return {
    externalId,
    firstName: 'Иван',
    lastName: 'Иванов',
    patronymic: 'Иванович',
    sex: 'male',
    email: `${externalId}@example.com`,
    phones: [{ number: '+79990001122' }],
    birthday: '1990-01-02',
    managerId: 24,
    subscribed: false,
    tags: ['постоянный'],
    address: ADDRESS,
    ...(withCustomFields ? { customFields: customValues('customer') } : {}),
  };
}

/** An order with every field the fixtures show. */
function fullOrder(externalId: string, customerId: number, withCustomFields = true) {
  return {
    externalId,
    number: externalId.toUpperCase(),
    orderType: 'eshop-individual',
    orderMethod: 'phone',
    status: 'assembling',
    statusComment: 'Собирается',
    firstName: 'Иван',
    lastName: 'Иванов',
    patronymic: 'Иванович',
    phone: '+79990001122',
    email: 'ivan@example.com',
    managerId: 28,
    managerComment: 'Позвонить перед доставкой',
    customer: { id: customerId },
    shipmentStore: 'main',
    shipmentDate: '2030-03-04',
    weight: 1000,
    length: 10,
    width: 20,
    height: 30,
    delivery: {
      code: 'russian-post',
      service: { code: 'avia', name: 'Авиа' },
      cost: 300,
      netCost: 250,
      address: ADDRESS,
    },
    items: [
      {
        offer: { externalId: 'offer-1000' },
        quantity: 2,
        initialPrice: 5990,
        purchasePrice: 3000,
        discountManualAmount: 100,
        priceType: { code: 'base' },
        externalIds: [{ code: 'shop', value: `${externalId}-1` }],
      },
    ],
    payments: [{ type: 'bank-card', status: 'paid', externalId: `${externalId}-payment` }],
    ...(withCustomFields ? { customFields: customValues('order') } : {}),
  };
}

function expectShape(actual: unknown, fixtureName: string, options?: ShapeOptions, pick = (f: unknown) => f) {
  expect(shapeDifferences(actual, pick(fixture(fixtureName)), options)).toEqual([]);
}

describe('RetailCRM simulator answers have the shape of the real API', () => {
  let sandbox: SandboxHarness;
  let crm: CrmClient;
  let crmCode: string;
  let customerId: number;
  let orderId: number;

  beforeAll(async () => {
    sandbox = await SandboxHarness.start();
    ({ client: crm, code: crmCode } = await sandbox.account({ sites: ['shop'] }));
    for (const [entity, code, type] of CUSTOM_FIELDS) {
      const dictionary = type.includes('dictionary') ? { dictionary: 'test_dictionary' } : {};
      await crm.post(`/api/v5/custom-fields/${entity}/create`, {
        customField: { code, name: code, type, ...dictionary },
      });
    }
    customerId = (await crm.post('/api/v5/customers/create', { customer: fullCustomer('shape-customer') }))
      .body.id;
    orderId = (await crm.post('/api/v5/orders/create', { order: fullOrder('shape-order', customerId) })).body
      .id;
  });

  afterAll(() => sandbox.close());

  it('credentials', async () => {
    expectShape((await crm.get('/api/credentials')).body, 'credentials.json');
  });

  it('system info', async () => {
    const answer = await crm.get('/api/system-info');

    expect(answer.status).toBe(200);
    expectShape(answer.body, 'system-info.json');
  });

  it('customers list', async () => {
    const answer = await crm.get('/api/v5/customers', `filter[ids][]=${customerId}&limit=20&page=1`);

    expect(answer.body.customers.map((customer: { id: number }) => customer.id)).toEqual([customerId]);
    expectShape(answer.body, 'customers-list.json');
  });

  it('customer get, by id and by externalId', async () => {
    expectShape((await crm.get(`/api/v5/customers/${customerId}`, 'by=id')).body, 'customer-get.json');
    expectShape((await crm.get('/api/v5/customers/shape-customer')).body, 'customer-get.json');
  });

  it('customer create and edit', async () => {
    const created = await crm.post('/api/v5/customers/create', { customer: { firstName: 'Пётр' } });
    const edited = await crm.post(`/api/v5/customers/${created.body.id}/edit`, {
      by: 'id',
      customer: { lastName: 'Петров' },
    });

    expect([created.status, edited.status]).toEqual([201, 200]);
    expectShape(created.body, 'customer-create.json');
    expectShape(edited.body, 'customer-edit.json');
  });

  it('orders list', async () => {
    const answer = await crm.get('/api/v5/orders', `filter[ids][]=${orderId}`);

    expect(answer.body.orders).toHaveLength(1);
    expectShape(answer.body, 'orders-list.json');
  });

  it('order get', async () => {
    const answer = await crm.get(`/api/v5/orders/${orderId}`, 'by=id');

    expectShape(answer.body, 'order-get.json', {
      // Payments come keyed by payment id in GET answers; the fixture's ids are not ours.
      dictionaries: ['order.payments'],
      // Links between orders are not simulated.
      ignore: ['order.links'],
    });
  });

  it('order create: payments as an array', async () => {
    const answer = await crm.post('/api/v5/orders/create', { order: fullOrder('shape-order-2', customerId) });

    expect(answer.status).toBe(201);
    expect(Array.isArray(answer.body.order.payments)).toBe(true);
    expectShape(answer.body, 'order-create.json');
  });

  it('order edit: payments keyed by id', async () => {
    const answer = await crm.post(`/api/v5/orders/${orderId}/edit`, {
      by: 'id',
      order: { managerComment: 'Перезвонить' },
    });

    expect(answer.status).toBe(200);
    // Payments come keyed by payment id in edit answers too; the fixture's ids are not ours.
    expectShape(answer.body, 'order-edit.json', { dictionaries: ['order.payments'] });
  });

  it('orders statuses', async () => {
    expectShape((await crm.get('/api/v5/orders/statuses', `ids[]=${orderId}`)).body, 'orders-statuses.json');
  });

  // Reference dictionaries are keyed by code; the fixture's codes are another account's.
  it.each([
    ['sites', 'reference-sites.json', 'sites'],
    ['statuses', 'reference-statuses.json', 'statuses'],
    ['status-groups', 'reference-status-groups.json', 'statusGroups'],
    ['order-methods', 'reference-order-methods.json', 'orderMethods'],
    ['product-statuses', 'reference-product-statuses.json', 'productStatuses'],
  ])('reference %s', async (dictionary, fixtureName, key) => {
    const answer = await crm.get(`/api/v5/reference/${dictionary}`);

    expect(Array.isArray(answer.body[key])).toBe(false);
    expectShape(answer.body, fixtureName, { dictionaries: [key] });
  });

  it('custom fields list, get and create', async () => {
    const created = await crm.post('/api/v5/custom-fields/order/create', {
      customField: { code: 'promo_code', name: 'Промокод', type: 'string' },
    });

    expect(created.status).toBe(201);
    expectShape(created.body, 'custom-field-create.json');
    expectShape(
      (await crm.get('/api/v5/custom-fields', 'filter[entity]=order')).body,
      'custom-fields-list.json',
    );
    expectShape((await crm.get('/api/v5/custom-fields/order/gift_wrap')).body, 'custom-field-get.json');
  });

  it('integration module edit and get', async () => {
    const edited = await crm.post('/api/v5/integration-modules/mindbox-shape/edit', {
      integrationModule: {
        code: 'mindbox-shape',
        integrationCode: 'mindbox',
        active: true,
        name: 'Mindbox',
        logo: 'https://module.example/logo.svg',
        clientId: 'client-shape',
        baseUrl: 'https://module.example/',
        accountUrl: 'https://module.example/settings/client-shape',
        actions: { activity: '/retailcrm/activity' },
        integrations: { embedJs: { entrypoint: '/embed/index.js', targets: ['order/card:common.after'] } },
      },
    });
    const read = await crm.get('/api/v5/integration-modules/mindbox-shape');

    expect(edited.status).toBe(201);
    expectShape(edited.body, 'integration-module-edit-embedjs.json');
    // The fixture is a chat transport (mgTransport); this module registers embedJs instead.
    expectShape(read.body, 'integration-module-get.json', {
      ignore: ['integrationModule.integrations.mgTransport'],
    });
  });

  it('settings', async () => {
    expectShape((await crm.get('/api/v5/settings')).body, 'settings.json', {
      // Order creation settings per MG channel are keyed by channel id; this account has none.
      dictionaries: ['settings.mg.order_creation.channels'],
    });
  });

  it('store products, inventories and product groups', async () => {
    const seeded = await sandbox.control(`/accounts/${crmCode}/catalogue`, {
      json: { products: 3, offersPerProduct: 2, groups: 3 },
    });
    const products = await crm.get('/api/v5/store/products', 'limit=20');
    const inventories = await crm.get('/api/v5/store/inventories', 'limit=20');
    const groups = await crm.get('/api/v5/store/product-groups', 'limit=20');

    expect([seeded.status, products.status, inventories.status, groups.status]).toEqual([201, 200, 200, 200]);
    expectShape(products.body, 'store-products.json');
    // The fixture's first offer has a purchase price; so do ours.
    expectShape(inventories.body, 'store-inventories.json');
    expectShape(groups.body, 'store-product-groups.json');
  });

  it('the method-not-allowed error', async () => {
    const answer = await crm.post('/api/v5/customers', {});

    expect(answer.status).toBe(405);
    expectShape(answer.body, 'error-method-not-allowed.json');
  });

  describe('history', () => {
    let history: CrmClient;
    let customer: number;
    let order: number;

    beforeAll(async () => {
      const account = await sandbox.account({ sites: ['shop'] });
      history = account.client;
      // The history fixtures show customers and orders without custom fields ([]).
      customer = (await history.post('/api/v5/customers/create', { customer: fullCustomer('h-1', false) }))
        .body.id;
      order = (await history.post('/api/v5/orders/create', { order: fullOrder('h-order', customer, false) }))
        .body.id;
      await history.post(`/api/v5/customers/${customer}/edit`, {
        by: 'id',
        customer: { phones: [{ number: '+79990001122' }, { number: '+79995554433' }] },
      });
      await sandbox.control(`/accounts/${account.code}/customers/${customer}`, {
        method: 'PATCH',
        json: { customer: { managerId: 23, address: { building: '12' } }, userId: 23 },
      });
      const spare = (await history.post('/api/v5/customers/create', { customer: fullCustomer('h-2', false) }))
        .body.id;
      await sandbox.control(`/accounts/${account.code}/customers/${spare}`, { method: 'DELETE' });

      await sandbox.control(`/accounts/${account.code}/orders`, {
        json: { order: { ...fullOrder('h-order-2', customer, false), status: 'new' }, userId: 19 },
      });
      await sandbox.control(`/accounts/${account.code}/orders/${order}`, {
        method: 'PATCH',
        json: { order: { status: 'send-to-delivery' }, userId: 19 },
      });
      const items = (await history.get(`/api/v5/orders/${order}`, 'by=id')).body.order.items;
      await sandbox.control(`/accounts/${account.code}/orders/${order}`, {
        method: 'PATCH',
        json: { order: { items: [{ id: items[0].id, status: 'confirming' }] }, userId: 19 },
      });
      await history.post(`/api/v5/orders/${order}/edit`, {
        by: 'id',
        order: { customFields: { courier_comment: 'Код 12' } },
      });
    });

    it('customers history page and each kind of record', async () => {
      const page = (await history.get('/api/v5/customers/history', 'limit=100')).body;
      const records: Record<string, unknown>[] = page.history;
      const fixtureRecords = (fixture('customers-history.json') as { history: unknown[] }).history;
      const [created, phones, address, manager, deleted] = [
        records.find((r) => r.created && r.source === 'api'),
        records.find((r) => r.field === 'phones'),
        records.find((r) => r.field === 'address.building'),
        records.find((r) => r.field === 'manager' && r.source === 'user'),
        records.find((r) => r.deleted),
      ];

      expectShape(page, 'customers-history.json');
      expect(shapeDifferences(created, fixtureRecords[3])).toEqual([]);
      expect(shapeDifferences(phones, fixtureRecords[4])).toEqual([]);
      expect(shapeDifferences(address, fixtureRecords[26])).toEqual([]);
      expect(shapeDifferences(manager, fixtureRecords[8])).toEqual([]);
      expect(shapeDifferences(deleted, fixtureRecords[43])).toEqual([]);
    });

    it('orders history page and each kind of record', async () => {
      const page = (await history.get('/api/v5/orders/history', 'limit=100')).body;
      const records: Record<string, unknown>[] = page.history;
      const fixtureRecords = (fixture('orders-history-page.json') as { history: unknown[] }).history;
      const [createdByUser, status, item, custom] = [
        records.find((r) => r.created && r.source === 'user'),
        records.find((r) => r.field === 'status' && !r.created),
        records.find((r) => r.field === 'order_product.status'),
        records.find((r) => r.field === 'custom_courier_comment'),
      ];

      expectShape(page, 'orders-history-page.json');
      expect(shapeDifferences(createdByUser, fixtureRecords[3])).toEqual([]);
      expect(shapeDifferences(status, fixtureRecords[6])).toEqual([]);
      expect(shapeDifferences(item, fixtureRecords[7])).toEqual([]);
      expect(shapeDifferences(custom, fixtureRecords[9])).toEqual([]);
    });
  });

  // Last: the tests above have read the fixtures they compare with.
  it('compares every recorded answer in the fixtures folder', () => {
    expect(coverage.gaps()).toEqual([]);
  });
});
