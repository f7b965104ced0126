import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { validateEnv } from '@app/common/config/validate-env';
import { FeedsEnv } from './feeds.env';

/** The product feed's settings, read from the environment once ({@link FeedsEnv}). */
@Injectable()
export class FeedsConfig {
  /** This process among the replicas, as leases name it. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly builderEnabled: boolean;
  readonly tickMs: number;
  readonly refreshMs: number;
  readonly fullReadMs: number;
  readonly leaseMs: number;
  readonly crmRequestGapMs: number;
  readonly concurrentBuilds: number;
  readonly keepReplacedMs: number;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    // At boot the gateway's env class has checked these already; tests and benchmarks give their own.
    const values = validateEnv(FeedsEnv)(env as Record<string, unknown>);
    this.builderEnabled = values.FEED_BUILDER_ENABLED;
    this.tickMs = values.FEED_TICK_MS;
    this.refreshMs = values.FEED_REFRESH_MS;
    this.fullReadMs = values.FEED_FULL_READ_MS;
    this.leaseMs = values.FEED_LEASE_MS;
    this.crmRequestGapMs = values.FEED_CRM_REQUEST_GAP_MS;
    this.concurrentBuilds = values.FEED_CONCURRENT_BUILDS;
    this.keepReplacedMs = values.FEED_KEEP_REPLACED_MS;
  }
}
