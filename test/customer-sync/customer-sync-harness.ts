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
import {
  AccountMessage,
  AmqpConnection,
  AmqpServer,
  deadLetterQueueName,
  MessageContract,
  retryQueueName,
} from '@app/messaging';
import { RetailCrmClient } from '@app/retailcrm';
import {
  AccountEntity,
  CustomerSettingsDto,
  demoTabs,
  FieldSettingsDto,
  SecretBox,
  SettingsRepository,
} from '@app/settings';
import type { CustomerSyncConfig } from '../../apps/customer-sync/src/customer-sync.config';
import { AnyJson, SandboxUnderTest } from '../sandbox/mindbox-harness';

/** Names this run's database and queues apart from any other run of the suite on the machine. */
const RUN = randomBytes(3).toString('hex');
const DATABASE_PREFIX = 'retailcrm_mindbox_cs_e2e_';

/**
 * customer-sync's e2e tests run on a database of their own, made for the run: the worker polls
 * every running account it finds, and the shared test database holds other suites' accounts (some
 * pointing at a demo sandbox).
 */
export const E2E_DATABASE_URL =
  process.env.CUSTOMER_SYNC_E2E_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${DATABASE_PREFIX}${RUN}`;

/** Queues of their own too: another run's worker would take this run's messages. */
export const QUEUE_PREFIX = `customer-sync-e2e-${RUN}`;

/** Short intervals and a short retry ladder, so that the tests run in seconds. */
export const FAST_ENV: Record<string, string> = {
  CUSTOMER_SYNC_POLL_INTERVAL_MS: '400',
  CUSTOMER_SYNC_TICK_MS: '50',
  CUSTOMER_SYNC_LEASE_MS: '5000',
  CUSTOMER_SYNC_RETRY_DELAYS_MS: '500,1000,2000,4000,8000',
  CUSTOMER_SYNC_MINDBOX_ATTEMPTS: '2',
  CUSTOMER_SYNC_MINDBOX_RETRY_MS: '50',
  CUSTOMER_SYNC_FULL_LOAD_BACKLOG: '200',
  CUSTOMER_SYNC_QUEUE_PREFIX: QUEUE_PREFIX,
};

/** The environment every app of the suite starts with. */
export function useE2eEnvironment(): void {
  // The sandbox's request log says what it answered; its own log lines (rate-limit 503s) are noise here.
  process.env.SANDBOX_TEST_LOG_LEVEL ??= 'fatal';
  process.env.DATABASE_URL = E2E_DATABASE_URL;
  process.env.SANDBOX_SEED = 'none';
  process.env.ALLOW_PRIVATE_URLS = 'true';
}

/** Runs `work` on the server's `postgres` database. */
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

/**
 * Creates and migrates the run's database (dropping those of earlier runs nobody uses any more),
 * and gives a connection of the test's own (it outlives the restarts of the app).
 */
export async function prepareDatabase(): Promise<DataSource> {
  await onServer(async (admin) => {
    const old: { datname: string }[] = await admin.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${DATABASE_PREFIX}%`],
    );
    // Without FORCE: a database a running suite is connected to stays.
    for (const { datname } of old) await admin.query(`DROP DATABASE "${datname}"`).catch(() => undefined);
  });
  await migrate(E2E_DATABASE_URL);
  const dataSource = new DataSource(dataSourceOptions(E2E_DATABASE_URL));
  await dataSource.initialize();
  return dataSource;
}

