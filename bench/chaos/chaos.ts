/**
 * `npm run chaos`: fault injection against the whole path (issue 8, "Faults").
 *
 * customer-sync, order-processing and the sandbox run as processes built from this checkout, on a
 * RabbitMQ node and a Postgres cluster of the suite's own (started and stopped here; the shared
 * 5672 and 5432 are never touched). For each scenario a steady load of CHAOS_CUSTOMERS customer
 * edits and CHAOS_ORDERS order changes (default 300 each, spread over CHAOS_LOAD_SECONDS) flows
 * while one fault is made; then the sandbox's request log and Mindbox's state say whether every
 * change reached Mindbox, whether any Mindbox effect or CRM write-back happened twice, and how
 * long the catch-up took after the fault ended.
 *
 * - a customer change: a manager edits the customer's first name (a marker unique to the change);
 *   it reached Mindbox when Mindbox's customer holds the marker; doubled when two requests with
 *   different transactionIds carried it;
 * - an order change: a line's quantity of a committed order changes (begin + commit, then the new
 *   discount written back); reached when Mindbox's order is committed with that quantity; doubled
 *   when more than one committed Mindbox transaction carried it; the write-back is lost with no
 *   successful `orders/{id}/edit` after the change and doubled with more than one.
 *
 * Bounded: every wait has a deadline; figures go to bench/results/chaos.json.
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { AccountEntity, demoTabs, SecretBox, SettingsRepository } from '@app/settings';
import { buildInto, mainOf, spawnBuilt } from '../support/private-build';
import { AMQP_URL, DATABASE_URL, postgres, rabbitmq } from './infra';

const ROOT = join(__dirname, '..', '..');
const CUSTOMERS = Number(process.env.CHAOS_CUSTOMERS ?? 300);
const ORDERS = Number(process.env.CHAOS_ORDERS ?? 300);
const LOAD_SECONDS = Number(process.env.CHAOS_LOAD_SECONDS ?? 30);
/** The fault starts this long after the load. */
const FAULT_AT_MS = 10_000;
/** How long a scenario may take to settle after its fault ended. */
const SETTLE_MS = Number(process.env.CHAOS_SETTLE_SECONDS ?? 300) * 1000;
/** The suite skips the scenarios left once it has run this long. */
const SUITE_BUDGET_MS = Number(process.env.CHAOS_BUDGET_MINUTES ?? 27) * 60_000;
const ONLY = process.env.CHAOS_ONLY?.split(',');
const SANDBOX_PORT = 4700;
const CUSTOMER_SYNC_PORTS = [4711, 4712];
const ORDER_PROCESSING_PORTS = [4721, 4722];
const ENCRYPTION_KEY = 'c3'.repeat(32);
const EXCHANGE = 'retailcrm-mindbox.events';
const LOG_DIR = '/tmp/chaos-logs';
const RESULTS = join(ROOT, 'bench', 'results', 'chaos.json');
const BEGIN = 'Website.BeginAuthorizedOrderTransaction';
const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`;

interface Service {
  name: string;
  port: number;
  child: ChildProcess;
}

interface Logged {
  seq: number;
  at: string;
  side: 'retailcrm' | 'mindbox';
  operation: string;
  transactionId?: string;
  status?: number;
  body?: {
    customer?: { firstName?: string };
    order?: {
      ids?: Record<string, string>;
      lines?: { quantity: number }[];
      transaction?: { ids?: { externalId?: string } };
    };
  };
}

interface Change {
  kind: 'customer' | 'order';
  id: number;
  at: number;
  /** The first name (customer) or the line quantity (order) the change sets. */
  value: string | number;
}

interface Outcome {
  scenario: string;
  fault: string;
  changes: number;
  lost: { customers: number; orders: number; writeBacks: number };
  doubled: { customers: number; orders: number; writeBacks: number };
  /** From the end of the fault to the last change reaching Mindbox (and its write-back); null: some never did. */
  catchUpSeconds: number | null;
  /** The same for the customer edits alone and for the order changes (write-backs included) alone. */
  catchUpByKind: { customers: number | null; orders: number | null };
  /** How long the fault lasted, and from the start of the load to the last effect. */
  faultSeconds: number;
  doneAfterLoadStartSeconds: number | null;
  settled: boolean;
  notes: string[];
}

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const send = () =>
    fetch(`${SANDBOX}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let answer: Response;
  for (let attempt = 1; ; attempt++) {
    try {
      answer = await send();
      break;
    } catch (error) {
      // A keep-alive socket the sandbox closed as it was reused (a busy machine makes the race
      // likely): the suite's own idempotent calls are sent again; a POST is never repeated.
      if (method === 'POST' || attempt === 3) throw error;
      await sleep(100 * attempt);
    }
  }
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${path}: HTTP ${answer.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

function git(args: string[]): string {
  // Only the end is trimmed: a porcelain line starts with a space for a file changed but not staged.
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trimEnd();
}

let generation = 0;

function start(out: string, app: string, port: number, env: Record<string, string>): Service {
  const name = `${app}-${++generation}`;
  const log = createWriteStream(join(LOG_DIR, `${name}.log`));
  const child = spawnBuilt(out, mainOf(out, app), env);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return { name, port, child };
}

function startWorker(out: string, app: 'customer-sync' | 'order-processing', port: number): Service {
  return start(out, app, port, {
    HEALTH_PORT: String(port),
    DATABASE_URL,
    AMQP_URL,
    NODE_ENV: 'production',
    SETTINGS_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ALLOW_PRIVATE_URLS: 'true',
    LOG_LEVEL: 'warn',
  });
}

async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not come up`);
}

function stop(service: Service, signal: NodeJS.Signals, timeoutMs = 40_000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      service.child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    service.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    service.child.kill(signal);
  });
}

/** The sandbox's request log, read as it grows and kept whole (the sandbox keeps only the last 50,000). */
class RequestLog {
  readonly all: Logged[] = [];
  private seq = 0;

  async read(): Promise<void> {
    const { requests } = await call<{ requests: Logged[] }>('GET', `/control/requests?sinceSeq=${this.seq}`);
    for (const request of requests) {
      this.all.push({
        seq: request.seq,
        at: request.at,
        side: request.side,
        operation: request.operation,
        transactionId: request.transactionId,
        status: request.status,
        body: request.body,
      });
      this.seq = Math.max(this.seq, request.seq);
    }
  }

  get last(): number {
    return this.seq;
  }
}

/**
 * A request that reached the simulator: answered 200, or never answered because the client gave
 * up during an injected delay (the simulator still applies those, as a slow Mindbox would).
 */
const applied = (request: Logged) => request.status === 200 || request.status === undefined;
const writeBackOf = (request: Logged) => /^\/api\/v5\/orders\/(\d+)\/edit$/.exec(request.operation)?.[1];

async function storeAccount(dataSource: DataSource, code: string, apiKey: string, endpointId: string) {
  const secrets = new SecretBox(ENCRYPTION_KEY);
  const settings = new SettingsRepository(dataSource);
  const tabs = demoTabs(SANDBOX);
  const account = await settings.saveAccount(
    Object.assign(new AccountEntity(), {
      clientId: randomBytes(32).toString('hex'),
      retailcrmUrl: `${SANDBOX}/crm/${code}`,
      apiKeyEnc: secrets.encrypt(apiKey),
      sites: [],
      hookToken: randomBytes(16).toString('hex'),
      feedToken: randomBytes(16).toString('hex'),
      active: true,
      frozen: false,
    }),
  );
  await settings.saveTab('mindbox', {
    accountId: account.id,
    settings: { apiUrl: `${SANDBOX}/mindbox`, endpointId, brand: 'demo' },
    secretKeyEnc: secrets.encrypt('chaos-secret'),
  });
  // Every customer is synced, with or without orders, so that each edit of the load counts.
  await settings.saveTab('customers', {
    accountId: account.id,
    settings: { ...tabs.customers, syncWithoutOrders: true },
  });
  for (const tab of ['orders', 'products', 'fields'] as const) {
    await settings.saveTab(tab, { accountId: account.id, settings: tabs[tab] });
  }
  return account.id;
}

async function publish(routingKey: string, payload: Record<string, unknown>): Promise<void> {
  const connection = await connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  channel.publish(EXCHANGE, routingKey, Buffer.from(JSON.stringify(payload)), {
    messageId: randomUUID(),
    persistent: true,
    contentType: 'application/json',
    headers: { 'x-account-id': String(payload.accountId) },
  });
  await channel.waitForConfirms();
  await connection.close();
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(1_000);
  }
}

interface Stack {
  out: string;
  dataSource: DataSource;
  log: RequestLog;
  code: string;
  endpointId: string;
  workers: { 'customer-sync': Service; 'order-processing': Service };
  lineIds: Map<number, number>;
}

/** Starts a fresh instance of each worker on the other port, so old and new overlap as in a rollout. */
async function replaceWorkers(stack: Stack, mode: 'kill' | 'roll'): Promise<void> {
  for (const app of ['customer-sync', 'order-processing'] as const) {
    const old = stack.workers[app];
    const ports = app === 'customer-sync' ? CUSTOMER_SYNC_PORTS : ORDER_PROCESSING_PORTS;
    const port = ports.find((p) => p !== old.port)!;
    if (mode === 'kill') {
      await stop(old, 'SIGKILL');
      await sleep(2_000);
      stack.workers[app] = startWorker(stack.out, app, port);
      await waitFor(`http://127.0.0.1:${port}/health/ready`);
    } else {
      stack.workers[app] = startWorker(stack.out, app, port);
      await waitFor(`http://127.0.0.1:${port}/health/ready`);
      await stop(old, 'SIGTERM');
    }
  }
}

