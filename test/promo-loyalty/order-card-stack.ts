import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrate } from '@app/common/database/migrate';
import { demoTabs } from '@app/settings';
import { ServiceProcess, startService, waitForStatus } from '../e2e/service-process';
import { Answer, call, Json } from '../gateway/gateway-harness';

// The order card's path, each piece its own built process (dist/) as in production: the sandbox
// (RetailCRM and Mindbox, demo seed), the gateway and promo-loyalty, on the real RabbitMQ and
// Postgres of AMQP_URL and DATABASE_URL's server, in a database of the run's own (the workers
// work every account they find; other suites leave theirs behind). Ports come from 4600-4699 unless
// set (PROMO_E2E_*_PORT, read when this module is loaded).

export const SANDBOX_PORT = Number(process.env.PROMO_E2E_SANDBOX_PORT ?? 4610);
export const GATEWAY_PORT = Number(process.env.PROMO_E2E_GATEWAY_PORT ?? 4611);
export const HEALTH_PORT = Number(process.env.PROMO_E2E_HEALTH_PORT ?? 4612);
export const ORDER_PROCESSING_HEALTH_PORT = Number(process.env.PROMO_E2E_OP_HEALTH_PORT ?? 4613);
export const CUSTOMER_SYNC_HEALTH_PORT = Number(process.env.PROMO_E2E_CS_HEALTH_PORT ?? 4614);
export const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`;
export const GATEWAY = `http://127.0.0.1:${GATEWAY_PORT}`;

/** An order as the card holds it: customer 7 of the demo (1000 points), 4000 before discounts. */
export function cardOrder(overrides: Record<string, unknown> = {}): Json {
  return {
    id: 4242,
    site: 'demo-shop',
    customer: { id: 7 },
    items: [
      {
        index: 0,
        id: 1,
        offer: { id: 11, externalId: 'sku-11', name: 'Kettle' },
        quantity: 2,
        initialPrice: 1500,
      },
      {
        index: 1,
        id: 2,
        offer: { id: 12, externalId: 'sku-12', name: 'Mug' },
        quantity: 1,
        initialPrice: 1000,
      },
    ],
    ...overrides,
  };
}

export interface OrderCardStack {
  processes: ServiceProcess[];
  promoLoyalty: ServiceProcess;
  /** The base URL of each worker's health server, by service name. */
  health: Record<string, string>;
  /** The run's database. */
  databaseUrl: string;
  clientId: string;
  /** What RetailCRM posts for `host.httpCall('/retailcrm/embed/<action>', payload)`. */
  embed(action: string, payload: unknown, clientId?: string): Promise<Answer>;
  /** The sandbox's control API; fails unless it succeeded. */
  control(method: string, path: string, json?: unknown): Promise<Json>;
  stop(): Promise<void>;
}

export interface StackOptions {
  logLevel?: string;
  /** Starts order-processing too (fast polling, queues of its own), for the path to the order's transaction. */
  orderProcessing?: boolean;
  /** Starts customer-sync too. */
  customerSync?: boolean;
  /** Names the run's database: `<prefix><random hex>`. */
  databasePrefix?: string;
  /** More environment of the workers, over the stack's own (retry ladders, queue prefixes...). */
  workerEnv?: Record<string, string>;
}

