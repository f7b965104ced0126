import { Injectable } from '@nestjs/common';
import { maskSecret, SecretBox } from './secrets/secret-box';
import { SettingsRepository, StoredSettings } from './settings.repository';
import type { AccountSettings, TabBodies } from './settings.types';
import type { ProductSettingsDto } from './tabs/products.dto';

/** What `GET /api/v1/settings` answers: every tab, secrets masked, unsaved tabs null. */
export type SettingsView = { [K in keyof TabBodies]: TabBodies[K] | null };

/**
 * Reads an account's settings for the services: decrypted for the workers' own use, masked for
 * answers. Writing (with the checks each tab needs) is the gateway's job.
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly repository: SettingsRepository,
    private readonly secrets: SecretBox,
  ) {}

  /** The account's settings with secrets in clear, or null for an unknown account. */
  async load(accountId: string): Promise<AccountSettings | null> {
    const stored = await this.repository.load(accountId);
    if (!stored) return null;
    const { account, mindbox } = stored;
    return {
      accountId: account.id,
      active: account.active,
      frozen: account.frozen,
      access: {
        retailcrmUrl: account.retailcrmUrl,
        apiKey: this.secrets.decrypt(account.apiKeyEnc),
        sites: account.sites,
      },
      mindbox: mindbox
        ? { ...mindbox.settings, secretKey: this.secrets.decrypt(mindbox.secretKeyEnc) }
        : null,
      customers: stored.customers?.settings ?? null,
      orders: stored.orders?.settings ?? null,
      products: stored.products?.settings ?? null,
      fields: stored.fields?.settings ?? null,
    };
  }

  /**
   * The tabs as a settings page may see them; `feedUrl`, when given, is shown read-only in the
   * Products tab (once that tab is saved), as `hookUrl` is in the Access tab.
   */
  view(stored: StoredSettings, hookUrl: string, feedUrl?: string): SettingsView {
    const { account, mindbox } = stored;
    return {
      access: {
        retailcrmUrl: account.retailcrmUrl,
        apiKey: maskSecret(this.secrets.decrypt(account.apiKeyEnc)) ?? '',
        sites: account.sites,
        hookUrl,
      },
      mindbox: mindbox
        ? { ...mindbox.settings, secretKey: maskSecret(this.secrets.decrypt(mindbox.secretKeyEnc)) ?? '' }
        : null,
      customers: stored.customers?.settings ?? null,
      orders: stored.orders?.settings ?? null,
      products: stored.products ? productsView(stored.products.settings, feedUrl) : null,
      fields: stored.fields?.settings ?? null,
    };
  }
}

/** The Products tab with the live feed address; one sent back on a save and stored is never shown. */
function productsView(settings: ProductSettingsDto, feedUrl: string | undefined): ProductSettingsDto {
  const { feedUrl: _stored, ...rest } = settings;
  return feedUrl !== undefined ? { ...rest, feedUrl } : rest;
}
