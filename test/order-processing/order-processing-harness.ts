import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { LocalRateBudget } from '@app/common/rate-budget/rate-budget';
import { AmqpConnection, AmqpServer, deadLetterQueueName, retryQueueName } from '@app/messaging';
import { RetailCrmClient } from '@app/retailcrm';
import { AccountEntity, demoTabs, SecretBox, SettingsRepository, TabBodies } from '@app/settings';
import type { OrderProcessingConfig } from '../../apps/order-processing/src/order-processing.config';
import { AnyJson, SandboxUnderTest } from '../sandbox/mindbox-harness';

/** Names this run's database and queues apart from any other run on the machine. */
const RUN = randomBytes(3).toString('hex');
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
const BASE_NAME = new URL(BASE_URL).pathname.slice(1);
const DATABASE_PREFIX = `${BASE_NAME}_op_e2e_`;

/**
 * A database of the run's own, next to the test database: the worker polls every running account
 * it finds, and accounts of earlier runs point at sandboxes that are gone.
 */
export const E2E_DATABASE_URL = (() => {
  const url = new URL(BASE_URL);
  url.pathname = `/${DATABASE_PREFIX}${RUN}`;
  return url.toString();
})();

/** Queues of their own too: another run's worker would take this run's messages. */
export const QUEUE_PREFIX = `order-processing-e2e-${RUN}`;

/** Short intervals and a short retry ladder, so that the tests run in seconds. */
export const FAST_ENV: Record<string, string> = {
  ORDER_PROCESSING_POLL_INTERVAL_MS: '300',
  ORDER_PROCESSING_TICK_MS: '50',
  ORDER_PROCESSING_LEASE_MS: '5000',
  ORDER_PROCESSING_RETRY_DELAYS_MS: '300,600,1200,2400,4800,9600',
  ORDER_PROCESSING_MINDBOX_ATTEMPTS: '2',
  ORDER_PROCESSING_MINDBOX_RETRY_MS: '50',
  ORDER_PROCESSING_RECOVER_AFTER_MS: '60000',
  ORDER_PROCESSING_QUEUE_PREFIX: QUEUE_PREFIX,
};

/** The environment every app of the suite starts with. */
export function useE2eEnvironment(): void {
  process.env.SANDBOX_TEST_LOG_LEVEL ??= 'fatal';
  process.env.DATABASE_URL = E2E_DATABASE_URL;
  process.env.SANDBOX_SEED = 'none';
  process.env.ALLOW_PRIVATE_URLS = 'true';
}

