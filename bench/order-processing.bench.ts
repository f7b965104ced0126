/**
 * `npm run bench:orders`: order-processing against the sandbox with its real rate limits on
 * (RetailCRM 10 requests a second per key; the Mindbox client keeps under 8,000 a minute per
 * operation), each as its own process built from this checkout, with the local Postgres (a
 * database of its own) and RabbitMQ.
 *
 * 1. Throughput: BENCH_ORDERS orders (default 1,000) created by managers in a "calculate" status
 *    (calculate + write-back), then all moved to a "begin + commit" status (begin + commit):
 *    orders per second of each phase and of the whole, against the bound the two APIs' limits
 *    allow; Mindbox and CRM calls per order change.
 * 2. Live changes: BENCH_LIVE_RATE order changes a second (default 10) for BENCH_LIVE_SECONDS
 *    (default 60) on committed orders: time from the change in the CRM to the Mindbox call that
 *    carries it, p50 / p95 / p99. BENCH_LIVE_EDIT=delivery (default) changes the delivery cost
 *    (begin + commit, prices unchanged, nothing to write back); =quantity changes a line's
 *    quantity (begin + commit + a write-back of the discount sum each time). With BENCH_LIVE_HOOK=1
 *    each change also calls the orders hook (SyncRequested), as a shop's trigger would.
 * 3. Peak memory (VmHWM) of each process.
 *
 * Bounded: it stops by itself, and the counts are parameters.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { AccountEntity, demoTabs, SecretBox, SettingsRepository } from '@app/settings';
import { cpuMs, freePort, memoryMiB } from './support/process-stats';
import { buildInto, mainOf, spawnBuilt } from './support/private-build';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000);
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 10);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 60);
const LIVE_EDIT = process.env.BENCH_LIVE_EDIT === 'quantity' ? 'quantity' : 'delivery';
const LIVE_HOOK = process.env.BENCH_LIVE_HOOK === '1';
const RUN = randomBytes(3).toString('hex');
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
const DATABASE_URL = (() => {
  const url = new URL(BASE_URL);
  url.pathname = `${url.pathname}_op_bench_${RUN}`;
  return url.toString();
})();
const QUEUE_PREFIX = `order-processing-bench-${RUN}`;
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const ENCRYPTION_KEY = 'b2'.repeat(32);
const EXCHANGE = 'retailcrm-mindbox.events';
/** Mindbox: 8,000 calls a minute per operation. */
const MINDBOX_PER_OPERATION = 8_000 / 60;
/** RetailCRM: 10 requests a second per key. */
const RETAILCRM_PER_SECOND = 10;
const CALCULATE = 'Website.CalculateAuthorizedCart';
const BEGIN = 'Website.BeginAuthorizedOrderTransaction';
const COMMIT = 'Website.CommitOrderTransaction';

interface Service {
  name: string;
  child: ChildProcess;
  output: string[];
}

interface Logged {
  seq: number;
  at: string;
  side: 'retailcrm' | 'mindbox';
  operation: string;
  status?: number;
  body?: { order?: { ids?: Record<string, string>; deliveryCost?: number; lines?: { quantity: number }[] } };
}