interface Scenario {
  name: string;
  fault: string;
  /** Makes the fault; resolves when it is over. */
  make: (stack: Stack) => Promise<void>;
}

const SCENARIOS: Scenario[] = [
  { name: 'baseline', fault: 'none', make: async () => undefined },
  {
    name: 'mindbox-503',
    fault: 'Mindbox answers 503 to every call for 60 s',
    make: async () => {
      await call('POST', '/control/faults', { side: 'mindbox', kind: 'status', status: 503, forMs: 60_000 });
      await sleep(60_000);
    },
  },
  {
    name: 'mindbox-timeout',
    fault: 'Mindbox answers every call after 20 s (past the client timeout of 15 s, yet applied) for 60 s',
    make: async () => {
      await call('POST', '/control/faults', {
        side: 'mindbox',
        kind: 'latency',
        latencyMs: 20_000,
        forMs: 60_000,
      });
      await sleep(80_000);
    },
  },
  {
    name: 'crm-rate-limited',
    fault: 'RetailCRM answers 503 "Rate limit exceeded" to every call for 60 s',
    make: async () => {
      await call('POST', '/control/faults', {
        side: 'retailcrm',
        kind: 'status',
        status: 503,
        forMs: 60_000,
      });
      await sleep(60_000);
    },
  },
  {
    name: 'rabbitmq-restart',
    fault: 'rabbitmqctl stop_app, 20 s, start_app (the suite’s own node)',
    make: async () => {
      await rabbitmq.stopApp();
      await sleep(20_000);
      await rabbitmq.startApp();
    },
  },
  {
    name: 'worker-sigkill',
    fault: 'customer-sync and order-processing killed with SIGKILL, started again 2 s later',
    make: (stack) => replaceWorkers(stack, 'kill'),
  },
  {
    name: 'postgres-restart',
    fault: 'pg_ctl restart -m fast (the suite’s own cluster)',
    make: async () => {
      await postgres.restart();
    },
  },
  {
    name: 'service-rolled',
    fault: 'each worker rolled: a new instance started, then the old one sent SIGTERM',
    make: (stack) => replaceWorkers(stack, 'roll'),
  },
];