/** Starts the processes, connects the demo shop through the marketplace and saves its settings. */
export async function startOrderCardStack(options: StackOptions = {}): Promise<OrderCardStack> {
  const logLevel = options.logLevel ?? process.env.PROMO_E2E_LOG_LEVEL ?? 'warn';
  const database = await createRunDatabase(options.databasePrefix ?? 'retailcrm_mindbox_card_e2e_');
  const common = {
    DATABASE_URL: database.url,
    AMQP_URL: process.env.AMQP_URL as string,
    ALLOW_PRIVATE_URLS: 'true',
    RETAILCRM_MODULE_SECRET: 'promo-e2e-module-secret',
    LOG_LEVEL: logLevel,
  };
  const sandbox = startService('sandbox', {
    ...common,
    PORT: String(SANDBOX_PORT),
    SANDBOX_SEED: 'demo',
    SANDBOX_PUBLIC_URL: SANDBOX,
    MODULE_URL: GATEWAY,
  });
  const gateway = startService('gateway', {
    ...common,
    PORT: String(GATEWAY_PORT),
    PUBLIC_URL: GATEWAY,
    RETAILCRM_MODULE_CODE: 'mindbox-promo-e2e',
    THROTTLE_LIMIT: '100000',
  });
  const health: Record<string, string> = { 'promo-loyalty': `http://127.0.0.1:${HEALTH_PORT}` };
  const promoLoyalty = startService('promo-loyalty', {
    ...common,
    HEALTH_PORT: String(HEALTH_PORT),
    ...options.workerEnv,
  });
  const processes = [sandbox, gateway, promoLoyalty];
  if (options.orderProcessing) {
    health['order-processing'] = `http://127.0.0.1:${ORDER_PROCESSING_HEALTH_PORT}`;
    processes.push(
      startService('order-processing', {
        ...common,
        HEALTH_PORT: String(ORDER_PROCESSING_HEALTH_PORT),
        ORDER_PROCESSING_POLL_INTERVAL_MS: '300',
        ORDER_PROCESSING_TICK_MS: '50',
        ORDER_PROCESSING_LEASE_MS: '5000',
        ORDER_PROCESSING_QUEUE_PREFIX: `promo-e2e-${process.pid}`,
        ...options.workerEnv,
      }),
    );
  }
  if (options.customerSync) {
    health['customer-sync'] = `http://127.0.0.1:${CUSTOMER_SYNC_HEALTH_PORT}`;
    processes.push(
      startService('customer-sync', {
        ...common,
        HEALTH_PORT: String(CUSTOMER_SYNC_HEALTH_PORT),
        CUSTOMER_SYNC_QUEUE_PREFIX: `promo-e2e-${process.pid}`,
        ...options.workerEnv,
      }),
    );
  }
  const stop = async () => {
    for (const service of processes) service.child.kill('SIGTERM');
    await Promise.all(processes.map((service) => service.exited));
    await database.drop();
  };
  try {
    await Promise.all([
      waitForStatus(`${SANDBOX}/health/ready`, 200),
      waitForStatus(`${GATEWAY}/health/ready`, 200),
      ...Object.values(health).map((url) => waitForStatus(`${url}/health/ready`, 200)),
    ]);
    const control = async (method: string, path: string, json?: unknown): Promise<Json> => {
      const answer = await call(`${SANDBOX}/control${path}`, { method, json });
      if (answer.status >= 300) throw new Error(`control ${path} -> ${answer.status} ${answer.text}`);
      return answer.body;
    };
    // The demo shop connects through the marketplace, then its manager saves the settings.
    await control('PATCH', '/retailcrm/accounts/demo', { rateLimit: 0 });
    const registered = await control('POST', '/retailcrm/accounts/demo/register', { moduleUrl: GATEWAY });
    if (registered.register.status !== 200)
      throw new Error(`register -> ${JSON.stringify(registered.register)}`);
    const clientId: string = registered.register.body.accountUrl.split('/').at(-1);
    const tabs = demoTabs(SANDBOX);
    for (const tab of ['access', 'mindbox', 'customers', 'orders', 'products', 'fields'] as const) {
      const saved = await call(`${GATEWAY}/api/v1/settings/${tab}`, {
        method: 'PUT',
        json: tabs[tab],
        clientId,
      });
      if (saved.status !== 200) throw new Error(`settings ${tab} -> ${saved.status} ${saved.text}`);
    }
    const embed = (action: string, payload: unknown, id = clientId): Promise<Answer> =>
      call(`${GATEWAY}/retailcrm/embed/${action}`, {
        form: { clientId: id, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) },
      });
    return { processes, promoLoyalty, health, databaseUrl: database.url, clientId, embed, control, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A database for the run, migrated; DATABASE_URL points at it for the rest of the test process
 * (the specs read it), and back when it is dropped.
 */
async function createRunDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const previous = process.env.DATABASE_URL as string;
  const name = `${prefix}${randomBytes(3).toString('hex')}`;
  const at = (database: string) => {
    const url = new URL(previous);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const url = at(name);
  await migrate(url);
  process.env.DATABASE_URL = url;
  return {
    url,
    async drop() {
      process.env.DATABASE_URL = previous;
      const admin = new DataSource({ type: 'postgres', url: at('postgres') });
      await admin.initialize();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
