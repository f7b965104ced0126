/**
 * Gateway intake: how many hook calls and order-card calls a second the built gateway takes with
 * its p99 under 20 ms, as a ratio to a bare NestJS app (one route answering 202) started on the
 * same machine in the same run. The gateway runs as in production (own process, Postgres, RabbitMQ,
 * promo-loyalty and the sandbox's Mindbox behind the order card).
 *
 * Card calls are spread over BENCH_INTAKE_SHOPS shops (default 16), each with a Mindbox project of
 * its own: the Mindbox client keeps one shop at about 100 calls a second per operation (Mindbox's
 * 8,000 a minute, less a quarter), so calls of one shop queue behind that budget and measure
 * Mindbox's limit, not the gateway. One target keeps a single shop to show that limit.
 * BENCH_INTAKE_PROFILE=<dir> makes each service write a V8 CPU profile there.
 *
 * Load is stepped (1, 2, 4 … BENCH_INTAKE_MAX_CONNECTIONS connections, BENCH_INTAKE_SECONDS each,
 * default 5) with autocannon; a target's figure is the best throughput of a step whose p99 stayed
 * under 20 ms. Needs `npm run build` first; writes bench/results/gateway-intake.json.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { demoTabs } from '@app/settings';
import { freePort } from './support/process-stats';

const ROOT = join(__dirname, '..');
const RUN = randomBytes(3).toString('hex');
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_intake_bench_${RUN}`;
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 5);
const MAX_CONNECTIONS = Number(process.env.BENCH_INTAKE_MAX_CONNECTIONS ?? 32);
const P99_LIMIT_MS = 20;
/** Shops the card calls are spread over. */
const SHOPS = Number(process.env.BENCH_INTAKE_SHOPS ?? 16);

