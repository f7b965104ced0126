import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TickLoop } from '@app/common/scheduling/tick-loop';
import { OrderChangedV2Contract, OutboxRelay, OutboxService } from '@app/messaging';
import { SettingsRepository } from '@app/settings';
import { OrderProcessingConfig } from '../order-processing.config';
import { OrderStateRepository } from '../processing/order-state.repository';

/**
 * The recovery sweep: at start and then every quarter of `ORDER_PROCESSING_RECOVER_AFTER_MS`, an
 * order whose transaction has been open longer than that (the process died between begin and
 * commit and its message was parked or lost) is queued again; its run commits the transaction
 * when the order still asks for it, and rolls it back otherwise.
 */
@Injectable()
export class OpenTransactionsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OpenTransactionsSweeper.name);
  private readonly loop: TickLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly states: OrderStateRepository,
    private readonly settings: SettingsRepository,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly config: OrderProcessingConfig,
  ) {
    this.loop = new TickLoop(
      Math.max(250, Math.floor(config.recoverAfterMs / 4)),
      () => this.sweep().then(() => undefined),
      (error) => this.logger.error(`recovery sweep failed: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Queues the stale open transactions; returns how many. */
  async sweep(): Promise<number> {
    const running = await this.settings.listRunningAccounts();
    const stale = await this.states.claimStale(
      running.map((account) => account.id),
      this.config.recoverAfterMs,
    );
    if (stale.length === 0) return 0;
    await this.dataSource.transaction(async (em) => {
      for (const { accountId, orderId } of stale) {
        await this.outbox.enqueue(em, OrderChangedV2Contract, {
          accountId,
          orderId,
          cause: 'recovery',
          fields: [],
        });
      }
    });
    this.relay.wake();
    this.logger.warn(`queued ${stale.length} orders with a transaction left open, to finish or roll back`);
    return stale.length;
  }
}