/** Drops the run's database. */
export async function dropDatabase(): Promise<void> {
  if (process.env.CUSTOMER_SYNC_E2E_DATABASE_URL) return;
  const name = new URL(E2E_DATABASE_URL).pathname.slice(1);
  await onServer((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * customer-sync in this process, consuming from the real broker, configured by {@link FAST_ENV}
 * and then `overrides`. (The environment is read once, when the module is first loaded.)
 */
export async function startCustomerSync(
  overrides: Partial<CustomerSyncConfig> = {},
): Promise<INestApplication> {
  Object.assign(process.env, FAST_ENV, { LOG_LEVEL: process.env.CUSTOMER_SYNC_TEST_LOG_LEVEL ?? 'error' });
  // Loaded now, after the environment is set: the module reads its queue names and messaging
  // options on load.
  const { CustomerSyncModule } = await import('../../apps/customer-sync/src/customer-sync.module');
  const { CustomerSyncConfig } = await import('../../apps/customer-sync/src/customer-sync.config');
  const moduleRef = await Test.createTestingModule({ imports: [CustomerSyncModule] })
    .overrideProvider(CustomerSyncConfig)
    .useFactory({
      factory: (config: ConfigService) => Object.assign(new CustomerSyncConfig(config), overrides),
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

/** Removes the queues the suite declared, so that nothing piles up in them after it. */
export async function deleteCustomerSyncQueues(app: INestApplication): Promise<void> {
  const channel = await app.get(AmqpConnection).createChannel();
  const delays = FAST_ENV.CUSTOMER_SYNC_RETRY_DELAYS_MS.split(',').map(Number);
  for (const queue of [`${QUEUE_PREFIX}.customer-changed`, `${QUEUE_PREFIX}.full-load`]) {
    for (const name of [queue, deadLetterQueueName(queue), ...delays.map((d) => retryQueueName(queue, d))]) {
      await channel.deleteQueue(name).catch(() => undefined);
    }
  }
  await channel.close().catch(() => undefined);
}

/** Publishes a message as the gateway would. */
export async function publish<T extends AccountMessage>(
  app: INestApplication,
  contract: MessageContract<T>,
  payload: T,
): Promise<void> {
  await app.get(AmqpConnection).publish(contract.routingKey, payload);
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

export interface AccountOptions {
  customers?: Partial<CustomerSettingsDto>;
  fields?: FieldSettingsDto;
  /** Customers and orders generated in the shop before the module knows the account. */
  seed?: { customers: number; orders: number };
}

/**
 * Creates the shop and the Mindbox project through the sandbox's control API, and stores the
 * account with the demo tabs (changed by `options`) as the gateway would.
 */
export async function createAccount(
  app: INestApplication,
  sandbox: SandboxUnderTest,
  options: AccountOptions = {},
): Promise<TestAccount> {
  const suffix = randomBytes(4).toString('hex');
  const code = `cs-${suffix}`;
  const apiKey = `key-${randomBytes(12).toString('hex')}`;
  const site = 'shop-a';
  const crm = await sandbox.request('POST', '/control/retailcrm/accounts', { code, apiKey, sites: [site] });
  if (crm.status >= 300) throw new Error(`CRM account: ${JSON.stringify(crm.body)}`);
  if (options.seed) await crmControl(sandbox, 'POST', `/${code}/seed`, { ...options.seed, seed: 7 });
  const project = await sandbox.control('POST', '/projects', {
    endpointId: `cs-${suffix}`,
    secretKey: `secret-${suffix}`,
  });

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
      active: true,
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
    settings: { ...tabs.customers, ...options.customers },
  });
  await settings.saveTab('fields', {
    accountId: account.id,
    settings: options.fields ?? tabs.fields,
  });
  return {
    accountId: account.id,
    code,
    apiKey,
    endpointId: project.endpointId,
    site,
    crm: new RetailCrmClient({
      url: `${sandbox.url}/crm/${code}`,
      apiKey,
      budget: new LocalRateBudget(),
      retryBaseDelayMs: 50,
    }),
  };
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

/** Requests per CRM customer id, by operation: `counts.get(id)?.['Website.RegisterCustomer']`. */
export function requestsPerCustomer(requests: LoggedRequest[]): Map<string, Record<string, number>> {
  const counts = new Map<string, Record<string, number>>();
  for (const request of requests) {
    const id = request.body?.customer?.ids?.retailcrmId;
    if (id === undefined) continue;
    const entry = counts.get(String(id)) ?? {};
    entry[request.operation] = (entry[request.operation] ?? 0) + 1;
    counts.set(String(id), entry);
  }
  return counts;
}

/** The customer as the Mindbox project holds it, or undefined. */
export async function mindboxCustomer(
  sandbox: SandboxUnderTest,
  account: TestAccount,
  customerId: number,
): Promise<AnyJson | undefined> {
  const answer = await sandbox.request(
    'GET',
    `/control/mindbox/projects/${account.endpointId}/customers/retailcrmId/${customerId}`,
  );
  return answer.status === 200 ? answer.body : undefined;
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
