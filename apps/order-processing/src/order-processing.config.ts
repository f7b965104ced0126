import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MessagingOptions } from '@app/messaging';
import { OrderProcessingEnv } from './order-processing.env';

/** The service's name: log lines, metrics, and the outbox rows its relay publishes. */
export const SERVICE_NAME = 'order-processing';

const defaults = new OrderProcessingEnv();

/** Prefix of the consumer queue, read when the module is loaded (the `@Consume` decorators name it). */
export const QUEUE_PREFIX = /^[a-z0-9][a-z0-9._-]{0,63}$/.test(
  process.env.ORDER_PROCESSING_QUEUE_PREFIX ?? '',
)
  ? (process.env.ORDER_PROCESSING_QUEUE_PREFIX as string)
  : defaults.ORDER_PROCESSING_QUEUE_PREFIX;

/** The consumer queue: order changes, commands and account events. */
export const QUEUES = { changes: `${QUEUE_PREFIX}.order-changed` } as const;

function parseDelays(value: string | undefined): number[] {
  const text = value && /^\d+(,\d+)*$/.test(value) ? value : defaults.ORDER_PROCESSING_RETRY_DELAYS_MS;
  return text.split(',').map(Number);
}

function parseInteger(value: string | undefined, fallback: number, min: number, max: number): number {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

/** Messaging options, read from the environment when the module is defined; bad values are reported at boot. */
export function messagingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MessagingOptions {
  return {
    serviceName: SERVICE_NAME,
    prefetch: parseInteger(env.ORDER_PROCESSING_PREFETCH, defaults.ORDER_PROCESSING_PREFETCH, 1, 4),
    retryDelaysMs: parseDelays(env.ORDER_PROCESSING_RETRY_DELAYS_MS),
  };
}

/** The validated settings of order-processing, typed. */
@Injectable()
export class OrderProcessingConfig {
  /** This process among the replicas, as leases name it. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly pollIntervalMs: number;
  readonly tickMs: number;
  readonly leaseMs: number;
  readonly historyPagesPerBatch: number;
  readonly retryDelaysMs: number[];
  readonly mindboxAttempts: number;
  readonly mindboxRetryMs: number;
  readonly recoverAfterMs: number;
  readonly journalDays: number;

  constructor(config: ConfigService) {
    const get = <K extends keyof OrderProcessingEnv>(key: K): OrderProcessingEnv[K] =>
      config.getOrThrow<OrderProcessingEnv[K]>(key);
    this.pollIntervalMs = get('ORDER_PROCESSING_POLL_INTERVAL_MS');
    this.tickMs = get('ORDER_PROCESSING_TICK_MS');
    this.leaseMs = get('ORDER_PROCESSING_LEASE_MS');
    this.historyPagesPerBatch = get('ORDER_PROCESSING_HISTORY_PAGES');
    this.retryDelaysMs = parseDelays(get('ORDER_PROCESSING_RETRY_DELAYS_MS'));
    this.mindboxAttempts = get('ORDER_PROCESSING_MINDBOX_ATTEMPTS');
    this.mindboxRetryMs = get('ORDER_PROCESSING_MINDBOX_RETRY_MS');
    this.recoverAfterMs = get('ORDER_PROCESSING_RECOVER_AFTER_MS');
    this.journalDays = get('ORDER_PROCESSING_JOURNAL_DAYS');
  }
}
