import type { IntegrationModule } from '@app/retailcrm';

/** Callback paths RetailCRM posts to, relative to the module's `baseUrl`. */
export const MODULE_ACTIONS = { activity: '/retailcrm/activity', settings: '/retailcrm/settings' } as const;

/** Where the order-card extension mounts: promo codes and bonus points next to the order's items. */
export const ORDER_CARD_TARGETS = ['order/card:common.after'];

/** Path of the extension's script on the gateway. */
export const ORDER_CARD_SCRIPT_PATH = '/embed/order-card.js';

/** Path of the extension's stylesheet on the gateway. */
export const ORDER_CARD_STYLESHEET_PATH = '/embed/order-card.css';

/** The name RetailCRM shows for the module. */
export const MODULE_NAME = 'Mindbox';

/**
 * The module's code in one RetailCRM account. RetailCRM wants it to start with the integration
 * code ("Code prefix must match integrationCode"); official modules add `-<unique>`. The suffix
 * comes from the account's id, so a reconnection edits the same registration.
 */
export function moduleCodeOf(integrationCode: string, accountId: string): string {
  return `${integrationCode}-${accountId.replace(/-/g, '').slice(0, 12).toLowerCase()}`;
}

/** What identifies one installation to {@link integrationModuleOf}. */
export interface Installation {
  /** The gateway's public URL, without a trailing slash. */
  publicUrl: string;
  integrationCode: string;
  accountId: string;
  clientId: string;
  accountUrl: string;
}

/** The `integrationModule` the module registers itself with (`integration-modules/{code}/edit`). */
export function integrationModuleOf(installation: Installation): IntegrationModule {
  return {
    code: moduleCodeOf(installation.integrationCode, installation.accountId),
    integrationCode: installation.integrationCode,
    active: true,
    name: MODULE_NAME,
    clientId: installation.clientId,
    baseUrl: installation.publicUrl,
    accountUrl: installation.accountUrl,
    actions: { ...MODULE_ACTIONS },
    integrations: {
      embedJs: {
        entrypoint: `${installation.publicUrl}${ORDER_CARD_SCRIPT_PATH}`,
        stylesheet: `${installation.publicUrl}${ORDER_CARD_STYLESHEET_PATH}`,
        targets: [...ORDER_CARD_TARGETS],
        runner: 'worker',
      },
    },
  };
}
