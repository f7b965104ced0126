import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertAllowedUrl } from '@app/common/http/url-guard';
import { MindboxClientFactory } from '@app/mindbox';
import { RetailCrmClient, RetailCrmError } from '@app/retailcrm';
import {
  AccountEntity,
  CustomerSettingsDto,
  FieldSettingsDto,
  isMasked,
  MindboxSettingsBody,
  OrderSettingsDto,
  ProductSettingsDto,
  SecretBox,
  SettingsRepository,
  StoredSettings,
  TabName,
} from '@app/settings';
import { AccountsService } from '../accounts/accounts.service';
import { normaliseAccountUrl } from '../accounts/crm-connection.rules';
import { CrmConnectionService } from '../accounts/crm-connection.service';
import { FieldErrors } from '../field-errors';
import { GatewayConfig } from '../gateway.config';
import { mindboxProblemOf, mindboxProbeOf } from './mindbox-probe';
import { AccessTabInput, MindboxTabInput } from './tab-inputs';
import {
  accessProblems,
  customerProblems,
  orderFieldPlan,
  orderProblems,
  productProblems,
} from './tab-rules';

/** Stores a checked tab, inside the transaction that also queues its event. */
export type TabWrite = (em: EntityManager) => Promise<void>;

const NOT_SAVED = 'The settings were not saved: some fields need fixing';

/** A secret the manager typed, as opposed to one left out or sent back masked. */
const typedSecret = (value: string | undefined): string | undefined =>
  value && !isMasked(value) && value.trim() !== '' ? value.trim() : undefined;

/**
 * The checks of each settings tab against the account's RetailCRM and Mindbox, run before
 * anything is stored: a tab that fails them changes nothing and is answered 422 naming the fields.
 */
@Injectable()
export class TabChecksService {
  constructor(
    private readonly crm: CrmConnectionService,
    private readonly accounts: AccountsService,
    private readonly mindboxClients: MindboxClientFactory,
    private readonly repository: SettingsRepository,
    private readonly secrets: SecretBox,
    private readonly config: GatewayConfig,
  ) {}

  /** Checks a tab that passed validation and gives how to store it. Throws 422 (or 502). */
  prepare(tab: TabName, input: object, stored: StoredSettings): Promise<TabWrite> {
    switch (tab) {
      case 'access':
        return this.access(input as AccessTabInput, stored.account);
      case 'mindbox':
        return this.mindbox(input as MindboxTabInput, stored);
      case 'customers':
        return this.customers(input as CustomerSettingsDto, stored.account);
      case 'orders':
        return this.orders(input as OrderSettingsDto, stored.account);
      case 'products':
        return this.products(input as ProductSettingsDto, stored.account);
      case 'fields':
        return this.fields(input as FieldSettingsDto, stored.account);
    }
  }

  /** The key works at the address, has the scopes, and reaches every chosen shop. */
  private async access(input: AccessTabInput, account: AccountEntity): Promise<TabWrite> {
    const typedKey = typedSecret(input.apiKey);
    const url = normaliseAccountUrl(input.retailcrmUrl);
    if (typeof url !== 'string') throw FieldErrors.about(url.field, url.message, NOT_SAVED);
    const moved = url !== account.retailcrmUrl;
    // A stored key is never sent to a new address: whoever changes the address types the key.
    if (moved && !typedKey) {
      throw FieldErrors.about(
        'apiKey',
        'Enter the API key again when you change the RetailCRM address',
        NOT_SAVED,
      );
    }
    if (moved && (await this.repository.findAccountByUrl(url))) {
      throw FieldErrors.about(
        'retailcrmUrl',
        'This RetailCRM is already connected to another installation',
        NOT_SAVED,
      );
    }
    const { client, credentials } = await this.crm.check(
      url,
      typedKey ?? this.secrets.decrypt(account.apiKeyEnc),
    );
    const sites = await this.fromCrm(client, (crm) => crm.reference.sites());
    accessProblems(
      input.sites,
      sites.map((site) => site.code),
      credentials,
    ).throwIfAny(NOT_SAVED);
    return async (em) => {
      const locked = await this.lock(account, em);
      locked.retailcrmUrl = url;
      if (typedKey) locked.apiKeyEnc = this.secrets.encrypt(typedKey);
      locked.sites = [...new Set(input.sites)];
      await this.repository.saveAccount(locked, em);
      // The module moves with the account: register it in the CRM at the new address.
      if (moved) await this.accounts.registerModule(client, locked);
    };
  }

