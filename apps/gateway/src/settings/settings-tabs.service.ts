import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { unprocessableValidationPipe } from '@app/common/validation/validation-errors';
import { AccountSettingsChanged, OutboxRelay, OutboxService } from '@app/messaging';
import {
  AccountEntity,
  SettingsRepository,
  SettingsService,
  SettingsView,
  StoredSettings,
  TabName,
  TABS,
} from '@app/settings';
import { FieldErrors } from '../field-errors';
import { GatewayConfig } from '../gateway.config';
import { ReferencesService } from '../references/references.service';
import { TabChecksService } from './tab-checks.service';
import { TAB_INPUTS } from './tab-inputs';
import { RecentAccounts } from '../accounts/recent-accounts';

const validation = unprocessableValidationPipe();

/**
 * The settings page's reads and writes of one account's tabs. A tab is validated, checked against
 * the account's RetailCRM and Mindbox, then stored together with its `AccountSettingsChanged`
 * event; a tab that fails changes nothing.
 */
@Injectable()
export class SettingsTabsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SettingsRepository,
    private readonly settings: SettingsService,
    private readonly checks: TabChecksService,
    private readonly references: ReferencesService,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly config: GatewayConfig,
    private readonly recent: RecentAccounts,
  ) {}

  /** Every tab, secrets masked, unsaved tabs null. */
  async view(account: AccountEntity): Promise<SettingsView> {
    return this.viewOf(await this.load(account));
  }

  /** Saves one tab; answers it as `view` would. */
  async save(account: AccountEntity, tab: string, body: unknown): Promise<SettingsView[TabName]> {
    if (!isTab(tab)) throw new NotFoundException({ message: `There is no settings tab "${tab}"` });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw FieldErrors.about('body', 'must be a JSON object', 'The settings must be a JSON object');
    }
    const input = (await validation.transform(body, { type: 'body', metatype: TAB_INPUTS[tab] })) as object;
    const write = await this.checks.prepare(tab, input, await this.load(account));
    await this.dataSource.transaction(async (em) => {
      await write(em);
      await this.outbox.enqueue(em, AccountSettingsChanged, { accountId: account.id, tab });
    });
    this.relay.wake();
    if (tab === 'access' || tab === 'fields') this.references.invalidate(account.id);
    return this.viewOf(await this.load(account))[tab];
  }

  /**
   * A new secret for the account's hook URL; the old URL stops working at once on this replica
   * and within two seconds on the others (RECENT_ACCOUNT_TTL_MS).
   */
  async regenerateHookToken(account: AccountEntity): Promise<{ hookUrl: string }> {
    const hookToken = randomBytes(24).toString('hex');
    await this.dataSource.transaction(async (em) => {
      const locked = await this.repository.lockAccount(account.id, em);
      if (!locked) throw new UnauthorizedException();
      locked.hookToken = hookToken;
      await this.repository.saveAccount(locked, em);
      await this.outbox.enqueue(em, AccountSettingsChanged, { accountId: account.id, tab: 'access' });
    });
    this.recent.forget(account);
    this.relay.wake();
    return { hookUrl: this.config.hookUrl(hookToken) };
  }

  private async load(account: AccountEntity): Promise<StoredSettings> {
    const stored = await this.repository.load(account.id);
    if (!stored) throw new UnauthorizedException();
    return stored;
  }

  private viewOf(stored: StoredSettings): SettingsView {
    const { hookToken, feedToken } = stored.account;
    return this.settings.view(stored, this.config.hookUrl(hookToken), this.config.feedUrl(feedToken));
  }
}

function isTab(tab: string): tab is TabName {
  return (TABS as readonly string[]).includes(tab);
}
