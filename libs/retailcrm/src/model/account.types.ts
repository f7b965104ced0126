/** What `GET /api/credentials` says about the API key. */
export interface Credentials {
  /** Scopes of the key: `order_read`, `customer_write`, `integration_write`, ... */
  scopes: string[];
  /** Allowed method paths (older permission model, deprecated). */
  credentials: string[];
  /** `access_full` or `access_selective`. */
  siteAccess?: string;
  /** Shop codes the key can reach (when access is selective). */
  sitesAvailable: string[];
  [field: string]: unknown;
}

/** What `GET /api/system-info` gives. */
export interface SystemInfo {
  systemVersion?: string;
  publicUrl?: string;
  technicalUrl?: string;
  [field: string]: unknown;
}

/** One account setting with its last change. */
export interface AccountSetting<T> {
  value: T;
  updated_at?: string;
  [field: string]: unknown;
}

/** The account's settings (`GET /api/v5/settings`); names are snake_case as RetailCRM sends them. */
export interface AccountSettings {
  default_currency?: AccountSetting<string>;
  system_language?: AccountSetting<string>;
  /** IANA zone of the account, e.g. `Europe/Moscow`: the zone of every date the API sends. */
  timezone?: AccountSetting<string>;
  work_times?: Record<string, unknown>[];
  non_working_days?: Record<string, unknown>[];
  [field: string]: unknown;
}
