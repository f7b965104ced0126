import { ForbiddenUrlError } from '@app/common/http/url-guard';
import {
  RetailCrmAuthError,
  RetailCrmError,
  RetailCrmForbiddenAddressError,
  RetailCrmNotAnAccountError,
  RetailCrmNotFoundError,
  RetailCrmRateLimitedError,
  RetailCrmUnavailableError,
} from '@app/retailcrm';

/**
 * API scopes the module needs from the key (asked for in `/retailcrm/config`, checked with
 * `/api/credentials`): customers and orders both ways, dictionaries, custom fields (it creates
 * its own), its own registration, and the catalogue for the product feed.
 */
export const REQUIRED_SCOPES = [
  'customer_read',
  'customer_write',
  'order_read',
  'order_write',
  'reference_read',
  'custom_fields_read',
  'custom_fields_write',
  'integration_read',
  'integration_write',
  'store_read',
] as const;

/** The required scopes a key lacks, in the order of {@link REQUIRED_SCOPES}. */
export function missingScopes(granted: readonly string[]): string[] {
  return REQUIRED_SCOPES.filter((scope) => !granted.includes(scope));
}

/** A problem with a typed RetailCRM address or key, told the way a shop manager understands it. */
export interface CrmProblem {
  field: 'retailcrmUrl' | 'apiKey';
  message: string;
}

/**
 * The account URL as it is stored: scheme, host, port and path without trailing slashes. The
 * address must have no query, fragment or credentials (a pasted URL may carry a key: the text is
 * never echoed).
 */
export function normaliseAccountUrl(raw: string): string | CrmProblem {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return {
      field: 'retailcrmUrl',
      message: 'Enter the address of your RetailCRM, e.g. https://shop.retailcrm.ru',
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { field: 'retailcrmUrl', message: 'The RetailCRM address must start with https://' };
  }
  if (url.username || url.password || url.search || url.hash) {
    return {
      field: 'retailcrmUrl',
      message: 'Enter only the address of your RetailCRM, without a login, "?" parameters or "#"',
    };
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** What the URL guard's refusal means for the manager (the URL itself is not repeated). */
export function forbiddenUrlMessage(error: ForbiddenUrlError, what = 'The RetailCRM address'): string {
  const reason = error.message.startsWith(`${error.url} `)
    ? error.message.slice(error.url.length + 1)
    : 'is not allowed';
  return `${what} ${reason}`;
}

/**
 * The problem a failed `/api/credentials` (or module registration) call reveals about the typed
 * URL and key, or null for a failure that says nothing about them (a bug: let it surface).
 */
export function crmProblemOf(error: unknown): CrmProblem | null {
  if (error instanceof ForbiddenUrlError)
    return { field: 'retailcrmUrl', message: forbiddenUrlMessage(error) };
  if (error instanceof RetailCrmForbiddenAddressError)
    return {
      field: 'retailcrmUrl',
      message: 'The RetailCRM address points at a private or loopback address',
    };
  if (error instanceof RetailCrmNotAnAccountError || error instanceof RetailCrmNotFoundError) {
    return {
      field: 'retailcrmUrl',
      message:
        'There is no RetailCRM account at this address. Copy the address from your browser, e.g. https://shop.retailcrm.ru',
    };
  }
  if (error instanceof RetailCrmAuthError) {
    return {
      field: 'apiKey',
      message:
        'RetailCRM refused this API key. Check that it is copied in full and active (Settings > Integration > API access keys)',
    };
  }
  if (error instanceof RetailCrmRateLimitedError || error instanceof RetailCrmUnavailableError) {
    return {
      field: 'retailcrmUrl',
      message: 'RetailCRM did not answer at this address. Check the address, or try again in a minute',
    };
  }
  if (error instanceof RetailCrmError) {
    return {
      field: 'apiKey',
      message: `RetailCRM refused the check: ${error.errorMsg ?? 'no reason given'}`,
    };
  }
  return null;
}

/** The message about a key without the scopes the module needs. */
export function missingScopesMessage(missing: readonly string[]): string {
  return `The API key lacks the permissions the module needs: ${missing.join(', ')}. Allow them for the key in RetailCRM (Settings > Integration > API access keys)`;
}
