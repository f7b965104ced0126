import type { QueryReader } from '../api/crm-query';
import type { Paging } from '../store/paging';
import type { GroupFilter, InventoryFilter, ProductFilter } from './catalogue';

/** A boolean filter as the clients send it: `1`/`0` or `true`/`false`. */
function flag(filter: QueryReader, name: string): boolean | undefined {
  const value = filter.string(name);
  if (value === undefined) return undefined;
  return value === '1' || value === 'true';
}

/** Filters and paging of `GET /api/v5/store/products`. */
export function productListQuery(query: QueryReader): { filter: ProductFilter; paging: Paging } {
  const filter = query.filter();
  const result = {
    filter: {
      ids: filter.integers('ids'),
      offerIds: filter.integers('offerIds'),
      sites: filter.list('sites'),
      groups: filter.integers('groups'),
      active: flag(filter, 'active'),
      name: filter.string('name'),
      externalId: filter.string('externalId'),
      offerExternalId: filter.string('offerExternalId'),
      offerXmlId: filter.string('offerXmlId'),
      sinceUpdatedAt: filter.date('sinceUpdatedAt'),
      sinceId: filter.integer('sinceId'),
      minQuantity: filter.integer('minQuantity'),
      maxQuantity: filter.integer('maxQuantity'),
    },
    paging: query.paging(),
  };
  query.throwIfInvalid();
  return result;
}

/** Filters and paging of `GET /api/v5/store/inventories`. */
export function inventoryListQuery(query: QueryReader): { filter: InventoryFilter; paging: Paging } {
  const filter = query.filter();
  const result = {
    filter: {
      ids: filter.integers('ids'),
      sites: filter.list('sites'),
      details: flag(filter, 'details'),
      productActive: flag(filter, 'productActive'),
      offerActive: flag(filter, 'offerActive'),
      productExternalId: filter.string('productExternalId'),
      offerExternalId: filter.string('offerExternalId'),
      offerArticle: filter.string('offerArticle'),
    },
    paging: query.paging(),
  };
  query.throwIfInvalid();
  return result;
}

/** Filters and paging of `GET /api/v5/store/product-groups`. */
export function groupListQuery(query: QueryReader): { filter: GroupFilter; paging: Paging } {
  const filter = query.filter();
  const result = {
    filter: {
      ids: filter.integers('ids'),
      sites: filter.list('sites'),
      active: flag(filter, 'active'),
      name: filter.string('name'),
      parentGroupId: filter.integer('parentGroupId'),
    },
    paging: query.paging(),
  };
  query.throwIfInvalid();
  return result;
}
