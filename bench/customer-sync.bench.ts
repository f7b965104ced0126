/**
 * `npm run bench:customers`: customer-sync against the sandbox with its real rate limits on
 * (RetailCRM 10 requests a second per key; the Mindbox client keeps under 8,000 a minute per
 * operation), each as its own process built from this checkout, with the local Postgres (a
 * database of its own) and RabbitMQ.
 *
 * 1. Full load of BENCH_CUSTOMERS customers (default 3,000): customers per second against the
 *    bound the two APIs' limits allow, API calls per customer.
 * 2. Live changes: BENCH_LIVE_RATE manager edits a second (default 20) for BENCH_LIVE_SECONDS
 *    (default 60): time from the edit in the CRM to the Mindbox call, p50 / p95 / p99. With
 *    BENCH_LIVE_HOOK=1 each edit also calls the hook (SyncRequested).
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
import { SLOT_MARGIN } from '@app/common/rate-budget/rate-budget';
import { MINDBOX_DEFAULT_PER_SECOND } from '@app/mindbox/mindbox.constants';
import { AccountEntity, demoTabs, SecretBox, SettingsRepository } from '@app/settings';
import { cpuMs, freePort, memoryMiB } from './support/process-stats';
import { buildInto, mainOf, spawnBuilt } from './support/private-build';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 3_000);
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 20);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 60);
const LIVE_HOOK = process.env.BENCH_LIVE_HOOK === '1';
// A database and queues of the run's own, so that nothing else on the machine (tests, a demo,
// another bench) shares the worker's accounts or messages; both go when the bench ends.
const RUN = randomBytes(3).toString('hex');
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_cs_bench_${RUN}`;
const QUEUE_PREFIX = `customer-sync-bench-${RUN}`;
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
// Any key but the development one, which NODE_ENV=production refuses.
const ENCRYPTION_KEY = 'b1'.repeat(32);
const EXCHANGE = 'retailcrm-mindbox.events';
/** Mindbox: 8,000 calls a minute per operation; a customer needs "get existing" and one of import/edit. */
const MINDBOX_PER_OPERATION = 8_000 / 60;
/** RetailCRM: 10 requests a second, 100 customers a list page. */
const RETAILCRM_CUSTOMERS_PER_SECOND = 10 * 100;

interface Service {
  name: string;
  child: ChildProcess;
  output: string[];
}

// The request the sandbox logged, as far as the bench reads it.
interface Logged {
  seq: number;
  at: string;
  side: 'retailcrm' | 'mindbox';
  operation: string;
  status?: number;
  body?: { customer?: { ids?: Record<string, string>; firstName?: string } };
}

