import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/common/metrics/metrics.service';

/** The feed builder's series, in the gateway's registry (`GET /metrics`); downloads are in `http_request_duration_seconds`. */
@Injectable()
export class FeedsMetrics {
  /** Build steps by work (full, changes, render) and result (ok, failed). */
  readonly builds: Counter<'work' | 'result'>;
  readonly buildDuration: Histogram<'work'>;
  /** CRM requests made reading catalogues, by work. */
  readonly crmRequests: Counter<'work'>;
  /** Renders by whether the feed changed. */
  readonly renders: Counter<'result'>;
  /** Offers in the last feed built on this replica, and those left out, by reason. */
  readonly skipped: Counter<'reason'>;
  readonly buildsRunning: Gauge;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.builds = new Counter({
      name: 'feed_builds_total',
      help: 'Product feed build steps, by work (full, changes, render) and result',
      labelNames: ['work', 'result'] as const,
      registers,
    });
    this.buildDuration = new Histogram({
      name: 'feed_build_duration_seconds',
      help: 'Duration of one product feed build step (CRM read and render), by work',
      labelNames: ['work'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 180, 600, 1800],
      registers,
    });
    this.crmRequests = new Counter({
      name: 'feed_crm_requests_total',
      help: 'RetailCRM requests made reading catalogues for product feeds, by work',
      labelNames: ['work'] as const,
      registers,
    });
    this.renders = new Counter({
      name: 'feed_renders_total',
      help: 'Product feed renders, by result (changed: a new feed stored; unchanged: rolled back)',
      labelNames: ['result'] as const,
      registers,
    });
    this.skipped = new Counter({
      name: 'feed_offers_skipped_total',
      help: 'Offers left out of (or cleaned in) rendered feeds, by reason',
      labelNames: ['reason'] as const,
      registers,
    });
    this.buildsRunning = new Gauge({
      name: 'feed_builds_running',
      help: 'Product feed builds in progress on this replica',
      registers,
    });
  }
}
