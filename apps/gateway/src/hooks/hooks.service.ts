import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assignToRequestLog } from '@app/common/logging/log-context';
import { OutboxRelay, OutboxService, SyncRequested, type SyncEntity } from '@app/messaging';
import { AccountEntity } from '@app/settings';
import { RecentAccounts } from '../accounts/recent-accounts';

/** What a trigger call did: `queued` is true when a poll will follow (false for an account out of service). */
export interface HookOutcome {
  accepted: true;
  queued: boolean;
}

/** How long after queueing a poll request this replica answers further calls without asking the database. */
const RECENT_MS = 1_000;

/**
 * The shop's trigger calls its hook URL when a customer or an order changes, so the next poll of
 * that history happens at once. The call only speeds things up: the change itself is read from
 * the history, never from the caller, so a forged or repeated call can cause nothing but a poll.
 *
 * A trigger fires for every change, so calls come in bursts: within a second of its last request
 * this replica queues no other at once, only one more when the second is over (the poll asked
 * for first may have run before the later changes were made); across replicas, a request still
 * waiting in the outbox makes another one needless.
 */
@Injectable()
export class HooksService implements OnModuleDestroy {
  private readonly logger = new Logger(HooksService.name);
  /** When this replica last queued a poll request, per account and entity. */
  private readonly recent = new Map<string, number>();
  /** The request queued when a second of calls is over, per account and entity. */
  private readonly trailing = new Map<string, NodeJS.Timeout>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: RecentAccounts,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
  ) {}

  /** The account of a hook token (which the request's log lines name from then on); null for an unknown one. */
  async findAccount(hookToken: string): Promise<AccountEntity | null> {
    const account = await this.accounts.byHook(hookToken);
    if (account) assignToRequestLog({ accountId: account.id });
    return account;
  }

  async trigger(account: AccountEntity, entity: SyncEntity, hint: string | undefined): Promise<HookOutcome> {
    if (!account.active || account.frozen) {
      this.logger.debug(`${entity} hook: no poll, the module is off or frozen`);
      return { accepted: true, queued: false };
    }
    const key = `${account.id}:${entity}`;
    const since = Date.now() - (this.recent.get(key) ?? 0);
    if (since >= RECENT_MS) {
      await this.request(key, account.id, entity, hint);
    } else if (!this.trailing.has(key)) {
      this.logger.debug(`${entity} hook: a poll will be requested when this second of calls is over`);
      const timer = setTimeout(() => {
        this.trailing.delete(key);
        this.request(key, account.id, entity, undefined).catch((error: Error) =>
          this.logger.warn(`a poll request after a burst of hook calls was not queued: ${error.message}`),
        );
      }, RECENT_MS - since);
      timer.unref();
      this.trailing.set(key, timer);
    }
    return { accepted: true, queued: true };
  }

  onModuleDestroy(): void {
    // A dropped trailing request costs only speed: the next timed poll reads the same history.
    for (const timer of this.trailing.values()) clearTimeout(timer);
    this.trailing.clear();
  }

  /** Queues a poll request, unless one still waits in the outbox. */
  private async request(key: string, accountId: string, entity: SyncEntity, hint: string | undefined) {
    this.recent.set(key, Date.now());
    this.forgetOld();
    const queued = await this.dataSource.transaction(async (em) => {
      const waiting = (await em.query(
        `SELECT 1 FROM outbox_message
          WHERE producer = 'gateway' AND routing_key = $1 AND account_id = $2
            AND published_at IS NULL AND payload->>'entity' = $3
          LIMIT 1`,
        [SyncRequested.routingKey, accountId, entity],
      )) as unknown[];
      if (waiting.length > 0) return false;
      await this.outbox.enqueue(em, SyncRequested, { accountId, entity, ...(hint ? { hint } : {}) });
      return true;
    });
    this.logger.debug(`${entity} hook: ${queued ? 'poll requested' : 'a poll request is still waiting'}`);
    if (queued) this.relay.wake();
  }

  /** Keeps the map to the accounts of the last second. */
  private forgetOld(): void {
    if (this.recent.size <= 1_000) return;
    const now = Date.now();
    for (const [key, at] of this.recent) if (now - at >= RECENT_MS) this.recent.delete(key);
  }
}
