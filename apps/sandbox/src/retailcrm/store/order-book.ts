import { CrmMissingParameterError, CrmNotFoundError, CrmValidationError } from './crm.errors';
import type { Actor, CustomField, JsonObject, Order, References } from './crm.types';
import { CustomerBook, externalKey } from './customer-book';
import { orderRef, orderView, View } from './entity-views';
import { orderChanges } from './history-diff';
import { HistoryLog } from './history-log';
import { isObject } from './input-reader';
import { applyOrderInput, blankOrder, OrderInputContext, PaymentDraft, withPayments } from './order-input';
import { Access, EntityRef, Paging, pageOf, reaches } from './paging';

/** Filters of `GET /api/v5/orders` the module uses. */
export interface OrderFilter {
  ids?: number[];
  externalIds?: string[];
  numbers?: string[];
  sites?: string[];
  customerId?: number;
  customerExternalId?: string;
  /** Status codes or status group codes. */
  extendedStatus?: string[];
  orderMethods?: string[];
  orderTypes?: string[];
  email?: string;
  createdAtFrom?: string;
  createdAtTo?: string;
}

/** Id sources handed to a bulk-built order. */
export interface OrderIds {
  order: number;
  item: () => number;
  payment: () => number;
  address: () => number;
}

/** What the order book needs from its account. */
export interface OrderBookContext {
  now: () => string;
  references: () => References;
  /** The account's custom fields of orders. */
  customFields: () => CustomField[];
  reachableSites: (access: Access) => string[];
  offer: OrderInputContext['offer'];
  nextAddressId: () => number;
}

/** The orders of one account, their history, and the customer links they keep up to date. */
export class OrderBook {
  readonly history = new HistoryLog('order');
  private readonly byId = new Map<number, Order>();
  private readonly byExternalId = new Map<string, number>();
  private readonly byCustomer = new Map<number, Set<number>>();
  private lastId = 0;
  private lastItemId = 0;
  private lastPaymentId = 0;

  constructor(
    private readonly customers: CustomerBook,
    private readonly context: OrderBookContext,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: number): Order | undefined {
    return this.byId.get(id);
  }

  countOf(customerId: number): number {
    return this.byCustomer.get(customerId)?.size ?? 0;
  }

  find(ref: EntityRef, access: Access): Order {
    const order =
      ref.by === 'id'
        ? this.byId.get(Number(ref.value))
        : this.byId.get(this.byExternalId.get(externalKey(this.siteOf(ref, access), ref.value)) ?? 0);
    if (!order || !reaches(access, order.site)) throw new CrmNotFoundError();
    return order;
  }

  view(order: Order, kind: 'read' | 'create' = 'read'): View {
    return orderView(order, this.customers.get(order.customerId), kind);
  }

  list(filter: OrderFilter, paging: Paging, access: Access) {
    const source = filter.ids
      ? filter.ids.map((id) => this.byId.get(id)).filter((order): order is Order => !!order)
      : [...this.byId.values()];
    const groups = this.context.references().statuses;
    const matching = source.filter(
      (order) =>
        reaches(access, order.site) &&
        (!filter.sites || filter.sites.includes(order.site)) &&
        (!filter.externalIds || filter.externalIds.includes(order.externalId ?? '')) &&
        (!filter.numbers || filter.numbers.includes(order.number)) &&
        (filter.customerId === undefined || order.customerId === filter.customerId) &&
        (filter.customerExternalId === undefined ||
          this.customers.get(order.customerId)?.externalId === filter.customerExternalId) &&
        (!filter.extendedStatus ||
          filter.extendedStatus.includes(order.status) ||
          filter.extendedStatus.includes(groups[order.status]?.group ?? '')) &&
        (!filter.orderMethods || filter.orderMethods.includes(order.orderMethod)) &&
        (!filter.orderTypes || filter.orderTypes.includes(order.orderType)) &&
        (!filter.email || order.email === filter.email) &&
        (!filter.createdAtFrom || order.createdAt >= filter.createdAtFrom) &&
        (!filter.createdAtTo || order.createdAt <= filter.createdAtTo),
    );
    const page = pageOf(matching, paging);
    return { orders: page.items.map((order) => this.view(order)), pagination: page.pagination };
  }

