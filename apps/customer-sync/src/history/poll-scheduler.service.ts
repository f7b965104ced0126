import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runWithLogContext } from '@app/common/logging/log-context';
import { SettingsRepository } from '@app/settings';
import { CustomerSyncConfig } from '../customer-sync.config';
import { JournalRepository } from '../journal/journal.repository';
import { PollPicker } from '@app/common/scheduling/poll-picker';
import { TickLoop } from '@app/common/scheduling/tick-loop';
import { HistoryPoller } from './history-poller.service';
import { SyncStateRepository } from './sync-state.repository';

/** Accounts polled at the same time by one replica: passes wait on RetailCRM, each account within its own budget. */
const CONCURRENT_POLLS = 16;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Decides when each running account's history is polled: every poll interval, at once when the
 * hook asked (`SyncRequested`) or the last pass left more to read. An account is polled only by
 * the replica holding its lease (a row lease in `customer_sync_state`, renewed while held, taken
 * over when it expires), so exactly one poller runs per account across replicas. Inactive and
 * frozen accounts are not polled; their cursor waits where it is.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PollScheduler.name);
  private readonly loop: TickLoop;
  private readonly passes = new Map<string, Promise<void>>();
  private readonly picker: PollPicker;
  private lastPruneAt = 0;

  constructor(
    private readonly poller: HistoryPoller,
    private readonly states: SyncStateRepository,
    private readonly settings: SettingsRepository,
    private readonly journal: JournalRepository,
    private readonly config: CustomerSyncConfig,
  ) {
    this.picker = new PollPicker(config.pollIntervalMs);
    this.loop = new TickLoop(
      config.tickMs,
      () => this.tick(),
      (error) => this.logger.error(`poll scheduling failed: ${(error as Error).message}`),
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

  /**
   * Asks for an early poll of the account, in the caller's transaction, and looks for it shortly
   * after (once that transaction has committed) on this replica; the lease holder, if another
   * replica, sees it at its next tick.
   */
  async requestPoll(em: EntityManager, accountId: string): Promise<void> {
    await this.states.requestPoll(em, accountId);
    this.loop.wake(100);
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
          this.logger.warn(`poll of account ${accountId} failed: ${error.message}`);
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