async function onServer<T>(work: (admin: DataSource) => Promise<T>): Promise<T> {
  const url = new URL(E2E_DATABASE_URL);
  url.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: url.toString() });
  await admin.initialize();
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** Creates and migrates the run's database (dropping unused ones of earlier runs); a connection of the test's own. */
export async function prepareDatabase(): Promise<DataSource> {
  await onServer(async (admin) => {
    const old: { datname: string }[] = await admin.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${DATABASE_PREFIX}%`],
    );
    for (const { datname } of old) await admin.query(`DROP DATABASE "${datname}"`).catch(() => undefined);
  });
  await migrate(E2E_DATABASE_URL);
  const dataSource = new DataSource(dataSourceOptions(E2E_DATABASE_URL));
  await dataSource.initialize();
  return dataSource;
}

export async function dropDatabase(): Promise<void> {
  const name = new URL(E2E_DATABASE_URL).pathname.slice(1);
  await onServer((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** order-processing in this process, consuming from the real broker, with {@link FAST_ENV} and `overrides`. */
export async function startOrderProcessing(
  overrides: Partial<OrderProcessingConfig> = {},
  env: Record<string, string> = {},
): Promise<INestApplication> {
  Object.assign(process.env, FAST_ENV, env, {
    LOG_LEVEL: process.env.ORDER_PROCESSING_TEST_LOG_LEVEL ?? 'error',
  });
  const { OrderProcessingModule } = await import('../../apps/order-processing/src/order-processing.module');
  const { OrderProcessingConfig } = await import('../../apps/order-processing/src/order-processing.config');
  const moduleRef = await Test.createTestingModule({ imports: [OrderProcessingModule] })
    .overrideProvider(OrderProcessingConfig)
    .useFactory({
      factory: (config: ConfigService) => Object.assign(new OrderProcessingConfig(config), overrides),
      inject: [ConfigService],
    })
    .compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.connectMicroservice({ strategy: app.get(AmqpServer) }, { inheritAppConfig: true });
  await app.init();
  await app.get(AmqpConnection).currentModel(10_000);
  await app.startAllMicroservices();
  return app;
}

/** Removes the queues the suite declared (or just empties them, with `purgeOnly`). */
export async function deleteOrderQueues(app: INestApplication, purgeOnly = false): Promise<void> {
  const channel = await app.get(AmqpConnection).createChannel();
  const delays = FAST_ENV.ORDER_PROCESSING_RETRY_DELAYS_MS.split(',').map(Number);
  const queue = `${QUEUE_PREFIX}.order-changed`;
  for (const name of [queue, deadLetterQueueName(queue), ...delays.map((d) => retryQueueName(queue, d))]) {
    if (purgeOnly) await channel.purgeQueue(name).catch(() => undefined);
    else await channel.deleteQueue(name).catch(() => undefined);
  }
  await channel.close().catch(() => undefined);
}

/** One account of the test: a simulated shop, a simulated Mindbox project, and the module's settings. */
export interface TestAccount {
  accountId: string;
  code: string;
  apiKey: string;
  endpointId: string;
  site: string;
  crm: RetailCrmClient;
}

/** Tab changes of one account. */
export type TabPatch = { [K in keyof TabBodies]?: Partial<TabBodies[K]> };

/**
 * Creates the shop (with the module's two custom fields) and the Mindbox project through the
 * sandbox's control API, and stores the account with the demo tabs, changed by `patch`.
 */
export async function createAccount(
  app: INestApplication,
  sandbox: SandboxUnderTest,
  patch: TabPatch = {},
): Promise<TestAccount> {
  const suffix = randomBytes(4).toString('hex');
  const code = `op-${suffix}`;
  const apiKey = `key-${randomBytes(12).toString('hex')}`;
  const site = 'shop-a';
  const created = await sandbox.request('POST', '/control/retailcrm/accounts', {
    code,
    apiKey,
    sites: [site],
  });
  if (created.status >= 300) throw new Error(`CRM account: ${JSON.stringify(created.body)}`);
  const project = await sandbox.control('POST', '/projects', {
    endpointId: `op-${suffix}`,
    secretKey: `secret-${suffix}`,
  });
  const crm = new RetailCrmClient({
    url: `${sandbox.url}/crm/${code}`,
    apiKey,
    budget: new LocalRateBudget(),
    retryBaseDelayMs: 50,
  });
  await crm.customFields.create('order', {
    code: 'mindbox_discount',
    name: 'Mindbox discount',
    type: 'integer',
  });
  await crm.customFields.create('order', { code: 'mindbox_promo_code', name: 'Promo code', type: 'string' });

  const tabs = demoTabs(sandbox.url);
  const secrets = app.get(SecretBox);
  const settings = app.get(SettingsRepository);
  const account = await settings.saveAccount(
    Object.assign(new AccountEntity(), {
      clientId: randomBytes(32).toString('hex'),
      retailcrmUrl: `${sandbox.url}/crm/${code}`,
      apiKeyEnc: secrets.encrypt(apiKey),
      sites: [site],
      hookToken: randomBytes(16).toString('hex'),
      feedToken: randomBytes(16).toString('hex'),
      // Out of service until every tab is saved: the worker caches an account's settings for a few
      // seconds and would otherwise keep a half-configured one (the gateway announces each saved
      // tab, which drops the cache; this harness writes the tables directly).
      active: false,
      frozen: false,
    }),
  );
  await settings.saveTab('mindbox', {
    accountId: account.id,
    settings: { apiUrl: `${sandbox.url}/mindbox`, endpointId: project.endpointId, brand: 'demo' },
    secretKeyEnc: secrets.encrypt(`secret-${suffix}`),
  });
  await settings.saveTab('customers', {
    accountId: account.id,
    settings: { ...tabs.customers, ...patch.customers },
  });
  await settings.saveTab('orders', { accountId: account.id, settings: { ...tabs.orders, ...patch.orders } });
  await settings.saveTab('products', {
    accountId: account.id,
    settings: { ...tabs.products, ...patch.products },
  });
  await settings.saveTab('fields', { accountId: account.id, settings: { ...tabs.fields, ...patch.fields } });
  await settings.saveAccount(Object.assign(account, { active: true }));
  return { accountId: account.id, code, apiKey, endpointId: project.endpointId, site, crm };
}

/** A call to the sandbox's RetailCRM control API that must succeed. */
export async function crmControl(
  sandbox: SandboxUnderTest,
  method: string,
  path: string,
  body?: unknown,
): Promise<AnyJson> {
  const answer = await sandbox.request(method, `/control/retailcrm/accounts${path}`, body);
  if (answer.status >= 300)
    throw new Error(`${method} ${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A request the sandbox logged. */
export interface LoggedRequest {
  seq: number;
  operation: string;
  tenant?: string;
  status?: number;
  transactionId?: string;
  body: AnyJson;
}

/** The Mindbox requests of the account's project, oldest first. */
export async function mindboxRequests(
  sandbox: SandboxUnderTest,
  account: TestAccount,
): Promise<LoggedRequest[]> {
  const answer = await sandbox.request('GET', `/control/requests?side=mindbox&tenant=${account.endpointId}`);
  return answer.body.requests;
}

/** The RetailCRM requests of the account, oldest first. */
export async function crmRequests(sandbox: SandboxUnderTest, account: TestAccount): Promise<LoggedRequest[]> {
  const answer = await sandbox.request('GET', `/control/requests?side=retailcrm&tenant=${account.code}`);
  return answer.body.requests;
}

/** The order as the Mindbox project holds it (by its CRM id), or undefined. */
export async function mindboxOrder(
  sandbox: SandboxUnderTest,
  account: TestAccount,
  orderId: number,
): Promise<AnyJson | undefined> {
  const answer = await sandbox.request(
    'GET',
    `/control/mindbox/projects/${account.endpointId}/orders/retailcrmId/${orderId}`,
  );
  return answer.status === 200 ? answer.body : undefined;
}

/** Polls until `check` gives a truthy value, or fails with `what`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await sleep(100);
  }
}