  /** `GET /api/v5/orders/statuses`: the status and its group of each order asked for. */
  statuses(ids: number[], externalIds: string[], access: Access) {
    const statuses = this.context.references().statuses;
    return [...this.byId.values()]
      .filter(
        (order) =>
          reaches(access, order.site) &&
          (ids.includes(order.id) ||
            (order.externalId !== undefined && externalIds.includes(order.externalId))),
      )
      .map((order) => ({
        id: order.id,
        ...(order.externalId !== undefined ? { externalId: order.externalId } : {}),
        status: order.status,
        group: statuses[order.status]?.group ?? '',
      }));
  }

  /**
   * Creates an order; without a `customer` link the CRM makes a new customer from the order's
   * contact data, and so does this.
   */
  create(actor: Actor, input: JsonObject, site: string): Order {
    const now = this.context.now();
    const currency = String(this.context.references().sites[site]?.currency ?? 'RUB');
    const draft = applyOrderInput(
      blankOrder(this.lastId + 1, site, now, currency),
      input,
      this.inputContext(now, true),
    );
    this.checkExternalId(draft);
    const link = isObject(input.customer) ? input.customer : undefined;
    let customer = link ? this.customers.findLinked(link, site) : undefined;
    if (link && !customer) throw new CrmValidationError({ customer: 'Customer not found.' });
    customer ??= this.customers.create(actor, contactOf(draft), site);
    const order: Order = {
      ...draft,
      customerId: customer.id,
      fromApi: actor.source === 'api',
      firstName: draft.firstName ?? customer.firstName,
      lastName: draft.lastName ?? customer.lastName,
      patronymic: draft.patronymic ?? customer.patronymic,
      email: draft.email ?? customer.email,
      phone: draft.phone ?? customer.phones[0]?.number,
    };
    this.lastId = order.id;
    this.save(order);
    this.refreshCustomer(order.customerId);
    this.history.created(actor, now, order, this.snapshot(order), 'status', { code: order.status });
    return order;
  }

  /**
   * Adds an order built whole (bulk seeding skips reading JSON): ids are handed to `build`, the
   * sums computed, the customer's figures updated and the same history record written as a create.
   */
  insert(
    actor: Actor,
    build: (ids: OrderIds) => { order: Order; payments: PaymentDraft[] },
    refreshCustomer = true,
  ): Order {
    const now = this.context.now();
    const draft = build({
      order: this.lastId + 1,
      item: () => ++this.lastItemId,
      payment: () => ++this.lastPaymentId,
      address: this.context.nextAddressId,
    });
    const order = withPayments(draft.order, draft.payments, now);
    this.checkExternalId(order);
    this.lastId = order.id;
    this.save(order);
    if (refreshCustomer) this.refreshCustomer(order.customerId);
    this.history.created(actor, now, order, this.snapshot(order), 'status', { code: order.status });
    return order;
  }

  /** Recomputes the order figures of customers (after bulk inserts that skipped it). */
  refreshCustomers(ids: Iterable<number>): void {
    for (const id of ids) this.refreshCustomer(id);
  }

  edit(actor: Actor, ref: EntityRef, input: JsonObject, access: Access): Order {
    const before = this.find(ref, access);
    const now = this.context.now();
    const after = applyOrderInput(before, input, this.inputContext(now, false));
    if (after.externalId !== before.externalId) this.checkExternalId(after);
    if (isObject(input.customer)) {
      const customer = this.customers.findLinked(input.customer, after.site);
      if (!customer) throw new CrmValidationError({ customer: 'Customer not found.' });
      after.customerId = customer.id;
    }
    return this.replace(actor, before, after, now);
  }