  /** One harmless call with the endpoint and the key (see {@link mindboxProblemOf}). */
  private async mindbox(input: MindboxTabInput, stored: StoredSettings): Promise<TabWrite> {
    const previous = stored.mindbox;
    const apiUrl = input.apiUrl.replace(/\/+$/, '');
    // A stored secret is sent only where it was checked: a new API host needs it typed again.
    const moved = previous !== null && new URL(previous.settings.apiUrl).origin !== new URL(apiUrl).origin;
    const storedKey = previous && !moved ? this.secrets.decrypt(previous.secretKeyEnc) : undefined;
    const secretKey = typedSecret(input.secretKey) ?? storedKey;
    if (!secretKey) {
      throw FieldErrors.about(
        'secretKey',
        previous
          ? 'Enter the secret key again when you change the Mindbox API address'
          : 'Enter the secret key of the endpoint',
        NOT_SAVED,
      );
    }
    const probe = mindboxProbeOf(stored.customers?.settings ?? null);
    try {
      await assertAllowedUrl(apiUrl, this.config.allowPrivateUrls);
      const client = this.mindboxClients.forProject(
        { apiUrl, endpointId: input.endpointId, secretKey, deviceUuid: input.deviceUuid },
        { maxAttempts: 1, timeoutMs: 10_000 },
      );
      await client.sync(probe.operation, probe.body, { transactionId: false });
    } catch (error) {
      const problem = mindboxProblemOf(error, probe, input.endpointId);
      if (problem === null) throw error;
      if (problem !== 'accepted') throw FieldErrors.about(problem.field, problem.message, NOT_SAVED);
    }
    const settings: MindboxSettingsBody = {
      apiUrl,
      endpointId: input.endpointId,
      brand: input.brand,
      ...(input.deviceUuid ? { deviceUuid: input.deviceUuid } : {}),
    };
    const secretKeyEnc = this.secrets.encrypt(secretKey);
    return (em) =>
      this.repository.saveTab('mindbox', { accountId: stored.account.id, settings, secretKeyEnc }, em);
  }

  private async customers(input: CustomerSettingsDto, account: AccountEntity): Promise<TabWrite> {
    if (input.ids.mindboxIdCustomField) {
      const fields = await this.withCrm(account, (crm) => crm.customFields.list('customer'));
      customerProblems(input, fields).throwIfAny(NOT_SAVED);
    }
    return (em) => this.repository.saveTab('customers', { accountId: account.id, settings: input }, em);
  }

  private async orders(input: OrderSettingsDto, account: AccountEntity): Promise<TabWrite> {
    const [orderMethods, statuses] = await this.withCrm(account, (crm) =>
      Promise.all([crm.reference.orderMethods(), crm.reference.statuses()]),
    );
    orderProblems(input, {
      orderMethods: orderMethods.map((method) => method.code),
      statuses: statuses.map((status) => status.code),
    }).throwIfAny(NOT_SAVED);
    return (em) => this.repository.saveTab('orders', { accountId: account.id, settings: input }, em);
  }

  private async products(input: ProductSettingsDto, account: AccountEntity): Promise<TabWrite> {
    if (Object.keys(input.statusMap).length > 0) {
      const statuses = await this.withCrm(account, (crm) => crm.reference.productStatuses());
      productProblems(
        input,
        statuses.map((status) => status.code),
      ).throwIfAny(NOT_SAVED);
    }
    return (em) => this.repository.saveTab('products', { accountId: account.id, settings: input }, em);
  }

  /** The order fields the module writes are created in the CRM when they are missing. */
  private async fields(input: FieldSettingsDto, account: AccountEntity): Promise<TabWrite> {
    const { discountAmountField, promoCodeField } = input.retailcrm;
    if (discountAmountField || promoCodeField) {
      const client = await this.crm.clientFor(account);
      const existing = await this.fromCrm(client, (crm) => crm.customFields.list('order'));
      const plan = orderFieldPlan(input, existing);
      plan.errors.throwIfAny(NOT_SAVED);
      for (const { path, field } of plan.create) {
        try {
          await client.customFields.create('order', field);
        } catch (error) {
          if (!(error instanceof RetailCrmError) || error.retryable) throw this.crm.unreachable(error);
          const reasons = [error.errorMsg, ...error.errors.map((item) => item.message)].filter(Boolean);
          throw FieldErrors.about(
            path,
            `RetailCRM did not create the field: ${reasons.join('; ')}`,
            NOT_SAVED,
          );
        }
      }
    }
    return (em) => this.repository.saveTab('fields', { accountId: account.id, settings: input }, em);
  }

  private async withCrm<T>(
    account: AccountEntity,
    call: (client: RetailCrmClient) => Promise<T>,
  ): Promise<T> {
    return this.fromCrm(await this.crm.clientFor(account), call);
  }

  private async fromCrm<T>(
    client: RetailCrmClient,
    call: (client: RetailCrmClient) => Promise<T>,
  ): Promise<T> {
    try {
      return await call(client);
    } catch (error) {
      throw this.crm.unreachable(error);
    }
  }

  private async lock(account: AccountEntity, em: EntityManager): Promise<AccountEntity> {
    const locked = await this.repository.lockAccount(account.id, em);
    if (!locked) throw new Error(`account ${account.id} disappeared while its settings were saved`);
    return locked;
  }
}
