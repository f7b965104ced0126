import { IsBoolean, IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { BaseEnv } from './base.env';
import { EnvBoolean, Sensitive } from './env.decorators';

/** Development key of the settings encryption; refused when NODE_ENV=production. */
export const DEV_SETTINGS_ENCRYPTION_KEY = '0'.repeat(64);
/** Development secret of the marketplace module; refused when NODE_ENV=production. */
export const DEV_MODULE_SECRET = 'dev-module-secret-change-me';

/** A TCP port number. */
export function Port(): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(1)(target, key);
    Max(65535)(target, key);
  };
}

/** Refuses a development default when NODE_ENV=production. */
function NotInProduction(devValue: string): PropertyDecorator {
  return ValidateBy({
    name: 'notInProduction',
    validator: {
      validate: (value, args) => (args?.object as BaseEnv).NODE_ENV !== 'production' || value !== devValue,
      defaultMessage: (args) => `${args?.property} must be set to a real secret in production`,
    },
  });
}

/**
 * Variables of every service that touches account data: the key that decrypts stored secrets and
 * whether account URLs may point at loopback or private networks (only the sandbox, tests, demo).
 */
export class AccountDataEnv extends BaseEnv {
  /** 32 bytes as 64 hex characters; AES-256-GCM key of the stored API keys and secrets. */
  @Sensitive()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'SETTINGS_ENCRYPTION_KEY must be 64 hex characters (32 bytes)' })
  @NotInProduction(DEV_SETTINGS_ENCRYPTION_KEY)
  SETTINGS_ENCRYPTION_KEY: string = DEV_SETTINGS_ENCRYPTION_KEY;

  /**
   * The key being rotated away from: stored secrets it opens are still read, and
   * `npm run rotate-key` writes them again with SETTINGS_ENCRYPTION_KEY. Empty outside a rotation.
   */
  @Sensitive()
  @Matches(/^([0-9a-fA-F]{64})?$/, {
    message: 'SETTINGS_ENCRYPTION_KEY_PREVIOUS must be empty or 64 hex characters (32 bytes)',
  })
  SETTINGS_ENCRYPTION_KEY_PREVIOUS: string = '';

  @EnvBoolean()
  @IsBoolean()
  ALLOW_PRIVATE_URLS: boolean = false;
}

/** The gateway: the module's public face towards RetailCRM and the shop's managers. */
export class GatewayEnv extends AccountDataEnv {
  @Port()
  PORT: number = 3000;

  @Matches(/^https?:\/\/[^\s/]+/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL: string = 'http://127.0.0.1:3000';

  @Matches(/^[a-z0-9-]{3,50}$/, {
    message: 'RETAILCRM_MODULE_CODE must be 3-50 lowercase letters, digits or dashes',
  })
  RETAILCRM_MODULE_CODE: string = 'mindbox-sync';

  /** Secret shared with the RetailCRM marketplace; signs the register token. */
  @Sensitive()
  @IsString()
  @Matches(/^.{16,}$/, { message: 'RETAILCRM_MODULE_SECRET must be at least 16 characters' })
  @NotInProduction(DEV_MODULE_SECRET)
  RETAILCRM_MODULE_SECRET: string = DEV_MODULE_SECRET;
}

/** A queue worker: serves only health and metrics over HTTP, on HEALTH_PORT. */
export abstract class AccountWorkerEnv extends AccountDataEnv {
  @Port()
  HEALTH_PORT: number;
}
