import { Logger } from '@nestjs/common';
import { RateBudget } from '@app/common/rate-budget/rate-budget';
import { AccountSettings, Credentials, SystemInfo } from './model/account.types';
import { CustomFieldsApi } from './resources/custom-fields.api';
import { CustomersApi } from './resources/customers.api';
import { IntegrationModulesApi } from './resources/integration-modules.api';
import { OrdersApi } from './resources/orders.api';
import { ReferenceApi } from './resources/reference.api';
import { StoreApi } from './resources/store.api';
import { keyRedactor, retailCrmBudgetKey } from './transport/api-key';
import { RetailCrmLogger, RetailCrmTransport } from './transport/retailcrm-transport';

/** Options of a {@link RetailCrmClient}. */
export interface RetailCrmClientOptions {
  /**
   * The account's base URL, e.g. `https://shop.retailcrm.ru` or `http://127.0.0.1:3200/crm/demo`;
   * API paths (`/api/v5/...`) are appended to it. No query, fragment or credentials.
   */
  url: string;
  /** The account's API key; sent only in the `X-API-KEY` header and never put into errors or logs. */
  apiKey: string;
  /** Where request slots are taken, one per HTTP request (retries included). */
  budget: RateBudget;
  /**
   * RetailCRM's limit for one key, per second (10). The budget spaces slots with a margin
   * (`SLOT_MARGIN`) so that requests that leave late still stay under it.
   */
  ratePerSecond?: number;
  /** Time for one request, answer body included. */
  timeoutMs?: number;
  /** Requests per call at most, the first included. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles with each further one (with jitter). */
  retryBaseDelayMs?: number;
  /** Longest delay between two attempts, Retry-After included. */
  retryMaxDelayMs?: number;
  /** For tests only; the global `fetch` by default. */
  fetch?: typeof fetch;
  /** Where retries are logged; a Nest `Logger` named `RetailCrmClient` by default. */
  logger?: RetailCrmLogger;
}

/** Defaults of {@link RetailCrmClientOptions}. */
export const RETAILCRM_CLIENT_DEFAULTS = {
  ratePerSecond: 10,
  timeoutMs: 15_000,
  maxAttempts: 5,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 5_000,
} as const;

/**
 * Typed client of the RetailCRM API v5 for one account (URL + API key).
 *
 * - GET parameters go as `filter[...]`; POST bodies as `application/x-www-form-urlencoded` with
 *   entities JSON-encoded (`order=`, `customer=`, `integrationModule=`, `customField=`), and
 *   `by=id` whenever an entity is addressed by its CRM id.
 * - Every HTTP request first takes a slot of the shared {@link RateBudget} under
 *   `retailcrm:<host>:<sha256(apiKey) prefix>`, so all processes together keep to the key's limit.
 * - Rate limiting (503, 429) is retried with exponential backoff and jitter; so are 5xx answers,
 *   network errors and timeouts of reads and of "set" edits (see each method). Creates are retried
 *   only after a rate-limit refusal.
 * - Failures are thrown as {@link RetailCrmError} subclasses that say whether a retry can help.
 * - RetailCRM's PHP-isms are smoothed: `customFields: []` becomes `{}`, dictionaries keyed by
 *   code and payments keyed by id become lists, `errors` as object or list becomes one list.
 */
export class RetailCrmClient {
  /** Customers: list, get, edit, create, upload, history. */
  readonly customers: CustomersApi;
  /** Orders: list, get, edit, create, statuses, history. */
  readonly orders: OrdersApi;
  /** Dictionaries: sites, statuses, status groups, order methods, product statuses. */
  readonly reference: ReferenceApi;
  /** Custom fields: list, get, create. */
  readonly customFields: CustomFieldsApi;
  /** Marketplace module registration: get, edit. */
  readonly integrationModules: IntegrationModulesApi;
  /** Catalogue: products, inventories, product groups. */
  readonly store: StoreApi;
  /** Host (and port) of the account. */
  readonly host: string;
  /** The key under which this client takes rate-budget slots; holds no secret. */
  readonly budgetKey: string;

  private readonly transport: RetailCrmTransport;

  constructor(options: RetailCrmClientOptions) {
    const base = parseAccountUrl(options.url);
    if (!options.apiKey) throw new TypeError('RetailCRM API key is empty');
    this.host = base.host;
    this.budgetKey = retailCrmBudgetKey(base.host, options.apiKey);
    const settings = { ...RETAILCRM_CLIENT_DEFAULTS, ...definedOnly(options) };
    this.transport = new RetailCrmTransport({
      baseUrl: `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
      host: base.host,
      apiKey: options.apiKey,
      budget: options.budget,
      budgetKey: this.budgetKey,
      ratePerSecond: settings.ratePerSecond,
      timeoutMs: settings.timeoutMs,
      maxAttempts: Math.max(1, settings.maxAttempts),
      retryBaseDelayMs: settings.retryBaseDelayMs,
      retryMaxDelayMs: settings.retryMaxDelayMs,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      logger: options.logger ?? new Logger(RetailCrmClient.name),
      redact: keyRedactor(options.apiKey),
    });
    this.customers = new CustomersApi(this.transport);
    this.orders = new OrdersApi(this.transport);
    this.reference = new ReferenceApi(this.transport);
    this.customFields = new CustomFieldsApi(this.transport);
    this.integrationModules = new IntegrationModulesApi(this.transport);
    this.store = new StoreApi(this.transport);
  }

  /**
   * The key's scopes and reachable shops (`GET /api/credentials`). The check of a newly typed
   * URL and key: an unknown account throws {@link RetailCrmNotAnAccountError}, a bad key
   * {@link RetailCrmAuthError}.
   */
  async credentials(): Promise<Credentials> {
    const response = await this.transport.send({ method: 'GET', path: '/api/credentials' });
    const { body } = response;
    return {
      ...body,
      scopes: stringList(body.scopes),
      credentials: stringList(body.credentials),
      sitesAvailable: stringList(body.sitesAvailable),
    };
  }

  /** Version and URLs of the account (`GET /api/system-info`). */
  async systemInfo(): Promise<SystemInfo> {
    const { body } = await this.transport.send({ method: 'GET', path: '/api/system-info' });
    const { success: _success, ...info } = body;
    return info;
  }

  /** The account's settings (`GET /api/v5/settings`): currency, language, time zone, work times. */
  async settings(): Promise<AccountSettings> {
    const response = await this.transport.send({ method: 'GET', path: '/api/v5/settings' });
    return response.object('settings') as AccountSettings;
  }
}

function parseAccountUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The text is not echoed: a pasted URL may carry a key.
    throw new TypeError('RetailCRM account URL is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError('RetailCRM account URL must be http(s)');
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new TypeError('RetailCRM account URL must have no query, fragment or credentials');
  }
  return parsed;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
