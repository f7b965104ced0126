/**
 * `npm run bench:feed`: the product feed's build time and peak memory for catalogues of 10,000
 * and 100,000 offers (`BENCH_FEED_OFFERS`, comma separated), with the sandbox's real rate limit
 * (10 requests a second per key) and the builder's default pacing (`FEED_CRM_REQUEST_GAP_MS`).
 *
 * The sandbox and the builder each run as their own process, built from this checkout into a
 * directory of the bench's own; the builder process runs the gateway's `FeedBuilder` for one
 * account (no HTTP server, no scheduler) and reports its peak RSS (`maxRSS`):
 * 1. full build: the catalogue read in full from the CRM, then the feed rendered and stored;
 * 2. render only: the same catalogue copy rendered again (CPU, Postgres and gzip; no CRM call);
 * 3. a change pass with nothing changed (up to `BENCH_FEED_CHANGE_PASS_MAX` offers, default
 *    20,000: it reads all stock, one request per 100 offers).
 *
 * Postgres: `TEST_DATABASE_URL` (the bench's account is removed at the end). With
 * `BENCH_FEED_MAX_OLD_SPACE_MB` the builder runs with that heap cap.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '@app/common/config/module.env';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { ServiceModule } from '@app/common/service/service.module';
import { RetailCrmModule } from '@app/retailcrm';
import { AccountEntity, SecretBox, SettingsModule, SettingsRepository } from '@app/settings';
import { FeedBuilder } from '../apps/gateway/src/feeds/building/feed-builder.service';
import { FeedRenderer } from '../apps/gateway/src/feeds/building/feed-renderer.service';
import { CatalogueReader } from '../apps/gateway/src/feeds/catalogue/catalogue-reader.service';
import { FeedsConfig } from '../apps/gateway/src/feeds/feeds.config';
import { FeedsMetrics } from '../apps/gateway/src/feeds/feeds.metrics';
import { FeedRepository } from '../apps/gateway/src/feeds/storage/feed.repository';
import { freePort } from './support/process-stats';
import { buildInto, mainOf, spawnBuilt } from './support/private-build';

const DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
const SIZES = (process.env.BENCH_FEED_OFFERS ?? '10000,100000').split(',').map(Number);
const CHANGE_PASS_MAX = Number(process.env.BENCH_FEED_CHANGE_PASS_MAX ?? 20_000);
const OFFERS_PER_PRODUCT = 4;
const HEAP_MB = Number(process.env.BENCH_FEED_MAX_OLD_SPACE_MB ?? 0);
const ENCRYPTION_KEY = 'c3'.repeat(32);
const MIB = 1024 * 1024;

/** What the builder process reports. */
interface ChildReport {
  bootRssMiB: number;
  fullMs: number;
  fullRequests: number;
  renderMs: number;
  changeMs: number | null;
  changeRequests: number | null;
  offers: number;
  skipped: Record<string, number>;
  sizeGzip: number;
  sizeXml: number;
  peakRssMiB: number;
}

// ---- the builder process -------------------------------------------------------------------

@Module({
  imports: [RetailCrmModule],
  providers: [
    { provide: FeedsConfig, useFactory: () => new FeedsConfig() },
    FeedsMetrics,
    FeedRepository,
    CatalogueReader,
    FeedRenderer,
    FeedBuilder,
  ],
})
class BenchFeedModule {}

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'feed-bench',
      env: GatewayEnv,
      imports: [SettingsModule, BenchFeedModule],
    }),
  ],
})
class BenchBuilderModule {}

async function child(accountId: string, changePass: boolean): Promise<void> {
  const app = await NestFactory.createApplicationContext(BenchBuilderModule, { logger: false });
  const bootRss = process.resourceUsage().maxRSS * 1024;
  const feeds = app.get(FeedRepository);
  const builder = app.get(FeedBuilder);
  const holder = `bench-${process.pid}`;
  await feeds.holdLeases([accountId], holder, 3_600_000);

  let started = Date.now();
  const full = await builder.build(accountId, holder);
  const fullMs = Date.now() - started;

  const dataSource = app.get(DataSource);
  // The same copy once more: only the render (the stored hash is cleared, so it is stored again).
  await dataSource.query(`UPDATE product_feed SET dirty = true, content_hash = NULL WHERE account_id = $1`, [
    accountId,
  ]);
  started = Date.now();
  await builder.build(accountId, holder);
  const renderMs = Date.now() - started;

  let changeMs: number | null = null;
  let changeRequests: number | null = null;
  if (changePass) {
    await dataSource.query(
      `UPDATE product_feed SET change_sync_at = now() - interval '1 day' WHERE account_id = $1`,
      [accountId],
    );
    started = Date.now();
    const pass = await builder.build(accountId, holder);
    changeMs = Date.now() - started;
    changeRequests = pass.requests;
  }
  const feed = await feeds.find(accountId);
  const report: ChildReport = {
    bootRssMiB: bootRss / MIB,
    fullMs,
    fullRequests: full.requests,
    renderMs,
    changeMs,
    changeRequests,
    offers: feed?.offers ?? 0,
    skipped: (feed?.skipped ?? {}) as Record<string, number>,
    sizeGzip: feed?.sizeGzip ?? 0,
    sizeXml: feed?.sizeXml ?? 0,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
  };
  await app.close();
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
}

