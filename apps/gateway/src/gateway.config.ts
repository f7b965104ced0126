import { Global, Injectable, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/** The gateway's settings, read once from the validated environment ({@link GatewayAppEnv}). */
@Injectable()
export class GatewayConfig {
  /** Public base URL of the gateway, without a trailing slash. */
  readonly publicUrl: string;
  /** The module's code in the RetailCRM partner cabinet (`integrationCode`). */
  readonly moduleCode: string;
  /** Secret shared with the marketplace; signs the register token. Never logged. */
  readonly moduleSecret: string;
  /** Whether account URLs may point at loopback or private networks (sandbox, tests, demo). */
  readonly allowPrivateUrls: boolean;
  readonly throttleLimit: number;
  readonly throttleTtlMs: number;
  readonly trustProxyHops: number;
  /** Where the built settings page is, when set explicitly. */
  readonly settingsUiDir?: string;

  constructor(config: ConfigService) {
    this.publicUrl = config.getOrThrow<string>('PUBLIC_URL').replace(/\/+$/, '');
    this.moduleCode = config.getOrThrow<string>('RETAILCRM_MODULE_CODE');
    this.moduleSecret = config.getOrThrow<string>('RETAILCRM_MODULE_SECRET');
    this.allowPrivateUrls = config.getOrThrow<boolean>('ALLOW_PRIVATE_URLS');
    this.throttleLimit = config.getOrThrow<number>('THROTTLE_LIMIT');
    this.throttleTtlMs = config.getOrThrow<number>('THROTTLE_TTL_MS');
    this.trustProxyHops = config.getOrThrow<number>('TRUST_PROXY_HOPS');
    this.settingsUiDir = config.get<string>('SETTINGS_UI_DIR');
  }

  /** The settings page of an account; RetailCRM links to it and opens it in its iframe. */
  accountUrl(clientId: string): string {
    return `${this.publicUrl}/settings/${clientId}`;
  }

  /** The account's "callback for acceleration", for RetailCRM triggers. */
  hookUrl(hookToken: string): string {
    return `${this.publicUrl}/hooks/${hookToken}`;
  }

  /** The account's product feed, for Mindbox's import. */
  feedUrl(feedToken: string): string {
    return `${this.publicUrl}/feeds/${feedToken}/products.yml`;
  }
}

/** Makes {@link GatewayConfig} available to every feature module of the gateway. */
@Global()
@Module({ providers: [GatewayConfig], exports: [GatewayConfig] })
export class GatewayConfigModule {}