const QUEUES = [
  'customer-sync.customer-changed',
  'customer-sync.full-load',
  'order-processing.order-changed',
];
const RETRY_DELAYS = [1000, 10000, 60000, 300000, 1800000];

/** Messages queued (ready or unacked) on the consumer queues and their retry queues, and parked. */
async function queued(): Promise<{ waiting: number; parked: number }> {
  const connection = await connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    let waiting = 0;
    let parked = 0;
    for (const queue of QUEUES) {
      for (const name of [queue, ...RETRY_DELAYS.map((d) => `${queue}.retry.${d}`)])
        waiting += (await channel.checkQueue(name)).messageCount;
      parked += (await channel.checkQueue(`${queue}.dlq`)).messageCount;
    }
    return { waiting, parked };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Outbox rows not yet published plus messages waiting in the broker (parked ones excluded). */
async function pendingWork(stack: Stack): Promise<number> {
  const [{ n }] = (await stack.dataSource.query(
    `SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL`,
  )) as { n: number }[];
  return n + (await queued()).waiting;
}

async function runScenario(stack: Stack, index: number, scenario: Scenario): Promise<Outcome> {
  const { log, code, endpointId } = stack;
  await log.read();
  const fromSeq = log.last;
  const { parked: parkedBefore } = await queued();
  const changes: Change[] = [];
  const quantity = 10 + index;
  const loadStarted = Date.now();
  let faultEnded = Number.POSITIVE_INFINITY;
  const notes: string[] = [];
  const fault = sleep(FAULT_AT_MS)
    .then(() => scenario.make(stack))
    .then(() => void (faultEnded = Date.now()));
  // Awaited after the load (and rethrown there); marked handled so that a failure meanwhile does
  // not end the process.
  fault.catch(() => undefined);

  // A steady load: customer edits and order changes interleaved, evenly over LOAD_SECONDS.
  const total = Math.max(CUSTOMERS, ORDERS);
  const edits: Promise<unknown>[] = [];
  // Caught at once: an edit failing while the load still runs must not end the process.
  const failedEdits: Error[] = [];
  const edit = (path: string, body: unknown) =>
    edits.push(call('PATCH', path, body).catch((error: Error) => void failedEdits.push(error)));
  for (let n = 0; n < total; n++) {
    const due = loadStarted + (n * LOAD_SECONDS * 1000) / total;
    if (due > Date.now()) await sleep(due - Date.now());
    if (n < CUSTOMERS) {
      const id = n + 1;
      const value = `Chaos${index}x${id}x${randomBytes(2).toString('hex')}`;
      changes.push({ kind: 'customer', id, at: Date.now(), value });
      edit(`/control/retailcrm/accounts/${code}/customers/${id}`, { customer: { firstName: value } });
    }
    if (n < ORDERS) {
      const id = [...stack.lineIds.keys()][n];
      changes.push({ kind: 'order', id, at: Date.now(), value: quantity });
      edit(`/control/retailcrm/accounts/${code}/orders/${id}`, {
        order: { items: [{ id: stack.lineIds.get(id), quantity }] },
      });
    }
  }
  await Promise.all(edits);
  await fault;
  if (failedEdits.length > 0) {
    throw new Error(
      `${failedEdits.length} edits of the load did not reach the CRM: ${failedEdits[0].message}`,
    );
  }
  process.stdout.write(`  ${scenario.name}: load and fault over, waiting for the catch-up\n`);

  // Settled: every change seen reaching Mindbox (and each order's write-back), nothing queued.
  const reachedAt = new Map<Change, number>();
  const writtenBack = new Map<number, number>();
  // The first applied Mindbox request carrying each change's marker: a customer's first name, or
  // an order id with a line quantity. Requests are indexed once, as the log grows.
  const firstCarrier = new Map<string, number>();
  const markerOf = (change: Change) =>
    change.kind === 'customer' ? `customer:${change.value}` : `order:${change.id}:${change.value}`;
  let indexed = log.all.findIndex((r) => r.seq > fromSeq);
  if (indexed < 0) indexed = log.all.length;
  let settled = false;
  const deadline = faultEnded + SETTLE_MS;
  while (Date.now() < deadline) {
    await log.read();
    for (; indexed < log.all.length; indexed++) {
      const request = log.all[indexed];
      const at = Date.parse(request.at);
      const orderId = writeBackOf(request);
      if (orderId && request.status === 200 && !writtenBack.has(Number(orderId)))
        writtenBack.set(Number(orderId), at);
      if (request.side !== 'mindbox' || !applied(request)) continue;
      const markers =
        request.operation === BEGIN
          ? (request.body?.order?.lines ?? []).map(
              (line) => `order:${request.body?.order?.ids?.retailcrmId}:${line.quantity}`,
            )
          : request.body?.customer?.firstName
            ? [`customer:${request.body.customer.firstName}`]
            : [];
      for (const marker of markers) if (!firstCarrier.has(marker)) firstCarrier.set(marker, at);
    }
    for (const change of changes) {
      const at = reachedAt.has(change) ? undefined : firstCarrier.get(markerOf(change));
      if (at !== undefined) reachedAt.set(change, at);
    }
    const ordersDone = changes.filter((c) => c.kind === 'order').every((c) => writtenBack.has(c.id));
    if (reachedAt.size === changes.length && ordersDone && (await pendingWork(stack)) === 0) {
      settled = true;
      break;
    }
    await sleep(2_000);
  }
  // A last look for late duplicates (a redelivery, a retry) before counting.
  await sleep(5_000);
  await log.read();
  const window = log.all.filter((r) => r.seq > fromSeq);

  let lostCustomers = 0;
  let doubledCustomers = 0;
  let lostOrders = 0;
  let doubledOrders = 0;
  let lostWriteBacks = 0;
  let doubledWriteBacks = 0;
  for (const change of changes) {
    if (change.kind === 'customer') {
      const customer = await call<{ firstName?: string }>(
        'GET',
        `/control/mindbox/projects/${endpointId}/customers/retailcrmId/${change.id}`,
      ).catch(() => undefined);
      if (customer?.firstName !== change.value) lostCustomers++;
      const ids = new Set(
        window
          .filter(
            (r) =>
              r.side === 'mindbox' &&
              r.transactionId &&
              applied(r) &&
              r.body?.customer?.firstName === change.value,
          )
          .map((r) => r.transactionId),
      );
      if (ids.size > 1) doubledCustomers++;
    } else {
      const order = await call<{
        status: string;
        lines: { quantity: number }[];
        transactions: { externalId: string; outcome: string }[];
      }>('GET', `/control/mindbox/projects/${endpointId}/orders/retailcrmId/${change.id}`).catch(
        () => undefined,
      );
      if (order?.status !== 'committed' || !order.lines.some((line) => line.quantity === change.value))
        lostOrders++;
      // Mindbox's own record: the committed transactions whose begin carried this change.
      const carriers = new Set(
        window
          .filter(
            (r) =>
              r.operation === BEGIN &&
              applied(r) &&
              r.body?.order?.ids?.retailcrmId === String(change.id) &&
              (r.body.order.lines ?? []).some((line) => line.quantity === change.value),
          )
          .map((r) => r.body?.order?.transaction?.ids?.externalId),
      );
      const committed = (order?.transactions ?? []).filter(
        (t) => t.outcome === 'committed' && carriers.has(t.externalId),
      ).length;
      if (committed > 1) doubledOrders++;
      const writeBacks = window.filter(
        (r) => r.side === 'retailcrm' && r.status === 200 && writeBackOf(r) === String(change.id),
      ).length;
      if (writeBacks === 0) lostWriteBacks++;
      if (writeBacks > 1) doubledWriteBacks++;
    }
  }
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  /** The time the last of these changes took effect, or null when one never did. */
  const lastEffect = (kind?: Change['kind']) => {
    const mine = changes.filter((c) => !kind || c.kind === kind);
    if (mine.some((c) => !reachedAt.has(c))) return null;
    const times = mine.map((c) => reachedAt.get(c)!);
    if (kind !== 'customer')
      times.push(...mine.filter((c) => c.kind === 'order').map((c) => writtenBack.get(c.id) ?? Infinity));
    return Math.max(...times);
  };
  const catchUp = (kind?: Change['kind']) => {
    const last = lastEffect(kind);
    return last === null || last === Infinity ? null : Math.max(0, seconds(last - faultEnded));
  };
  const catchUpSeconds = catchUp();
  const lastOfAll = lastEffect();
  const { parked } = await queued();
  if (parked > parkedBefore) notes.push(`${parked - parkedBefore} messages parked`);
  if (!settled)
    notes.push(
      `not settled ${SETTLE_MS / 1000} s after the fault (pending work ${await pendingWork(stack)})`,
    );
  await call('DELETE', '/control/faults');
  return {
    scenario: scenario.name,
    fault: scenario.fault,
    changes: changes.length,
    lost: { customers: lostCustomers, orders: lostOrders, writeBacks: lostWriteBacks },
    doubled: { customers: doubledCustomers, orders: doubledOrders, writeBacks: doubledWriteBacks },
    catchUpSeconds,
    catchUpByKind: { customers: catchUp('customer'), orders: catchUp('order') },
    faultSeconds: seconds(faultEnded - loadStarted - FAULT_AT_MS),
    doneAfterLoadStartSeconds:
      lastOfAll === null || lastOfAll === Infinity ? null : seconds(lastOfAll - loadStarted),
    settled,
    notes,
  };
}

async function setUp(out: string, dataSource: DataSource): Promise<Stack> {
  const crm = await call<{ apiKey: string }>('POST', '/control/retailcrm/accounts', {
    code: 'chaos',
    apiKey: `chaos-key-${randomBytes(8).toString('hex')}`,
    sites: ['shop'],
  });
  for (const [field, type] of [
    ['mindbox_discount', 'integer'],
    ['mindbox_promo_code', 'string'],
  ]) {
    const answer = await fetch(`${SANDBOX}/crm/chaos/api/v5/custom-fields/order/create`, {
      method: 'POST',
      headers: { 'x-api-key': crm.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ customField: JSON.stringify({ code: field, name: field, type }) }),
    });
    if (!answer.ok) throw new Error(`custom field ${field}: HTTP ${answer.status}`);
  }
  await call('POST', '/control/retailcrm/accounts/chaos/seed', { customers: CUSTOMERS, orders: 0, seed: 8 });
  const endpointId = 'chaos';
  await call('POST', '/control/mindbox/projects', { endpointId, secretKey: 'chaos-secret' });
  await call('POST', `/control/mindbox/projects/${endpointId}/promotions`, {
    kind: 'percent',
    value: 10,
    externalId: 'auto-10',
  });
  const accountId = await storeAccount(dataSource, 'chaos', crm.apiKey, endpointId);

  const workers = {
    'customer-sync': startWorker(out, 'customer-sync', CUSTOMER_SYNC_PORTS[0]),
    'order-processing': startWorker(out, 'order-processing', ORDER_PROCESSING_PORTS[0]),
  };
  await waitFor(`http://127.0.0.1:${CUSTOMER_SYNC_PORTS[0]}/health/ready`);
  await waitFor(`http://127.0.0.1:${ORDER_PROCESSING_PORTS[0]}/health/ready`);
  await until('order-processing first poll', 60_000, async () => {
    const [state] = await dataSource.query(
      `SELECT last_poll_at FROM order_sync_state WHERE account_id = $1`,
      [accountId],
    );
    return Boolean(state?.last_poll_at);
  });

  // Customers: the full load puts them all in Mindbox.
  await publish('account.settings-changed.v1', { accountId, tab: 'customers' });
  await until('customer full load', 600_000, async () => {
    const [run] = await dataSource.query(`SELECT status FROM customer_full_load WHERE account_id = $1`, [
      accountId,
    ]);
    if (run?.status === 'failed') throw new Error('the full load failed');
    return run?.status === 'done';
  });

  // Orders: created complete, so each is begun and committed in Mindbox once.
  const lineIds = new Map<number, number>();
  for (let n = 0; n < ORDERS; n += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, ORDERS - n) }, (_, i) =>
        call<{ id: number; items: { id: number }[] }>('POST', '/control/retailcrm/accounts/chaos/orders', {
          order: {
            status: 'complete',
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
    for (const order of batch) {
      const view = order.items?.length
        ? order
        : await call<{ id: number; items: { id: number }[] }>(
            'GET',
            `/control/retailcrm/accounts/chaos/orders/${order.id}`,
          );
      lineIds.set(view.id, view.items[0].id);
    }
  }
  // At the CRM's 10 requests a second an order takes about 0.3 s; a deadline that grows with them.
  await until('orders committed in Mindbox', Math.max(600_000, ORDERS * 600), async () => {
    const [{ n }] = await dataSource.query(
      `SELECT count(DISTINCT crm_id)::int AS n FROM order_sync_journal WHERE account_id = $1 AND operation = 'transaction' AND outcome = 'synced'`,
      [accountId],
    );
    return n >= ORDERS;
  });
  const log = new RequestLog();
  const stack: Stack = { out, dataSource, log, code: 'chaos', endpointId, workers, lineIds };
  await until('setup settled', 300_000, async () => (await pendingWork(stack)) === 0);
  return stack;
}

function table(outcomes: Outcome[]): string {
  const rows = outcomes.map((o) => [
    o.scenario,
    String(o.changes),
    `${o.lost.customers + o.lost.orders + o.lost.writeBacks}`,
    `${o.doubled.customers + o.doubled.orders + o.doubled.writeBacks}`,
    o.catchUpSeconds === null ? 'did not catch up' : `${o.catchUpSeconds} s`,
    `${o.faultSeconds} s`,
    `${o.catchUpByKind.customers ?? '-'} s / ${o.catchUpByKind.orders ?? '-'} s`,
  ]);
  const header = [
    'scenario',
    'changes',
    'lost',
    'doubled',
    'catch-up time',
    'fault lasted',
    'catch-up customers / orders',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  // What is built: the commit and the files that differ from it (others' work in progress included).
  const built = {
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommitted: git(['status', '--porcelain', '--untracked-files=no'])
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3)),
  };
  mkdirSync(LOG_DIR, { recursive: true });
  let dataSource: DataSource | undefined;
  let stack: Stack | undefined;
  let sandbox: Service | undefined;
  const outcomes: Outcome[] = [];
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      for (const service of [stack?.workers['customer-sync'], stack?.workers['order-processing'], sandbox]) {
        if (service) await stop(service, 'SIGTERM');
      }
      await dataSource?.destroy().catch(() => undefined);
      await rabbitmq.stop();
      await postgres.stop();
    })());
  // Interrupted: the processes, the node and the cluster still go.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    process.stdout.write('starting the suite’s own Postgres (5440) and RabbitMQ (5680)...\n');
    await postgres.start();
    await rabbitmq.start();
    process.stdout.write('building customer-sync, order-processing and the sandbox...\n');
    const out = buildInto('chaos-build', [
      'apps/customer-sync/src',
      'apps/order-processing/src',
      'apps/sandbox/src',
      'libs',
    ]);
    await migrate(DATABASE_URL);
    dataSource = new DataSource(dataSourceOptions(DATABASE_URL));
    await dataSource.initialize();
    sandbox = start(out, 'sandbox', SANDBOX_PORT, {
      PORT: String(SANDBOX_PORT),
      SANDBOX_SEED: 'none',
      SANDBOX_PUBLIC_URL: SANDBOX,
      LOG_LEVEL: 'fatal',
    });
    await waitFor(`${SANDBOX}/health/live`);
    process.stdout.write(`setting up ${CUSTOMERS} customers and ${ORDERS} committed orders...\n`);
    stack = await setUp(out, dataSource);

    for (const [index, scenario] of SCENARIOS.entries()) {
      if (ONLY && !ONLY.includes(scenario.name)) continue;
      if (Date.now() - started > SUITE_BUDGET_MS) {
        process.stdout.write(`  ${scenario.name}: skipped, the suite is past its time budget\n`);
        continue;
      }
      process.stdout.write(`scenario ${scenario.name}: ${scenario.fault}\n`);
      const outcome = await runScenario(stack, index, scenario);
      outcomes.push(outcome);
      process.stdout.write(`  ${JSON.stringify(outcome)}\n`);
    }
  } finally {
    await cleanUp();
    if (outcomes.length > 0) {
      const figures = {
        measuredAt: new Date().toISOString(),
        command: [
          ...Object.entries(process.env)
            .filter(([name]) => name.startsWith('CHAOS_'))
            .map(([name, value]) => `${name}=${value}`),
          'npm run chaos',
        ].join(' '),
        ...built,
        load: {
          customers: CUSTOMERS,
          orders: ORDERS,
          seconds: LOAD_SECONDS,
          faultAfterSeconds: FAULT_AT_MS / 1000,
        },
        suiteSeconds: Math.round((Date.now() - started) / 1000),
        scenarios: outcomes,
      };
      writeFileSync(RESULTS, `${JSON.stringify(figures, null, 2)}\n`);
      process.stdout.write(`\n${table(outcomes)}\n\nfigures in ${RESULTS}; service logs in ${LOG_DIR}\n`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