function start(name: string, out: string, app: string, env: Record<string, string>): Service {
  const child = spawnBuilt(out, mainOf(out, app), env);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, output };
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function json<T>(response: Promise<Response>): Promise<T> {
  const answer = await response;
  const text = await answer.text();
  if (!answer.ok) throw new Error(`HTTP ${answer.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

class Sandbox {
  constructor(readonly url: string) {}

  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    return json<T>(
      fetch(`${this.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  }
}

/** Reads the sandbox's request log as it grows. */
class RequestTally {
  private seq = 0;
  readonly all: Logged[] = [];

  constructor(private readonly sandbox: Sandbox) {}

  async read(): Promise<void> {
    const { requests } = await this.sandbox.call<{ requests: Logged[] }>(
      'GET',
      `/control/requests?sinceSeq=${this.seq}`,
    );
    for (const request of requests) {
      this.all.push({
        seq: request.seq,
        at: request.at,
        side: request.side,
        operation: request.operation,
        status: request.status,
        body: request.body,
      });
      this.seq = Math.max(this.seq, request.seq);
    }
  }

  since(seq: number): Logged[] {
    return this.all.filter((request) => request.seq > seq);
  }

  get last(): number {
    return this.seq;
  }
}

/** Publishes one message as the gateway would (the hook's SyncRequested). */
async function publisher(): Promise<{
  publish: (routingKey: string, payload: Record<string, unknown>) => Promise<void>;
  close: () => Promise<void>;
}> {
  const connection = await connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
  return {
    publish: async (routingKey, payload) => {
      channel.publish(EXCHANGE, routingKey, Buffer.from(JSON.stringify(payload)), {
        messageId: randomUUID(),
        persistent: true,
        contentType: 'application/json',
        headers: { 'x-account-id': String(payload.accountId) },
      });
      await channel.waitForConfirms();
    },
    close: () => connection.close(),
  };
}

async function storeAccount(
  dataSource: DataSource,
  sandbox: Sandbox,
  crm: { code: string; apiKey: string },
  endpointId: string,
): Promise<string> {
  const secrets = new SecretBox(ENCRYPTION_KEY);
  const settings = new SettingsRepository(dataSource);
  const tabs = demoTabs(sandbox.url);
  const account = await settings.saveAccount(
    Object.assign(new AccountEntity(), {
      clientId: randomBytes(32).toString('hex'),
      retailcrmUrl: `${sandbox.url}/crm/${crm.code}`,
      apiKeyEnc: secrets.encrypt(crm.apiKey),
      sites: [],
      hookToken: randomBytes(16).toString('hex'),
      feedToken: randomBytes(16).toString('hex'),
      active: true,
      frozen: false,
    }),
  );
  await settings.saveTab('mindbox', {
    accountId: account.id,
    settings: { apiUrl: `${sandbox.url}/mindbox`, endpointId, brand: 'demo' },
    secretKeyEnc: secrets.encrypt('bench-secret'),
  });
  for (const tab of ['customers', 'orders', 'products', 'fields'] as const) {
    await settings.saveTab(tab, { accountId: account.id, settings: tabs[tab] });
  }
  return account.id;
}

/** Counts per `side operation` (CRM edits named by their path pattern), divided by `per`. */
function callsPer(requests: Logged[], per: number): Record<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const operation = request.operation.replace(/\/\d+(?=\/|$)/, '/{id}');
    const key = `${request.side} ${operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries(
    [...counts].map(([key, count]) => [key, Math.round((count / per) * 1000) / 1000]),
  );
}

async function main(): Promise<void> {
  const services: Service[] = [];
  let dataSource: DataSource | undefined;
  try {
    process.stdout.write('building order-processing and the sandbox...\n');
    const out = buildInto('order-processing-bench', [
      'apps/order-processing/src',
      'apps/sandbox/src',
      'libs',
    ]);

    await migrate(DATABASE_URL);
    dataSource = new DataSource(dataSourceOptions(DATABASE_URL));
    await dataSource.initialize();

    const sandboxPort = await freePort();
    const healthPort = await freePort();
    const sandbox = new Sandbox(`http://127.0.0.1:${sandboxPort}`);
    services.push(
      start('sandbox', out, 'sandbox', {
        PORT: String(sandboxPort),
        SANDBOX_SEED: 'none',
        SANDBOX_PUBLIC_URL: sandbox.url,
        LOG_LEVEL: 'fatal',
      }),
    );
    await waitFor(`${sandbox.url}/health/live`);

    const code = `bench-${randomBytes(3).toString('hex')}`;
    const crm = await sandbox.call<{ apiKey: string }>('POST', '/control/retailcrm/accounts', {
      code,
      apiKey: `bench-key-${randomBytes(8).toString('hex')}`,
      sites: ['shop'],
    });
    for (const [field, type] of [
      ['mindbox_discount', 'integer'],
      ['mindbox_promo_code', 'string'],
    ]) {
      await json(
        fetch(`${sandbox.url}/crm/${code}/api/v5/custom-fields/order/create`, {
          method: 'POST',
          headers: { 'x-api-key': crm.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ customField: JSON.stringify({ code: field, name: field, type }) }),
        }),
      );
    }
    const endpointId = `bench-${randomBytes(3).toString('hex')}`;
    await sandbox.call('POST', '/control/mindbox/projects', { endpointId, secretKey: 'bench-secret' });
    await sandbox.call('POST', `/control/mindbox/projects/${endpointId}/promotions`, {
      kind: 'percent',
      value: 10,
      externalId: 'auto-10',
    });
    const accountId = await storeAccount(dataSource, sandbox, { code, apiKey: crm.apiKey }, endpointId);

    const worker = start('order-processing', out, 'order-processing', {
      HEALTH_PORT: String(healthPort),
      DATABASE_URL,
      ORDER_PROCESSING_QUEUE_PREFIX: QUEUE_PREFIX,
      AMQP_URL,
      NODE_ENV: 'production',
      SETTINGS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      ALLOW_PRIVATE_URLS: 'true',
      LOG_LEVEL: 'warn',
    });
    services.push(worker);
    await waitFor(`http://127.0.0.1:${healthPort}/health/ready`);
    // The poller sets its cursor at the history's end on its first pass.
    for (let i = 0; i < 100; i++) {
      const [state] = await dataSource.query(
        `SELECT last_poll_at FROM order_sync_state WHERE account_id = $1`,
        [accountId],
      );
      if (state?.last_poll_at) break;
      await sleep(200);
    }
    const memoryAtBoot = services.map(
      (service) => [service.name, memoryMiB(service.child.pid, 'VmRSS')] as const,
    );
    const tally = new RequestTally(sandbox);
    await tally.read();

    const cpuBefore = cpuMs(worker.child.pid);
    // 1a. Orders created in "new": calculate + write-back.
    const orderIds: number[] = [];
    const journalCount = (operation: string) =>
      dataSource!
        .query(
          `SELECT count(DISTINCT crm_id)::int AS n, max(at) AS last FROM order_sync_journal WHERE account_id = $1 AND operation = $2 AND outcome = 'synced'`,
          [accountId, operation],
        )
        .then((rows: { n: number; last: Date | null }[]) => rows[0]);
    const waitAll = async (operation: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { n, last } = await journalCount(operation);
        if (n >= ORDERS) return last as Date;
        if (Date.now() > deadline) throw new Error(`only ${n} of ${ORDERS} orders reached ${operation}`);
        await sleep(500);
      }
    };
    const fromA = tally.last;
    const startA = Date.now();
    for (let n = 0; n < ORDERS; n += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, ORDERS - n) }, (_, i) =>
          sandbox.call<{ id: number }>('POST', `/control/retailcrm/accounts/${code}/orders`, {
            order: {
              status: 'new',
              orderMethod: 'phone',
              firstName: `Buyer${n + i}`,
              items: [
                { offer: { externalId: `offer-${1000 + ((n + i) % 10)}` }, quantity: 1 + ((n + i) % 3) },
                { offer: { externalId: `offer-${1010 + ((n + i) % 10)}` }, quantity: 1 },
              ],
              delivery: { cost: 300 },
            },
          }),
        ),
      );
      orderIds.push(...batch.map((order) => order.id));
    }
    const endA = (await waitAll('calculate', Math.max(600_000, ORDERS * 1_000))).getTime();
    await tally.read();
    const requestsA = tally.since(fromA);

    // 1b. The same orders moved to "complete": begin + commit.
    const fromB = tally.last;
    const startB = Date.now();
    for (let n = 0; n < orderIds.length; n += 20) {
      await Promise.all(
        orderIds.slice(n, n + 20).map((id) =>
          sandbox.call('PATCH', `/control/retailcrm/accounts/${code}/orders/${id}`, {
            order: { status: 'complete' },
          }),
        ),
      );
    }
    const endB = (await waitAll('transaction', Math.max(600_000, ORDERS * 1_000))).getTime();
    await tally.read();
    const requestsB = tally.since(fromB);
    const memoryAfterLoad = services.map((service) => [service.name, memoryMiB(service.child.pid)] as const);
    const loadCpuMs = cpuMs(worker.child.pid) - cpuBefore;

    const secondsA = (endA - startA) / 1000;
    const secondsB = (endB - startB) / 1000;
    const crmPerOrderA = requestsA.filter((r) => r.side === 'retailcrm').length / ORDERS;
    const crmPerOrderB = requestsB.filter((r) => r.side === 'retailcrm').length / ORDERS;
    // What the limits allow: the CRM's 10 a second over its calls per order, Mindbox's 133 a
    // second per operation (one call of each operation per order).
    const boundA = Math.min(RETAILCRM_PER_SECOND / crmPerOrderA, MINDBOX_PER_OPERATION);
    const boundB = Math.min(RETAILCRM_PER_SECOND / crmPerOrderB, MINDBOX_PER_OPERATION);
    const boundAll = 1 / (1 / boundA + 1 / boundB);
    const rateAll = ORDERS / (secondsA + secondsB);

    // 2. Live changes on committed orders.
    const liveFrom = tally.last;
    const total = Math.round(LIVE_RATE * LIVE_SECONDS);
    const changes: { orderId: number; at: number; value: number }[] = [];
    const liveStarted = Date.now();
    const edits: Promise<unknown>[] = [];
    const items = new Map<number, number>();
    const hook = LIVE_HOOK ? await publisher() : undefined;
    for (let n = 0; n < total; n++) {
      const due = liveStarted + (n * 1000) / LIVE_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const orderId = orderIds[n % orderIds.length];
      const value = LIVE_EDIT === 'delivery' ? 400 + n : 4 + (n % 5);
      changes.push({ orderId, at: Date.now(), value });
      let order: Record<string, unknown>;
      if (LIVE_EDIT === 'delivery') order = { delivery: { cost: value } };
      else {
        if (!items.has(orderId)) {
          const view = await sandbox.call<{ items: { id: number }[] }>(
            'GET',
            `/control/retailcrm/accounts/${code}/orders/${orderId}`,
          );
          items.set(orderId, view.items[0].id);
        }
        order = { items: [{ id: items.get(orderId), quantity: value }] };
      }
      edits.push(
        sandbox
          .call('PATCH', `/control/retailcrm/accounts/${code}/orders/${orderId}`, { order })
          .then(() => hook?.publish('sync.requested.v1', { accountId, entity: 'orders' })),
      );
    }
    await Promise.all(edits);
    await hook?.close();
    const latencies: number[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      await sleep(1_000);
      await tally.read();
      latencies.length = 0;
      const begins = tally
        .since(liveFrom)
        .filter((r) => r.side === 'mindbox' && r.operation === BEGIN && r.status === 200);
      for (const change of changes) {
        const carrier = begins.find(
          (r) =>
            r.body?.order?.ids?.retailcrmId === String(change.orderId) &&
            Date.parse(r.at) >= change.at &&
            (LIVE_EDIT === 'delivery'
              ? r.body.order.deliveryCost === change.value
              : r.body.order.lines?.some((line) => line.quantity === change.value)),
        );
        if (carrier) latencies.push(Date.parse(carrier.at) - change.at);
      }
      if (latencies.length >= total) break;
    }
    latencies.sort((a, b) => a - b);
    const liveRequests = tally.since(liveFrom);
    const memory = services.map((service) => [service.name, memoryMiB(service.child.pid)] as const);

    const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
    const figures = {
      orders: ORDERS,
      calculatePhase: {
        seconds: round(secondsA),
        ordersPerSecond: round(ORDERS / secondsA),
        boundPerSecond: round(boundA),
        callsPerOrder: callsPer(requestsA, ORDERS),
      },
      transactionPhase: {
        seconds: round(secondsB),
        ordersPerSecond: round(ORDERS / secondsB),
        boundPerSecond: round(boundB),
        callsPerOrder: callsPer(requestsB, ORDERS),
      },
      whole: {
        ordersPerSecond: round(rateAll),
        boundPerSecond: round(boundAll),
        ratio: round(rateAll / boundAll, 2),
        /** order-processing's CPU time per order over both phases (user + system). */
        cpuMsPerOrder: round(loadCpuMs / ORDERS, 2),
      },
      live: {
        rate: LIVE_RATE,
        seconds: LIVE_SECONDS,
        edit: LIVE_EDIT,
        hook: LIVE_HOOK,
        changes: total,
        reachedMindbox: latencies.length,
        latencyMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
        },
        callsPerChange: callsPer(liveRequests, total),
      },
      memoryMiB: {
        afterBoot: Object.fromEntries(memoryAtBoot),
        peakAfterThroughput: Object.fromEntries(memoryAfterLoad),
        peakAtEnd: Object.fromEntries(memory),
      },
    };
    const mindboxOk = (requests: Logged[], operation: string) =>
      requests.filter((r) => r.operation === operation && r.status === 200).length;

    console.log('\norder-processing benchmark');
    console.log(
      `${ORDERS} orders created in "new" (calculate + write-back): ${figures.calculatePhase.seconds} s, ` +
        `${figures.calculatePhase.ordersPerSecond} orders/s, bound ${figures.calculatePhase.boundPerSecond}/s; ` +
        `calculates ${mindboxOk(requestsA, CALCULATE)}`,
    );
    console.log(
      `the same orders moved to "complete" (begin + commit): ${figures.transactionPhase.seconds} s, ` +
        `${figures.transactionPhase.ordersPerSecond} orders/s, bound ${figures.transactionPhase.boundPerSecond}/s; ` +
        `begins ${mindboxOk(requestsB, BEGIN)}, commits ${mindboxOk(requestsB, COMMIT)}`,
    );
    console.log(
      `calculate + begin + commit + write-back: ${figures.whole.ordersPerSecond} orders/s of the ${figures.whole.boundPerSecond}/s the limits allow -> ratio ${figures.whole.ratio}; order-processing CPU ${figures.whole.cpuMsPerOrder} ms per order`,
    );
    console.log(
      `live changes (${LIVE_EDIT}${LIVE_HOOK ? ', hook called' : ''}), ${LIVE_RATE}/s for ${LIVE_SECONDS} s: ${latencies.length} of ${total} reached Mindbox; ` +
        `CRM change -> Mindbox begin p50 ${figures.live.latencyMs.p50} ms, p95 ${figures.live.latencyMs.p95} ms, p99 ${figures.live.latencyMs.p99} ms`,
    );
    const boot = Object.fromEntries(memoryAtBoot);
    console.log(
      `peak memory (VmHWM): ${memory.map(([name, mib]) => `${name} ${mib} MiB (${boot[name]} MiB after boot)`).join(', ')}`,
    );
    console.log(JSON.stringify(figures));
  } catch (error) {
    for (const service of services) {
      console.error(`--- last output of ${service.name}:\n${service.output.join('').slice(-4000)}`);
    }
    throw error;
  } finally {
    for (const service of services.reverse()) {
      service.child.kill('SIGTERM');
      await new Promise((resolve) => service.child.once('exit', resolve)).catch(() => undefined);
    }
    await dataSource?.destroy();
    await deleteQueues();
    await dropDatabase();
  }
}

/** Removes order-processing's queues, so nothing piles up in them once the bench is over. */
async function deleteQueues(): Promise<void> {
  const connection = await connect(AMQP_URL);
  const channel = await connection.createChannel();
  const queue = `${QUEUE_PREFIX}.order-changed`;
  for (const name of [
    queue,
    `${queue}.dlq`,
    ...[1000, 10000, 60000, 300000, 1800000].map((d) => `${queue}.retry.${d}`),
  ]) {
    await channel.deleteQueue(name).catch(() => undefined);
  }
  await connection.close().catch(() => undefined);
}

async function dropDatabase(): Promise<void> {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: url.toString() });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.destroy();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
