import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { SyncAccountsService } from '../accounts/sync-accounts.service';
import { FullLoadRepository } from './full-load.repository';
import { FullLoadRunner } from './full-load-runner.service';

/** Why a full load is asked for. */
export type FullLoadTrigger = 'requested' | 'customers-tab-saved';

/** What came of asking. */
export type FullLoadStart = 'started' | 'running' | 'completed-before' | 'not-configured';

/** Starts full loads; the runner lists them. */
@Injectable()
export class FullLoadService {
  private readonly logger = new Logger(FullLoadService.name);

  constructor(
    private readonly fullLoads: FullLoadRepository,
    private readonly accounts: SyncAccountsService,
    private readonly runner: FullLoadRunner,
  ) {}

  /**
   * Starts a full load of the account's customers in the caller's transaction, unless one is
   * running (it goes on where it stopped). Saving the Customers tab starts one only when no full
   * load ever completed; `POST /api/v1/sync/full-load` starts a new one after a completed or
   * failed run. The run takes "sync customers without orders" and the shops as they are now.
   */
  async start(em: EntityManager, accountId: string, trigger: FullLoadTrigger): Promise<FullLoadStart> {
    this.accounts.invalidate(accountId);
    const lookup = await this.accounts.get(accountId);
    if ('missing' in lookup) {
      this.logger.warn(`no full load for account ${accountId}: ${lookup.missing}`);
      return 'not-configured';
    }
    const { account } = lookup;
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('customer-full-load:' || $1, 0))`, [
      accountId,
    ]);
    const current = await this.fullLoads.find(accountId, em);
    if (current?.status === 'running') {
      this.runner.wake();
      return 'running';
    }
    if (trigger === 'customers-tab-saved' && current?.completedAt) return 'completed-before';
    const runId = randomUUID();
    await this.fullLoads.start(em, {
      accountId,
      runId,
      onlyWithOrders: !account.syncWithoutOrders,
      sites: account.sites,
    });
    this.logger.log(
      `full load ${runId} of account ${accountId} started (${account.syncWithoutOrders ? 'all customers' : 'customers with orders'})`,
    );
    this.runner.wake();
    return 'started';
  }
}
