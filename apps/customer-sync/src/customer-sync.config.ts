import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { MessagingOptions } from '@app/messaging';
import { CustomerSyncEnv } from './customer-sync.env';

/** The service's name: log lines, metrics, and the outbox rows its relay publishes. */
export const SERVICE_NAME = 'customer-sync';

const defaults = new CustomerSyncEnv();

/**
 * Prefix of the consumer queues: `customer-sync` unless `CUSTOMER_SYNC_QUEUE_PREFIX` says
 * otherwise (installations or test runs that share a broker). Read when the module is loaded,
 * because the `@Consume` decorators name the queues.
 */
export const QUEUE_PREFIX = /^[a-z0-9][a-z0-9._-]{0,63}$/.test(process.env.CUSTOMER_SYNC_QUEUE_PREFIX ?? '')
  ? (process.env.CUSTOMER_SYNC_QUEUE_PREFIX as string)
  : defaults.CUSTOMER_SYNC_QUEUE_PREFIX;

/** Consumer queues: live changes and commands, and the bulk of full loads apart from them. */
export const QUEUES = {
  changes: `${QUEUE_PREFIX}.customer-changed`,
  fullLoad: `${QUEUE_PREFIX}.full-load`,
} as const;

function parseDelays(value: string | undefined): number[] {
  const text = value && /^\d+(,\d+)*$/.test(value) ? value : defaults.CUSTOMER_SYNC_RETRY_DELAYS_MS;
  return text.split(',').map(Number);
}

function parseInteger(value: string | undefined, fallback: number, min: number, max: number): number {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

/**
 * Messaging options, read from the environment when the module is defined (before the config
 * module exists). A bad value falls back to the default here and is reported by the env
 * validation at boot.
 */
export function messagingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MessagingOptions {
  return {
    serviceName: SERVICE_NAME,
    prefetch: parseInteger(env.CUSTOMER_SYNC_PREFETCH, defaults.CUSTOMER_SYNC_PREFETCH, 1, 4),
    retryDelaysMs: parseDelays(env.CUSTOMER_SYNC_RETRY_DELAYS_MS),
  };
}

/** The validated settings of customer-sync, typed. */
@Injectable()
export class CustomerSyncConfig {
  /** This process among the replicas, as leases name it. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly pollIntervalMs: number;
  readonly tickMs: number;
  readonly leaseMs: number;
  readonly historyPagesPerBatch: number;
  readonly fullLoadBacklog: number;
  readonly writeBacksPerPoll: number;
  readonly retryDelaysMs: number[];
  readonly mindboxAttempts: number;
  readonly mindboxRetryMs: number;
  readonly journalDays: number;

  constructor(config: ConfigService) {
    const get = <K extends keyof CustomerSyncEnv>(key: K): CustomerSyncEnv[K] =>
      config.getOrThrow<CustomerSyncEnv[K]>(key);
    this.pollIntervalMs = get('CUSTOMER_SYNC_POLL_INTERVAL_MS');
    this.tickMs = get('CUSTOMER_SYNC_TICK_MS');
    this.leaseMs = get('CUSTOMER_SYNC_LEASE_MS');
    this.historyPagesPerBatch = get('CUSTOMER_SYNC_HISTORY_PAGES');
    this.fullLoadBacklog = get('CUSTOMER_SYNC_FULL_LOAD_BACKLOG');
    this.writeBacksPerPoll = get('CUSTOMER_SYNC_WRITE_BACKS_PER_POLL');
    this.retryDelaysMs = parseDelays(get('CUSTOMER_SYNC_RETRY_DELAYS_MS'));
    this.mindboxAttempts = get('CUSTOMER_SYNC_MINDBOX_ATTEMPTS');
    this.mindboxRetryMs = get('CUSTOMER_SYNC_MINDBOX_RETRY_MS');
    this.journalDays = get('CUSTOMER_SYNC_JOURNAL_DAYS');
  }
}
