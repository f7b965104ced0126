import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServiceProcess, startService, waitForStatus } from '../e2e/service-process';
import { call, RequestInit } from '../gateway/gateway-harness';
import { SandboxUnderTest } from '../sandbox/mindbox-harness';
import { freePort } from '../sandbox/retailcrm-fake-module';
import { mindboxFixture } from './fixtures';
import {
  createAccount,
  crmControl,
  deleteCustomerSyncQueues,
  dropDatabase,
  E2E_DATABASE_URL,
  eventually,
  mindboxCustomer,
  prepareDatabase,
  startCustomerSync,
  TestAccount,
  useE2eEnvironment,
} from './customer-sync-harness';

// The sync tab's server side through the whole path: the built gateway as a process, customer-sync
// in this process, the sandbox, the real Postgres (the suite's own database) and RabbitMQ.
useE2eEnvironment();

const IMPORT = 'Website.RegisterCustomer';
/** Longer than any wait below: a change reaches Mindbox within one only when the hook asked for a poll. */
const POLL_INTERVAL_MS = 120_000;

describe('the sync API and the hooks, with customer-sync behind them', () => {
  let sandbox: SandboxUnderTest;
  let worker: INestApplication;
  let gateway: ServiceProcess;
  let gatewayUrl: string;
  let db: DataSource;

  const api = (path: string, init?: RequestInit) => call(`${gatewayUrl}${path}`, init);

  /** The account's clientId and hook token, as the gateway stored them. */
  async function credentials(account: TestAccount): Promise<{ clientId: string; hookToken: string }> {
    const [row] = (await db.query(`SELECT client_id, hook_token FROM account WHERE id = $1`, [
      account.accountId,
    ])) as { client_id: string; hook_token: string }[];
    return { clientId: row.client_id, hookToken: row.hook_token };
  }

  beforeAll(async () => {
    db = await prepareDatabase();
    sandbox = await SandboxUnderTest.start();
    worker = await startCustomerSync({ pollIntervalMs: POLL_INTERVAL_MS });
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    gateway = startService('gateway', {
      PORT: String(port),
      DATABASE_URL: E2E_DATABASE_URL,
      PUBLIC_URL: gatewayUrl,
      ALLOW_PRIVATE_URLS: 'true',
      RETAILCRM_MODULE_SECRET: 'sync-api-e2e-module-secret',
      THROTTLE_LIMIT: '10000',
      LOG_LEVEL: 'warn',
    });
    await waitForStatus(`${gatewayUrl}/health/ready`, 200);
  }, 90_000);

  afterAll(async () => {
    if (gateway && gateway.child.exitCode === null) {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
    if (worker) {
      await deleteCustomerSyncQueues(worker);
      await worker.close();
    }
    await sandbox?.close();
    await db?.destroy();
    await dropDatabase();
  });

  afterEach(async () => {
    await sandbox.request('DELETE', '/control/faults');
  });

  it('answers 401 to every sync route without a known clientId', async () => {
    const stranger = randomBytes(32).toString('hex');
    for (const [method, path] of [
      ['GET', '/api/v1/sync/status'],
      ['GET', '/api/v1/sync/journal'],
      ['POST', '/api/v1/sync/journal/1/retry'],
      ['POST', '/api/v1/sync/full-load'],
    ]) {
      for (const clientId of [undefined, stranger]) {
        const answer = await api(path, { method, clientId, json: method === 'POST' ? {} : undefined });
        expect([method, path, answer.status]).toEqual([method, path, 401]);
      }
    }
  });

  it('starts a full load from the API and shows its progress to the end', async () => {
    const account = await createAccount(worker, sandbox, {
      customers: { syncWithoutOrders: true },
      seed: { customers: 40, orders: 10 },
    });
    const { clientId } = await credentials(account);

    const before = await api('/api/v1/sync/status', { clientId });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      customers: { entity: 'customers', fullLoad: null, counters: { synced: 0, failed: 0 }, queueDepth: 0 },
      orders: { entity: 'orders', fullLoad: null, counters: { synced: 0, failed: 0 }, queueDepth: 0 },
    });

    const refused = await api('/api/v1/sync/full-load', { clientId, json: { entity: 'orders' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ entity: expect.stringContaining('only customers') });
    expect((await api('/api/v1/sync/full-load', { clientId, json: {} })).status).toBe(422);

    const started = await api('/api/v1/sync/full-load', { clientId, json: { entity: 'customers' } });
    expect(started).toMatchObject({ status: 202, body: { queued: true } });

    const done = await eventually(
      async () => {
        const { body } = await api('/api/v1/sync/status', { clientId });
        return body.customers.fullLoad?.status === 'done' && body.customers;
      },
      40_000,
      'the full load to complete',
    );
    expect(done.fullLoad).toMatchObject({ total: 40, done: 40, failed: 0, onlyWithOrders: false });
    expect(done.counters.synced).toBe(40);
    expect(done.queueDepth).toBe(0);
    expect(await mindboxCustomer(sandbox, account, 1)).toBeDefined();
  }, 60_000);

  it('polls at once when the hook is called, journals a refusal, and retries it from the journal', async () => {
    const account = await createAccount(worker, sandbox, { customers: { syncWithoutOrders: true } });
    const other = await createAccount(worker, sandbox, { customers: { syncWithoutOrders: true } });
    const { clientId, hookToken } = await credentials(account);
    const otherClientId = (await credentials(other)).clientId;
    await eventually(
      async () => (await api('/api/v1/sync/status', { clientId })).body.customers.live.lastPollAt,
      15_000,
      'the first poll',
    );
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

    // RetailCRM's trigger sends a form; the hook reads nothing from it but a hint.
    const hook = await api(`/hooks/${hookToken}/customers`, { form: { id: String(created.id) } });
    expect(hook).toMatchObject({ status: 202, body: { accepted: true, queued: true } });

    const entry = await eventually(
      async () => {
        const { body } = await api('/api/v1/sync/journal?outcome=problems', { clientId });
        return body.entries[0];
      },
      15_000,
      'the refusal in the journal (the next timed poll is minutes away)',
    );
    expect(entry).toMatchObject({
      entity: 'customers',
      crmId: created.id,
      outcome: 'rejected',
      retryable: false,
      canRetry: true,
      mindboxOperation: IMPORT,
    });
    expect(entry.error).toContain('Mindbox did not accept the customer');
    const status = await api('/api/v1/sync/status', { clientId });
    expect(status.body.customers.counters.rejected).toBe(1);
    expect(status.body.customers.lastError).toMatchObject({ id: entry.id, crmId: created.id });

    // Another account sees nothing of it and cannot retry it.
    expect((await api('/api/v1/sync/journal', { clientId: otherClientId })).body.entries).toEqual([]);
    const foreign = await api(`/api/v1/sync/journal/${entry.id}/retry`, {
      clientId: otherClientId,
      json: {},
    });
    expect(foreign.status).toBe(404);
    expect(await mindboxCustomer(sandbox, account, created.id)).toBeUndefined();

    const retried = await api(`/api/v1/sync/journal/${entry.id}/retry`, { clientId, json: {} });
    expect(retried).toMatchObject({ status: 202, body: { queued: true } });
    await eventually(() => mindboxCustomer(sandbox, account, created.id), 15_000, 'the retried customer');

    const journal = await eventually(
      async () => {
        const { body } = await api(`/api/v1/sync/journal?crmId=${created.id}`, { clientId });
        return body.entries.some((e: { outcome: string }) => e.outcome === 'synced') && body.entries;
      },
      10_000,
      'the retry in the journal',
    );
    const synced = journal.find((e: { outcome: string }) => e.outcome === 'synced');
    expect(synced.canRetry).toBe(false);
    expect(journal.find((e: { id: number }) => e.id === entry.id).retriedAt).not.toBeNull();
    const again = await api(`/api/v1/sync/journal/${synced.id}/retry`, { clientId, json: {} });
    expect(again.status).toBe(409);
  }, 60_000);

  it('refuses bad journal queries and ids with the field named', async () => {
    const account = await createAccount(worker, sandbox);
    const { clientId } = await credentials(account);

    const query = await api('/api/v1/sync/journal?limit=1000&outcome=maybe', { clientId });
    expect(query.status).toBe(422);
    expect(Object.keys(query.body.errors).sort()).toEqual(['limit', 'outcome']);
    expect((await api('/api/v1/sync/journal/abc/retry', { clientId, json: {} })).status).toBe(404);
    const entity = await api('/api/v1/sync/journal/1/retry', { clientId, json: { entity: 'carts' } });
    expect(entity.status).toBe(422);
    expect(Object.keys(entity.body.errors)).toEqual(['entity']);
  });

  it('answers 404 to an unknown hook, and queues nothing for an account out of service', async () => {
    const account = await createAccount(worker, sandbox);
    const { hookToken } = await credentials(account);

    expect((await api(`/hooks/${randomBytes(24).toString('hex')}/customers`, { json: {} })).status).toBe(404);
    expect((await api(`/hooks/${hookToken}/carts`, { json: {} })).status).toBe(404);
    expect((await api(`/hooks/not-a-token/orders`, { json: {} })).status).toBe(404);

    await db.query(`UPDATE account SET active = false WHERE id = $1`, [account.accountId]);
    const idle = await api(`/hooks/${hookToken}/orders`, {
      raw: 'anything at all',
      headers: { 'content-type': 'text/plain' },
    });
    expect(idle).toMatchObject({ status: 202, body: { accepted: true, queued: false } });
    const rows = (await db.query(
      `SELECT 1 FROM outbox_message WHERE account_id = $1 AND routing_key = 'sync.requested.v1'`,
      [account.accountId],
    )) as unknown[];
    expect(rows).toHaveLength(0);
  });
});
