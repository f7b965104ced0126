import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '@app/common/metrics/metrics.service';

/** customer-sync's own series, in the service's registry (`GET /metrics`). */
@Injectable()
export class CustomerSyncMetrics {
  /** Customers handled by the consumers, by how it ended. */
  readonly customers: Counter<'outcome' | 'cause'>;
  /** Calls to Mindbox made by the consumers, by step. */
  readonly mindboxCalls: Counter<'step'>;
  /** History records read, by what became of them. */
  readonly historyRecords: Counter<'stream' | 'kind'>;
  /** Duration of one poll pass of one account. */
  readonly pollDuration: Histogram<'result'>;
  /** Full-load customers queued. */
  readonly fullLoadQueued: Counter;
  /** Mindbox ids written into the CRM, by result. */
  readonly writeBacks: Counter<'result'>;
  /** From reading a customer in the CRM to its Mindbox call. */
  readonly snapshotAge: Histogram<'cause'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.customers = new Counter({
      name: 'customer_sync_customers_total',
      help: 'Customers handled by customer-sync, by outcome and cause',
      labelNames: ['outcome', 'cause'] as const,
      registers,
    });
    this.mindboxCalls = new Counter({
      name: 'customer_sync_mindbox_calls_total',
      help: 'Mindbox operations called while syncing customers, by step',
      labelNames: ['step'] as const,
      registers,
    });
    this.historyRecords = new Counter({
      name: 'customer_sync_history_records_total',
      help: 'History records read, by stream and kind (relevant, own, other_site, unmapped)',
      labelNames: ['stream', 'kind'] as const,
      registers,
    });
    this.pollDuration = new Histogram({
      name: 'customer_sync_poll_duration_seconds',
      help: 'Duration of one history poll pass of one account',
      labelNames: ['result'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.fullLoadQueued = new Counter({
      name: 'customer_sync_full_load_queued_total',
      help: 'Customers queued by full loads',
      registers,
    });
    this.writeBacks = new Counter({
      name: 'customer_sync_write_backs_total',
      help: 'Mindbox ids written into RetailCRM customers, by result',
      labelNames: ['result'] as const,
      registers,
    });
    this.snapshotAge = new Histogram({
      name: 'customer_sync_snapshot_age_seconds',
      help: 'Time from reading a customer in RetailCRM to sending it to Mindbox',
      labelNames: ['cause'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
  }
}
