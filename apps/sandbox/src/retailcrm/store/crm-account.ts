import {
  ALL_SCOPES,
  defaultCatalogue,
  defaultCustomFields,
  defaultReferences,
  SiteSpec,
} from './account-defaults';
import { formatCrmDateTime } from './crm-date';
import {
  CrmAccessDeniedError,
  CrmError,
  CrmInputError,
  CrmMissingParameterError,
  CrmNotFoundError,
  CrmValidationError,
} from './crm.errors';
import type { Actor, ApiKey, Customer, JsonObject, Offer, References } from './crm.types';
import { CustomFieldCatalog } from './custom-fields';
import { CustomerBook } from './customer-book';
import { customerRef, View } from './entity-views';
import { IntegrationModuleRegistry } from './integration-modules';
import { OrderBook } from './order-book';
import { Access } from './paging';
import { SlidingWindowLimiter } from '../../rate-limit/sliding-window-limiter';
import { SeedGenerator } from './seed-generator';

/** How a simulated account is made. */
export interface AccountOptions {
  code: string;
  apiKey: string;
  sites: SiteSpec[];
  /** Scopes of the first key; all scopes when left out. */
  scopes?: string[];
  /** Requests per second per key; 0 turns the limit off. */
  rateLimit: number;
}

/** What a seed run made. */
export interface SeedResult {
  customers: { created: number; firstId?: number; lastId?: number };
  orders: { created: number; firstId?: number; lastId?: number };
}

const UPLOAD_LIMIT = 50;
// The deprecated `credentials` list of `/api/credentials`: the methods each scope opens.
const METHODS_BY_SCOPE: Record<string, string[]> = {
  customer_read: ['/api/customers', '/api/customers/{externalId}', '/api/customers/history'],
  customer_write: ['/api/customers/create', '/api/customers/{externalId}/edit', '/api/customers/upload'],
  order_read: ['/api/orders', '/api/orders/{externalId}', '/api/orders/history', '/api/orders/statuses'],
  order_write: ['/api/orders/create', '/api/orders/{externalId}/edit'],
  reference_read: ['/api/reference/sites', '/api/reference/statuses', '/api/reference/order-methods'],
  custom_fields_read: ['/api/custom-fields', '/api/custom-fields/{entity}/{code}'],
  custom_fields_write: ['/api/custom-fields/{entity}/create'],
  integration_read: ['/api/integration-modules/{code}'],
  integration_write: ['/api/integration-modules/{code}/edit'],
};

/**
 * One simulated RetailCRM account: its keys, dictionaries, catalogue, customers, orders, their
 * history and the integration modules registered in it.
 */
export class CrmAccount {
  readonly timeZone = 'Europe/Moscow';
  readonly references: References;
  readonly customers: CustomerBook;
  readonly orders: OrderBook;
  readonly customFields = new CustomFieldCatalog(defaultCustomFields());
  readonly integrationModules = new IntegrationModuleRegistry();
  private limiter: SlidingWindowLimiter;
  private readonly keys = new Map<string, ApiKey>();
  private readonly offers = new Map<number, Offer>();
  private lastAddressId = 0;
  private seedRuns = 0;

  constructor(
    readonly code: string,
    options: Omit<AccountOptions, 'code'>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.references = defaultReferences(options.sites);
    this.limiter = new SlidingWindowLimiter(options.rateLimit);
    this.addKey({ key: options.apiKey, scopes: options.scopes ?? [...ALL_SCOPES] });
    for (const offer of defaultCatalogue()) this.offers.set(offer.id, offer);
    const nextAddressId = () => ++this.lastAddressId;
    this.customers = new CustomerBook({
      now: () => this.now(),
      customFields: () => this.customFields.of('customer'),
      reachableSites: (access) => this.reachableSites(access),
      nextAddressId,
    });
    this.orders = new OrderBook(this.customers, {
      now: () => this.now(),
      references: () => this.references,
      customFields: () => this.customFields.of('order'),
      reachableSites: (access) => this.reachableSites(access),
      offer: (ref) => this.offer(ref),
      nextAddressId,
    });
  }

