import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { MetricsService } from '@app/common/metrics/metrics.service';
import { AmqpConnection } from '../amqp-connection.service';
import { MESSAGING_OPTIONS } from '../messaging.constants';
import type { MessagingOptions } from '../messaging.interfaces';
import { InboxRepository } from '../inbox/inbox.repository';
import { OutboxRepository } from './outbox.repository';

const BATCH_SIZE = 200;
const MAX_BACKOFF_MS = 30_000;
/** Published outbox rows and inbox rows older than this are deleted: far past the retry ladder's 37 minutes. */
export const RETENTION_SECONDS = 7 * 24 * 3600;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Publishes the service's outbox rows with publisher confirms and marks them sent. Several
 * replicas may run it: rows are claimed with FOR UPDATE SKIP LOCKED. A crash between the confirm
 * and the commit publishes a row again; consumers drop the duplicate by `messageId`.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly pollMs: number;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPruneAt = 0;
  private wakeUp: (() => void) | null = null;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly inbox: InboxRepository,
    private readonly connection: AmqpConnection,
    private readonly metrics: MetricsService,
  ) {
    this.pollMs = options.outboxPollMs ?? 500;
  }

  onApplicationBootstrap(): void {
    if (this.pollMs > 0) this.running = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  /** Makes the relay look at the outbox now (after a commit that added rows). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Publishes one batch of due rows; returns how many rows it claimed. */
  async relayOnce(): Promise<number> {
    // While the broker is away rows wait untouched: attempts count only real publish failures.
    // The backlog is still measured, so the lag gauge grows through an outage and its alert fires.
    if (!this.connection.isConnected()) {
      await this.measureBacklog();
      return 0;
    }
    const claimed = await this.dataSource.transaction(async (em) => {
      const rows = await this.outbox.claimDue(em, this.options.serviceName, BATCH_SIZE);
      const results = await Promise.allSettled(
        rows.map((row) =>
          this.connection.publish(row.routingKey, row.payload, {
            messageId: row.id,
            headers: { 'x-outbox-attempt': row.attempts + 1 },
          }),
        ),
      );
      const published: string[] = [];
      for (const [index, result] of results.entries()) {
        const row = rows[index];
        if (result.status === 'fulfilled') {
          published.push(row.id);
          continue;
        }
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        this.logger.warn(`outbox message ${row.id} (${row.routingKey}) not published: ${reason}`);
        await this.outbox.markFailed(em, row.id, reason, Math.min(MAX_BACKOFF_MS, 500 * 2 ** row.attempts));
      }
      await this.outbox.markPublished(em, published);
      return rows.length;
    });
    await this.measureBacklog();
    return claimed;
  }

  private async measureBacklog(): Promise<void> {
    const backlog = await this.outbox.backlog(this.options.serviceName);
    this.metrics.outboxPending.set(backlog.pending);
    this.metrics.outboxLagSeconds.set(backlog.oldestAgeSeconds);
  }

  /**
   * Deletes published outbox rows and inbox rows past {@link RETENTION_SECONDS}, so both tables
   * stay small; a redelivery that old is beyond the retry ladder. Returns how many rows went.
   */
  async pruneOnce(retentionSeconds = RETENTION_SECONDS): Promise<{ outbox: number; inbox: number }> {
    const [outbox, inbox] = await Promise.all([
      this.outbox.prunePublished(retentionSeconds),
      this.inbox.prune(retentionSeconds),
    ]);
    return { outbox, inbox };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        if (Date.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
          this.lastPruneAt = Date.now();
          await this.pruneOnce();
        }
        claimed = await this.relayOnce();
      } catch (error) {
        this.logger.error(`outbox relay pass failed: ${(error as Error).message}`);
      }
      if (this.stopped) break;
      if (claimed < BATCH_SIZE) await this.idle();
    }
  }

  private async idle(): Promise<void> {
    const controller = new AbortController();
    this.wakeUp = () => controller.abort();
    await sleep(this.pollMs, undefined, { signal: controller.signal }).catch(() => undefined);
    this.wakeUp = null;
  }
}
