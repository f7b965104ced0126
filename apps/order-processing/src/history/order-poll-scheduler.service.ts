import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runWithLogContext } from '@app/common/logging/log-context';
import { TickLoop } from '@app/common/scheduling/tick-loop';
import { SettingsRepository } from '@app/settings';
import { OrderJournalRepository } from '../journal/order-journal.repository';
import { OrderProcessingConfig } from '../order-processing.config';
import { OrderHistoryPoller } from './order-history-poller.service';
import { OrderSyncStateRepository } from './order-sync-state.repository';

/** Accounts polled at the same time by one replica. */
const CONCURRENT_POLLS = 4;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Decides when each running account's order history is polled: every poll interval, at once when
 * the hook asked (`SyncRequested`) or the last pass left more to read. Only the replica holding
 * the account's lease polls it, so exactly one poller runs per account.
 */
@Injectable()
export class OrderPollScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderPollScheduler.name);
  private readonly loop: TickLoop;
  private readonly passes = new Map<string, Promise<void>>();
  private readonly lastPassAt = new Map<string, number>();
  private readonly more = new Set<string>();
  private lastPruneAt = 0;

  constructor(
    private readonly poller: OrderHistoryPoller,
    private readonly states: OrderSyncStateRepository,
    private readonly settings: SettingsRepository,
    private readonly journal: OrderJournalRepository,
    private readonly config: OrderProcessingConfig,
  ) {
    this.loop = new TickLoop(
      config.tickMs,
      () => this.tick(),
      (error) => this.logger.error(`order poll scheduling failed: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled(this.passes.values());
    await this.states.releaseLeases(this.config.instanceId).catch(() => undefined);
  }

  /** Asks for an early poll of the account in the caller's transaction, and looks for it shortly after. */
  async requestPoll(em: EntityManager, accountId: string): Promise<void> {
    await this.states.requestPoll(em, accountId);
    this.loop.wake(50);
  }

  private async tick(): Promise<void> {
    const running = await this.settings.listRunningAccounts();
    const held = await this.states.holdLeases(
      running.map((account) => account.id),
      this.config.instanceId,
      this.config.leaseMs,
    );
    const now = Date.now();
    for (const state of held) {
      const { accountId } = state;
      if (this.passes.has(accountId)) continue;
      if (this.passes.size >= CONCURRENT_POLLS) break;
      const due =
        this.more.has(accountId) ||
        state.pollRequests > state.pollsServed ||
        now - (this.lastPassAt.get(accountId) ?? 0) >= this.config.pollIntervalMs;
      if (!due) continue;
      this.lastPassAt.set(accountId, now);
      this.more.delete(accountId);
      const pass = runWithLogContext({ accountId }, () => this.poller.poll(accountId))
        .then((more) => {
          if (!more) return;
          this.more.add(accountId);
          this.loop.wake();
        })
        .catch((error: Error) =>
          this.logger.warn(`order poll of account ${accountId} failed: ${error.message}`),
        )
        .finally(() => {
          this.passes.delete(accountId);
          if (this.more.has(accountId)) this.loop.wake();
        });
      this.passes.set(accountId, pass);
    }
    if (now - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = now;
      const pruned = await this.journal.prune(this.config.journalDays);
      if (pruned > 0)
        this.logger.log(`pruned ${pruned} journal rows older than ${this.config.journalDays} days`);
    }
  }
}