  /** Counts a request of `key` against the rate limit; false when it is over. */
  admit(key: string): boolean {
    return this.limiter.tryTake(key);
  }

  get rateLimit(): number {
    return this.limiter.limit;
  }

  set rateLimit(perSecond: number) {
    this.limiter = new SlidingWindowLimiter(perSecond);
  }

  /** The current time as this account writes it. */
  now(): string {
    return formatCrmDateTime(this.clock(), this.timeZone);
  }

  addKey(key: ApiKey): ApiKey {
    const sites = key.sites?.filter((site) => site in this.references.sites);
    const stored = { ...key, ...(sites ? { sites } : {}) };
    this.keys.set(key.key, stored);
    return stored;
  }

  key(value: string): ApiKey | undefined {
    return this.keys.get(value);
  }

  apiKeys(): ApiKey[] {
    return [...this.keys.values()];
  }

  accessOf(key: ApiKey): Access {
    return key.sites ? { sites: key.sites } : {};
  }

  reachableSites(access: Access): string[] {
    return access.sites ?? Object.keys(this.references.sites);
  }

  /** The shop a create call writes to: `site` if given, else the key's only shop. */
  resolveSite(requested: string | undefined, access: Access): string {
    const reachable = this.reachableSites(access);
    if (requested) {
      if (!(requested in this.references.sites))
        throw new CrmInputError({ site: 'This value is not valid.' });
      if (!reachable.includes(requested)) throw new CrmAccessDeniedError();
      return requested;
    }
    if (reachable.length === 1) return reachable[0];
    throw new CrmMissingParameterError('site');
  }

  /** `GET /api/credentials` for `key`. */
  credentials(key: ApiKey): View {
    return {
      scopes: key.scopes,
      credentials: key.scopes.flatMap((scope) => METHODS_BY_SCOPE[scope] ?? []),
      siteAccess: key.sites ? 'access_selective' : 'access_full',
      sitesAvailable: this.reachableSites(this.accessOf(key)),
    };
  }

  /** A catalogue offer by id, externalId or xmlId; an unknown external offer joins the catalogue. */
  offer(ref: { id?: number; externalId?: string; xmlId?: string; name?: string }): Offer | undefined {
    if (ref.id !== undefined) return this.offers.get(ref.id);
    for (const offer of this.offers.values()) {
      if (
        (ref.externalId && offer.externalId === ref.externalId) ||
        (ref.xmlId && offer.xmlId === ref.xmlId)
      ) {
        return offer;
      }
    }
    if (!ref.externalId && !ref.xmlId) return undefined;
    const id = Math.max(...this.offers.keys()) + 1;
    const name = ref.name ?? `Товар ${ref.externalId ?? ref.xmlId}`;
    const offer: Offer = {
      displayName: name,
      id,
      externalId: ref.externalId,
      xmlId: ref.xmlId ?? ref.externalId,
      name,
      vatRate: 'none',
      unit: { code: '796', name: 'Штука', sym: 'шт' },
      price: 0,
      purchasePrice: 0,
    };
    this.offers.set(id, offer);
    return offer;
  }

  catalogue(): Offer[] {
    return [...this.offers.values()];
  }

  /** Deletes a customer, which must have no orders. */
  deleteCustomer(actor: Actor, id: number): Customer {
    return this.customers.delete(actor, id, this.orders.countOf(id));
  }

