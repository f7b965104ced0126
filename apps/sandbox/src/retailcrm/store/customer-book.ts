import { CrmMissingParameterError, CrmNotFoundError, CrmValidationError } from './crm.errors';
import type { Actor, CustomField, Customer, JsonObject, Order } from './crm.types';
import { applyCustomerInput, blankCustomer } from './customer-input';
import { customerRef, customerView, View } from './entity-views';
import { customerChanges } from './history-diff';
import { HistoryLog } from './history-log';
import { Access, EntityRef, Paging, pageOf, reaches } from './paging';

/** Filters of `GET /api/v5/customers` the module uses. */
export interface CustomerFilter {
  ids?: number[];
  externalIds?: string[];
  sites?: string[];
  minOrdersCount?: number;
  maxOrdersCount?: number;
  email?: string;
  name?: string;
  dateFrom?: string;
  dateTo?: string;
}

/** What the customer book needs from its account. */
export interface CustomerBookContext {
  now: () => string;
  /** The account's custom fields of customers. */
  customFields: () => CustomField[];
  reachableSites: (access: Access) => string[];
  nextAddressId: () => number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The customers of one account, their indexes and their history. */
export class CustomerBook {
  readonly history = new HistoryLog('customer');
  private readonly byId = new Map<number, Customer>();
  private readonly byExternalId = new Map<string, number>();
  private lastId = 0;

  constructor(private readonly context: CustomerBookContext) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: number): Customer | undefined {
    return this.byId.get(id);
  }

  all(): Customer[] {
    return [...this.byId.values()];
  }

  /** The customer a get or edit call names, if the caller reaches its shop. */
  find(ref: EntityRef, access: Access): Customer {
    const customer =
      ref.by === 'id'
        ? this.byId.get(Number(ref.value))
        : this.byId.get(this.byExternalId.get(externalKey(this.siteOf(ref, access), ref.value)) ?? 0);
    if (!customer || !reaches(access, customer.site)) throw new CrmNotFoundError();
    return customer;
  }

  /** Finds by the `{id}` or `{externalId}` an order names its customer with. */
  findLinked(ref: JsonObject, site: string): Customer | undefined {
    if (typeof ref.id === 'number' || typeof ref.id === 'string') return this.byId.get(Number(ref.id));
    if (typeof ref.externalId === 'string') {
      return this.byId.get(this.byExternalId.get(externalKey(site, ref.externalId)) ?? 0);
    }
    return undefined;
  }

  list(filter: CustomerFilter, paging: Paging, access: Access) {
    const source = filter.ids
      ? filter.ids.map((id) => this.byId.get(id)).filter((customer): customer is Customer => !!customer)
      : [...this.byId.values()];
    const name = filter.name?.toLowerCase();
    const matching = source.filter(
      (customer) =>
        reaches(access, customer.site) &&
        (!filter.sites || filter.sites.includes(customer.site)) &&
        (!filter.externalIds || filter.externalIds.includes(customer.externalId ?? '')) &&
        (filter.minOrdersCount === undefined || customer.ordersCount >= filter.minOrdersCount) &&
        (filter.maxOrdersCount === undefined || customer.ordersCount <= filter.maxOrdersCount) &&
        (!filter.email || customer.email === filter.email) &&
        (!filter.dateFrom || customer.createdAt >= filter.dateFrom) &&
        (!filter.dateTo || customer.createdAt <= filter.dateTo) &&
        (!name || searchText(customer).includes(name)),
    );
    const page = pageOf(matching, paging);
    return { customers: page.items.map(customerView), pagination: page.pagination };
  }

  create(actor: Actor, input: JsonObject, site: string): Customer {
    const now = this.context.now();
    const customer = applyCustomerInput(
      blankCustomer(this.lastId + 1, site, now),
      input,
      this.inputContext(now),
    );
    this.checkExternalId(customer);
    this.lastId = customer.id;
    this.save(customer);
    this.history.created(actor, now, customer, () => customerView(customer), 'id', customer.id);
    return customer;
  }

  /**
   * Adds a customer built whole (bulk seeding skips reading JSON), writing the same history
   * record as a create.
   */
  insert(actor: Actor, build: (id: number, nextAddressId: () => number) => Customer): Customer {
    const customer = build(this.lastId + 1, this.context.nextAddressId);
    this.checkExternalId(customer);
    this.lastId = customer.id;
    this.save(customer);
    this.history.created(
      actor,
      this.context.now(),
      customer,
      () => customerView(customer),
      'id',
      customer.id,
    );
    return customer;
  }

