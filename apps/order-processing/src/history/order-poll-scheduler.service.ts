import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runWithLogContext } from '@app/common/logging/log-context';
import { PollPicker } from '@app/common/scheduling/poll-picker';
import { TickLoop } from '@app/common/scheduling/tick-loop';
import { SettingsRepository } from '@app/settings';
import { OrderJournalRepository } from '../journal/order-journal.repository';
import { OrderProcessingConfig } from '../order-processing.config';
import { OrderHistoryPoller } from './order-history-poller.service';
import { OrderSyncStateRepository } from './order-sync-state.repository';

/** Accounts polled at the same time by one replica: passes wait on RetailCRM, each account within its own budget. */
const CONCURRENT_POLLS = 16;
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
  private readonly picker: PollPicker;
  private lastPruneAt = 0;

  constructor(
    private readonly poller: OrderHistoryPoller,
    private readonly states: OrderSyncStateRepository,
    private readonly settings: SettingsRepository,
    private readonly journal: OrderJournalRepository,
    private readonly config: OrderProcessingConfig,
  ) {
    this.picker = new PollPicker(config.pollIntervalMs);
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
    const candidates = held.map((state) => ({
      accountId: state.accountId,
      requested: state.pollRequests > state.pollsServed,
    }));
    for (const accountId of this.picker.pick(
      candidates,
      this.passes,
      CONCURRENT_POLLS - this.passes.size,
      now,
    )) {
      this.picker.started(accountId, now);
      const pass = runWithLogContext({ accountId }, () => this.poller.poll(accountId))
        .then((more) => {
          this.picker.succeeded(accountId, more);
          if (more) this.loop.wake();
        })
        .catch((error: Error) => {
          this.picker.failed(accountId);
          this.logger.warn(`order poll of account ${accountId} failed: ${error.message}`);
        })
        .finally(() => {
          this.passes.delete(accountId);
          if (this.picker.hasMore(accountId)) this.loop.wake();
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