  /**
   * Merges customers into `resultId`: their orders move to it, what it lacks is filled from them,
   * and each merged customer is deleted with `combinedTo` naming the result.
   */
  mergeCustomers(actor: Actor, resultId: number, mergedIds: number[]): Customer {
    const result = this.customers.get(resultId);
    const merged = mergedIds.filter((id) => id !== resultId).map((id) => this.customers.get(id));
    if (!result || merged.some((customer) => !customer)) throw new CrmNotFoundError();
    for (const customer of merged as Customer[]) {
      for (const order of this.orders.ordersOf(customer.id)) this.orders.relink(actor, order, resultId);
      const target = this.customers.get(resultId) as Customer;
      this.customers.absorb(actor, target, customer);
      const current = this.customers.get(resultId) as Customer;
      this.customers.delete(actor, customer.id, 0, { combinedTo: customerRef(current) });
    }
    return this.customers.get(resultId) as Customer;
  }

  /**
   * `POST /api/v5/customers/upload`: creates each customer it can; when some fail the API answers
   * HTTP 460 with both lists.
   */
  uploadCustomers(actor: Actor, inputs: JsonObject[], site: string) {
    if (inputs.length > UPLOAD_LIMIT) {
      throw new CrmInputError({
        customers: `This collection should contain ${UPLOAD_LIMIT} elements or less.`,
      });
    }
    const uploaded: JsonObject[] = [];
    const failed: JsonObject[] = [];
    const errors: Record<string, string> = {};
    inputs.forEach((input, index) => {
      try {
        const customer = this.customers.create(actor, input, site);
        uploaded.push({
          id: customer.id,
          ...(customer.externalId ? { externalId: customer.externalId } : {}),
        });
      } catch (error) {
        if (!(error instanceof CrmError)) throw error;
        failed.push(typeof input.externalId === 'string' ? { externalId: input.externalId } : {});
        const fields = (error.body.errors ?? { customer: error.body.errorMsg }) as Record<string, string>;
        for (const [field, message] of Object.entries(fields))
          errors[`customers[${index}].${field}`] = message;
      }
    });
    return { uploaded, failed, errors };
  }

  /**
   * Adds generated customers and orders the way managers would have typed them in (history
   * `source: user`), spread over `sites` (all shops by default).
   */
  seed(options: { customers: number; orders: number; sites?: string[]; seed?: number }): SeedResult {
    const sites = options.sites?.length ? options.sites : Object.keys(this.references.sites);
    for (const site of sites) {
      if (!(site in this.references.sites)) throw new CrmValidationError({ sites: `Unknown site ${site}.` });
    }
    this.seedRuns += 1;
    const generator = new SeedGenerator(options.seed ?? this.seedRuns * 7_919, this.clock());
    const actor: Actor = { source: 'user', userId: 1 };
    const run = this.seedRuns;
    // Most customers and orders came from the shop's site and carry its id; some were typed in.
    const externalId = (prefix: string, index: number) =>
      generator.int(10) < 8 ? `${prefix}-${run}-${index}` : undefined;
    const created: Customer[] = [];
    for (let index = 0; index < options.customers; index++) {
      const site = sites[index % sites.length];
      const id = externalId('c', index);
      created.push(
        this.customers.insert(actor, (next, addressId) => generator.customer(next, id, site, addressId)),
      );
    }
    const buyers = created.length > 0 ? created : this.customers.all().filter((c) => sites.includes(c.site));
    const offers = this.catalogue().filter((offer) => offer.price > 0);
    const orders: number[] = [];
    const touched = new Set<number>();
    for (let index = 0; index < options.orders && buyers.length > 0; index++) {
      const buyer = this.customers.get(generator.pick(buyers).id) as Customer;
      const id = externalId('o', index);
      orders.push(this.orders.insert(actor, (ids) => generator.order(ids, id, buyer, offers), false).id);
      touched.add(buyer.id);
    }
    // Customer figures once per customer, not once per order.
    this.orders.refreshCustomers(touched);
    return {
      customers: { created: created.length, firstId: created[0]?.id, lastId: created.at(-1)?.id },
      orders: { created: orders.length, firstId: orders[0], lastId: orders.at(-1) },
    };
  }
}
