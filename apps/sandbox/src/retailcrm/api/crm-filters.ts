import type { CustomerFilter } from '../store/customer-book';
import type { HistoryQuery } from '../store/history-log';
import type { OrderFilter } from '../store/order-book';
import type { Access, EntityRef, Paging } from '../store/paging';
import type { QueryReader } from './crm-query';

/** Filters and paging of `GET /api/v5/customers`. */
export function customerListQuery(query: QueryReader): { filter: CustomerFilter; paging: Paging } {
  const filter = query.filter();
  const result = {
    filter: {
      ids: filter.integers('ids'),
      externalIds: filter.list('externalIds'),
      sites: filter.list('sites'),
      minOrdersCount: filter.integer('minOrdersCount'),
      maxOrdersCount: filter.integer('maxOrdersCount'),
      email: filter.string('email'),
      name: filter.string('name'),
      dateFrom: filter.date('dateFrom'),
      dateTo: filter.date('dateTo', true),
    },
    paging: query.paging(),
  };
  query.throwIfInvalid();
  return result;
}

/** Filters and paging of `GET /api/v5/orders`. */
export function orderListQuery(query: QueryReader): { filter: OrderFilter; paging: Paging } {
  const filter = query.filter();
  const result = {
    filter: {
      ids: filter.integers('ids'),
      externalIds: filter.list('externalIds'),
      numbers: filter.list('numbers'),
      sites: filter.list('sites'),
      customerId: filter.integer('customerId'),
      customerExternalId: filter.string('customerExternalId'),
      extendedStatus: filter.list('extendedStatus'),
      orderMethods: filter.list('orderMethods'),
      orderTypes: filter.list('orderTypes'),
      email: filter.string('email'),
      createdAtFrom: filter.date('createdAtFrom'),
      createdAtTo: filter.date('createdAtTo', true),
    },
    paging: query.paging(),
  };
  query.throwIfInvalid();
  return result;
}

/**
 * Filters and paging of `GET /api/v5/{customers|orders}/history`; `entity` names the id filters
 * (`customerId`/`customerExternalId` or `orderId`/`orderExternalId`).
 */
export function historyQuery(query: QueryReader, entity: 'customer' | 'order', access: Access): HistoryQuery {
  const filter = query.filter();
  const result: HistoryQuery = {
    sinceId: filter.integer('sinceId'),
    startDate: filter.date('startDate'),
    endDate: filter.date('endDate', true),
    entityId: filter.integer(`${entity}Id`),
    entityExternalId: filter.string(`${entity}ExternalId`),
    sites: access.sites,
    ...query.paging(),
  };
  query.throwIfInvalid();
  return result;
}

/** How a get call names its entity: path value, `by` (default externalId) and `site`. */
export function entityRef(value: string, by: unknown, site: unknown): EntityRef {
  return {
    by: by === 'id' ? 'id' : 'externalId',
    value,
    ...(typeof site === 'string' && site !== '' ? { site } : {}),
  };
}

/** `GET /api/v5/custom-fields` filters and paging. */
export function customFieldListQuery(query: QueryReader) {
  const filter = query.filter();
  const result = {
    filter: {
      entity: filter.string('entity'),
      code: filter.string('code'),
      name: filter.string('name'),
      types: filter.list('type'),
    },
    paging: query.paging(),
  };
  query.throwIfInvalid();
  return result;
}