// ---- the bench -----------------------------------------------------------------------------

async function sandboxCall<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function runBuilder(out: string, accountId: string, changePass: boolean): Promise<ChildReport> {
  const builder = spawnBuilt(
    out,
    join(out, 'bench', 'product-feed.bench.js'),
    { DATABASE_URL, SETTINGS_ENCRYPTION_KEY: ENCRYPTION_KEY, ALLOW_PRIVATE_URLS: 'true', LOG_LEVEL: 'warn' },
    {
      args: ['--child', accountId, changePass ? 'change' : 'no-change'],
      // BENCH_FEED_MAX_OLD_SPACE_MB caps the builder's heap: a build that still completes under a
      // small cap shows that what the peak RSS adds at 100,000 offers is garbage, not data.
      nodeOptions: HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [],
    },
  );
  let output = '';
  let errors = '';
  builder.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  builder.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => builder.on('exit', resolve));
  const line = output.split('\n').find((entry) => entry.startsWith('REPORT '));
  if (code !== 0 || !line)
    throw new Error(`builder exited ${code}: ${errors.slice(-2000)}${output.slice(-2000)}`);
  return JSON.parse(line.slice('REPORT '.length)) as ChildReport;
}

async function main(): Promise<void> {
  process.stdout.write('building the sandbox and the feed builder...\n');
  const out = buildInto('product-feed-bench', ['apps/sandbox/src', 'bench/product-feed.bench.ts']);
  await migrate(DATABASE_URL);
  const dataSource = new DataSource({ ...dataSourceOptions(DATABASE_URL), entities: [AccountEntity] });
  await dataSource.initialize();
  const port = await freePort();
  const sandboxUrl = `http://127.0.0.1:${port}`;
  const sandbox = spawnBuilt(out, mainOf(out, 'sandbox'), {
    PORT: String(port),
    SANDBOX_PUBLIC_URL: sandboxUrl,
    LOG_LEVEL: 'warn',
  });
  const accountIds: string[] = [];
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await sandboxCall(sandboxUrl, 'GET', '/control/retailcrm/accounts');
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await sleep(200);
      }
    }
    const rows: string[] = [];
    for (const size of SIZES) {
      const crm = await sandboxCall<{ code: string; apiKey: string }>(
        sandboxUrl,
        'POST',
        '/control/retailcrm/accounts',
        {
          rateLimit: 10,
        },
      );
      await sandboxCall(sandboxUrl, 'POST', `/control/retailcrm/accounts/${crm.code}/catalogue`, {
        products: Math.ceil(size / OFFERS_PER_PRODUCT),
        offersPerProduct: OFFERS_PER_PRODUCT,
        groups: 50,
        inStock: 0.7,
        replace: true,
        withoutPrice: 10,
        duplicateIds: 10,
        brokenText: 10,
      });
      const secrets = new SecretBox(ENCRYPTION_KEY);
      const account = await new SettingsRepository(dataSource).saveAccount(
        Object.assign(new AccountEntity(), {
          clientId: randomBytes(32).toString('hex'),
          retailcrmUrl: `${sandboxUrl}/crm/${crm.code}`,
          apiKeyEnc: secrets.encrypt(crm.apiKey),
          sites: [],
          hookToken: randomBytes(24).toString('hex'),
          feedToken: randomBytes(24).toString('hex'),
          // Not running: a gateway on this database leaves the bench's account alone.
          active: false,
          frozen: false,
        }),
      );
      accountIds.push(account.id);
      process.stdout.write(`${size} offers: building...\n`);
      const report = await runBuilder(out, account.id, size <= CHANGE_PASS_MAX);
      process.stdout.write(`${JSON.stringify(report)}\n`);
      rows.push(
        `| ${size.toLocaleString('en')} | ${(report.fullMs / 1000).toFixed(1)} s (${report.fullRequests} CRM requests) | ` +
          `${(report.renderMs / 1000).toFixed(1)} s | ` +
          `${report.changeMs === null ? '—' : `${(report.changeMs / 1000).toFixed(1)} s (${report.changeRequests} requests)`} | ` +
          `${report.offers.toLocaleString('en')} (${Object.entries(report.skipped)
            .map(([reason, count]) => `${reason} ${count}`)
            .join(', ')}) | ` +
          `${(report.sizeXml / MIB).toFixed(1)} / ${(report.sizeGzip / MIB).toFixed(1)} MiB | ` +
          `${report.bootRssMiB.toFixed(0)} / ${report.peakRssMiB.toFixed(0)} MiB |`,
      );
    }
    process.stdout.write(
      '\n| offers | full build (CRM read + render) | render only | change pass, nothing changed | offers in the feed (skipped) | XML / gzip | builder RSS after boot / peak |\n' +
        '|---|---|---|---|---|---|---|\n' +
        `${rows.join('\n')}\n`,
    );
  } finally {
    sandbox.kill('SIGTERM');
    for (const accountId of accountIds) {
      for (const table of [
        'product_feed_chunk',
        'product_feed_offer',
        'product_feed_category',
        'product_feed',
      ]) {
        await dataSource.query(`DELETE FROM ${table} WHERE account_id = $1`, [accountId]);
      }
      await dataSource.query(`DELETE FROM account WHERE id = $1`, [accountId]);
    }
    await dataSource.destroy();
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4] === 'change').then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
