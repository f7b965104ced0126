import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { assignToRequestLog } from '@app/common/logging/log-context';
import { AccountActivityChanged, AccountSettingsChanged, OutboxRelay, OutboxService } from '@app/messaging';
import { RetailCrmClient, RetailCrmError } from '@app/retailcrm';
import { AccountEntity, SecretBox, SettingsRepository } from '@app/settings';
import { FieldErrors } from '../field-errors';
import { GatewayConfig } from '../gateway.config';
import { integrationModuleOf } from '../marketplace/integration-module';
import { CrmConnectionService } from './crm-connection.service';

/** What a connection gives the shop: the key to its settings page. */
export interface ConnectedAccount {
  clientId: string;
  accountUrl: string;
}

const UNIQUE_VIOLATION = '23505';

/** Random secrets of a new account: clientId 32 bytes, hook and feed tokens 24 bytes, hex. */
function newAccount(retailcrmUrl: string): AccountEntity {
  const account = new AccountEntity();
  account.clientId = randomBytes(32).toString('hex');
  account.hookToken = randomBytes(24).toString('hex');
  account.feedToken = randomBytes(24).toString('hex');
  account.retailcrmUrl = retailcrmUrl;
  account.sites = [];
  account.active = true;
  account.frozen = false;
  account.crmSettings = null;
  return account;
}

/**
 * Connects RetailCRM accounts, by the marketplace's simple connection or by hand: checks the
 * address and key, stores the account (a known address keeps its settings, tokens and cursors,
 * only the key and activity change) and registers the module in the CRM, all or nothing.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SettingsRepository,
    private readonly secrets: SecretBox,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly crm: CrmConnectionService,
    private readonly config: GatewayConfig,
  ) {}

  /** `fields` names the URL and the key in a refusal, as the caller's input calls them. */
  async connect(
    retailcrmUrl: string,
    apiKey: string,
    fields?: { url: string; key: string },
  ): Promise<ConnectedAccount> {
    const { url, client } = await this.crm.check(retailcrmUrl, apiKey, fields);
    const account = await this.storeOnce(url, apiKey, client).catch((error: unknown) => {
      // Two first connections of one address at once: the second sees the first's row now.
      if (isUniqueViolation(error)) return this.storeOnce(url, apiKey, client);
      throw error;
    });
    this.relay.wake();
    assignToRequestLog({ accountId: account.id });
    this.logger.log(`account ${account.id} connected`);
    return { clientId: account.clientId, accountUrl: this.config.accountUrl(account.clientId) };
  }

  /**
   * Registers (or updates) the module in the account's CRM: `integration-modules/{code}/edit`.
   * A refusal is answered 422 with RetailCRM's reason.
   */
  async registerModule(client: RetailCrmClient, account: AccountEntity): Promise<void> {
    const module = integrationModuleOf({
      publicUrl: this.config.publicUrl,
      integrationCode: this.config.moduleCode,
      accountId: account.id,
      clientId: account.clientId,
      accountUrl: this.config.accountUrl(account.clientId),
    });
    try {
      await client.integrationModules.edit(module.code, module);
    } catch (error) {
      if (!(error instanceof RetailCrmError)) throw error;
      const reasons = [error.errorMsg, ...error.errors.map((item) => item.message)].filter(Boolean);
      throw FieldErrors.about(
        'retailcrmUrl',
        `RetailCRM did not register the module: ${reasons.join('; ') || 'no reason given'}`,
        'RetailCRM could not be connected',
      );
    }
  }

  private storeOnce(url: string, apiKey: string, client: RetailCrmClient): Promise<AccountEntity> {
    return this.dataSource.transaction(async (em) => {
      const existing = await this.repository.lockAccountByUrl(url, em);
      const account = existing ?? newAccount(url);
      const wasActive = existing?.active ?? false;
      account.apiKeyEnc = this.secrets.encrypt(apiKey.trim());
      account.active = true;
      const saved = await this.repository.saveAccount(account, em);
      await this.publish(em, saved, !wasActive);
      // Inside the transaction: when RetailCRM refuses the registration, nothing is stored.
      await this.registerModule(client, saved);
      return saved;
    });
  }

  private async publish(em: EntityManager, account: AccountEntity, activityChanged: boolean): Promise<void> {
    await this.outbox.enqueue(em, AccountSettingsChanged, { accountId: account.id, tab: 'access' });
    if (activityChanged) {
      await this.outbox.enqueue(em, AccountActivityChanged, {
        accountId: account.id,
        active: account.active,
        frozen: account.frozen,
      });
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION
  );
}
