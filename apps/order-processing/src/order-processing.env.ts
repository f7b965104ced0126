import { IsInt, Matches, Max, Min } from 'class-validator';
import { AccountWorkerEnv } from '@app/common/config/module.env';

/** Environment of order-processing; see the configuration table in its README. */
export class OrderProcessingEnv extends AccountWorkerEnv {
  override HEALTH_PORT = 3102;

  /** How often each account's order history is read when nothing asks for it sooner. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  ORDER_PROCESSING_POLL_INTERVAL_MS: number = 3_000;

  /** How often the schedulers look for due work (hook requests, leases to renew). */
  @IsInt()
  @Min(20)
  @Max(60_000)
  ORDER_PROCESSING_TICK_MS: number = 500;

  /** How long an account's poller lease lasts without renewal. */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  ORDER_PROCESSING_LEASE_MS: number = 30_000;

  /** History pages (100 records each) read before one batch is queued and the cursor moves. */
  @IsInt()
  @Min(1)
  @Max(100)
  ORDER_PROCESSING_HISTORY_PAGES: number = 10;

  /** Messages the consumer handles at once (each holds two database connections meanwhile). */
  @IsInt()
  @Min(1)
  @Max(4)
  ORDER_PROCESSING_PREFETCH: number = 3;

  /** Delays of the message retry ladder in ms, comma separated; its length is the number of retries. */
  @Matches(/^\d+(,\d+)*$/, {
    message: 'ORDER_PROCESSING_RETRY_DELAYS_MS must be milliseconds separated by commas',
  })
  ORDER_PROCESSING_RETRY_DELAYS_MS: string = '1000,10000,60000,300000,1800000';

  /** Attempts of one Mindbox call inside a handler before the message goes to the retry ladder. */
  @IsInt()
  @Min(1)
  @Max(10)
  ORDER_PROCESSING_MINDBOX_ATTEMPTS: number = 3;

  /** First wait between those attempts; it doubles each time. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  ORDER_PROCESSING_MINDBOX_RETRY_MS: number = 500;

  /** An order transaction left open this long (a crash between begin and commit) is finished or rolled back. */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  ORDER_PROCESSING_RECOVER_AFTER_MS: number = 60_000;

  /** Prefix of the consumer queue (`<prefix>.order-changed`). */
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'ORDER_PROCESSING_QUEUE_PREFIX must be lowercase letters, digits, ".", "_" or "-"',
  })
  ORDER_PROCESSING_QUEUE_PREFIX: string = 'order-processing';

  /** Days a journal row is kept. */
  @IsInt()
  @Min(1)
  @Max(365)
  ORDER_PROCESSING_JOURNAL_DAYS: number = 30;
}
