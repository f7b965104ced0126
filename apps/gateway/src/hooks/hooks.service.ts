import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay, OutboxService, SyncRequested, type SyncEntity } from '@app/messaging';
import { AccountEntity, SettingsRepository } from '@app/settings';

/** What a trigger call did: `queued` is false when a poll was already asked for, or the account is out of service. */
export interface HookOutcome {
  accepted: true;
  queued: boolean;
}

/**
 * The shop's trigger calls its hook URL when a customer or an order changes, so the next poll of
 * that history happens at once. The call only speeds things up: the change itself is read from
 * the history, never from the caller, so a forged or repeated call can cause nothing but a poll.
 */
@Injectable()
export class HooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsRepository,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
  ) {}

  /** The account of a hook token; null for an unknown one. */
  findAccount(hookToken: string): Promise<AccountEntity | null> {
    return this.settings.findAccountByHookToken(hookToken);
  }

  async trigger(account: AccountEntity, entity: SyncEntity, hint: string | undefined): Promise<HookOutcome> {
    if (!account.active || account.frozen) return { accepted: true, queued: false };
    const queued = await this.dataSource.transaction(async (em) => {
      // A burst of triggers asks for one poll: while a request is still in the outbox, another adds nothing.
      const waiting = (await em.query(
        `SELECT 1 FROM outbox_message
          WHERE producer = 'gateway' AND routing_key = $1 AND account_id = $2
            AND published_at IS NULL AND payload->>'entity' = $3
          LIMIT 1`,
        [SyncRequested.routingKey, account.id, entity],
      )) as unknown[];
      if (waiting.length > 0) return false;
      await this.outbox.enqueue(em, SyncRequested, {
        accountId: account.id,
        entity,
        ...(hint ? { hint } : {}),
      });
      return true;
    });
    if (queued) this.relay.wake();
    return { accepted: true, queued };
  }
}
