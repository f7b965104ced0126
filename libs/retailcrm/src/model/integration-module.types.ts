/** The `integrations.embedJs` block: the module's UI extension. */
export interface EmbedJsIntegration {
  entrypoint: string;
  stylesheet?: string;
  /** Where widgets mount, e.g. `order/card:common.after`. */
  targets: string[];
  runner?: 'worker' | 'iframe';
  pages?: Record<string, unknown>[];
  [field: string]: unknown;
}

/**
 * A marketplace module registration (`integrationModule`). On edit every field is optional, but
 * RetailCRM needs `code`, `integrationCode`, `active`, `name`, `baseUrl` to create it.
 */
export interface IntegrationModule {
  /** This installation's code; must start with `integrationCode`. */
  code: string;
  /** The module's code registered in the partner cabinet. */
  integrationCode?: string;
  active?: boolean;
  /** Set by RetailCRM (e.g. unpaid); read-only. */
  freeze?: boolean;
  name?: string;
  /** URL of an SVG logo. */
  logo?: string;
  native?: boolean;
  /** The module's id of the account; RetailCRM posts it back with every callback. */
  clientId?: string;
  baseUrl?: string;
  accountUrl?: string;
  /** Callback name (`activity`, `settings`) -> path relative to `baseUrl`. */
  actions?: Record<string, string>;
  availableCountries?: string[];
  integrations?: { embedJs?: EmbedJsIntegration; [kind: string]: unknown };
  [field: string]: unknown;
}

/** What `integration-modules/{code}/edit` gives back. */
export interface IntegrationModuleEditResult {
  /** Kind-specific data (billing, transport tokens...); `{}` when RetailCRM sends `[]`. */
  info: Record<string, unknown>;
}
