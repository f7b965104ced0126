import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountSettingsChanged,
  FullLoadRequested,
  JournalRetryRequested,
  SyncRequested,
} from '@app/messaging';
import { CustomerSyncStatusReader } from '../../apps/customer-sync/src/status';
import { SandboxUnderTest } from '../sandbox/mindbox-harness';
import { mindboxFixture } from './fixtures';
import {
  createAccount,
  crmControl,
  deleteCustomerSyncQueues,
  dropDatabase,
  eventually,
  mindboxCustomer,
  mindboxRequests,
  prepareDatabase,
  publish,
  requestsPerCustomer,
  startCustomerSync,
  TestAccount,
  useE2eEnvironment,
} from './customer-sync-harness';

// customer-sync in this process against the sandbox (in this process too), the real Postgres
// (a database of its own) and the real RabbitMQ.
useE2eEnvironment();

const IMPORT = 'Website.RegisterCustomer';
const EDIT = 'Website.EditCustomer';

describe('customer-sync against the sandbox', () => {
  let sandbox: SandboxUnderTest;
  let app: INestApplication;
  let db: DataSource;

  const reader = () => new CustomerSyncStatusReader(db);
  const status = (account: TestAccount) => reader().status(account.accountId);

  /** CRM ids of the account's customers, all or only those with orders. */
  async function crmIds(account: TestAccount, withOrders: boolean): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const list = await account.crm.customers.list(withOrders ? { minOrdersCount: 1 } : {}, page, 100);
      ids.push(...list.customers.map((customer) => customer.id));
      if (page >= list.pagination.totalPageCount) return ids;
    }
  }

  async function startFullLoad(account: TestAccount): Promise<void> {
    await publish(app, AccountSettingsChanged, { accountId: account.accountId, tab: 'customers' });
  }

  async function fullLoadDone(account: TestAccount, timeoutMs: number) {
    return eventually(
      async () => {
        const { fullLoad } = await status(account);
        return fullLoad?.status === 'done' && fullLoad;
      },
      timeoutMs,
      'the full load to complete',
    );
  }

  /** Waits until the account's customer history was polled once (from then on changes are caught). */
  async function polling(account: TestAccount): Promise<void> {
    await eventually(async () => (await status(account)).live.lastPollAt !== null, 10_000, 'the first poll');
  }

  beforeAll(async () => {
    db = await prepareDatabase();
    sandbox = await SandboxUnderTest.start();
    app = await startCustomerSync();
  }, 60_000);

  afterAll(async () => {
    if (app) {
      await deleteCustomerSyncQueues(app);
      await app.close();
    }
    await sandbox?.close();
    await db?.destroy();
    await dropDatabase();
  });

  afterEach(async () => {
    await sandbox.request('DELETE', '/control/faults');
  });

  it('fully loads only the customers with orders when "sync customers without orders" is off', async () => {
    const account = await createAccount(app, sandbox, {
      customers: { syncWithoutOrders: false },
      seed: { customers: 60, orders: 40 },
    });
    const withOrders = await crmIds(account, true);
    const all = await crmIds(account, false);
    expect(withOrders.length).toBeGreaterThan(10);
    expect(withOrders.length).toBeLessThan(all.length);

    await startFullLoad(account);
    const done = await fullLoadDone(account, 40_000);

    expect(done).toMatchObject({
      total: withOrders.length,
      done: withOrders.length,
      failed: 0,
      onlyWithOrders: true,
    });
    for (const id of all) {
      const expected = withOrders.includes(id);
      expect([id, Boolean(await mindboxCustomer(sandbox, account, id))]).toEqual([id, expected]);
    }
    // Saving the Customers tab again does not load again once a load completed.
    const requestsBefore = (await mindboxRequests(sandbox, account)).length;
    await startFullLoad(account);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await status(account)).fullLoad?.runId).toBe(done.runId);
    expect((await mindboxRequests(sandbox, account)).length).toBe(requestsBefore);
  }, 60_000);

  it('fully loads every customer when "sync customers without orders" is on, on request', async () => {
    const account = await createAccount(app, sandbox, {
      customers: { syncWithoutOrders: true },
      seed: { customers: 45, orders: 10 },
    });
    const all = await crmIds(account, false);

    await publish(app, FullLoadRequested, { accountId: account.accountId, entity: 'customers' });
    const done = await fullLoadDone(account, 40_000);

    expect(done).toMatchObject({ total: all.length, done: all.length, onlyWithOrders: false });
    expect(done.rate).toBeGreaterThan(0);
    for (const id of all) expect(await mindboxCustomer(sandbox, account, id)).toBeDefined();
    const journal = await reader().journal(account.accountId, { limit: 200 });
    expect(journal.entries.filter((e) => e.outcome === 'synced' && e.cause === 'full-load')).toHaveLength(
      all.length,
    );
  }, 60_000);

  it('sends a manager edit to Mindbox with every mapped field', async () => {
    const account = await createAccount(app, sandbox, {
      customers: { syncWithoutOrders: true, operations: demoOperations() },
      fields: { mindbox: { customerCity: 'City', customerRegistrationDate: 'RegisteredOn' }, retailcrm: {} },
    });
    await polling(account);
    const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Анна', email: 'anna@example.com' },
    });
    await eventually(() => mindboxCustomer(sandbox, account, created.id), 10_000, 'the new customer');

    await crmControl(sandbox, 'PATCH', `/${account.code}/customers/${created.id}`, {
      customer: {
        firstName: 'Анна',
        lastName: 'Смирнова',
        patronymic: 'Петровна',
        email: 'anna.smirnova@example.com',
        phones: [{ number: '8 (912) 345-67-89' }],
        birthday: '1990-04-12',
        sex: 'female',
        address: { city: 'Казань', street: 'Баумана' },
        emailMarketingUnsubscribedAt: '2026-01-05 10:00:00',
      },
    });

    const customer = await eventually(
      async () => {
        const found = await mindboxCustomer(sandbox, account, created.id);
        return found?.lastName === 'Смирнова' && found;
      },
      10_000,
      'the edit in Mindbox',
    );
    expect(customer).toMatchObject({
      ids: { retailcrmId: String(created.id) },
      firstName: 'Анна',
      lastName: 'Смирнова',
      middleName: 'Петровна',
      email: 'anna.smirnova@example.com',
      mobilePhone: '79123456789',
      birthDate: '1990-04-12',
      sex: 'female',
      customFields: { City: 'Казань', RegisteredOn: created.createdAt.slice(0, 10) },
    });
    expect(customer.subscriptions).toEqual([
      { brand: 'demo', pointOfContact: 'Email', topic: 'news', isSubscribed: false },
    ]);
    // One import (creation), one edit: the burst of eight field changes collapsed into one call.
    const counts = requestsPerCustomer(await mindboxRequests(sandbox, account)).get(String(created.id));
    expect(counts?.[IMPORT]).toBe(1);
    expect(counts?.[EDIT]).toBe(1);
    // The sandbox's phone confirmation needs an SMS code the CRM does not have: journalled, not fatal
    // (after the edit, in the same handling: wait for it).
    const warning = await eventually(
      async () => (await reader().journal(account.accountId, { outcome: 'warning' })).entries[0],
      10_000,
      'the phone confirmation warning',
    );
    expect(warning).toMatchObject({ operation: 'confirm-phone', crmId: created.id });
  }, 40_000);

  it('clears in Mindbox a field the manager emptied, and ignores changes of fields it does not map', async () => {
    const account = await createAccount(app, sandbox, { customers: { syncWithoutOrders: true } });
    await polling(account);
    const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Иван', lastName: 'Петров' },
    });
    await eventually(() => mindboxCustomer(sandbox, account, created.id), 10_000, 'the new customer');

    await crmControl(sandbox, 'PATCH', `/${account.code}/customers/${created.id}`, {
      customer: { lastName: null },
    });
    await eventually(
      async () => (await mindboxCustomer(sandbox, account, created.id))?.lastName === undefined,
      10_000,
      'the cleared last name',
    );
    await crmControl(sandbox, 'PATCH', `/${account.code}/customers/${created.id}`, {
      customer: { vip: true, managerId: 3, tags: ['loyal'] },
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counts = requestsPerCustomer(await mindboxRequests(sandbox, account)).get(String(created.id));
    expect(counts?.[EDIT]).toBe(1);
  }, 40_000);

  describe('with a long poll interval', () => {
    beforeAll(async () => {
      await app.close();
      app = await startCustomerSync({ pollIntervalMs: 120_000 });
    }, 30_000);

    afterAll(async () => {
      await app.close();
      app = await startCustomerSync();
    }, 30_000);

    it('polls at once when the hook asks (SyncRequested)', async () => {
      const account = await createAccount(app, sandbox, { customers: { syncWithoutOrders: true } });
      await polling(account);
      const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
        customer: { firstName: 'Быстрый' },
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await mindboxCustomer(sandbox, account, created.id)).toBeUndefined();

      const asked = Date.now();
      await publish(app, SyncRequested, { accountId: account.accountId, entity: 'customers' });
      await eventually(
        () => mindboxCustomer(sandbox, account, created.id),
        5_000,
        'the customer after the hook',
      );
      expect(Date.now() - asked).toBeLessThan(3_000);
    }, 30_000);
  });

  it('polls each account from one replica only: with two running, every change is sent once', async () => {
    const second = await startCustomerSync();
    try {
      const account = await createAccount(app, sandbox, { customers: { syncWithoutOrders: true } });
      await polling(account);
      const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
        customer: { firstName: 'Реплика' },
      });
      await eventually(() => mindboxCustomer(sandbox, account, created.id), 10_000, 'the new customer');
      for (let n = 1; n <= 5; n++) {
        await crmControl(sandbox, 'PATCH', `/${account.code}/customers/${created.id}`, {
          customer: { lastName: `Правка${n}` },
        });
        await eventually(
          async () => (await mindboxCustomer(sandbox, account, created.id))?.lastName === `Правка${n}`,
          10_000,
          `edit ${n}`,
        );
      }
      // Polls of both replicas had every chance to send something twice.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const counts = requestsPerCustomer(await mindboxRequests(sandbox, account)).get(String(created.id));
      expect(counts?.[IMPORT]).toBe(1);
      expect(counts?.[EDIT]).toBe(5);
      const [lease] = await db.query(`SELECT lease_holder FROM customer_sync_state WHERE account_id = $1`, [
        account.accountId,
      ]);
      expect(lease.lease_holder).toBeTruthy();
    } finally {
      await second.close();
    }
  }, 60_000);

  it('resumes a full load after a restart with no customer skipped or sent twice', async () => {
    const account = await createAccount(app, sandbox, {
      customers: {
        syncWithoutOrders: true,
        operations: { ...demoOperations(), confirmMobilePhone: undefined },
      },
      seed: { customers: 500, orders: 0 },
    });
    const all = await crmIds(account, false);
    // Slow Mindbox down so that the restart lands in the middle of the load.
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      tenant: account.endpointId,
      kind: 'latency',
      latencyMs: 40,
      forMs: 120_000,
    });
    await startFullLoad(account);
    await eventually(
      async () => ((await status(account)).fullLoad?.done ?? 0) >= 100,
      30_000,
      '100 customers',
    );

    await app.close();
    const atRestart = (await status(account)).fullLoad!;
    expect(atRestart.done).toBeLessThan(all.length);
    app = await startCustomerSync();
    const done = await fullLoadDone(account, 60_000);

    expect(done).toMatchObject({ total: all.length, done: all.length, queued: all.length, failed: 0 });
    const counts = requestsPerCustomer(await mindboxRequests(sandbox, account));
    const sentTwice = all.filter(
      (id) => (counts.get(String(id))?.[IMPORT] ?? 0) + (counts.get(String(id))?.[EDIT] ?? 0) !== 1,
    );
    expect(sentTwice).toEqual([]);
    for (const id of all) expect(await mindboxCustomer(sandbox, account, id)).toBeDefined();
  }, 120_000);

  it('loses nothing while Mindbox is down for a while', async () => {
    const account = await createAccount(app, sandbox, {
      customers: { syncWithoutOrders: true },
      seed: { customers: 25, orders: 0 },
    });
    const all = await crmIds(account, false);
    await polling(account);
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      tenant: account.endpointId,
      kind: 'status',
      status: 503,
      forMs: 5_000,
    });
    await startFullLoad(account);
    const live = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Во время сбоя', email: 'outage@example.com' },
    });

    const done = await fullLoadDone(account, 60_000);
    // The customer created meanwhile may be in the load too.
    expect(done).toMatchObject({ done: done.total, failed: 0 });
    expect(done.total).toBeGreaterThanOrEqual(all.length);
    for (const id of [...all, live.id]) {
      expect(
        await eventually(() => mindboxCustomer(sandbox, account, id), 20_000, `customer ${id}`),
      ).toBeDefined();
    }
    const requests = await mindboxRequests(sandbox, account);
    expect(requests.filter((r) => r.status === 503).length).toBeGreaterThan(0);
  }, 90_000);

  it('journals a validation error in words the shop understands, does not retry it, and retries on request', async () => {
    const account = await createAccount(app, sandbox, { customers: { syncWithoutOrders: true } });
    await polling(account);
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      tenant: account.endpointId,
      operation: IMPORT,
      kind: 'status',
      status: 400,
      body: mindboxFixture('validation-error.json'),
      times: 1,
    });
    const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Ошибка', email: 'mymail@example.com' },
    });

    const page = await eventually(
      async () => {
        const found = await reader().journal(account.accountId, { outcome: 'problems' });
        return found.entries.length > 0 && found;
      },
      10_000,
      'the journal entry',
    );
    const [entry] = page.entries;
    expect(entry).toMatchObject({
      crmId: created.id,
      operation: 'import',
      mindboxOperation: IMPORT,
      outcome: 'rejected',
      retryable: false,
      problems: [
        { field: 'E-mail', location: '/customer/email', message: expect.stringContaining('mymail') },
        { message: 'Заполните хотя бы один контакт.' },
      ],
    });
    expect(entry.error).toContain('Mindbox did not accept the customer');
    expect((await status(account)).lastError).toMatchObject({ id: entry.id, crmId: created.id });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      requestsPerCustomer(await mindboxRequests(sandbox, account)).get(String(created.id))?.[IMPORT],
    ).toBe(1);
    expect(await mindboxCustomer(sandbox, account, created.id)).toBeUndefined();

    await publish(app, JournalRetryRequested, {
      accountId: account.accountId,
      entity: 'customers',
      journalId: entry.id,
    });
    await eventually(() => mindboxCustomer(sandbox, account, created.id), 10_000, 'the retried customer');
    expect((await reader().journalEntry(account.accountId, entry.id))?.retriedAt).not.toBeNull();
  }, 40_000);

  it('writes the Mindbox id back into the CRM without a loop', async () => {
    const account = await createAccount(app, sandbox, {
      customers: {
        syncWithoutOrders: true,
        ids: { customerIdKey: 'retailcrmId', mindboxIdCustomField: 'mindbox_id' },
      },
    });
    await account.crm.customFields.create('customer', {
      code: 'mindbox_id',
      name: 'Mindbox id',
      type: 'string',
    });
    await polling(account);
    const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Петля', email: 'loop@example.com' },
    });

    const inMindbox = await eventually(
      () => mindboxCustomer(sandbox, account, created.id),
      10_000,
      'the customer',
    );
    await eventually(
      async () =>
        (await account.crm.customers.get(created.id)).customFields.mindbox_id === String(inMindbox.mindboxId),
      10_000,
      'the Mindbox id in the CRM',
    );
    // The write-back is in the CRM's history (with the module's key), and many polls pass.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const counts = requestsPerCustomer(await mindboxRequests(sandbox, account)).get(String(created.id));
    expect(counts).toEqual({ 'Website.CheckCustomer': 1, [IMPORT]: 1 });
  }, 40_000);

  it('sends a customer without orders once the first order is placed', async () => {
    const account = await createAccount(app, sandbox, { customers: { syncWithoutOrders: false } });
    await polling(account);
    const created = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Без заказов' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mindboxCustomer(sandbox, account, created.id)).toBeUndefined();

    await crmControl(sandbox, 'POST', `/${account.code}/orders`, {
      order: { customer: { id: created.id }, items: [{ offer: { id: 1000 } }] },
    });
    await eventually(
      () => mindboxCustomer(sandbox, account, created.id),
      10_000,
      'the customer with an order',
    );
  }, 30_000);

  it('keeps deleted and merged customers in Mindbox, journals them, and syncs the merge survivor', async () => {
    const account = await createAccount(app, sandbox, { customers: { syncWithoutOrders: true } });
    await polling(account);
    const kept = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Ольга' },
    });
    const merged = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { email: 'olga@example.com' },
    });
    const gone = await crmControl(sandbox, 'POST', `/${account.code}/customers`, {
      customer: { firstName: 'Ушёл' },
    });
    for (const customer of [kept, merged, gone]) {
      await eventually(
        () => mindboxCustomer(sandbox, account, customer.id),
        10_000,
        `customer ${customer.id}`,
      );
    }

    await crmControl(sandbox, 'DELETE', `/${account.code}/customers/${gone.id}`);
    await crmControl(sandbox, 'POST', `/${account.code}/customers/merge`, {
      resultId: kept.id,
      mergedIds: [merged.id],
    });

    await eventually(
      async () => (await mindboxCustomer(sandbox, account, kept.id))?.email === 'olga@example.com',
      10_000,
      'the survivor with the merged e-mail',
    );
    const journal = await eventually(
      async () => {
        const page = await reader().journal(account.accountId, { outcome: 'skipped' });
        return page.entries.length >= 2 && page;
      },
      10_000,
      'the deletion and merge entries',
    );
    expect(journal.entries.map((e) => [e.crmId, e.operation]).sort()).toEqual(
      [
        [gone.id, 'delete'],
        [merged.id, 'merge'],
      ].sort(),
    );
    expect(await mindboxCustomer(sandbox, account, gone.id)).toBeDefined();
    expect(await mindboxCustomer(sandbox, account, merged.id)).toBeDefined();
    const links = await db.query(
      `SELECT customer_id, status, merged_into FROM customer_link WHERE account_id = $1 ORDER BY customer_id`,
      [account.accountId],
    );
    expect(links).toEqual([
      { customer_id: String(kept.id), status: 'synced', merged_into: null },
      { customer_id: String(merged.id), status: 'merged', merged_into: String(kept.id) },
      { customer_id: String(gone.id), status: 'deleted', merged_into: null },
    ]);
  }, 40_000);
});

function demoOperations() {
  return {
    import: 'Website.RegisterCustomer',
    getExisting: 'Website.CheckCustomer',
    edit: 'Website.EditCustomer',
    confirmMobilePhone: 'Website.ConfirmMobilePhone' as string | undefined,
  };
}
