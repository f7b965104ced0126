import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { runWithLogContext } from '@app/common/logging/log-context';
import { RetailCrmProductField, SettingsRepository } from '@app/settings';
import { TickLoop } from '@app/common/scheduling/tick-loop';
import { FeedsConfig } from '../feeds.config';
import { FeedRepository } from '../storage/feed.repository';
import { DEFAULT_ID_FIELD, dueWork } from './due-work';
import { FeedBuilder } from './feed-builder.service';

/**
 * Runs the feeds' builds in the background, on every gateway replica: each tick takes or renews
 * the builder lease of the running accounts (a row lease in `product_feed`, as customer-sync's
 * poller does), and builds, a few at a time, the held feeds that have work due. One builder per
 * account across replicas; inactive and frozen accounts keep their last feed.
 */
@Injectable()
export class FeedScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedScheduler.name);
  private readonly loop: TickLoop;
  private readonly builds = new Map<string, Promise<void>>();

  constructor(
    private readonly builder: FeedBuilder,
    private readonly feeds: FeedRepository,
    private readonly settings: SettingsRepository,
    private readonly config: FeedsConfig,
  ) {
    this.loop = new TickLoop(
      config.tickMs,
      () => this.tick(),
      (error) => this.logger.error(`feed scheduling failed: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.builderEnabled) this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled(this.builds.values());
    await this.feeds.releaseLeases(this.config.instanceId).catch(() => undefined);
  }

  /** Looks for due work now (a regenerated feed, a test). */
  wake(): void {
    this.loop.wake();
  }

  private async tick(): Promise<void> {
    const running = await this.settings.listRunningAccounts();
    const held = await this.feeds.holdLeases(
      running.map((account) => account.id),
      this.config.instanceId,
      this.config.leaseMs,
    );
    if (held.length === 0) return;
    const sitesOf = new Map(running.map((account) => [account.id, account.sites]));
    const idFields = await this.feeds.idFields(held.map((feed) => feed.accountId));
    const now = Date.now();
    for (const feed of held) {
      const { accountId } = feed;
      if (this.builds.has(accountId)) continue;
      if (this.builds.size >= this.config.concurrentBuilds) break;
      const idField = (idFields.get(accountId) ?? DEFAULT_ID_FIELD) as RetailCrmProductField;
      if (!dueWork(feed, { sites: sitesOf.get(accountId) ?? [], idField }, now, this.config)) continue;
      const build = runWithLogContext({ accountId }, () =>
        this.builder.build(accountId, this.config.instanceId),
      )
        .then(() => undefined)
        .catch((error: Error) =>
          this.logger.warn(`feed build of account ${accountId} failed: ${error.message}`),
        )
        .finally(() => this.builds.delete(accountId));
      this.builds.set(accountId, build);
    }
  }
}
