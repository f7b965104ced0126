import { IsInt, Matches, Max, Min } from 'class-validator';
import { AccountWorkerEnv } from '@app/common/config/module.env';

/** Environment of customer-sync; see the configuration table in its README. */
export class CustomerSyncEnv extends AccountWorkerEnv {
  override HEALTH_PORT = 3101;

  /** How often each account's customer history is read when nothing asks for it sooner. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  CUSTOMER_SYNC_POLL_INTERVAL_MS: number = 3_000;

  /** How often the schedulers look for due work (hook requests, leases to renew). */
  @IsInt()
  @Min(20)
  @Max(60_000)
  CUSTOMER_SYNC_TICK_MS: number = 500;

  /** How long an account's poller or lister lease lasts without renewal (a dead replica's work moves after it). */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  CUSTOMER_SYNC_LEASE_MS: number = 30_000;

  /** History pages (100 records each) read before one batch is queued and the cursor moves. */
  @IsInt()
  @Min(1)
  @Max(100)
  CUSTOMER_SYNC_HISTORY_PAGES: number = 10;

  /** Full-load customers queued and not yet handled, at most; the listing waits above it. */
  @IsInt()
  @Min(100)
  @Max(100_000)
  CUSTOMER_SYNC_FULL_LOAD_BACKLOG: number = 500;

  /** Write-backs of Mindbox ids into the CRM per account and poll, at most. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  CUSTOMER_SYNC_WRITE_BACKS_PER_POLL: number = 20;

  /** Messages each consumer handles at once (each holds a database connection meanwhile). */
  @IsInt()
  @Min(1)
  @Max(4)
  CUSTOMER_SYNC_PREFETCH: number = 3;

  /** Delays of the message retry ladder in ms, comma separated; its length is the number of retries. */
  @Matches(/^\d+(,\d+)*$/, {
    message: 'CUSTOMER_SYNC_RETRY_DELAYS_MS must be milliseconds separated by commas',
  })
  CUSTOMER_SYNC_RETRY_DELAYS_MS: string = '1000,10000,60000,300000,1800000';

  /** Attempts of one Mindbox call inside a handler before the message goes to the retry ladder. */
  @IsInt()
  @Min(1)
  @Max(10)
  CUSTOMER_SYNC_MINDBOX_ATTEMPTS: number = 3;

  /** First wait between those attempts; it doubles each time. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  CUSTOMER_SYNC_MINDBOX_RETRY_MS: number = 500;

  /** Prefix of the consumer queues (`<prefix>.customer-changed`, `<prefix>.full-load`). */
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'CUSTOMER_SYNC_QUEUE_PREFIX must be lowercase letters, digits, ".", "_" or "-"',
  })
  CUSTOMER_SYNC_QUEUE_PREFIX: string = 'customer-sync';

  /** Days a journal row is kept. */
  @IsInt()
  @Min(1)
  @Max(365)
  CUSTOMER_SYNC_JOURNAL_DAYS: number = 30;
}
