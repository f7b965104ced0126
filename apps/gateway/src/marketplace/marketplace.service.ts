import { ConflictException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertAllowedUrl, ForbiddenUrlError } from '@app/common/http/url-guard';
import { assignToRequestLog } from '@app/common/logging/log-context';
import { AccountActivityChanged, AccountSettingsChanged, OutboxRelay, OutboxService } from '@app/messaging';
import { AccountEntity, SettingsRepository } from '@app/settings';
import { AccountsService } from '../accounts/accounts.service';
import { RecentAccounts } from '../accounts/recent-accounts';
import { forbiddenUrlMessage, normaliseAccountUrl, REQUIRED_SCOPES } from '../accounts/crm-connection.rules';
import { FieldErrors } from '../field-errors';
import { GatewayConfig } from '../gateway.config';
import {
  ActivityRequest,
  CallbackForm,
  readClientId,
  readJsonField,
  readJsonObject,
  readText,
  RegisterRequest,
  unknownClient,
} from './callback-forms';
import { isValidRegisterToken } from './register-token';

/** `GET /retailcrm/config`. */
export interface ModuleConfig {
  success: true;
  scopes: string[];
  registerUrl: string;
}

/**
 * The RetailCRM module protocol: the simple connection (config, register) and the callbacks the
 * CRM sends about an installation (activity, system settings).
 */
@Injectable()
export class MarketplaceService {
  private readonly logger = new Logger(MarketplaceService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SettingsRepository,
    private readonly accounts: AccountsService,
    private readonly recent: RecentAccounts,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly config: GatewayConfig,
  ) {}

  moduleConfig(): ModuleConfig {
    return {
      success: true,
      scopes: [...REQUIRED_SCOPES],
      registerUrl: `${this.config.publicUrl}/retailcrm/register`,
    };
  }

  /** The simple connection: a new API key signed with the module secret. */
  async register(form: CallbackForm): Promise<{ success: true; accountUrl: string }> {
    const request = readJsonField(form, 'register', RegisterRequest);
    if (!isValidRegisterToken(this.config.moduleSecret, request.apiKey, request.token)) {
      throw new UnauthorizedException({ message: 'The register token does not match the API key' });
    }
    const { accountUrl } = await this.accounts.connect(request.systemUrl, request.apiKey, {
      url: 'register.systemUrl',
      key: 'register.apiKey',
    });
    return { success: true, accountUrl };
  }

  /** The module was switched on or off, or (un)frozen; the account's address may have changed. */
  async activity(form: CallbackForm): Promise<{ success: true }> {
    const clientId = readClientId(form);
    const activity = readJsonField(form, 'activity', ActivityRequest);
    const systemUrl = await this.checkedSystemUrl(readText(form, 'systemUrl'));
    const changed = await this.dataSource.transaction(async (em) => {
      const account = await this.lockByClientId(clientId, em);
      if (systemUrl && systemUrl !== account.retailcrmUrl) {
        const other = await this.repository.findAccountByUrl(systemUrl, em);
        if (other) throw new ConflictException({ message: 'Another account is connected at this systemUrl' });
        account.retailcrmUrl = systemUrl;
        await this.outbox.enqueue(em, AccountSettingsChanged, { accountId: account.id, tab: 'access' });
      }
      account.active = activity.active;
      account.frozen = activity.freeze ?? false;
      await this.repository.saveAccount(account, em);
      await this.outbox.enqueue(em, AccountActivityChanged, {
        accountId: account.id,
        active: account.active,
        frozen: account.frozen,
      });
      return account;
    });
    this.recent.forget(changed);
    this.relay.wake();
    this.logger.log(
      `module switched ${changed.active ? 'on' : 'off'}${changed.frozen ? ', account frozen' : ''}`,
    );
    return { success: true };
  }

  /** The CRM's system settings changed (currency, language, time zone, work times). */
  async crmSettings(form: CallbackForm): Promise<{ success: true }> {
    const clientId = readClientId(form);
    const settings = readJsonObject(form, 'settings');
    await this.dataSource.transaction(async (em) => {
      const account = await this.lockByClientId(clientId, em);
      account.crmSettings = settings;
      await this.repository.saveAccount(account, em);
    });
    return { success: true };
  }

  private async lockByClientId(clientId: string, em: EntityManager): Promise<AccountEntity> {
    const found = await this.repository.findAccountByClientId(clientId, em);
    const account = found && (await this.repository.lockAccount(found.id, em));
    if (!account) throw unknownClient();
    assignToRequestLog({ accountId: account.id });
    return account;
  }

  /** A `systemUrl` sent with the activity, normalised and through the URL guard (422 otherwise). */
  private async checkedSystemUrl(raw: string | undefined): Promise<string | undefined> {
    if (raw === undefined) return undefined;
    const url = normaliseAccountUrl(raw);
    if (typeof url !== 'string') throw FieldErrors.about('systemUrl', url.message);
    try {
      await assertAllowedUrl(url, this.config.allowPrivateUrls);
    } catch (error) {
      if (error instanceof ForbiddenUrlError)
        throw FieldErrors.about('systemUrl', forbiddenUrlMessage(error));
      throw error;
    }
    return url;
  }
}
