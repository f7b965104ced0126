import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS_SERVICE_NAME } from './metrics.constants';

// Handling a message may include a rate-limited RetailCRM call and a Mindbox call with retries.
const MESSAGE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The service's Prometheus registry and the metrics shared by all services. Each metric is a
 * public prom-client object, e.g. `metrics.messagesConsumed.inc({ queue })`. Every series carries
 * a `service` label; process metrics (CPU, memory, event loop, GC) are collected unprefixed.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** HTTP requests by method, route pattern (`unmatched` for 404s) and status code; `/metrics` excluded. */
  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  /** Messages taken from a queue, whatever their outcome. */
  readonly messagesConsumed = new Counter({
    name: 'messages_consumed_total',
    help: 'Messages taken from a queue, whatever their outcome',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  /** Messages whose handler failed (each attempt counts). */
  readonly messagesFailed = new Counter({
    name: 'messages_failed_total',
    help: 'Message handling attempts that failed',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  /** Failed messages sent to a retry queue for another attempt. */
  readonly messagesRetried = new Counter({
    name: 'messages_retried_total',
    help: 'Failed messages scheduled for a retry',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  /** Messages parked in the dead-letter queue (retries exhausted or not retryable). */
  readonly messagesDeadLettered = new Counter({
    name: 'messages_dead_lettered_total',
    help: 'Messages parked in a dead-letter queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  /** Messages confirmed by the broker, by routing key. */
  readonly messagesPublished = new Counter({
    name: 'messages_published_total',
    help: 'Messages published and confirmed by the broker',
    labelNames: ['routing_key'] as const,
    registers: [this.registry],
  });

  /** Time spent in a message handler, by queue. */
  readonly messageHandlingDuration = new Histogram({
    name: 'message_handling_duration_seconds',
    help: 'Duration of message handling in seconds',
    labelNames: ['queue'] as const,
    buckets: MESSAGE_BUCKETS,
    registers: [this.registry],
  });

  /** Outbox rows not yet published. */
  readonly outboxPending = new Gauge({
    name: 'outbox_pending',
    help: 'Outbox rows waiting to be published',
    registers: [this.registry],
  });

  /** Age of the oldest unpublished outbox row, 0 when the outbox is empty. */
  readonly outboxLagSeconds = new Gauge({
    name: 'outbox_lag_seconds',
    help: 'Age in seconds of the oldest unpublished outbox row',
    registers: [this.registry],
  });

  constructor(@Inject(METRICS_SERVICE_NAME) service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Content type of {@link render}'s output (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** All metrics in the Prometheus text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