  edit(actor: Actor, ref: EntityRef, input: JsonObject, access: Access): Customer {
    const before = this.find(ref, access);
    const now = this.context.now();
    const after = applyCustomerInput(before, input, this.inputContext(now));
    if (after.externalId !== before.externalId) this.checkExternalId(after);
    return this.replace(actor, before, after, now);
  }

  /** Deletes a customer that has no orders left (the CRM refuses to delete one with orders). */
  delete(actor: Actor, id: number, orderCount: number, extra?: JsonObject): Customer {
    const customer = this.byId.get(id);
    if (!customer) throw new CrmNotFoundError();
    if (orderCount > 0) {
      throw new CrmValidationError({ id: 'The customer has orders and cannot be deleted.' });
    }
    this.byId.delete(id);
    if (customer.externalId !== undefined)
      this.byExternalId.delete(externalKey(customer.site, customer.externalId));
    this.history.deleted(actor, this.context.now(), customer, () => customerView(customer), extra);
    return customer;
  }

  /**
   * Fills what `target` lacks from `merged` (names, email, phones), as a merge in the CRM
   * does, writing the usual change records on `target`.
   */
  absorb(actor: Actor, target: Customer, merged: Customer): Customer {
    const phones = [...target.phones];
    for (const phone of merged.phones) {
      if (!phones.some((known) => known.number === phone.number)) phones.push(phone);
    }
    const after: Customer = { ...target, phones };
    for (const key of ['firstName', 'lastName', 'patronymic', 'email', 'birthday', 'sex'] as const) {
      if (after[key] === undefined && merged[key] !== undefined) after[key] = merged[key];
    }
    return this.replace(actor, target, after, this.context.now());
  }

  /** Recomputes the order sums the CRM keeps on the customer; these changes write no history. */
  refreshStats(id: number, orders: Order[], cancelled: (status: string) => boolean): void {
    const customer = this.byId.get(id);
    if (!customer) return;
    const counted = orders.filter((order) => !cancelled(order.status));
    const totalSumm = round2(counted.reduce((sum, order) => sum + order.totalSumm, 0));
    const costSumm = round2(counted.reduce((sum, order) => sum + order.purchaseSumm, 0));
    const stats = {
      ordersCount: orders.length,
      totalSumm,
      averageSumm: counted.length ? round2(totalSumm / counted.length) : 0,
      marginSumm: round2(totalSumm - costSumm),
      costSumm,
    };
    if ((Object.keys(stats) as (keyof typeof stats)[]).every((key) => customer[key] === stats[key])) return;
    this.byId.set(id, { ...customer, ...stats });
  }

  view(id: number): View | undefined {
    const customer = this.byId.get(id);
    return customer && customerView(customer);
  }

  private replace(actor: Actor, before: Customer, after: Customer, now: string): Customer {
    const changes = customerChanges(before, after);
    if (changes.length === 0) return before;
    if (before.externalId !== undefined)
      this.byExternalId.delete(externalKey(before.site, before.externalId));
    this.save(after);
    this.history.changed(actor, now, after, customerRef(after), changes);
    return after;
  }

  private save(customer: Customer): void {
    this.byId.set(customer.id, customer);
    if (customer.externalId !== undefined) {
      this.byExternalId.set(externalKey(customer.site, customer.externalId), customer.id);
    }
  }

  private checkExternalId(customer: Customer): void {
    if (customer.externalId === undefined) return;
    const owner = this.byExternalId.get(externalKey(customer.site, customer.externalId));
    if (owner !== undefined && owner !== customer.id) {
      throw new CrmValidationError({ externalId: 'A customer with this externalId already exists.' });
    }
  }

  private siteOf(ref: EntityRef, access: Access): string {
    if (ref.site) return ref.site;
    const sites = this.context.reachableSites(access);
    if (sites.length === 1) return sites[0];
    throw new CrmMissingParameterError('site');
  }

  private inputContext(now: string) {
    return {
      now,
      customFields: this.context.customFields(),
      nextAddressId: this.context.nextAddressId,
    };
  }
}

/** Index key of an externalId: unique per shop. */
export function externalKey(site: string, externalId: string): string {
  return `${site}\u0000${externalId}`;
}

function searchText(customer: Customer): string {
  return [
    customer.firstName,
    customer.lastName,
    customer.patronymic,
    customer.email,
    ...customer.phones.map((p) => p.number),
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