function start(name: string, out: string, app: string, env: Record<string, string>): Service {
  // BENCH_PROFILE_DIR: write a CPU profile of customer-sync there (for finding hot spots).
  const nodeOptions =
    process.env.BENCH_PROFILE_DIR && app === 'customer-sync'
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
  const child = spawnBuilt(out, mainOf(out, app), env, { nodeOptions });
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

/**
 * Reads the sandbox's request log as it grows (it keeps the last 50,000 requests), so that
 * nothing is missed however long the run.
 */
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

async function publish(routingKey: string, payload: Record<string, unknown>): Promise<void> {
  const connection = await connect(AMQP_URL);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    channel.publish(EXCHANGE, routingKey, Buffer.from(JSON.stringify(payload)), {
      messageId: randomUUID(),
      persistent: true,
      contentType: 'application/json',
      headers: { 'x-account-id': String(payload.accountId) },
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

async function storeAccount(
  dataSource: DataSource,
  sandbox: Sandbox,
  crm: { code: string; apiKey: string },
  endpointId: string,
) {
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
  const { confirmMobilePhone: _noSmsCode, ...operations } = tabs.customers.operations;
  await settings.saveTab('customers', {
    accountId: account.id,
    settings: { ...tabs.customers, syncWithoutOrders: true, operations },
  });
  await settings.saveTab('fields', { accountId: account.id, settings: tabs.fields });
  return account.id;
}

async function main(): Promise<void> {
  const services: Service[] = [];
  let dataSource: DataSource | undefined;
  try {
    process.stdout.write('building customer-sync and the sandbox...\n');
    const out = buildInto('customer-sync-bench', ['apps/customer-sync/src', 'apps/sandbox/src', 'libs']);

    await migrate(DATABASE_URL);
    dataSource = new DataSource(dataSourceOptions(DATABASE_URL));
    await dataSource.initialize();

    const sandboxPort = await freePort();
    const healthPort = await freePort();
    const sandbox = new Sandbox(`http://127.0.0.1:${sandboxPort}`);
    const sandboxProcess = start('sandbox', out, 'sandbox', {
      PORT: String(sandboxPort),
      SANDBOX_SEED: 'none',
      SANDBOX_PUBLIC_URL: sandbox.url,
      LOG_LEVEL: 'fatal',
    });
    services.push(sandboxProcess);
    await waitFor(`${sandbox.url}/health/live`);

    const code = `bench-${randomBytes(3).toString('hex')}`;
    const crm = await sandbox.call<{ apiKey: string }>('POST', '/control/retailcrm/accounts', {
      code,
      apiKey: `bench-key-${randomBytes(8).toString('hex')}`,
      sites: ['shop'],
    });
    const seedStarted = Date.now();
    await sandbox.call('POST', `/control/retailcrm/accounts/${code}/seed`, {
      customers: CUSTOMERS,
      orders: 0,
      seed: 11,
    });
    const endpointId = `bench-${randomBytes(3).toString('hex')}`;
    await sandbox.call('POST', '/control/mindbox/projects', { endpointId, secretKey: 'bench-secret' });
    const accountId = await storeAccount(dataSource, sandbox, { code, apiKey: crm.apiKey }, endpointId);
    process.stdout.write(`seeded ${CUSTOMERS} customers in ${Date.now() - seedStarted} ms\n`);

    const worker = start('customer-sync', out, 'customer-sync', {
      HEALTH_PORT: String(healthPort),
      DATABASE_URL,
      CUSTOMER_SYNC_QUEUE_PREFIX: QUEUE_PREFIX,
      AMQP_URL,
      NODE_ENV: 'production',
      SETTINGS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      ALLOW_PRIVATE_URLS: 'true',
      LOG_LEVEL: 'warn',
    });
    services.push(worker);
    await waitFor(`http://127.0.0.1:${healthPort}/health/ready`);
    await sleep(2_000);
    const memoryAtBoot = services.map(
      (service) => [service.name, memoryMiB(service.child.pid, 'VmRSS')] as const,
    );

    // 1. Full load.
    const tally = new RequestTally(sandbox);
    await tally.read();
    const fullLoadFrom = tally.last;
    const cpuBeforeLoad = cpuMs(worker.child.pid);
    await publish('account.settings-changed.v1', { accountId, tab: 'customers' });
    const loadStarted = Date.now();
    let run: { status: string; processed: number; started_at: Date; finished_at: Date | null } | undefined;
    // customer-sync's memory as the load grows: at every tenth of it, the peak so far and the
    // current resident size (flat means the worker's memory does not grow with the customers).
    const memoryAlongLoad: { processed: number; peakMiB: number; residentMiB: number }[] = [];
    for (;;) {
      await sleep(1_000);
      await tally.read();
      [run] = await dataSource.query(
        `SELECT status, processed, started_at, finished_at FROM customer_full_load WHERE account_id = $1`,
        [accountId],
      );
      const tenth = Math.max(1, Math.floor(CUSTOMERS / 10));
      if (run && run.processed >= tenth * (memoryAlongLoad.length + 1)) {
        memoryAlongLoad.push({
          processed: run.processed,
          peakMiB: memoryMiB(worker.child.pid),
          residentMiB: memoryMiB(worker.child.pid, 'VmRSS'),
        });
      }
      if (run?.status === 'done' || run?.status === 'failed') break;
      if (Date.now() - loadStarted > Math.max(600_000, CUSTOMERS * 60))
        throw new Error('the full load did not end');
    }
    await tally.read();
    const loadSeconds = (run!.finished_at!.getTime() - run!.started_at.getTime()) / 1000;
    const loadRequests = tally.since(fullLoadFrom);
    const perOperation = new Map<string, number>();
    for (const request of loadRequests) {
      const key = `${request.side} ${request.operation}`;
      perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
    }
    const rate = run!.processed / loadSeconds;
    const bound = Math.min(MINDBOX_PER_OPERATION, RETAILCRM_CUSTOMERS_PER_SECOND);
    const memoryAfterLoad = services.map((service) => [service.name, memoryMiB(service.child.pid)] as const);
    const loadCpuMs = cpuMs(worker.child.pid) - cpuBeforeLoad;

    // 2. Live changes.
    const liveFrom = tally.last;
    const changes = new Map<string, { customerId: number; at: number }>();
    const total = Math.round(LIVE_RATE * LIVE_SECONDS);
    const liveStarted = Date.now();
    const edits: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const due = liveStarted + (n * 1000) / LIVE_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const customerId = 1 + Math.floor(Math.random() * CUSTOMERS);
      const marker = `Live${n}x${randomBytes(3).toString('hex')}`;
      changes.set(marker, { customerId, at: Date.now() });
      edits.push(
        sandbox
          .call('PATCH', `/control/retailcrm/accounts/${code}/customers/${customerId}`, {
            customer: { firstName: marker },
          })
          .then(() =>
            LIVE_HOOK ? publish('sync.requested.v1', { accountId, entity: 'customers' }) : undefined,
          )
          .then(() => undefined),
      );
    }
    await Promise.all(edits);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await sleep(1_000);
      await tally.read();
      const seen = new Set(
        tally
          .since(liveFrom)
          .filter((r) => r.side === 'mindbox' && r.operation === 'Website.EditCustomer')
          .map((r) => r.body?.customer?.firstName),
      );
      if ([...changes.keys()].every((marker) => seen.has(marker))) break;
    }
    const latencies = liveLatencies(changes, tally.since(liveFrom));
    const liveRequests = tally.since(liveFrom);
    const memory = services.map((service) => [service.name, memoryMiB(service.child.pid)] as const);

    const figures = {
      customers: CUSTOMERS,
      fullLoad: {
        seconds: Math.round(loadSeconds * 10) / 10,
        customersPerSecond: Math.round(rate * 10) / 10,
        boundPerSecond: Math.round(bound * 10) / 10,
        /** What the Mindbox client allows itself: a quarter under Mindbox's limit (SLOT_MARGIN). */
        clientBudgetPerSecond: Math.round((MINDBOX_DEFAULT_PER_SECOND / SLOT_MARGIN) * 10) / 10,
        ratio: Math.round((rate / bound) * 100) / 100,
        /** customer-sync's CPU time per customer of the load (user + system). */
        cpuMsPerCustomer: Math.round((loadCpuMs / run!.processed) * 100) / 100,
        callsPerCustomer: Object.fromEntries(
          [...perOperation].map(([operation, count]) => [
            operation,
            Math.round((count / run!.processed) * 1000) / 1000,
          ]),
        ),
      },
      live: {
        rate: LIVE_RATE,
        seconds: LIVE_SECONDS,
        hook: LIVE_HOOK,
        changes: total,
        sentToMindbox: latencies.length,
        latencyMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
        },
        mindboxCalls: liveRequests.filter((r) => r.side === 'mindbox').length,
        retailcrmCalls: liveRequests.filter((r) => r.side === 'retailcrm').length,
      },
      memoryMiB: {
        afterBoot: Object.fromEntries(memoryAtBoot),
        peakAfterFullLoad: Object.fromEntries(memoryAfterLoad),
        peakAtEnd: Object.fromEntries(memory),
        customerSyncAlongLoad: memoryAlongLoad,
      },
    };

    console.log('\ncustomer-sync benchmark');
    console.log(
      `full load of ${CUSTOMERS} customers: ${figures.fullLoad.seconds} s, ${figures.fullLoad.customersPerSecond} customers/s`,
    );
    console.log(
      `  bound from the APIs' limits: ${figures.fullLoad.boundPerSecond} customers/s -> ratio ${figures.fullLoad.ratio}`,
    );
    console.log(`  customer-sync CPU: ${figures.fullLoad.cpuMsPerCustomer} ms per customer`);
    for (const [operation, perCustomer] of Object.entries(figures.fullLoad.callsPerCustomer)) {
      console.log(`  ${operation}: ${perCustomer} per customer`);
    }
    console.log(
      `live changes, ${LIVE_RATE}/s for ${LIVE_SECONDS} s${LIVE_HOOK ? ' with the hook' : ''}: ${latencies.length} of ${total} reached Mindbox; ` +
        `CRM change -> Mindbox call p50 ${figures.live.latencyMs.p50} ms, p95 ${figures.live.latencyMs.p95} ms, p99 ${figures.live.latencyMs.p99} ms`,
    );
    console.log(`  calls: Mindbox ${figures.live.mindboxCalls}, RetailCRM ${figures.live.retailcrmCalls}`);
    const boot = Object.fromEntries(memoryAtBoot);
    console.log(
      `peak memory (VmHWM): ${memory.map(([name, mib]) => `${name} ${mib} MiB (${boot[name]} MiB after boot)`).join(', ')}`,
    );
    console.log(
      `customer-sync along the load (processed: peak / resident MiB): ${memoryAlongLoad
        .map((m) => `${m.processed}: ${m.peakMiB} / ${m.residentMiB}`)
        .join(', ')}`,
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

/**
 * From each edit to the first Mindbox edit call that carried it. Edits of one customer within one
 * poll collapse into one call with the newest data: that call carries the older edits too.
 */
function liveLatencies(
  changes: Map<string, { customerId: number; at: number }>,
  requests: Logged[],
): number[] {
  const calls = requests
    .filter(
      (r) => r.side === 'mindbox' && r.operation === 'Website.EditCustomer' && r.body?.customer?.firstName,
    )
    .map((r) => ({ marker: r.body!.customer!.firstName!, at: Date.parse(r.at) }));
  const byCustomer = new Map<number, { marker: string; at: number }[]>();
  for (const [marker, change] of changes) {
    byCustomer.set(change.customerId, [
      ...(byCustomer.get(change.customerId) ?? []),
      { marker, at: change.at },
    ]);
  }
  const latencies: number[] = [];
  for (const edits of byCustomer.values()) {
    edits.sort((a, b) => a.at - b.at);
    edits.forEach((edit, index) => {
      const carriers = new Set(edits.slice(index).map((e) => e.marker));
      const call = calls.find((c) => carriers.has(c.marker));
      if (call) latencies.push(call.at - edit.at);
    });
  }
  return latencies.sort((a, b) => a - b);
}

/** Removes customer-sync's queues, so nothing piles up in them once the bench is over. */
async function deleteQueues(): Promise<void> {
  const connection = await connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (const queue of [`${QUEUE_PREFIX}.customer-changed`, `${QUEUE_PREFIX}.full-load`]) {
    for (const name of [
      queue,
      `${queue}.dlq`,
      ...[1000, 10000, 60000, 300000, 1800000].map((d) => `${queue}.retry.${d}`),
    ]) {
      await channel.deleteQueue(name).catch(() => undefined);
    }
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
