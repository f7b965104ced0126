import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '@app/common/metrics/metrics.service';

/** order-processing's own series, in the service's registry (`GET /metrics`). */
@Injectable()
export class OrderProcessingMetrics {
  /** Order changes handled, by rule and how it ended. */
  readonly orders: Counter<'rule' | 'outcome'>;
  /** Calls to Mindbox, by step. */
  readonly mindboxCalls: Counter<'step'>;
  /** Calls to RetailCRM made by the consumer, by kind. */
  readonly crmCalls: Counter<'kind'>;
  /** History records read, by what became of them. */
  readonly historyRecords: Counter<'kind'>;
  readonly pollDuration: Histogram<'result'>;
  /** From reading the order in the CRM to the end of its Mindbox work. */
  readonly changeLatency: Histogram<'rule'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.orders = new Counter({
      name: 'order_processing_orders_total',
      help: 'Order changes handled by order-processing, by rule and outcome',
      labelNames: ['rule', 'outcome'] as const,
      registers,
    });
    this.mindboxCalls = new Counter({
      name: 'order_processing_mindbox_calls_total',
      help: 'Mindbox operations called while processing orders, by step',
      labelNames: ['step'] as const,
      registers,
    });
    this.crmCalls = new Counter({
      name: 'order_processing_crm_calls_total',
      help: 'RetailCRM calls made while processing orders, by kind',
      labelNames: ['kind'] as const,
      registers,
    });
    this.historyRecords = new Counter({
      name: 'order_processing_history_records_total',
      help: 'Order history records read, by kind (relevant, own, other_site, deleted)',
      labelNames: ['kind'] as const,
      registers,
    });
    this.pollDuration = new Histogram({
      name: 'order_processing_poll_duration_seconds',
      help: 'Duration of one order history poll pass of one account',
      labelNames: ['result'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.changeLatency = new Histogram({
      name: 'order_processing_change_latency_seconds',
      help: 'Time from reading a changed order in RetailCRM to the end of its Mindbox calls',
      labelNames: ['rule'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
  }
}