  /** Moves an order to another customer (a customer merge does this). */
  relink(actor: Actor, order: Order, customerId: number): Order {
    return this.replace(actor, order, { ...order, customerId }, this.context.now());
  }

  ordersOf(customerId: number): Order[] {
    return [...(this.byCustomer.get(customerId) ?? [])].map((id) => this.byId.get(id) as Order);
  }

  delete(actor: Actor, id: number): Order {
    const order = this.byId.get(id);
    if (!order) throw new CrmNotFoundError();
    this.byId.delete(id);
    if (order.externalId !== undefined) this.byExternalId.delete(externalKey(order.site, order.externalId));
    this.byCustomer.get(order.customerId)?.delete(id);
    this.refreshCustomer(order.customerId);
    this.history.deleted(actor, this.context.now(), order, this.snapshot(order));
    return order;
  }

  private replace(actor: Actor, before: Order, after: Order, now: string): Order {
    const changes = orderChanges(before, after, (id) => {
      const customer = this.customers.get(id);
      return customer ? { id: customer.id, site: customer.site } : null;
    });
    if (changes.length === 0) return before;
    if (before.externalId !== undefined)
      this.byExternalId.delete(externalKey(before.site, before.externalId));
    if (before.customerId !== after.customerId) this.byCustomer.get(before.customerId)?.delete(before.id);
    this.save(after);
    this.refreshCustomer(after.customerId);
    if (before.customerId !== after.customerId) this.refreshCustomer(before.customerId);
    this.history.changed(actor, now, after, orderRef(after), changes);
    return after;
  }

  private save(order: Order): void {
    this.byId.set(order.id, order);
    if (order.externalId !== undefined)
      this.byExternalId.set(externalKey(order.site, order.externalId), order.id);
    let owned = this.byCustomer.get(order.customerId);
    if (!owned) this.byCustomer.set(order.customerId, (owned = new Set()));
    owned.add(order.id);
  }

  private refreshCustomer(customerId: number): void {
    const statuses = this.context.references().statuses;
    this.customers.refreshStats(
      customerId,
      this.ordersOf(customerId),
      (status) => statuses[status]?.group === 'cancel',
    );
  }

  /** The order as a history record shows it, with its customer as they are now, rendered when read. */
  private snapshot(order: Order): () => View {
    const customer = this.customers.get(order.customerId);
    return () => orderView(order, customer, 'history');
  }

  private checkExternalId(order: Order): void {
    if (order.externalId === undefined) return;
    const owner = this.byExternalId.get(externalKey(order.site, order.externalId));
    if (owner !== undefined && owner !== order.id) {
      throw new CrmValidationError({ externalId: 'An order with this externalId already exists.' });
    }
  }

  private siteOf(ref: EntityRef, access: Access): string {
    if (ref.site) return ref.site;
    const sites = this.context.reachableSites(access);
    if (sites.length === 1) return sites[0];
    throw new CrmMissingParameterError('site');
  }

  private inputContext(now: string, creating: boolean): OrderInputContext {
    return {
      references: this.context.references(),
      customFields: this.context.customFields(),
      now,
      creating,
      nextItemId: () => ++this.lastItemId,
      nextPaymentId: () => ++this.lastPaymentId,
      nextAddressId: this.context.nextAddressId,
      offer: this.context.offer,
    };
  }
}

/** The customer JSON the CRM makes from an order placed without a customer. */
function contactOf(order: Order): JsonObject {
  const contact: JsonObject = {};
  if (order.firstName) contact.firstName = order.firstName;
  if (order.lastName) contact.lastName = order.lastName;
  if (order.patronymic) contact.patronymic = order.patronymic;
  if (order.email) contact.email = order.email;
  if (order.phone) contact.phones = [{ number: order.phone }];
  return contact;
}
