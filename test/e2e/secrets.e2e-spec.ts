import { connect } from 'amqplib';
import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { demoTabs } from '@app/settings';
import { Answer, call, RequestInit } from '../gateway/gateway-harness';
import { freePort } from '../sandbox/retailcrm-fake-module';
import { ServiceProcess, startService, waitForStatus } from './service-process';

// Every secret the module is given, looked for in every log line of every service (at debug
// level) and every answer: the RetailCRM API key, the Mindbox secret (and a wrong one typed on the
// way), the marketplace secret and the register token, the clientId, the hook and feed tokens.
// The module works through the whole product first: connection, every tab, a full load, live
// customer and order changes with write-backs, hooks, the feed, the order card and the sync tab.

const RUN = randomBytes(3).toString('hex');
const DATABASE = `retailcrm_mindbox_secrets_${RUN}`;
const WORKERS = ['customer-sync', 'order-processing', 'promo-loyalty'];

function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('no secret in any log line or answer', () => {
  const moduleSecret = `module-secret-${randomBytes(12).toString('hex')}`;
  const mindboxSecret = `mindbox-secret-${randomBytes(12).toString('hex')}`;
  const wrongSecret = `wrong-secret-${randomBytes(12).toString('hex')}`;
  const endpointId = `secrets-${RUN}`;
  const services: Record<string, ServiceProcess> = {};
  const answers: Answer[] = [];
  let sandbox: ServiceProcess;
  let sandboxUrl: string;
  let gatewayUrl: string;
  let db: DataSource;

  const api = async (url: string, init?: RequestInit): Promise<Answer> => {
    const answer = await call(url, init);
    answers.push(answer);
    return answer;
  };
  const control = async (path: string, json?: unknown, method?: string) => {
    const answer = await call(`${sandboxUrl}/control${path}`, {
      json,
      method: method ?? (json ? 'POST' : 'GET'),
    });
    if (answer.status >= 300) throw new Error(`control ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };

  beforeAll(async () => {
    const dbUrl = databaseUrl(DATABASE);
    await migrate(dbUrl);
    db = new DataSource(dataSourceOptions(dbUrl));
    await db.initialize();
    const [gatewayPort, sandboxPort, ...healthPorts] = await Promise.all([
      freePort(),
      freePort(),
      ...WORKERS.map(() => freePort()),
    ]);
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const common = { DATABASE_URL: dbUrl, ALLOW_PRIVATE_URLS: 'true', LOG_LEVEL: 'debug' };
    sandbox = startService('sandbox', {
      PORT: String(sandboxPort),
      SANDBOX_PUBLIC_URL: sandboxUrl,
      MODULE_URL: gatewayUrl,
      SANDBOX_SEED: 'none',
      // The marketplace's side of the register token.
      RETAILCRM_MODULE_SECRET: moduleSecret,
      LOG_LEVEL: 'warn',
    });
    services.gateway = startService('gateway', {
      ...common,
      PORT: String(gatewayPort),
      PUBLIC_URL: gatewayUrl,
      RETAILCRM_MODULE_SECRET: moduleSecret,
    });
    WORKERS.forEach((worker, index) => {
      services[worker] = startService(worker, {
        ...common,
        HEALTH_PORT: String(healthPorts[index]),
        CUSTOMER_SYNC_POLL_INTERVAL_MS: '300',
        CUSTOMER_SYNC_QUEUE_PREFIX: `customer-sync-secrets-${RUN}`,
        ORDER_PROCESSING_POLL_INTERVAL_MS: '300',
        ORDER_PROCESSING_QUEUE_PREFIX: `order-processing-secrets-${RUN}`,
      });
    });
    await waitForStatus(`${sandboxUrl}/health/ready`, 200);
    await waitForStatus(`${gatewayUrl}/health/ready`, 200);
    for (const port of healthPorts) await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);
  }, 90_000);

  afterAll(async () => {
    for (const service of [...Object.values(services), sandbox]) {
      if (service && service.child.exitCode === null) service.child.kill('SIGTERM');
    }
    await Promise.all([...Object.values(services), sandbox].map((service) => service?.exited));
    const connection = await connect(process.env.AMQP_URL as string);
    const channel = await connection.createChannel();
    for (const queue of [
      `customer-sync-secrets-${RUN}.customer-changed`,
      `customer-sync-secrets-${RUN}.full-load`,
      `order-processing-secrets-${RUN}.order-changed`,
    ]) {
      await channel.deleteQueue(queue).catch(() => undefined);
    }
    await connection.close();
    await db?.destroy();
    const admin = new DataSource(dataSourceOptions(databaseUrl('postgres')));
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.destroy();
  }, 60_000);

  it('uses every secret through the whole product, then finds none of them in the logs or answers', async () => {
    // A shop with customers and orders, and its Mindbox project.
    const crm = await control('/retailcrm/accounts', { rateLimit: 0, sites: ['shop-a'] });
    await control(`/retailcrm/accounts/${crm.code}/seed`, { customers: 30, orders: 20, seed: 3 });
    await control('/mindbox/projects', { endpointId, secretKey: mindboxSecret });

    // The marketplace connects it (register token = HMAC of the key with the module secret).
    const registered = await control(`/retailcrm/accounts/${crm.code}/register`, { moduleUrl: gatewayUrl });
    expect(registered.register.status).toBe(200);
    const clientId = String(registered.register.body.accountUrl).split('/').at(-1) as string;
    const [account] = (await db.query(`SELECT id, hook_token, feed_token FROM account WHERE client_id = $1`, [
      clientId,
    ])) as { id: string; hook_token: string; feed_token: string }[];

    // Every tab, with a wrong Mindbox secret refused on the way.
    const tabs = demoTabs(sandboxUrl);
    const mindbox = { ...tabs.mindbox, endpointId, secretKey: wrongSecret };
    const put = (tab: string, json: unknown) =>
      api(`${gatewayUrl}/api/v1/settings/${tab}`, { method: 'PUT', json, clientId });
    expect((await put('mindbox', mindbox)).status).toBe(422);
    const access = {
      ...tabs.access,
      retailcrmUrl: registered.systemUrl,
      apiKey: registered.apiKey,
      sites: ['shop-a'],
    };
    expect((await put('access', access)).status).toBe(200);
    expect((await put('mindbox', { ...mindbox, secretKey: mindboxSecret })).status).toBe(200);
    for (const tab of ['orders', 'products', 'fields', 'customers'] as const)
      expect((await put(tab, tabs[tab])).status).toBe(200);

    // The full load that saving Customers started, through to Mindbox.
    await eventually(async () => {
      const status = await api(`${gatewayUrl}/api/v1/sync/status`, { clientId });
      return status.body.customers.fullLoad?.status === 'done';
    }, 'the full load');

    // Live changes: a customer and an order edited by a manager, with the hooks called.
    await control(
      `/retailcrm/accounts/${crm.code}/customers/1`,
      { customer: { firstName: 'Secretless' } },
      'PATCH',
    );
    const order = await control(`/retailcrm/accounts/${crm.code}/orders`, {
      site: 'shop-a',
      order: {
        orderMethod: 'phone',
        status: 'new',
        customer: { id: 1 },
        items: [{ offer: { externalId: 'offer-1000' }, quantity: 1 }],
      },
    });
    for (const entity of ['customers', 'orders']) {
      expect(
        (await api(`${gatewayUrl}/hooks/${account.hook_token}/${entity}`, { form: { id: '1' } })).status,
      ).toBe(202);
    }
    await eventually(async () => {
      const journal = await api(`${gatewayUrl}/api/v1/sync/journal?entity=orders&crmId=${order.id}`, {
        clientId,
      });
      return journal.body.entries.length > 0;
    }, 'the order in the journal');

    // The order card, the feed and the settings page.
    const payload = JSON.stringify({
      order: {
        id: order.id,
        site: 'shop-a',
        customer: { id: 1 },
        items: [{ index: 0, offer: { id: 1, externalId: 'offer-1000' }, quantity: 1, initialPrice: 1000 }],
      },
      promoCode: 'NOPE',
    });
    expect(
      (await api(`${gatewayUrl}/retailcrm/embed/check-promo-code`, { form: { clientId, payload } })).status,
    ).toBeLessThan(500);
    expect(
      (
        await api(`${gatewayUrl}/retailcrm/embed/bonus-balance`, {
          form: { clientId: 'f'.repeat(64), payload },
        })
      ).status,
    ).toBe(401);
    // 503 until the first build of the feed is done.
    expect([200, 503]).toContain(
      (await api(`${gatewayUrl}/feeds/${account.feed_token}/products.yml`)).status,
    );
    expect(
      (await api(`${gatewayUrl}/settings/${clientId}`, { headers: { accept: 'text/html' } })).status,
    ).toBe(200);
    expect((await api(`${gatewayUrl}/api/v1/settings`, { clientId })).status).toBe(200);
    await sleep(1_000);

    // Stop the services so that every line is written, then look.
    for (const name of Object.keys(services)) services[name].child.kill('SIGTERM');
    await Promise.all(Object.values(services).map((service) => service.exited));

    const secrets: Record<string, string> = {
      'the RetailCRM API key': crm.apiKey,
      "the module's RetailCRM API key": registered.apiKey,
      'the register token': createHmac('sha256', moduleSecret).update(registered.apiKey).digest('hex'),
      'the Mindbox secret': mindboxSecret,
      'the wrong Mindbox secret': wrongSecret,
      'the marketplace secret': moduleSecret,
      'the clientId': clientId,
      'the hook token': account.hook_token,
      'the feed token': account.feed_token,
    };
    const leaks: string[] = [];
    let lines = 0;
    for (const [name, service] of Object.entries(services)) {
      const output = service.stdout.join('') + service.stderr.join('');
      lines += output.split('\n').length;
      for (const [what, value] of Object.entries(secrets)) {
        if (output.includes(value)) leaks.push(`${what} in the log of ${name}`);
      }
    }
    // Answers may carry what belongs to the caller (its clientId in accountUrl, its hook and feed URLs);
    // never a key or secret.
    for (const answer of answers) {
      for (const what of [
        'the RetailCRM API key',
        "the module's RetailCRM API key",
        'the Mindbox secret',
        'the wrong Mindbox secret',
        'the marketplace secret',
      ]) {
        if (answer.text.includes(secrets[what]))
          leaks.push(`${what} in an answer: ${answer.text.slice(0, 120)}`);
      }
    }

    expect(leaks).toEqual([]);
    // The logs were written at debug level by every service: the search had something to search.
    expect(lines).toBeGreaterThan(200);
    for (const name of Object.keys(services))
      expect(services[name].stdout.join('').length).toBeGreaterThan(0);
  }, 180_000);
});