interface Step {
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface TargetResult {
  target: string;
  best: Step | null;
  steps: Step[];
}

interface Shop {
  code: string;
  clientId: string;
}

const processes: ChildProcess[] = [];

/** BENCH_INTAKE_PROFILE=<dir>: each service writes a V8 CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_INTAKE_PROFILE;

function start(args: string[], env: Record<string, string>): ChildProcess {
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', DATABASE_URL, AMQP_URL, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  processes.push(child);
  return child;
}

async function ready(url: string): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`${url} did not get ready`);
}

async function json(url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${url} -> ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Connects shop `n`: the sandbox's demo shop first, then shops of their own (a CRM account and a
 * Mindbox project seeded like the demo's: WELCOME10, customers 1…50 with points). Each registers
 * through the marketplace callback and saves the six tabs through the settings API.
 */
async function connectShop(gatewayUrl: string, sandboxUrl: string, n: number): Promise<Shop> {
  const post = (path: string, body: unknown, method = 'POST') =>
    json(`${sandboxUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const tabs = demoTabs(sandboxUrl);
  const code = n === 0 ? 'demo' : `bench-${n}`;
  if (n > 0) {
    const apiKey = `bench-key-${n}-${RUN}`;
    await post('/control/retailcrm/accounts', { code, apiKey, sites: tabs.access.sites });
    tabs.access = { ...tabs.access, retailcrmUrl: `${sandboxUrl}/crm/${code}`, apiKey };
    const endpointId = `bench-endpoint-${n}`;
    await post('/control/mindbox/projects', {
      endpointId,
      secretKey: tabs.mindbox.secretKey,
      customerIdKeys: ['retailcrmId'],
      orderIdKeys: ['retailcrmId', 'retailcrmExternalId'],
      productIdKeys: ['retailcrmProductId'],
    });
    await post(`/control/mindbox/projects/${endpointId}/coupon-pools`, {
      externalId: 'welcome',
      kind: 'multiUse',
      codes: ['WELCOME10'],
      discount: { kind: 'percent', value: 10 },
    });
    await post(`/control/mindbox/projects/${endpointId}/customers`, {
      generate: { count: 50, idKey: 'retailcrmId', from: 1, balance: 1000 },
    });
    tabs.mindbox = { ...tabs.mindbox, endpointId };
  }
  // No CRM rate limit: the benchmark measures the gateway, not the CRM's pace.
  await post(`/control/retailcrm/accounts/${code}`, { rateLimit: 0 }, 'PATCH');
  const registered = await post(`/control/retailcrm/accounts/${code}/register`, { moduleUrl: gatewayUrl });
  const accountUrl = (registered.register as { body: { accountUrl: string } }).body.accountUrl;
  const clientId = accountUrl.split('/').at(-1) as string;
  for (const tab of ['access', 'mindbox', 'customers', 'orders', 'products', 'fields'] as const) {
    await json(`${gatewayUrl}/api/v1/settings/${tab}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientId}` },
      body: JSON.stringify(tabs[tab]),
    });
  }
  return { code, clientId };
}

/** Steps the load on one target until p99 passes the limit or the connections run out. */
async function measure(target: string, options: autocannon.Options): Promise<TargetResult> {
  const steps: Step[] = [];
  // Warm-up: the JIT, connection pools and caches.
  await autocannon({ ...options, connections: 4, duration: 2 });
  for (let connections = 1; connections <= MAX_CONNECTIONS; connections *= 2) {
    const result = await autocannon({ ...options, connections, duration: SECONDS });
    const step: Step = {
      connections,
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    };
    steps.push(step);
    process.stdout.write(
      `  ${target}: ${connections} connections -> ${step.requestsPerSecond} req/s, p50 ${step.p50} ms, p99 ${step.p99} ms${step.non2xx ? `, ${step.non2xx} non-2xx` : ''}\n`,
    );
    if (step.p99 > P99_LIMIT_MS) break;
  }
  const within = steps.filter((step) => step.p99 <= P99_LIMIT_MS && step.non2xx === 0 && step.errors === 0);
  const best = within.reduce<Step | null>(
    (top, step) => (top === null || step.requestsPerSecond > top.requestsPerSecond ? step : top),
    null,
  );
  return { target, best, steps };
}

async function main(): Promise<void> {
  await migrate(DATABASE_URL);
  const [gatewayPort, sandboxPort, barePort, healthPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const dist = (app: string) => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

  start([dist('sandbox')], {
    PORT: String(sandboxPort),
    SANDBOX_SEED: 'demo',
    SANDBOX_PUBLIC_URL: sandboxUrl,
    MODULE_URL: gatewayUrl,
  });
  start([dist('gateway')], {
    PORT: String(gatewayPort),
    PUBLIC_URL: gatewayUrl,
    ALLOW_PRIVATE_URLS: 'true',
    THROTTLE_LIMIT: '100000000',
    FEED_BUILDER_ENABLED: 'false',
  });
  start([dist('promo-loyalty')], { HEALTH_PORT: String(healthPort), ALLOW_PRIVATE_URLS: 'true' });
  start(['-r', 'ts-node/register/transpile-only', join(__dirname, 'support', 'bare-nest.ts')], {
    PORT: String(barePort),
  });
  await Promise.all([
    ready(`${sandboxUrl}/health/ready`),
    ready(`${gatewayUrl}/health/ready`),
    ready(`http://127.0.0.1:${healthPort}/health/ready`),
    ready(`http://127.0.0.1:${barePort}/health`),
  ]);

  // Every shop connects through the marketplace and saves its six tabs, as a shop would. Card calls
  // are spread over SHOPS shops: one shop's calls queue behind its Mindbox budget (Mindbox takes
  // 8,000 requests a minute per operation and endpoint; the client keeps a quarter below it), so a
  // single shop measures Mindbox's limit, not the gateway.
  const shops: Shop[] = [];
  for (let n = 0; n < SHOPS; n++) shops.push(await connectShop(gatewayUrl, sandboxUrl, n));
  const db = new DataSource(dataSourceOptions(DATABASE_URL));
  await db.initialize();
  const [{ hook_token: hookToken }] = (await db.query(`SELECT hook_token FROM account WHERE client_id = $1`, [
    shops[0].clientId,
  ])) as { hook_token: string }[];
  await db.destroy();

  const order = {
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
    ],
  };
  const form = (clientId: string, payload: unknown) =>
    new URLSearchParams({ clientId, payload: JSON.stringify(payload) }).toString();
  /** Card calls of the given payload, shop after shop. */
  const cardCalls = (action: string, payload: unknown, count = SHOPS): autocannon.Options => {
    const bodies = shops.slice(0, count).map((shop) => form(shop.clientId, payload));
    let next = 0;
    return {
      url: `${gatewayUrl}/retailcrm/embed/${action}`,
      method: 'POST',
      headers: formHeaders,
      requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
    };
  };
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

  process.stdout.write(`gateway intake benchmark (p99 limit ${P99_LIMIT_MS} ms, ${SECONDS} s a step)\n`);
  const results = [
    await measure('bare NestJS app', {
      url: `http://127.0.0.1:${barePort}/hooks/${hookToken}/customers`,
      method: 'POST',
      headers: formHeaders,
      body: 'id=42',
    }),
    await measure('hook', {
      url: `${gatewayUrl}/hooks/${hookToken}/customers`,
      method: 'POST',
      headers: formHeaders,
      body: 'id=42',
    }),
    await measure(`order card: check a promo code (${SHOPS} shops)`, {
      ...cardCalls('check-promo-code', { order, promoCode: 'WELCOME10' }),
    }),
    await measure(`order card: bonus balance (${SHOPS} shops)`, cardCalls('bonus-balance', { order })),
    // The same path without Mindbox: promo-loyalty answers an order without items at once.
    await measure(
      `order card: an empty order, no Mindbox call (${SHOPS} shops)`,
      cardCalls('check-promo-code', { order: { ...order, items: [] }, promoCode: 'WELCOME10' }),
    ),
    // One shop alone: bounded by its Mindbox budget (about 100 calls a second per operation).
    await measure('order card: check a promo code (one shop)', {
      ...cardCalls('check-promo-code', { order, promoCode: 'WELCOME10' }, 1),
    }),
  ];
  // What the card's Mindbox step costs by itself: the sandbox's calculate, called directly. Called so,
  // it is asked far more than Mindbox's 8,000 a minute per operation, which the sandbox answers with
  // 429 like Mindbox: the limit is lifted for this target only, which times the simulator.
  await json(`${sandboxUrl}/control/mindbox/projects/demo-endpoint`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimit: 0 }),
  });
  results.push(
    await measure("the sandbox's Mindbox alone: calculate", {
      url: `${sandboxUrl}/mindbox/v3/operations/sync?endpointId=demo-endpoint&operation=Website.CalculateAuthorizedCart`,
      method: 'POST',
      headers: {
        authorization: 'SecretKey demo-mindbox-secret',
        'content-type': 'application/json; charset=utf-8',
        accept: 'application/json',
      },
      body: JSON.stringify({
        customer: { ids: { retailcrmId: '7' } },
        order: {
          lines: [
            {
              lineId: '1',
              lineNumber: 1,
              product: { ids: { retailcrmProductId: 'sku-11' } },
              quantity: 2,
              basePricePerItem: 1500,
            },
          ],
          coupons: [{ ids: { code: 'WELCOME10' } }],
        },
      }),
    }),
  );
  const bare = results[0].best?.requestsPerSecond ?? 0;
  const summary = results.map(({ target, best, steps }) => ({
    target,
    requestsPerSecondAtP99Under20ms: best?.requestsPerSecond ?? 0,
    p99Ms: best?.p99 ?? null,
    connections: best?.connections ?? null,
    ratioToBareNest: bare ? Math.round(((best?.requestsPerSecond ?? 0) / bare) * 100) / 100 : null,
    steps,
  }));
  process.stdout.write(
    '\n| target | req/s with p99 < 20 ms | p99 | ratio to bare NestJS |\n|---|---|---|---|\n',
  );
  for (const row of summary) {
    process.stdout.write(
      `| ${row.target} | ${row.requestsPerSecondAtP99Under20ms} | ${row.p99Ms ?? '—'} ms | ${row.ratioToBareNest ?? '—'} |\n`,
    );
  }
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'gateway-intake.json'),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), command: 'npm run bench:intake', results: summary }, null, 2)}\n`,
  );
}

async function cleanUp(): Promise<void> {
  for (const child of processes) if (child.exitCode === null) child.kill('SIGTERM');
  await sleep(1_500);
  const admin = new DataSource(dataSourceOptions(DATABASE_URL.replace(/\/[^/]+$/, '/postgres')));
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS "retailcrm_mindbox_intake_bench_${RUN}" WITH (FORCE)`);
  await admin.destroy();
}

main()
  .then(cleanUp, async (error: Error) => {
    process.stderr.write(`gateway intake benchmark failed: ${error.stack ?? error.message}\n`);
    await cleanUp();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
